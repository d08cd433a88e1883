"""The fake's clock, and a map whose entries expire by it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Generic, TypeVar

V = TypeVar("V")


class Clock:
    """Wall-clock UTC plus whatever `advance` added; it never goes back."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward: seconds must be >= 0")
        self._offset += timedelta(seconds=seconds)


class ExpiringMap(Generic[V]):
    """str -> value; an entry is gone `ttl` seconds (of the clock) after it was put."""

    def __init__(self, clock: Clock, ttl: float) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl)
        self._entries: dict[str, tuple[datetime, V]] = {}  # insertion order = expiry order

    def put(self, key: str, value: V) -> None:
        now = self._clock.now()
        while self._entries:  # drop expired entries from the front
            oldest = next(iter(self._entries))
            if self._entries[oldest][0] > now:
                break
            del self._entries[oldest]
        self._entries.pop(key, None)
        self._entries[key] = (now + self._ttl, value)

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self._clock.now():
            return None
        return entry[1]
