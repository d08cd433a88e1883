"""Usage ingest over HTTP: batches of at most 100, sent concurrently, deduplicated by transaction_id."""

from __future__ import annotations

from datetime import datetime, timezone

from metronome_async import AsyncMetronome, UsageEvent
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
    assert await client.usage.ingest(_events(250)) == 250
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
    assert await client.usage.ingest([]) == 0
    assert fake.exchanges == []
