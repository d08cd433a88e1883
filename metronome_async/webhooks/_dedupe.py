"""Where a receiver remembers the event ids it has processed: a protocol, and a bounded in-memory LRU."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol, runtime_checkable

from metronome_async._core import validate as check

__all__ = ["DedupeStore", "InMemoryDedupeStore"]


@runtime_checkable
class DedupeStore(Protocol):
    """Processed event ids. Back it with a database or Redis to share it between processes or restarts."""

    async def seen(self, event_id: str) -> bool:
        """Whether ``event_id`` was processed successfully before."""
        ...

    async def add(self, event_id: str) -> None:
        """Record that ``event_id`` was processed successfully."""
        ...


class InMemoryDedupeStore:
    """The most recent ``max_size`` processed ids, in this process. Metronome retries for up to 72 hours, so
    size it above the number of events you expect in that time."""

    def __init__(self, max_size: int = 100_000) -> None:
        self._max_size = check.number("max_size", max_size, minimum=1, whole=True)
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._ids)

    async def seen(self, event_id: str) -> bool:
        if event_id not in self._ids:
            return False
        self._ids.move_to_end(event_id)
        return True

    async def add(self, event_id: str) -> None:
        self._ids[event_id] = None
        self._ids.move_to_end(event_id)
        if len(self._ids) > self._max_size:
            self._ids.popitem(last=False)
