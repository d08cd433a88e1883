"""Async code against the plugin's `metronome_fake` / `metronome_client`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from example_app import Notifications, record_api_calls, sign_up

from metronome_async import AsyncMetronome
from metronome_async.errors import ConflictError, InternalServerError
from metronome_async.testing import FakeMetronome

pytestmark = pytest.mark.asyncio  # needed under pytest-asyncio's strict mode, harmless in auto mode


async def test_sign_up_creates_a_customer_on_the_plan(
    metronome_client: AsyncMetronome, metronome_fake: FakeMetronome
) -> None:
    plan_id = metronome_fake.create_plan("Pro")
    customer_id = await sign_up(metronome_client, "Acme", "billing@acme.test", plan_id)

    [customer] = metronome_fake.customers()
    assert (customer["id"], customer["ingest_aliases"]) == (customer_id, ["billing@acme.test"])
    [plan] = [p async for p in metronome_client.customers.plans.list(customer_id)]
    assert plan.plan_id == plan_id
    assert metronome_fake.count("POST", "/v1/customers/{customer_id}/plans/add", status=200) == 1


async def test_the_same_email_cannot_sign_up_twice(
    metronome_client: AsyncMetronome, metronome_fake: FakeMetronome
) -> None:
    plan_id = metronome_fake.create_plan("Pro")
    await sign_up(metronome_client, "Acme", "billing@acme.test", plan_id)
    with pytest.raises(ConflictError):
        await sign_up(metronome_client, "Acme again", "billing@acme.test", plan_id)


async def test_usage_is_recorded_once_per_transaction(
    metronome_client: AsyncMetronome, metronome_fake: FakeMetronome
) -> None:
    [customer_id] = metronome_fake.seed_customers(1, alias_prefix="user-")
    await record_api_calls(metronome_client, "user-1", calls=3)
    await record_api_calls(metronome_client, "user-1", calls=3)  # a retry of the same batch
    assert len(metronome_fake.events(customer_id)) == 3


@pytest.mark.metronome_faults(error_rate=1, fault_paths=["/v1/ingest"])
async def test_an_outage_of_usage_ingest_reaches_the_caller(metronome_fake: FakeMetronome) -> None:
    async with AsyncMetronome(
        api_key=metronome_fake.api_key, base_url=metronome_fake.url, max_retries=0
    ) as client:
        await client.customers.create(name="Acme", ingest_aliases=["user-1"])  # not in the faults' scope
        with pytest.raises(InternalServerError):
            await record_api_calls(client, "user-1", calls=1)
    assert metronome_fake.events() == []


@pytest.fixture
async def notifications(metronome_fake: FakeMetronome) -> AsyncIterator[Notifications]:
    """The app's webhook endpoint on 127.0.0.1, with the fake sending to it."""
    metronome_fake.set_webhook("http://127.0.0.1:9/placeholder", retry_delays=(0.01, 0.02))
    assert metronome_fake.webhook_secret is not None
    app = Notifications(metronome_fake.webhook_secret)
    runner = web.AppRunner(app.receiver.aiohttp_app("/hooks/metronome"))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    metronome_fake.set_webhook(f"http://127.0.0.1:{port}/hooks/metronome")
    yield app
    await runner.cleanup()


async def test_webhooks_reach_the_handlers(
    metronome_fake: FakeMetronome, notifications: Notifications
) -> None:
    [customer_id] = metronome_fake.seed_customers(1)
    invoice = metronome_fake.emit_invoice_finalized(customer_id, invoice_id="inv-42")
    metronome_fake.emit_alert(customer_id, "low_credit_balance_reached", threshold=10)
    await metronome_fake.wait_for_webhooks()

    assert invoice.state == "delivered"
    assert notifications.invoices_to_email == ["inv-42"]
    assert notifications.low_balance == [customer_id]
