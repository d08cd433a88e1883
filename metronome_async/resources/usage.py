"""``client.usage``: send any number of usage events, streamed, in batches of at most 100, concurrently.

Events are read lazily and at most ``max_concurrency`` batches are in flight, so memory does not grow with
the number of events. A batch that fails (after its retries) is reported, with its range of events and its
error, and the others go on. Resending is always safe: Metronome drops an event whose ``transaction_id`` it
has already seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import anyio
import attrs

from metronome_async._core import validate as check
from metronome_async._core.streams import Source, chunks, read_once, run_workers
from metronome_async.errors import MetronomeError
from metronome_async.models import UsageEvent
from metronome_async.resources._generated import usage as generated

__all__ = ["BATCH_SIZE", "IngestBatch", "IngestReport", "Usage", "check_events", "usage_event"]

BATCH_SIZE = 100
MAX_TRANSACTION_ID = 128


def usage_event(index: int, event: UsageEvent | Mapping[str, Any], name: str | None = None) -> dict[str, Any]:
    """One event as the wire wants it, or an error naming the event (``name``, else by its position)."""
    name = name or f"events[{index}]"
    if isinstance(event, UsageEvent):
        event = attrs.asdict(event, recurse=False)
    if not isinstance(event, Mapping):
        raise TypeError(f"{name} must be a UsageEvent or a mapping, not {type(event).__name__}")
    wire: dict[str, Any] = {
        "transaction_id": check.text(
            f"{name}['transaction_id']", event.get("transaction_id"), max_length=MAX_TRANSACTION_ID
        ),
        "customer_id": check.text(f"{name}['customer_id']", event.get("customer_id")),
        "event_type": check.text(f"{name}['event_type']", event.get("event_type")),
        "timestamp": check.timestamp(f"{name}['timestamp']", event.get("timestamp")),
    }
    properties = event.get("properties")
    if properties is not None:
        if not isinstance(properties, Mapping):
            raise TypeError(f"{name}['properties'] must be a mapping")
        wire["properties"] = check.json_value(f"{name}['properties']", dict(properties))
    unknown = set(event) - {*wire, "properties"}
    if unknown:
        raise ValueError(f"{name} has unknown fields: {', '.join(sorted(unknown))}")
    return wire


@attrs.frozen(kw_only=True)
class IngestBatch:
    """One batch: the events ``start`` to ``stop - 1`` of the input (0-based, like a slice), and ``error``,
    why it was not accepted (``None`` once it was)."""

    start: int
    stop: int
    error: Exception | None = None

    @property
    def size(self) -> int:
        return self.stop - self.start


@attrs.define
class IngestReport:
    """What ``usage.ingest`` did: the events and batches Metronome accepted, and every failed batch (in input
    order) with its range of events and its error. Sending a failed batch's events again, or all the events,
    is safe: Metronome drops an event whose ``transaction_id`` it has seen."""

    events_sent: int = 0
    batches_sent: int = 0
    failed_batches: list[IngestBatch] = attrs.Factory(list)

    @property
    def events_failed(self) -> int:
        return sum(batch.size for batch in self.failed_batches)

    @property
    def ok(self) -> bool:
        return not self.failed_batches

    def raise_first_error(self) -> None:
        """Raise the first failed batch's error, for code that wants an outage to stop it."""
        for batch in self.failed_batches:
            if batch.error is not None:
                raise batch.error

    def add(self, batch: IngestBatch) -> None:
        if batch.error is None:
            self.events_sent += batch.size
            self.batches_sent += 1
        else:
            self.failed_batches.append(batch)

    def __str__(self) -> str:
        failed = (
            f"; {self.events_failed} in {len(self.failed_batches)} failed batch(es)" if not self.ok else ""
        )
        return f"{self.events_sent} events sent in {self.batches_sent} batch(es){failed}"


IngestProgress = Callable[[IngestBatch, int, "int | None"], object]
Event = UsageEvent | Mapping[str, Any]


def check_events(events: Iterable[Event]) -> int:
    """Check every event, reading them once: how many there are, or the first bad one's error."""
    count = 0
    for index, event in enumerate(events):
        usage_event(index, event)
        count += 1
    return count


class _Ingest:
    """One ingest call: the report and the progress."""

    def __init__(self, usage: Usage, total: int | None, on_progress: IngestProgress | None) -> None:
        self.usage = usage
        self.total = total
        self.on_progress = on_progress
        self.report = IngestReport()
        self.done = 0

    async def send(self, start: int, chunk: list[tuple[int, Event]]) -> IngestBatch:
        stop = start + len(chunk)
        try:
            wire = [usage_event(index, event) for index, event in chunk]  # each field checked, JSON included
            await self.usage._transport.request("POST", "/v1/ingest", body=wire, checked=True)
        except (MetronomeError, TypeError, ValueError) as exc:  # the batch's outcome, not the call's end
            return IngestBatch(start=start, stop=stop, error=exc)
        return IngestBatch(start=start, stop=stop)

    async def worker(self, batches: Iterator[list[tuple[int, Event]]]) -> None:
        for chunk in batches:  # a shared iterator: each batch goes to exactly one worker
            batch = await self.send(chunk[0][0], chunk)
            self.report.add(batch)
            self.done += batch.size
            if self.on_progress is not None:
                self.on_progress(batch, self.done, self.total)


class Usage(generated.UsageResource):
    async def ingest(
        self,
        events: Iterable[UsageEvent | Mapping[str, Any]],
        *,
        on_progress: Callable[[IngestBatch, int, int | None], object] | None = None,
    ) -> IngestReport:
        """Send any number of events from any iterable, in batches of at most 100, at most
        ``max_concurrency`` batches in flight, reading them lazily so memory stays flat; returns an
        ``IngestReport``. When ``events`` can be read twice (a list, a tuple, an object whose ``__iter__``
        starts over), every event is checked before the first request and a bad one raises, naming it. An
        iterator (a generator, an open file) is read once: each batch is checked as it is formed, and one
        holding a bad event is reported as failed, unsent. A batch that still fails after its retries is
        reported too, and the others are sent. Metronome drops an event whose ``transaction_id`` it has
        seen, so sending the failed batches (or everything) again never counts usage twice.
        ``on_progress(batch, done, total)`` is called after each batch: the events done so far, of
        ``total`` (``None`` for an iterator). If reading ``events`` raises part-way, every event read
        before is still sent and reported, then a ``SourceError`` carrying the report is raised.

        ``POST /v1/ingest``
        """
        if isinstance(events, (Mapping, UsageEvent, str, bytes)):
            raise TypeError("events must be a list of events (wrap a single event in a list)")
        total = None
        if not read_once(events):  # the first of two passes: nothing is sent unless every event is good
            total = await anyio.to_thread.run_sync(check_events, events)
        run = _Ingest(self, total, on_progress)
        workers = self._transport.max_concurrency
        if total is not None:
            workers = max(1, min(workers, -(-total // BATCH_SIZE)))
        source = Source(events)
        await run_workers(workers, run.worker, chunks(enumerate(source), BATCH_SIZE))
        run.report.failed_batches.sort(key=lambda batch: batch.start)
        source.raise_error(run.report, "events")
        return run.report
