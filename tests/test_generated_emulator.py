"""Every generated operation, called through the SDK with the simplest arguments the spec accepts, against the
embedded Metronome over loopback: the SDK's checks take what the spec allows, the emulator takes what the SDK
sends, and the SDK's models read what the emulator answers. Then the kept collections, end to end: what a
create makes comes back from retrieve and list, and archive hides it."""

from __future__ import annotations

import importlib
import inspect
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, BadRequestError, ConflictError, Metronome, NotFoundError
from metronome_async.pagination import AsyncPager
from metronome_async.resources._operation import BODY, Operation
from metronome_async.testing import FakeMetronome
from metronome_async.testing._schema import Schemas
from tools.generate.names import read_names
from tools.generate.spec import load_spec, merged, resolve

SPEC = load_spec()
SCHEMAS = Schemas(SPEC["components"]["schemas"])
GENERATED = [name for name in read_names() if not name.hand]
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _operation(name: Any) -> Operation[Any]:
    module = importlib.import_module(f"metronome_async.resources._generated.{name.area}")
    operation: Operation[Any] = getattr(module, "_" + name.name.upper().replace(".", "_"))
    return operation


def _schema_of(name: Any, wire: str, where: str) -> Any:
    raw = SPEC["paths"][name.path][name.method.lower()]
    if where == BODY:
        body = raw["requestBody"]["content"]["application/json"]["schema"]
        return merged(SPEC, body)["properties"][wire]
    for parameter in raw.get("parameters", []):
        parameter = resolve(SPEC, parameter)
        if parameter["name"] == wire:
            return parameter.get("schema", {})
    raise KeyError(wire)


def _simplest_arguments(method: Any, name: Any) -> tuple[list[Any], dict[str, Any]]:
    """The required arguments only, each the simplest value its schema accepts (the emulator's own maker)."""
    positional, keywords = [], {}
    by_name = {field.name: field for field in _operation(name).fields}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is not parameter.empty or parameter.name == "idempotency_key":
            continue
        field = by_name[parameter.name]
        value = SCHEMAS.conform(_schema_of(name, field.wire, field.where), name=field.wire)
        if parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
            positional.append(value)
        else:
            keywords[parameter.name] = value
    return positional, keywords


def _method(owner: Any, name: Any) -> Any:
    for part in name.name.split("."):
        owner = getattr(owner, part)
    return owner


@pytest.mark.parametrize("name", GENERATED, ids=lambda name: name.name)
async def test_every_generated_operation_is_answered_and_read(client: AsyncMetronome, name: Any) -> None:
    method = _method(client, name)
    positional, keywords = _simplest_arguments(method, name)
    try:
        with pytest.warns(DeprecationWarning) if _operation(name).deprecated else _no_warning():
            result = method(*positional, **keywords)
            if isinstance(result, AsyncPager):
                result = await result.to_list()
            else:
                result = await result
    except (NotFoundError, ConflictError):
        return  # an id the emulator does not keep: answered as Metronome would, and read as a typed error
    except BadRequestError as error:  # where the spec declares only a 400 for an unknown id
        assert "not found" in error.message
        return
    returns = inspect.signature(method).return_annotation
    if returns == "None":
        assert result is None
    elif returns == "str":
        assert isinstance(result, str) and result
    elif returns == "bytes":
        assert result.startswith(b"%PDF")
    else:
        assert result is not None


class _no_warning:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


async def test_a_product_is_kept_from_create_to_archive(client: AsyncMetronome) -> None:
    product_id = await client.products.create(name="Compute", type="FIXED")
    product = await client.products.retrieve(product_id)
    assert product.id == product_id and product.current.name == "Compute"
    assert product_id in [item.id for item in await client.products.list().to_list()]
    assert await client.products.update(product_id, starting_at=START, name="Compute v2") == product_id
    await client.products.archive(product_id)
    assert product_id not in [item.id for item in await client.products.list().to_list()]
    archived = await client.products.list(archive_filter="ARCHIVED").to_list()
    assert product_id in [item.id for item in archived]


async def test_a_customer_credit_is_kept_and_listed(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Credit Co", ingest_aliases=["credit-co"])
    product_id = await client.products.create(name="Trial credit", type="FIXED")
    schedule = {
        "schedule_items": [{"amount": 100, "starting_at": START, "ending_before": START.replace(year=2026)}]
    }
    credit_id = await client.customers.credits.create(
        customer.id, priority=1, product_id=product_id, access_schedule=schedule, uniqueness_key="trial-1"
    )
    [credit] = await client.customers.credits.list(customer.id).to_list()
    assert credit.id == credit_id and credit.product.id == product_id
    with pytest.raises(ConflictError):  # the same uniqueness_key again: refused, never a second credit
        await client.customers.credits.create(
            customer.id, priority=1, product_id=product_id, access_schedule=schedule, uniqueness_key="trial-1"
        )


def test_the_blocking_client_reads_a_kept_package(thread_fake: FakeMetronome) -> None:
    with Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url) as client:
        package_id = client.packages.create(name="Starter")
        assert client.packages.retrieve(package_id).name == "Starter"
        assert [package.id for package in client.packages.list()] == [package_id]
