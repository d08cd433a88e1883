"""Usage ingest over HTTP: batches of at most 100, streamed with a bounded number in flight, failed batches
reported (not raised), deduplicated by transaction_id so a resend is safe."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web
from hostile import serve

from metronome_async import AsyncMetronome, IngestBatch, IngestReport, InternalServerError, UsageEvent
from metronome_async.testing import FakeMetronome


def _events(count: int, customer: str = "acme", start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "transaction_id": f"tx-{n}",
            "customer_id": customer,
            "event_type": "api_call",
            "timestamp": "2025-01-01T00:00:00Z",
            "properties": {"n": n},
        }
        for n in range(start, start + count)
    ]


async def test_events_go_out_in_batches_of_at_most_100(client: AsyncMetronome, fake: FakeMetronome) -> None:
    await client.customers.create(name="Acme", ingest_aliases=["acme"])
    report = await client.usage.ingest(_events(250))
    assert report == IngestReport(events_sent=250, batches_sent=3) and report.ok, report
    sizes = sorted(len(ex.request_body) for ex in fake.exchanges if ex.path == "/v1/ingest")
    assert sizes == [50, 100, 100]
    assert len(fake.events()) == 250


async def test_resending_never_counts_usage_twice(client: AsyncMetronome, fake: FakeMetronome) -> None:
    await client.customers.create(name="Acme", ingest_aliases=["acme"])
    await client.usage.ingest(_events(30))
    await client.usage.ingest(_events(50))
    assert len(fake.events()) == 50


async def test_event_models_and_datetimes(client: AsyncMetronome, fake: FakeMetronome) -> None:
    customer = await client.customers.create(name="Acme")
    event = UsageEvent(
        transaction_id="model-1",
        customer_id=customer.id,
        event_type="seconds",
        timestamp=datetime(2025, 1, 1, 12, tzinfo=timezone.utc),
        properties={"seconds": 3},
    )
    await client.usage.ingest([event])
    [stored] = fake.events()
    assert stored["timestamp"] == "2025-01-01T12:00:00Z" and stored["properties"] == {"seconds": 3}


async def test_nothing_to_send_sends_nothing(client: AsyncMetronome, fake: FakeMetronome) -> None:
    assert await client.usage.ingest([]) == IngestReport()
    assert await client.usage.ingest(iter([])) == IngestReport()
    assert fake.exchanges == []


def _stream(count: int, pulled: list[int] | None = None) -> Iterator[dict[str, object]]:
    """A one-shot generator of events that counts how many were read."""
    for event in _events(count):
        if pulled is not None:
            pulled[0] += 1
        yield event


@pytest.fixture
async def ingest_server() -> AsyncIterator[dict[str, Any]]:
    """A Metronome stand-in for ingest: answers 500 to a batch holding a poisoned transaction id, counts
    the batches in flight, and records how many events the client had read when each batch arrived."""
    seen: dict[str, Any] = {
        "in_flight": 0,
        "peak": 0,
        "answered": 0,
        "poison": set(),
        "pulled": [0],
        "ahead": 0,
    }

    async def ingest(request: web.Request) -> web.Response:
        seen["in_flight"] += 1
        seen["peak"] = max(seen["peak"], seen["in_flight"])
        seen["ahead"] = max(seen["ahead"], seen["pulled"][0] - 100 * seen["answered"])
        try:
            batch = await request.json()
            await asyncio.sleep(0.001)
            if seen["poison"] & {event["transaction_id"] for event in batch}:
                return web.json_response({"message": "boom"}, status=500)
            return web.json_response({})
        finally:
            seen["in_flight"] -= 1
            seen["answered"] += 1

    async with serve(ingest) as url:  # every request this server gets is an ingest
        seen["url"] = url
        yield seen


async def test_a_generator_is_read_lazily_with_a_bounded_number_of_batches_in_flight(
    ingest_server: dict[str, Any],
) -> None:
    pulled = ingest_server["pulled"]
    async with AsyncMetronome(api_key="k", base_url=ingest_server["url"], max_concurrency=3) as client:
        report = await client.usage.ingest(_stream(5000, pulled))
    assert report.ok and report.events_sent == 5000 and report.batches_sent == 50, report
    assert ingest_server["peak"] <= 3
    # when a batch arrived, the client had read at most the batches answered plus the three in flight
    assert ingest_server["ahead"] <= 3 * 100, ingest_server["ahead"]


async def test_a_failed_batch_is_reported_and_the_others_are_sent(ingest_server: dict[str, Any]) -> None:
    ingest_server["poison"] = {"tx-250", "tx-777"}
    progress: list[tuple[IngestBatch, int, int | None]] = []
    async with AsyncMetronome(api_key="k", base_url=ingest_server["url"], max_retries=0) as client:
        report = await client.usage.ingest(
            _events(1000), on_progress=lambda batch, done, total: progress.append((batch, done, total))
        )
    assert not report.ok and report.events_sent == 800 and report.batches_sent == 8
    assert [(b.start, b.stop) for b in report.failed_batches] == [(200, 300), (700, 800)]
    assert all(isinstance(b.error, InternalServerError) for b in report.failed_batches)
    assert report.events_failed == 200 and "200 in 2 failed batch(es)" in str(report)
    with pytest.raises(InternalServerError):
        report.raise_first_error()
    assert [(done, total) for _, done, total in progress] == [(100 * n, 1000) for n in range(1, 11)]


async def test_a_bad_event_in_a_generator_fails_its_batch_only(fake: FakeMetronome) -> None:
    def events() -> Iterator[dict[str, object]]:
        for n, event in enumerate(_events(300)):
            yield {**event, "timestamp": "yesterday"} if n == 150 else event

    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        report = await client.usage.ingest(events())
    [failed] = report.failed_batches
    assert (failed.start, failed.stop) == (100, 200) and isinstance(failed.error, ValueError)
    assert "events[150]['timestamp']" in str(failed.error)
    assert report.events_sent == 200 and len(fake.events()) == 200


async def test_resending_after_failed_batches_counts_every_event_once(fake: FakeMetronome) -> None:
    fake.configure(error_rate=0.3, disconnect_rate=0.2, seed=5, fault_paths=["/v1/ingest"])
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=0) as client:
        first = await client.usage.ingest(_stream(2000))
        assert not first.ok, "some batches failed"
        assert {type(b.error).__name__ for b in first.failed_batches} >= {"InternalServerError"}
        stored_after_first = len(fake.events())
        assert stored_after_first > first.events_sent, "a dropped connection hid a stored batch"
        fake.configure(error_rate=0, disconnect_rate=0)
        second = await client.usage.ingest(_stream(2000))
    assert second.ok and second.events_sent == 2000
    assert len(fake.events()) == 2000, "no event counted twice"
