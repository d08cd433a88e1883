"""Signed webhooks from the embedded Metronome, end to end over loopback: the fake signs and POSTs, a
``WebhookReceiver`` verifies, deduplicates and dispatches, and the fake retries what was not acknowledged."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome, WebhookDelivery
from metronome_async.webhooks import (
    DATE_HEADER,
    SIGNATURE_HEADER,
    AlertEvent,
    AlertType,
    InvoiceFinalized,
    WebhookEvent,
    WebhookReceiver,
    unwrap,
)

QUICK = (0.01, 0.02, 0.04)  # retry delays: 4 attempts in all


@asynccontextmanager
async def serve(app: web.Application, path: str = "/webhooks") -> AsyncIterator[str]:
    """Serve an aiohttp app on 127.0.0.1, a free port; yields the URL of `path`."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}{path}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome(webhook_retry_delays=QUICK) as server:
        yield server


def receiver_for(fake: FakeMetronome) -> tuple[WebhookReceiver, list[WebhookEvent]]:
    """A receiver with the fake's secret and one handler that records every event."""
    assert fake.webhook_secret is not None
    receiver = WebhookReceiver(fake.webhook_secret)
    seen: list[WebhookEvent] = []
    receiver.on_any(seen_by(seen))
    return receiver, seen


def seen_by(seen: list[WebhookEvent]) -> Any:
    async def record(event: WebhookEvent) -> None:
        seen.append(event)

    return record


def attempts(delivery: WebhookDelivery) -> list[int | None]:
    return [a.status for a in delivery.attempts]


async def test_invoice_finalized_is_signed_verified_and_dispatched(fake: FakeMetronome) -> None:
    fake.set_webhook("http://127.0.0.1:9/unused")  # a secret is made for us
    receiver, seen = receiver_for(fake)
    [customer_id] = fake.seed_customers(1)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url)  # the secret stays
        finalized = datetime(2024, 2, 1, tzinfo=timezone.utc)
        delivery = fake.emit_invoice_finalized(
            customer_id, invoice_id="inv-1", invoice_finalized_date=finalized
        )
        assert delivery.state == "pending"  # sent in the background: emitting never waits
        assert await fake.wait_for_webhooks() == [delivery]

    assert delivery.state == "delivered" and attempts(delivery) == [200]
    [event] = seen
    assert isinstance(event, InvoiceFinalized)
    assert (event.id, event.invoice_id, event.customer_id) == (delivery.id, "inv-1", customer_id)
    assert event.invoice_finalized_date == finalized
    assert event.properties["invoice_finalized_date"] == "2024-02-01T00:00:00.000Z"
    assert delivery.payload == {
        "id": delivery.id,
        "type": "invoice.finalized",
        "properties": event.properties,
    }


async def test_alert_with_extra_properties(fake: FakeMetronome) -> None:
    fake.set_webhook("http://127.0.0.1:9/unused", "s3cret")
    receiver, seen = receiver_for(fake)
    [customer_id] = fake.seed_customers(1)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url)
        fake.emit_alert(customer_id, threshold=100, remaining_balance=12.5, credit_type_id="usd")
        fake.emit_alert(customer_id, AlertType.SPEND_THRESHOLD_REACHED, alert_name="Spend")
        await fake.wait_for_webhooks()

    low, spend = sorted(seen, key=lambda e: e.type)  # delivered concurrently: any order
    assert isinstance(low, AlertEvent) and isinstance(spend, AlertEvent)
    assert low.type == "alerts.low_credit_balance_reached"
    assert low.alert_type is AlertType.LOW_CREDIT_BALANCE_REACHED
    assert (low.customer_id, low.threshold, low.remaining_balance, low.credit_type_id) == (
        customer_id,
        100,
        12.5,
        "usd",
    )
    assert low.alert_id and low.timestamp is not None
    assert (spend.type, spend.alert_name) == ("alerts.spend_threshold_reached", "Spend")


async def test_a_handler_that_fails_once_gets_the_retry(fake: FakeMetronome) -> None:
    fake.set_webhook("http://127.0.0.1:9/unused")
    assert fake.webhook_secret is not None
    receiver = WebhookReceiver(fake.webhook_secret)
    calls: list[str] = []
    done: list[str] = []

    @receiver.on("invoice.finalized")
    async def flaky(event: InvoiceFinalized) -> None:
        calls.append(event.id)
        if len(calls) == 1:
            raise RuntimeError("database briefly down")
        done.append(event.id)

    [customer_id] = fake.seed_customers(1)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url)
        delivery = fake.emit_invoice_finalized(customer_id)
        await fake.wait_for_webhooks()

    assert attempts(delivery) == [500, 200] and delivery.state == "delivered"
    assert calls == [delivery.id, delivery.id] and done == [delivery.id]


async def test_a_lost_acknowledgement_is_retried_and_deduplicated(fake: FakeMetronome) -> None:
    """The receiver processed the event but the 200 never reached Metronome: the retry must not run the
    handlers again."""
    fake.set_webhook("http://127.0.0.1:9/unused")
    receiver, seen = receiver_for(fake)
    answered: list[int] = []

    async def lossy(request: web.Request) -> web.StreamResponse:
        status, message = await receiver.handle(await request.read(), request.headers)
        answered.append(status)
        if len(answered) == 1 and request.transport is not None:
            request.transport.close()  # processed, then the connection drops before the answer
        return web.Response(status=status, text=message)

    app = web.Application()
    app.router.add_post("/webhooks", lossy)
    [customer_id] = fake.seed_customers(1)
    async with serve(app) as url:
        fake.set_webhook(url)
        delivery = fake.emit_alert(customer_id)
        await fake.wait_for_webhooks()

    assert attempts(delivery) == [None, 200] and delivery.state == "delivered"
    assert delivery.attempts[0].error is not None
    assert answered == [200, 200]
    assert [e.id for e in seen] == [delivery.id]  # once, though delivered twice


async def test_every_attempt_fails_then_the_delivery_has_failed(fake: FakeMetronome) -> None:
    receiver = WebhookReceiver("other")
    seen: list[WebhookEvent] = []
    receiver.on_any(seen_by(seen))
    [customer_id] = fake.seed_customers(1)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url, "wrong-secret")  # the receiver expects "other": 401 every time
        bad_signature = fake.emit_invoice_finalized(customer_id)
        fake.set_webhook(url.replace("/webhooks", "/elsewhere"))  # 404 every time
        wrong_path = fake.emit_invoice_finalized(customer_id)
        await fake.wait_for_webhooks()
    fake.set_webhook(url)  # nothing listens there any more: connection refused every time
    refused = fake.emit_invoice_finalized(customer_id)
    await fake.wait_for_webhooks()

    assert attempts(bad_signature) == [401] * 4 and bad_signature.state == "failed"
    assert attempts(wrong_path) == [404] * 4 and wrong_path.state == "failed"
    assert attempts(refused) == [None] * 4 and refused.state == "failed"
    assert all(a.error for a in refused.attempts)
    assert seen == []


async def test_each_attempt_is_signed_afresh_over_the_same_body(fake: FakeMetronome) -> None:
    received: list[tuple[bytes, dict[str, str]]] = []

    async def refuse(request: web.Request) -> web.Response:
        received.append((await request.read(), dict(request.headers)))
        return web.Response(status=503)

    app = web.Application()
    app.router.add_post("/webhooks", refuse)
    [customer_id] = fake.seed_customers(1)
    async with serve(app) as url:
        fake.set_webhook(url, "s3cret", retry_delays=(0.01,))
        delivery = fake.emit_invoice_finalized(customer_id)
        await fake.wait_for_webhooks()

    assert attempts(delivery) == [503, 503]
    for body, headers in received:
        assert body == delivery.body
        assert headers["Content-Type"] == "application/json"
        assert SIGNATURE_HEADER in headers and DATE_HEADER in headers
        assert unwrap(body, headers, "s3cret").id == delivery.id


async def test_stopping_the_fake_cancels_pending_deliveries() -> None:
    async with FakeMetronome(webhook_retry_delays=(60.0,)) as fake:
        [customer_id] = fake.seed_customers(1)
        fake.set_webhook("http://127.0.0.1:9/")  # refused, then a long wait before the retry
        delivery = fake.emit_invoice_finalized(customer_id)
        with pytest.raises(TimeoutError, match="1 webhook deliveries still pending"):
            await fake.wait_for_webhooks(timeout=0.2)
        assert delivery.state == "pending" and attempts(delivery) == [None]
        with pytest.raises(RuntimeError, match="would block the fake's own event loop"):
            fake.wait_for_webhooks_blocking(timeout=0.1)
    assert delivery.state == "cancelled"
    assert await fake.wait_for_webhooks(timeout=0) == [delivery]


async def test_emitting_needs_a_running_fake_a_url_a_customer_and_a_documented_type() -> None:
    fake = FakeMetronome()
    with pytest.raises(RuntimeError, match="not running"):
        fake.emit_webhook("invoice.finalized")
    async with fake:
        [customer_id] = fake.seed_customers(1)
        with pytest.raises(RuntimeError, match="no webhook URL"):
            fake.emit_invoice_finalized(customer_id)
        fake.set_webhook("http://127.0.0.1:9/hooks")
        with pytest.raises(ValueError, match="customer nope not found"):
            fake.emit_invoice_finalized("nope")
        with pytest.raises(ValueError, match="timezone-aware"):
            fake.emit_invoice_finalized(customer_id, invoice_finalized_date=datetime(2024, 1, 1))
        with pytest.raises(TypeError, match="set is not JSON serializable"):
            fake.emit_alert(customer_id, threshold={1})
        with pytest.raises(ValueError, match="not a documented alert type"):
            fake.emit_alert(customer_id, "balance_low")
        for made_up in (
            "customer.plan.added",
            "customer.archived",
            "alert.triggered",
            "invoice.payment_failed",
        ):
            with pytest.raises(ValueError, match="not a documented Metronome webhook type"):
                fake.emit_webhook(made_up)
        with pytest.raises(ValueError, match="absolute http"):
            fake.set_webhook("ftp://example.com/hooks")
        with pytest.raises(ValueError, match="retry_delays"):
            fake.set_webhook("http://127.0.0.1:9/hooks", retry_delays=(-1,))
        with pytest.raises(ValueError, match="non-empty"):
            fake.set_webhook("http://127.0.0.1:9/hooks", "")
        fake.set_webhook(None)
        assert fake.webhook_url is None and fake.webhook_secret is not None
        with pytest.raises(RuntimeError, match="no webhook URL"):
            fake.emit_alert(customer_id)
        assert fake.webhook_deliveries == []
    assert "whsec" not in repr(fake)


async def test_a_thread_fake_delivers_to_a_receiver_in_this_loop() -> None:
    with FakeMetronome(webhook_secret="s3cret", webhook_retry_delays=QUICK) as fake:
        receiver, seen = receiver_for(fake)
        [customer_id] = fake.seed_customers(1)
        async with serve(receiver.aiohttp_app()) as url:
            fake.set_webhook(url)
            fake.emit_webhook(
                "payment_gate.payment_status", {"customer_id": customer_id, "payment_status": "paid"}
            )
            [delivery] = await fake.wait_for_webhooks()  # waits from another loop than the fake's
    assert delivery.state == "delivered"
    assert [(e.type, e.properties["payment_status"]) for e in seen] == [
        ("payment_gate.payment_status", "paid")
    ]


@contextmanager
def blocking_receiver(secret: str) -> Iterator[tuple[str, list[Any]]]:
    """A plain http.server receiver (no aiohttp) in a thread: verifies with `unwrap`, answers 204."""
    events: list[Any] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            events.append(unwrap(body, dict(self.headers.items()), secret))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", events
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_blocking_code_waits_for_deliveries_without_an_event_loop() -> None:
    with (
        FakeMetronome(webhook_secret="s3cret", webhook_retry_delays=QUICK) as fake,
        blocking_receiver("s3cret") as (url, events),
    ):
        fake.set_webhook(url)
        [customer_id] = fake.seed_customers(1)
        delivery = fake.emit_invoice_finalized(customer_id)
        assert fake.wait_for_webhooks_blocking() == [delivery]
    assert attempts(delivery) == [204]
    assert [(type(e), e.id) for e in events] == [(InvoiceFinalized, delivery.id)]


async def test_webhooks_do_not_slow_the_api_down(fake: FakeMetronome) -> None:
    """A receiver that takes its time never holds up the request that made the fake emit."""
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/webhooks", slow)
    [customer_id] = fake.seed_customers(1)
    async with serve(app) as url:
        fake.set_webhook(url)
        delivery = fake.emit_invoice_finalized(customer_id)
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            customer = await client.customers.retrieve(customer_id)  # the fake answers meanwhile ...
        assert customer.id == customer_id
        assert delivery.state == "pending" and delivery.attempts == []  # ... the POST still waits
        release.set()
        await fake.wait_for_webhooks()
    assert delivery.state == "delivered"
