"""The public API's types, checked by ``mypy --strict`` (``nox -s typing``); never run.

Each ``assert_type`` pins what a user's type checker sees; each ``type: ignore[...]`` pins a mistake it must
catch (strict mode's ``warn_unused_ignores`` fails the check if the mistake stops being one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from typing_extensions import assert_type

from metronome_async import (
    APIStatusError,
    AsyncMetronome,
    AsyncPager,
    Customer,
    CustomerPlan,
    Metronome,
    MetronomeError,
    Plan,
    ProvisionReport,
    ProvisionResult,
)
from metronome_async.testing import FakeMetronome
from metronome_async.webhooks import WebhookEvent, unwrap


async def async_client(fake: FakeMetronome) -> None:
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_concurrency=8) as client:
        customer = await client.customers.create(name="Acme", ingest_aliases=["acme"])
        assert_type(customer, Customer)
        assert_type(customer.id, str)
        assert_type(await client.customers.retrieve(customer.id), Customer)
        listing = client.customers.list(limit=50)
        assert_type(listing, AsyncPager[Customer])
        async for item in listing:
            assert_type(item, Customer)
        assert_type(await client.customers.list(), list[Customer])
        async for plan in client.customers.plans.list(customer.id):
            assert_type(plan, CustomerPlan)
        async for catalogue_plan in client.plans.list():
            assert_type(catalogue_plan, Plan)
        result = await client.customers.provision(name="Beta", ingest_aliases=["beta"])
        assert_type(result, ProvisionResult)
        report = await client.customers.provision_many([{"name": "Gamma", "ingest_aliases": ["gamma"]}])
        assert_type(report, ProvisionReport)
        assert_type(report.ok, bool)
        await client.customers.retrieve(42)  # type: ignore[arg-type]
        await client.customers.create(name="Acme", ingest_alias=["a"])  # type: ignore[call-arg]
        quick = client.with_options(timeout=5, max_retries=0, extra_headers={"X-Source": "typing"})
        assert_type(quick, AsyncMetronome)
        assert_type(await quick.customers.retrieve(customer.id), Customer)
        assert_type(await client.request("GET", f"/v1/customers/{customer.id}"), Any)
        client.with_options(timeout="5")  # type: ignore[arg-type]


def sync_client(fake: FakeMetronome) -> None:
    with Metronome(api_key=fake.api_key, base_url=fake.url) as client:
        customer = client.customers.create(name="Acme", ingest_aliases=["acme"])
        assert_type(customer, Customer)
        listing: Iterator[Customer] = iter(client.customers.list())
        for item in client.customers.list(limit=10):
            assert_type(item, Customer)
        next(listing).id.upper()
        client.customers.retrieve(customer.id).id.upper()
        client.customers.retrieve()  # type: ignore[call-arg]
        assert_type(client.with_options(max_retries=1), Metronome)
        assert_type(client.request("GET", "/v1/customers", query={"limit": 10}), Any)


def errors(error: MetronomeError) -> None:
    if isinstance(error, APIStatusError):
        assert_type(error.status_code, int)
        assert_type(error.message, str)


def webhooks(body: bytes, headers: dict[str, str]) -> None:
    assert_type(unwrap(body, headers, "secret", tolerance=60), WebhookEvent)
