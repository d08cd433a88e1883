"""A bulk job whose source raises part-way (a generator reading a file that breaks, a cursor that dies):
everything read before is finished (sent, reported to on_progress, in the report), then a SourceError carries
the report, with the source's exception as its cause. Over loopback, against the embedded Metronome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, IngestReport, MetronomeError, SourceError
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.bulk import ProvisionReport

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)


class Broken(Exception):
    pass


def _events(count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {
            "transaction_id": f"tx-{n}",
            "customer_id": "acme",
            "event_type": "api_call",
            "timestamp": "2025-01-01T00:00:00Z",
        }
    raise Broken("the file went away")


async def test_ingest_sends_and_reports_every_event_read_before_the_source_raised(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    await client.customers.create(name="Acme", ingest_aliases=["acme"])
    progress: list[int] = []
    with pytest.raises(SourceError) as caught:
        await client.usage.ingest(
            _events(2_050), on_progress=lambda batch, done, total: progress.append(done)
        )
    error = caught.value
    assert isinstance(error.__cause__, Broken) and "the file went away" in str(error)
    assert isinstance(error, MetronomeError) and error.read == 2_050
    assert error.report == IngestReport(events_sent=2_050, batches_sent=21), error.report
    assert len(fake.events()) == 2_050, "the last, partial batch of 50 was sent too"
    assert progress[-1] == 2_050 and len(progress) == 21, "every batch went to on_progress"


def _items(count: int, rate_card_id: str) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {
            "name": f"c {n}",
            "ingest_aliases": [f"c-{n}"],
            "contract": {"rate_card_id": rate_card_id, "starting_at": JAN},
        }
    raise Broken("the CSV is truncated")


async def test_provision_many_finishes_every_item_read_before_the_source_raised(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    seen: list[str] = []
    with pytest.raises(SourceError) as caught:
        await client.customers.provision_many(
            _items(60, rate_card_id), on_progress=lambda outcome, done, total: seen.append(outcome.status)
        )
    report = caught.value.report
    assert isinstance(report, ProvisionReport) and report.count("created") == 60 and report.ok, report
    assert isinstance(caught.value.__cause__, Broken) and caught.value.read == 60
    assert seen == ["created"] * 60
    customers = fake.customers()
    assert len(customers) == 60 and all(len(fake.contracts(c["id"])) == 1 for c in customers)
