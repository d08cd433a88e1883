"""Arguments that would go out wrong are refused before anything is sent, naming the argument: an empty
list filter (it would widen to everything), a blank or malformed Idempotency-Key (it would be no key at all),
a timestamp that is not RFC 3339, a value outside an enum of the official API. The embedded Metronome refuses
the same requests, and fault settings that would hang it or turn a fault silently off."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome

CID = "00000000-0000-4000-8000-000000000000"
JAN = "2025-01-01T00:00:00Z"

Call = Callable[[AsyncMetronome], Awaitable[Any]]


async def _drain(pager: Any) -> Any:
    return [item async for item in pager]


async def _refused(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(client)
    assert fake.exchanges == [], "nothing may reach the server"


# ---------------------------------------------------------------------- an empty list filter


EMPTY_FILTERS: dict[str, tuple[Call, str]] = {
    "customer_ids": (lambda c: _drain(c.customers.list(customer_ids=[])), "customer_ids"),
    "customer_ids from an empty generator": (
        lambda c: _drain(c.customers.list(customer_ids=(i for i in ()))),
        "customer_ids",
    ),
    "salesforce_account_ids": (
        lambda c: _drain(c.customers.list(salesforce_account_ids=[])),
        "salesforce_account_ids",
    ),
    "custom field entities": (lambda c: _drain(c.custom_fields.list_keys(entities=[])), "entities"),
}


@pytest.mark.parametrize(("call", "names"), EMPTY_FILTERS.values(), ids=EMPTY_FILTERS)
async def test_an_empty_list_filter_is_refused_not_widened_to_everything(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, names: str
) -> None:
    fake.seed_customers(3)
    await _refused(client, fake, call, ValueError, names)


async def test_a_filter_that_names_ids_still_lists_only_those(client: AsyncMetronome) -> None:
    first = await client.customers.create(name="A")
    await client.customers.create(name="B")
    assert [c.id async for c in client.customers.list(customer_ids=[first.id])] == [first.id]


def test_the_blocking_client_refuses_an_empty_filter_too(sync_client: Metronome) -> None:
    with pytest.raises(ValueError, match="customer_ids"):
        list(sync_client.customers.list(customer_ids=[]))


@pytest.mark.parametrize("name", ["customer_ids", "salesforce_account_ids"])
@pytest.mark.parametrize("value", ["", ","])
async def test_the_fake_answers_an_empty_list_filter_with_400(
    fake: FakeMetronome, session: aiohttp.ClientSession, name: str, value: str
) -> None:
    fake.seed_customers(3)
    async with session.get("/v1/customers", params={name: value}) as response:
        assert response.status == 400
        assert name in (await response.json())["message"]
