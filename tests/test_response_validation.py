"""Malformed success answers: each one is an APIResponseValidationError (a MetronomeError) naming what was
wrong, never a raw TypeError, KeyError or cattrs error; extra fields and new enum values stay fine."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web
from hostile import serve

from metronome_async import APIResponseValidationError, AsyncMetronome, MetronomeError

CUSTOMER_ID = "c0ffee00-0000-4000-8000-000000000001"
CUSTOMER = {
    "id": CUSTOMER_ID,
    "external_id": "acme",
    "ingest_aliases": ["acme"],
    "name": "Acme",
    "custom_fields": {},
    "customer_config": {"salesforce_account_id": None},
    "created_at": "2025-03-01T12:30:00.000Z",
    "updated_at": "2025-03-01T12:30:00.000Z",
    "archived_at": None,
}


class Hostile:
    """A server that answers every request with the body (and status) the test sets, counting requests."""

    def __init__(self) -> None:
        self.body: bytes = b"{}"
        self.status = 200
        self.requests = 0

    def answer(self, body: Any, status: int = 200) -> None:
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.status = status

    async def handle(self, _: web.Request) -> web.Response:
        self.requests += 1
        return web.Response(body=self.body, status=self.status, content_type="application/json")


@pytest.fixture
async def hostile() -> AsyncIterator[tuple[Hostile, AsyncMetronome]]:
    server = Hostile()
    async with (
        serve(server.handle) as url,
        AsyncMetronome(api_key="k", base_url=url, max_retries=2) as client,
    ):
        yield server, client


def _with(**changes: Any) -> dict[str, Any]:
    return {**CUSTOMER, **changes}


def _without(name: str) -> dict[str, Any]:
    return {key: value for key, value in CUSTOMER.items() if key != name}


async def _retrieve(client: AsyncMetronome) -> Any:
    return await client.customers.retrieve(CUSTOMER_ID)


async def _list(client: AsyncMetronome) -> Any:
    return await client.customers.list().to_list()


async def _add_plan(client: AsyncMetronome) -> Any:
    return await client.customers.plans.add(CUSTOMER_ID, plan_id="p", starting_on="2025-01-01T00:00:00Z")


async def _provider_configurations(client: AsyncMetronome) -> Any:
    return await client.customers.retrieve_billing_provider_configurations(CUSTOMER_ID)


Call = Callable[[AsyncMetronome], Any]
MALFORMED: list[tuple[str, Call, Any, str]] = [
    ("data null", _retrieve, {"data": None}, "data: expected an object, got null"),
    ("no data", _retrieve, {"customer": CUSTOMER}, "data: required field is missing"),
    ("a list for the answer", _retrieve, [CUSTOMER], "expected an object with a 'data' field, got an array"),
    ("a list for the object", _retrieve, {"data": [CUSTOMER]}, "data: expected an object, got an array"),
    ("required field missing", _retrieve, {"data": _without("name")}, "data.name: required field is missing"),
    ("required field null", _retrieve, {"data": _with(id=None)}, "data.id: expected a string, got null"),
    ("id a number", _retrieve, {"data": _with(id=5)}, "data.id: expected a string, got a number (5)"),
    ("name a list", _retrieve, {"data": _with(name=["Acme"])}, "data.name: expected a string, got an array"),
    (
        "created_at unparseable",
        _retrieve,
        {"data": _with(created_at="yesterday")},
        "data.created_at: expected an RFC 3339 datetime, got a string ('yesterday')",
    ),
    (
        "created_at without an offset",
        _retrieve,
        {"data": _with(created_at="2025-03-01T12:30:00")},
        "data.created_at: expected an RFC 3339 datetime",
    ),
    (
        "nested object a string",
        _retrieve,
        {"data": _with(customer_config="sf")},
        "data.customer_config: expected an object, got a string ('sf')",
    ),
    (
        "alias a number",
        _retrieve,
        {"data": _with(ingest_aliases=["acme", 7])},
        "data.ingest_aliases[1]: expected a string, got a number (7)",
    ),
    (
        "custom field a number",
        _retrieve,
        {"data": _with(custom_fields={"tier": 1})},
        "data.custom_fields.tier: expected a string, got a number (1)",
    ),
    ("not JSON", _retrieve, b"<html>proxy</html>", "expected an object with a 'data' field, got a string"),
    ("empty", _retrieve, b"", "expected an object with a 'data' field, got null"),
    ("listing data null", _list, {"data": None, "next_page": None}, "data: expected an array, got null"),
    ("listing without data", _list, {"next_page": None}, "data: required field is missing"),
    (
        "listing holding null",
        _list,
        {"data": [CUSTOMER, None], "next_page": None},
        "data[1]: expected an object, got null",
    ),
    (
        "listing item malformed",
        _list,
        {"data": [CUSTOMER, CUSTOMER, _with(id=5)], "next_page": None},
        "data[2].id: expected a string, got a number (5)",
    ),
    (
        "listing cursor a number",
        _list,
        {"data": [CUSTOMER], "next_page": 2},
        "next_page: expected a string, got a number (2)",
    ),
    ("plans.add answered {}", _add_plan, {}, "data: required field is missing"),
    ("plans.add answered a list", _add_plan, [], "expected an object with a 'data' field, got an array"),
    ("plans.add data null", _add_plan, {"data": None}, "data: expected an object, got null"),
    ("plans.add id a number", _add_plan, {"data": {"id": 5}}, "data.id: expected a string, got a number (5)"),
    (
        "items holding a list",
        _provider_configurations,
        {"data": [[]]},
        "data[0]: expected an object, got an array",
    ),
]


@pytest.mark.parametrize(
    ("call", "body", "problem"), [case[1:] for case in MALFORMED], ids=[c[0] for c in MALFORMED]
)
async def test_a_malformed_success_answer_is_a_typed_error(
    hostile: tuple[Hostile, AsyncMetronome], call: Call, body: Any, problem: str
) -> None:
    server, client = hostile
    server.answer(body)
    with pytest.raises(APIResponseValidationError) as caught:
        await call(client)
    error = caught.value
    assert isinstance(error, MetronomeError)
    assert error.problem.startswith(problem), error.problem
    assert error.status_code == 200
    expected_body = json.loads(body) if isinstance(body, bytes) and body.startswith(b"{") else body
    if not isinstance(body, bytes):
        assert error.body == expected_body
    assert error.method in ("GET", "POST") and error.path.startswith("/v1/")
    assert server.requests == 1  # a malformed answer is not retried: the same request gets the same answer


async def test_the_error_carries_the_status_the_server_gave(hostile: tuple[Hostile, AsyncMetronome]) -> None:
    server, client = hostile
    server.answer({"data": {"id": 5}}, status=201)
    with pytest.raises(APIResponseValidationError) as caught:
        await _add_plan(client)
    assert caught.value.status_code == 201
    assert caught.value.body == {"data": {"id": 5}}
    assert "201" in str(caught.value) and "data.id" in str(caught.value)


async def test_extra_fields_and_new_enum_values_are_tolerated(
    hostile: tuple[Hostile, AsyncMetronome],
) -> None:
    server, client = hostile
    status = {"value": "paused_for_review", "effective_at": None, "reason": "new"}
    server.answer({"data": _with(brand_new={"nested": [1, 2]}, current_billable_status=status), "also": 1})
    customer = await _retrieve(client)
    assert customer.id == CUSTOMER_ID and customer.name == "Acme"
    assert customer.current_billable_status is not None
    assert customer.current_billable_status.value == "paused_for_review"
    server.answer({"data": {"id": "cp1", "extra": True}})
    assert await _add_plan(client) == "cp1"


def test_the_generated_hooks_cover_the_field_types_new_models_use() -> None:
    """Models added later get the same checks: unions of JSON scalars, lists of models, integers, booleans."""
    from datetime import datetime

    import attrs

    from metronome_async._core.serde import ResponseShapeError, converter
    from metronome_async.models import CreditType, Model

    @attrs.frozen(kw_only=True)
    class Sample(Model):
        count: int
        size: int | str
        flag: bool = False
        when: datetime | str | None = None
        types: list[CreditType] = attrs.field(factory=list)

    Sample.__module__ = Model.__module__  # as if it were declared in metronome_async.models
    good = {"count": 1, "size": "XL", "when": "2025-01-01T00:00:00Z", "types": [{"id": "u", "name": "USD"}]}
    sample = converter.structure(good, Sample)
    assert sample.size == "XL" and sample.types[0].name == "USD" and isinstance(sample.when, datetime)
    assert sample.to_dict() == good
    for bad, problem in (
        ({**good, "count": "1"}, "count: expected an integer, got a string ('1')"),
        ({**good, "count": True}, "count: expected an integer, got a boolean (True)"),
        ({**good, "size": [1]}, "size: expected an integer or a string, got an array"),
        ({**good, "flag": "yes"}, "flag: expected a boolean, got a string ('yes')"),
        (
            {**good, "types": [{"id": "u", "name": "USD"}, {"id": 2, "name": "x"}]},
            "types[1].id: expected a string",
        ),
        ({**good, "types": {"id": "u"}}, "types: expected an array, got an object"),
    ):
        with pytest.raises(ResponseShapeError) as caught:
            converter.structure(bad, Sample)
        assert str(caught.value).startswith(problem), str(caught.value)
