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


# ---------------------------------------------------------------------- Idempotency-Key


def _keyed_calls(key: Any) -> dict[str, Call]:
    """Every call that takes ``idempotency_key``, with valid arguments otherwise."""
    return {
        "customers.create": lambda c: c.customers.create(name="A", idempotency_key=key),
        "customers.create_with_contract": lambda c: c.customers.create_with_contract(
            customer={"name": "A"}, contract={"starting_at": JAN, "rate_card_id": CID}, idempotency_key=key
        ),
        "customers.set_billing_config": lambda c: c.customers.set_billing_config(
            CID, billing_provider_type="stripe", billing_provider_customer_id="cus_1", idempotency_key=key
        ),
        "customers.set_billing_provider_configurations": lambda c: (
            c.customers.set_billing_provider_configurations(
                data=[
                    {
                        "customer_id": CID,
                        "billing_provider": "stripe",
                        "delivery_method": "direct_to_billing_provider",
                    }
                ],
                idempotency_key=key,
            )
        ),
        "customers.plans.add": lambda c: c.customers.plans.add(
            CID, plan_id=CID, starting_on=JAN, idempotency_key=key
        ),
        "contracts.create": lambda c: c.contracts.create(
            CID, starting_at=JAN, rate_card_id=CID, idempotency_key=key
        ),
        "rate_cards.create": lambda c: c.rate_cards.create(name="Card", idempotency_key=key),
        "request": lambda c: c.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key=key),
    }


BAD_KEYS: dict[str, tuple[Any, type[Exception]]] = {
    "empty": ("", ValueError),
    "blank": ("   ", ValueError),
    "a tab": ("\t", ValueError),
    "a newline inside": ("key\nX-Injected: 1", ValueError),
    "a NUL": ("key\x00", ValueError),
    "a leading space": (" key", ValueError),
    "a trailing space": ("key ", ValueError),
    "not ASCII": ("clé-1", ValueError),
    "256 characters": ("k" * 256, ValueError),
    "a number": (123, TypeError),
    "bytes": (b"key", TypeError),
}


@pytest.mark.parametrize("method", list(_keyed_calls("")))
@pytest.mark.parametrize(("key", "error"), BAD_KEYS.values(), ids=BAD_KEYS)
async def test_a_bad_idempotency_key_is_refused_before_sending(
    client: AsyncMetronome, fake: FakeMetronome, method: str, key: Any, error: type[Exception]
) -> None:
    await _refused(client, fake, _keyed_calls(key)[method], error, "idempotency_key")


async def test_a_blank_key_never_lets_a_retried_create_make_a_second_customer(fake: FakeMetronome) -> None:
    """The failure a blank key caused: it went out as no key, so each retry of a dropped answer made one
    more customer."""
    fake.configure(disconnect_rate=1.0)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=2) as client:
        with pytest.raises(ValueError, match="idempotency_key"):
            await client.customers.create(name="Once", idempotency_key="")
    assert fake.customers() == []


async def test_a_key_of_255_printable_characters_goes_out_as_given(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    key = "order 42/" + "k" * 246
    await client.customers.create(name="A", idempotency_key=key)
    assert fake.exchanges[-1].idempotency_key == key


async def test_request_takes_an_idempotency_key_and_a_replay_makes_one_object(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    first = await client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="make-a")
    again = await client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="make-a")
    assert first == again and len(fake.customers()) == 1
    assert [ex.idempotency_key for ex in fake.exchanges] == ["make-a", "make-a"]


def test_the_blocking_request_takes_an_idempotency_key(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    sync_client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="blocking-a")
    assert thread_fake.exchanges[-1].idempotency_key == "blocking-a"


async def test_request_refuses_a_key_on_a_call_that_sends_none(client: AsyncMetronome) -> None:
    with pytest.raises(ValueError, match="idempotency_key"):
        await client.request("GET", "/v1/customers", idempotency_key="k")
    with pytest.raises(ValueError, match="idempotency_key"):
        await client.request("POST", "/v1/customers", body={}, idempotent=False, idempotency_key="k")


@pytest.mark.parametrize("name", ["Idempotency-Key", "idempotency-key"])
def test_extra_headers_cannot_carry_an_idempotency_key(client: AsyncMetronome, name: str) -> None:
    """One key for every call of a client would make each create replay the first; and the call's own key
    replaced it (or went out beside it) anyway."""
    with pytest.raises(ValueError, match="idempotency_key"):
        client.with_options(extra_headers={name: "fixed"})
