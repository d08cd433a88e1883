"""``with_raw_response``'s types, checked by ``mypy --strict`` (``nox -s typing``); never run.

A raw call answers ``APIResponse[T]``, ``T`` being what the plain call answers (a listing's first page), with
the plain call's parameters; a misspelt method, a workflow or a wrong argument is an error.
"""

from __future__ import annotations

from typing import Any

from multidict import CIMultiDictProxy
from typing_extensions import assert_type

from metronome_async import APIResponse, AsyncMetronome, Contract, Customer, CustomerPlan, Metronome, Page


async def async_client(client: AsyncMetronome) -> None:
    raw = await client.with_raw_response.customers.create(name="Acme", ingest_aliases=["acme"])
    assert_type(raw, APIResponse[Customer])
    assert_type(raw.parse(), Customer)
    assert_type(raw.status_code, int)
    assert_type(raw.headers, CIMultiDictProxy[str])
    assert_type(await client.with_raw_response.customers.retrieve("id"), APIResponse[Customer])
    first = await client.with_raw_response.customers.list(limit=1)
    assert_type(first.parse(), Page[Customer])
    plans = await client.with_raw_response.customers.plans.list("id")
    assert_type(plans.parse().data, list[CustomerPlan])
    contract = await client.with_raw_response.contracts.retrieve(customer_id="c", contract_id="k")
    assert_type(contract.parse(), Contract)
    assert_type((await client.with_raw_response.customers.archive("id")).parse(), str)
    assert_type((await client.with_raw_response.request("GET", "/v1/customers")).parse(), Any)
    quick = client.with_options(max_retries=0).with_raw_response
    assert_type((await quick.customers.retrieve("id")).parse(), Customer)

    client.with_raw_response.customers.retreive  # type: ignore[attr-defined]  # noqa: B018
    client.with_raw_response.customers.provision  # type: ignore[attr-defined]  # noqa: B018
    client.with_raw_response.close  # type: ignore[attr-defined]  # noqa: B018
    await client.with_raw_response.customers.retrieve(42)  # type: ignore[arg-type]
    await client.with_raw_response.customers.create(name="Acme", ingest_alias=["a"])  # type: ignore[call-arg]


def sync_client(client: Metronome) -> None:
    raw = client.with_raw_response.customers.create(name="Acme", ingest_aliases=["acme"])
    assert_type(raw, APIResponse[Customer])
    assert_type(raw.parse(), Customer)
    assert_type(raw.status_code, int)
    assert_type(client.with_raw_response.customers.list(limit=1).parse(), Page[Customer])
    assert_type(client.with_raw_response.customers.plans.list("id").parse(), Page[CustomerPlan])
    assert_type(client.with_raw_response.customers.archive("id").parse(), str)
    assert_type(client.with_raw_response.request("GET", "/v1/customers").parse(), Any)
    assert_type(client.with_options(timeout=5).with_raw_response.customers.retrieve("id").parse(), Customer)

    client.with_raw_response.customers.retreive("id")  # type: ignore[attr-defined]
    client.with_raw_response.customers.provision  # type: ignore[attr-defined]  # noqa: B018
    client.with_raw_response.customers.retrieve(42)  # type: ignore[arg-type]
    client.with_raw_response.customers.retrieve()  # type: ignore[call-arg]
