"""A write whose outcome is unknown (it timed out while the server was still carrying it out) is never made
twice: it goes out again only under the same Idempotency-Key, and a report never says "created" for an item
that the server holds twice. Over loopback, against the embedded Metronome with latency on one path."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timezone
from typing import Any

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome, set_testing
from metronome_async.workflows.bulk import ProvisionReport

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
PROVIDER_PATH = "/v1/setCustomerBillingProviderConfigurations"


def _item(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"slow {n}",
        "ingest_aliases": [f"slow-{n}@example.com"],
        "billing_provider_type": "stripe",
        "billing_provider_customer_id": f"cus_slow_{n}",
        **extra,
    }


async def _settled(fake: FakeMetronome, latency: float) -> None:
    """Every request the server is still sleeping on has executed."""
    await asyncio.sleep(latency + 0.5)


def _impatient(fake: FakeMetronome) -> AsyncMetronome:
    """A client that gives up on a request long before the slow server answers it."""
    return AsyncMetronome(api_key=fake.api_key, base_url=fake.url, timeout=0.25, max_retries=1)


async def _provision_slowly(
    client: AsyncMetronome, fake: FakeMetronome, items: list[dict[str, Any]], latency: float
) -> ProvisionReport:
    with set_testing():
        report = await client.customers.provision_many(items)
    await _settled(fake, latency)
    return report


async def _configurations(client: AsyncMetronome, customer_id: str) -> int:
    return len(await client.customers.retrieve_billing_provider_configurations(customer_id))


async def test_a_timed_out_provider_configuration_is_never_written_twice() -> None:
    latency = 1.5
    async with FakeMetronome(latency=latency, fault_paths=[PROVIDER_PATH]) as fake:
        rate_card_id = fake.create_rate_card(name="Standard")
        items = [_item(n, contract={"rate_card_id": rate_card_id, "starting_at": JAN}) for n in range(4)]
        async with _impatient(fake) as client:
            report = await _provision_slowly(client, fake, items, latency)
            held = {c["id"]: await _configurations(client, c["id"]) for c in fake.customers()}
            assert sorted(held.values()) == [1, 1, 1, 1], f"one configuration each, not {held}"
            keys = Counter(ex.idempotency_key for ex in fake.exchanges if ex.path == PROVIDER_PATH)
            assert len(keys) == 4, f"every retry of a customer's configuration kept its key: {keys}"
            # Each item either found its configuration once the slow write landed, or gave up: never a second.
            assert report.count("created") + report.count("failed") == 4

            fake.configure(latency=0)  # the server is fast again: a rerun finishes every item
            again = await client.customers.provision_many(items)
            assert again.count("failed") == 0, again.failures
            for c in fake.customers():
                assert await _configurations(client, c["id"]) == 1
                assert len(await client.contracts.list(c["id"])) == 1


async def test_a_write_that_times_out_and_then_lands_is_found_not_repeated() -> None:
    """The server carries the slow write out while the client waits before looking: the lookup finds it, and
    the item is created, with one configuration and one contract."""
    latency = 0.6
    async with FakeMetronome(latency=latency, fault_paths=[PROVIDER_PATH]) as fake:
        rate_card_id = fake.create_rate_card(name="Standard")
        item = _item(0, contract={"rate_card_id": rate_card_id, "starting_at": JAN})
        async with AsyncMetronome(
            api_key=fake.api_key, base_url=fake.url, timeout=0.2, max_retries=0
        ) as client:
            result = await client.customers.provision(**item)  # real pauses: the first is 0.5 s
            await _settled(fake, latency)
            assert result.created and result.contract_id
            assert await _configurations(client, result.customer_id) == 1
            assert len(await client.contracts.list(result.customer_id)) == 1


async def test_a_timed_out_plan_is_never_added_twice() -> None:
    latency = 1.5
    async with FakeMetronome(latency=latency, fault_paths=["/v1/customers/{customer_id}/plans/add"]) as fake:
        plan_id = fake.create_plan(name="Pro")
        items = [
            {"name": f"p {n}", "ingest_aliases": [f"p-{n}"], "plan_id": plan_id, "starting_on": JAN}
            for n in range(3)
        ]
        async with _impatient(fake) as client:
            report = await _provision_slowly(client, fake, items, latency)
            for c in fake.customers():
                plans = [p async for p in client.customers.plans.list(c["id"])]
                assert len(plans) == 1, f"{c['name']} holds {len(plans)} plans"
            assert report.count("created") + report.count("failed") == 3
