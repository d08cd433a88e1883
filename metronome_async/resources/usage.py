"""``client.usage``: send usage events, in batches of at most 100, concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from metronome_async._core import validate as check
from metronome_async.models import UsageEvent
from metronome_async.resources._base import Resource

BATCH_SIZE = 100
MAX_TRANSACTION_ID = 128


def usage_event(index: int, event: UsageEvent | Mapping[str, Any]) -> dict[str, Any]:
    """One event as the wire wants it, or an error naming the event by its position."""
    if isinstance(event, UsageEvent):
        event = attrs.asdict(event, recurse=False)
    if not isinstance(event, Mapping):
        raise TypeError(f"events[{index}] must be a UsageEvent or a mapping, not {type(event).__name__}")
    name = f"events[{index}]"
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


class Usage(Resource):
    async def ingest(self, events: Iterable[UsageEvent | Mapping[str, Any]]) -> int:
        """Send any number of events; returns how many were sent. Every event is checked before the first
        request. Metronome drops an event whose ``transaction_id`` it has seen, so resending after a failure
        never counts usage twice. If a batch still fails after its retries, the other batches are sent and the
        first error is raised."""
        if isinstance(events, (Mapping, UsageEvent, str, bytes)):
            raise TypeError("events must be a list of events (wrap a single event in a list)")
        wire = [usage_event(index, event) for index, event in enumerate(events)]
        batches = [wire[start : start + BATCH_SIZE] for start in range(0, len(wire), BATCH_SIZE)]
        outcomes = await asyncio.gather(
            *(self._transport.request("POST", "/v1/ingest", body=batch) for batch in batches),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return len(wire)
