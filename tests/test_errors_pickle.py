"""Every error the SDK raises survives pickle, copy.copy and copy.deepcopy whole: its class, message, status,
body, headers and every other attribute (for multiprocessing, concurrent.futures' process pools, task queues
and loggers that copy records)."""

from __future__ import annotations

import asyncio
import copy
import importlib
import pickle
import pkgutil
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web
from hostile import serve

import metronome_async
from metronome_async import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncMetronome,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MetronomeError,
    NotFoundError,
    RateLimitError,
)
from metronome_async._core.serde import ResponseShapeError
from metronome_async._core.validate import NotANumberError
from metronome_async.cli._common import CommandError, Exit
from metronome_async.cli._items import RowError
from metronome_async.errors import (
    APIError,
    PermissionDeniedError,
    SourceError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from metronome_async.models import CustomerPlan
from metronome_async.resources.usage import IngestReport
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.churn import ActivePlanError, OpenInvoicesError
from metronome_async.workflows.journal import JournalError
from metronome_async.workflows.provision import (
    IngestAliasConflictError,
    ProvisionError,
    ProvisionSpec,
    ProvisionState,
)
from metronome_async.workflows.reconcile import ArchiveShareError
from metronome_async.workflows.reconcile_apply import StalePlanError

UNKNOWN = "00000000-0000-4000-8000-000000000000"

COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda error: pickle.loads(pickle.dumps(error)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


def assert_whole(error: BaseException) -> None:
    """Each way of copying ``error`` gives one of the same class, message and attributes."""
    for how, copied in COPIES.items():
        other = copied(error)
        assert type(other) is type(error), how
        assert (str(other), other.args) == (str(error), error.args), how
        assert _plain(vars(other)) == _plain(vars(error)), how
        headers = getattr(error, "headers", None)
        if headers:  # a response's headers stay case-insensitive
            assert other.headers.get("CONTENT-TYPE") == headers.get("content-type"), how


def _plain(value: Any) -> Any:
    """``value`` comparable by content: an exception (which compares by identity) as its class and parts."""
    if isinstance(value, BaseException):
        return type(value), value.args, _plain(vars(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


async def _raised(call: Any) -> MetronomeError:
    with pytest.raises(MetronomeError) as caught:
        await call
    return caught.value


@pytest.mark.usefixtures("metronome_instant_retries")
async def test_the_errors_of_real_answers_survive_pickle_and_copy() -> None:
    async with (
        FakeMetronome() as fake,
        AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=0) as client,
    ):  # not the checked fixture: a request the spec refuses is sent on purpose, for a 400
        await client.customers.create(name="Taken", ingest_aliases=["taken"])
        errors = [
            await _raised(client.customers.retrieve(UNKNOWN)),
            await _raised(client.request("POST", "/v1/customers", body={"ingest_aliases": ["x"]})),
            await _raised(client.customers.create(name="Again", ingest_aliases=["taken"])),
        ]
        fake.configure(error_rate=1.0)
        errors.append(await _raised(client.customers.retrieve(UNKNOWN)))
        fake.configure(error_rate=None, rate_limit=0.5)
        errors += [await _raised(client.customers.retrieve(UNKNOWN)) for _ in range(3)]
        fake.configure(rate_limit=None, disconnect_rate=1.0)
        errors.append(await _raised(client.customers.create(name="Dropped")))
        fake.configure(disconnect_rate=None)
        async with AsyncMetronome(api_key="sk_wrong", base_url=fake.url) as wrong:
            errors.append(await _raised(wrong.customers.retrieve(UNKNOWN)))
    kinds = {type(error) for error in errors}
    assert {NotFoundError, BadRequestError, ConflictError, InternalServerError, RateLimitError} <= kinds
    assert {APIConnectionError, AuthenticationError} <= kinds
    for error in errors:
        assert_whole(error)
    not_found = pickle.loads(pickle.dumps(errors[0]))
    assert (not_found.status_code, not_found.message) == (404, errors[0].message)
    assert not_found.body == errors[0].body and not_found.body


async def test_a_response_validation_error_and_a_timeout_survive_pickle_and_copy() -> None:
    async def wrong_shape(request: web.Request) -> web.Response:
        if request.path.endswith("slow"):
            await asyncio.sleep(5)
        return web.json_response({"data": {"id": 5, "name": "Five"}}, headers={"X-Request-Id": "r1"})

    async with (
        serve(wrong_shape) as url,
        AsyncMetronome(api_key="k", base_url=url, max_retries=0, timeout=0.3) as client,
    ):
        invalid = await _raised(client.customers.retrieve("c1"))
        timed_out = await _raised(client.customers.retrieve("slow"))
    assert isinstance(invalid, APIResponseValidationError) and isinstance(timed_out, APITimeoutError)
    assert_whole(invalid)
    assert_whole(timed_out)
    assert pickle.loads(pickle.dumps(invalid)).headers["x-request-id"] == "r1"


def _spec() -> ProvisionSpec:
    return ProvisionSpec(name="Acme", ingest_aliases=("acme",), plan_id="p1")


# One instance of every exception class the package defines (found below, so a new one needs a case here).
CONSTRUCTED: dict[type[BaseException], Callable[[], BaseException]] = {
    MetronomeError: lambda: MetronomeError("plain"),
    APIError: lambda: APIError("failed", method="GET", path="/v1/x"),
    APIConnectionError: lambda: APIConnectionError("dropped", method="POST", path="/v1/x"),
    APITimeoutError: lambda: APITimeoutError("slow", method="POST", path="/v1/x"),
    APIResponseValidationError: lambda: APIResponseValidationError(
        "data.id: expected a string", status_code=200, body={"data": {"id": 5}}, headers={"a": "b"}, path="/x"
    ),
    WebhookVerificationError: lambda: WebhookVerificationError("bad signature"),
    ActivePlanError: lambda: ActivePlanError("c1", [], []),
    OpenInvoicesError: lambda: OpenInvoicesError("c1", []),
    ProvisionError: lambda: ProvisionError(_spec(), ProvisionState(customer_id="c1"), "plan", KeyError("x")),
    IngestAliasConflictError: lambda: IngestAliasConflictError("taken", alias="a", other_customer_id="c2"),
    ResponseShapeError: lambda: ResponseShapeError("data.id", "expected a string"),
    NotANumberError: lambda: NotANumberError("limit must be a number, not 'x'"),
    CommandError: lambda: CommandError("no such file", Exit.USAGE),
    RowError: lambda: RowError("row 3: no name"),
    JournalError: lambda: JournalError("/tmp/j", "cannot be written (disk full)", started=True),
    SourceError: lambda: SourceError("reading failed", IngestReport(events_sent=3, batches_sent=1), 3),
    StalePlanError: lambda: StalePlanError(["c1 ('a') changed"], 2),
    ArchiveShareError: lambda: ArchiveShareError(5, 10, 0.1),
}
for _cls in (
    APIStatusError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
):
    CONSTRUCTED[_cls] = lambda cls=_cls: cls(  # type: ignore[misc]
        "boom",
        status_code=418,
        body={"message": "boom"},
        headers={"Retry-After": "1"},
        method="POST",
        path="/v1/x",
        idempotency_key="key-1",
    )

ELSEWHERE = {
    "metronome_async.testing._wire.ApiError",  # the embedded server's answer: it never leaves the server
    "metronome_async.workflows.provision._Differs",  # a step's signal, caught by provision itself
    "metronome_async.cli._items._RepeatedKeys",  # caught where a file's line is read
}


def _exception_classes() -> set[type[BaseException]]:
    found = set()
    for module_info in pkgutil.walk_packages(metronome_async.__path__, "metronome_async."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and f"{value.__module__}.{value.__qualname__}" not in ELSEWHERE
            ):
                found.add(value)
    return found


def test_every_exception_class_of_the_package_has_a_case() -> None:
    assert _exception_classes() - {cls for cls in CONSTRUCTED} == set()


@pytest.mark.parametrize("cls", list(CONSTRUCTED), ids=lambda cls: cls.__name__)
def test_every_error_survives_pickle_and_copy(cls: type[BaseException]) -> None:
    error = CONSTRUCTED[cls]()
    assert type(error) is cls
    assert_whole(error)


def test_a_provision_error_keeps_its_steps_and_cause() -> None:
    error = CONSTRUCTED[ProvisionError]()
    assert isinstance(error, ProvisionError)
    for copied in COPIES.values():
        other = copied(error)
        assert (other.customer_id, other.step_failed) == ("c1", "plan")
        assert (other.steps_done, other.steps_left) == (error.steps_done, error.steps_left)
        assert type(other.cause) is KeyError and other.cause.args == ("x",)


def test_an_active_plan_error_keeps_its_plans() -> None:
    started = datetime(2025, 1, 1, tzinfo=timezone.utc)
    plan = CustomerPlan(id="cp1", plan_id="p1", plan_name="Pro", starting_on=started)
    error = ActivePlanError("c1", [plan])
    assert pickle.loads(pickle.dumps(error)).plans == [plan]
