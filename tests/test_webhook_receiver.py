"""The webhook receiver end to end: its aiohttp app on loopback, signed deliveries from an aiohttp client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from metronome_async.webhooks import (
    AlertEvent,
    InMemoryDedupeStore,
    InvoiceFinalized,
    WebhookEvent,
    WebhookReceiver,
    sign,
)

SECRET = "whsec-test-secret"
Post = Callable[..., Awaitable[tuple[int, str]]]


@pytest.fixture(autouse=True)
def _no_env_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METRONOME_WEBHOOK_SECRET", raising=False)


@pytest.fixture
def receiver() -> WebhookReceiver:
    return WebhookReceiver(SECRET)


@pytest.fixture
async def post(receiver: WebhookReceiver) -> AsyncIterator[Post]:
    """POST a payload to the receiver's aiohttp app over loopback, signed unless told otherwise."""
    runner = web.AppRunner(receiver.aiohttp_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}/webhooks"
    async with aiohttp.ClientSession() as session:

        async def send(
            payload: dict[str, Any] | str,
            *,
            secret: str = SECRET,
            date: datetime | None = None,
            headers: dict[str, str] | None = None,
        ) -> tuple[int, str]:
            body = payload if isinstance(payload, str) else json.dumps(payload)
            signed = sign(body, secret, date=date) if headers is None else headers
            async with session.post(
                url, data=body.encode(), headers={**signed, "Content-Type": "application/json"}
            ) as response:
                return response.status, await response.text()

        yield send
    await runner.cleanup()


def recorder(receiver: WebhookReceiver, *patterns: str) -> list[WebhookEvent]:
    """Events the receiver handed to a handler registered for ``patterns`` (every event if none)."""
    seen: list[WebhookEvent] = []

    async def handler(event: WebhookEvent) -> None:
        seen.append(event)

    if patterns:
        receiver.on(*patterns)(handler)
    else:
        receiver.on_any(handler)
    return seen


INVOICE = {"id": "evt-1", "type": "invoice.finalized", "properties": {"invoice_id": "inv-1"}}


async def test_a_signed_delivery_runs_its_handler(receiver: WebhookReceiver, post: Post) -> None:
    seen = recorder(receiver, "invoice.finalized")
    assert await post(INVOICE) == (200, "ok")
    assert len(seen) == 1 and isinstance(seen[0], InvoiceFinalized) and seen[0].invoice_id == "inv-1"


async def test_a_redelivery_answers_200_without_running_handlers_again(
    receiver: WebhookReceiver, post: Post
) -> None:
    seen = recorder(receiver)
    assert await post(INVOICE) == (200, "ok")
    assert await post(INVOICE) == (200, "already processed")
    # a retry is signed afresh, with a new date: still the same event
    assert await post(INVOICE, date=datetime.now(timezone.utc) - timedelta(seconds=30)) == (
        200,
        "already processed",
    )
    assert len(seen) == 1


async def test_a_failing_handler_answers_500_and_the_retry_runs_it_again(
    receiver: WebhookReceiver, post: Post
) -> None:
    calls: list[str] = []

    @receiver.on("invoice.finalized")
    async def flaky(event: InvoiceFinalized) -> None:
        calls.append(event.id)
        if len(calls) == 1:
            raise RuntimeError("database unavailable")

    assert await post(INVOICE) == (500, "processing failed")
    assert await post(INVOICE) == (200, "ok")
    assert await post(INVOICE) == (200, "already processed")
    assert calls == ["evt-1", "evt-1"]


async def test_200_only_after_every_matching_handler(receiver: WebhookReceiver, post: Post) -> None:
    first = recorder(receiver, "invoice.finalized")

    @receiver.on("invoice.*")
    async def second(event: WebhookEvent) -> None:
        raise RuntimeError("boom")

    assert (await post(INVOICE))[0] == 500
    assert (await post(INVOICE))[0] == 500
    assert len(first) == 2  # ran on each attempt, as the event was never recorded as processed


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"secret": "someone-else"}, "signature mismatch"),
        ({"date": timedelta(minutes=-6)}, "date too old"),
        ({"date": timedelta(minutes=6)}, "date in the future"),
        ({"headers": {}}, "missing date header"),
    ],
)
async def test_a_bad_delivery_is_401_and_runs_nothing(
    receiver: WebhookReceiver, post: Post, kwargs: dict[str, Any], reason: str
) -> None:
    seen = recorder(receiver)
    if isinstance(kwargs.get("date"), timedelta):  # an offset from now, taken when the test runs
        kwargs = {**kwargs, "date": datetime.now(timezone.utc) + kwargs["date"]}
    status, message = await post(INVOICE, **kwargs)
    assert status == 401 and message.startswith(reason)
    assert SECRET not in message
    assert seen == []
    assert await post(INVOICE) == (200, "ok")  # a rejected delivery was not recorded


async def test_a_tampered_body_is_401(receiver: WebhookReceiver, post: Post) -> None:
    seen = recorder(receiver)
    body = json.dumps(INVOICE)
    status, message = await post(body.replace("inv-1", "inv-2"), headers=sign(body, SECRET))
    assert (status, seen) == (401, []) and message.startswith("signature mismatch")


@pytest.mark.parametrize("body", ["not json", "[]", '{"type": "invoice.finalized"}'])
async def test_a_signed_body_that_is_not_an_event_is_400(
    receiver: WebhookReceiver, post: Post, body: str
) -> None:
    seen = recorder(receiver)
    status, message = await post(body)
    assert status == 400 and message.startswith("body is not")
    assert seen == []


async def test_wildcards_and_on_any(receiver: WebhookReceiver, post: Post) -> None:
    alerts = recorder(receiver, "alerts.*")
    invoices = recorder(receiver, "invoice.finalized", "invoice.billing_provider_error")
    everything = recorder(receiver)
    deliveries = [
        {"id": "a1", "type": "alerts.spend_threshold_reached", "properties": {"alert_id": "x"}},
        {"id": "a2", "type": "alerts.low_remaining_seat_balance_reached", "properties": {}},
        {"id": "i1", "type": "invoice.finalized", "properties": {}},
        {"id": "i2", "type": "invoice.billing_provider_error", "properties": {}},
        {"id": "u1", "type": "widget_created", "properties": {}},
        {"id": "g1", "type": "alert.triggered", "properties": {}},  # the guide's name: not an alert
    ]
    for payload in deliveries:
        assert await post(payload) == (200, "ok")
    assert [e.id for e in alerts] == ["a1", "a2"]
    assert all(isinstance(e, AlertEvent) for e in alerts)
    assert [e.id for e in invoices] == ["i1", "i2"]
    assert [e.id for e in everything] == ["a1", "a2", "i1", "i2", "u1", "g1"]


async def test_an_event_without_handlers_is_acknowledged(post: Post) -> None:
    assert await post({"id": "x", "type": "contract.create", "customer_id": "c"}) == (200, "ok")


async def test_concurrent_duplicates_run_the_handler_once(receiver: WebhookReceiver, post: Post) -> None:
    calls = 0

    @receiver.on_any
    async def slow(event: WebhookEvent) -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)

    results = await asyncio.gather(*(post(INVOICE) for _ in range(5)))
    assert sorted(results) == [(200, "already processed")] * 4 + [(200, "ok")]
    assert calls == 1


async def test_a_duplicate_waiting_on_a_failed_delivery_runs_the_handler(
    receiver: WebhookReceiver, post: Post
) -> None:
    calls = 0

    @receiver.on_any
    async def fails_once(event: WebhookEvent) -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        if calls == 1:
            raise RuntimeError("transient")

    results = await asyncio.gather(post(INVOICE), post(INVOICE))
    assert sorted(results) == [(200, "ok"), (500, "processing failed")]
    assert calls == 2


async def test_custom_path_and_other_methods(receiver: WebhookReceiver) -> None:
    runner = web.AppRunner(receiver.aiohttp_app(path="/hooks/metronome"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://{host}:{port}/hooks/metronome") as response:
                assert response.status == 405
            body = json.dumps(INVOICE)
            url = f"http://{host}:{port}/hooks/metronome"
            async with session.post(url, data=body, headers=sign(body, SECRET)) as response:
                assert response.status == 200
    finally:
        await runner.cleanup()


# --- the core without HTTP -------------------------------------------------------------------------------


async def test_handle_takes_any_headers_and_a_custom_store() -> None:
    class Store:
        def __init__(self) -> None:
            self.ids: set[str] = set()

        async def seen(self, event_id: str) -> bool:
            return event_id in self.ids

        async def add(self, event_id: str) -> None:
            self.ids.add(event_id)

    store = Store()
    receiver = WebhookReceiver(SECRET, dedupe=store)
    body = json.dumps(INVOICE).encode()
    pairs = [(name.lower(), value) for name, value in sign(body, SECRET).items()]
    assert await receiver.handle(body, pairs) == (200, "ok")
    assert store.ids == {"evt-1"}
    assert await receiver.handle(body, pairs) == (200, "already processed")


async def test_tolerance_is_passed_through() -> None:
    receiver = WebhookReceiver(SECRET, tolerance=1000)
    body = json.dumps(INVOICE).encode()
    headers = sign(body, SECRET, date=datetime.now(timezone.utc) - timedelta(minutes=10))
    assert await receiver.handle(body, headers) == (200, "ok")


def test_secret_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="METRONOME_WEBHOOK_SECRET"):
        WebhookReceiver()
    monkeypatch.setenv("METRONOME_WEBHOOK_SECRET", SECRET)
    assert SECRET not in repr(WebhookReceiver())


def test_registration_mistakes_are_caught_early(receiver: WebhookReceiver) -> None:
    def not_async(event: WebhookEvent) -> None: ...

    with pytest.raises(TypeError, match="async"):
        receiver.on("invoice.finalized")(not_async)  # type: ignore[type-var]
    with pytest.raises(TypeError, match="at least one"):
        receiver.on()
    for bad in ["", "alerts*", "*.finalized", ".*", "a.*.b"]:
        with pytest.raises(ValueError, match="event type"):
            receiver.on(bad)


async def test_in_memory_store_is_a_bounded_lru() -> None:
    store = InMemoryDedupeStore(max_size=2)
    await store.add("a")
    await store.add("b")
    assert await store.seen("a")  # refreshes a
    await store.add("c")  # evicts b, the least recently used
    assert [await store.seen(i) for i in ("a", "b", "c")] == [True, False, True]
    assert len(store) == 2
    with pytest.raises(ValueError, match="max_size"):
        InMemoryDedupeStore(max_size=0)
