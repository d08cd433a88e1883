"""Fault injection: latency, rate limiting (429), server errors (500) and dropped connections.

Every random decision comes from one `random.Random(seed)`, so a seeded run repeats.
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from collections.abc import Collection
from typing import Any

import attrs

from ._wire import ApiError, Reply

INTERNAL_ERROR = ApiError(500, "Internal server error").reply()


def _off_when_zero(value: float | None) -> float | None:
    return None if not value else float(value)


def _probability(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _positive(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


@attrs.frozen(kw_only=True)
class FaultSettings:
    """`None` or `0` turns a fault off."""

    rate_limit: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_positive)
    retry_after: bool = True
    error_rate: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_probability)
    disconnect_rate: float | None = attrs.field(
        default=None, converter=_off_when_zero, validator=_probability
    )
    latency: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_positive)
    seed: int | None = None


FAULT_NAMES = frozenset(a.name for a in attrs.fields(FaultSettings))


class TokenBucket:
    """`rate` tokens a second, holding at most a second's worth (and at least one)."""

    def __init__(self, rate: float) -> None:
        self._rate = rate
        self._capacity = max(1.0, rate)
        self._tokens = self._capacity
        self._stamp = time.monotonic()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        now = time.monotonic()
        self._tokens = min(self._capacity, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self._rate


class Faults:
    """The current settings and the state they need; `configure` may run in another thread."""

    def __init__(self, settings: FaultSettings) -> None:
        self._lock = threading.Lock()
        self._settings = settings
        self._reset(FAULT_NAMES)

    @property
    def settings(self) -> FaultSettings:
        return self._settings

    def configure(self, **changes: Any) -> None:
        unknown = sorted(set(changes) - FAULT_NAMES)
        if unknown:
            known = ", ".join(sorted(FAULT_NAMES))
            raise TypeError(f"unknown fault setting(s): {', '.join(unknown)}; known: {known}")
        with self._lock:
            self._settings = attrs.evolve(self._settings, **changes)
            self._reset(changes)

    def _reset(self, changed: Collection[str]) -> None:
        """A new seed restarts the random sequence; a new rate limit starts with a full bucket."""
        if "seed" in changed:
            self._random = random.Random(self._settings.seed)
        if "rate_limit" in changed:
            rate = self._settings.rate_limit
            self._bucket = None if rate is None else TokenBucket(rate)

    async def admit(self) -> Reply | None:
        """Before anything else: the latency, then the rate limit; a 429 reply if over the limit."""
        latency = self._settings.latency
        if latency:
            await asyncio.sleep(latency)
        with self._lock:
            wait = 0.0 if self._bucket is None else self._bucket.take()
        if not wait:
            return None
        headers = (("Retry-After", str(max(1, math.ceil(wait)))),) if self._settings.retry_after else ()
        return ApiError(429, "Too many requests", headers).reply()

    def server_error(self) -> bool:
        """Should this request get a 500 instead of executing?"""
        return self._roll(self._settings.error_rate)

    def disconnect(self) -> bool:
        """Should the connection drop instead of carrying this (executed) request's answer?"""
        return self._roll(self._settings.disconnect_rate)

    def _roll(self, rate: float | None) -> bool:
        with self._lock:
            return rate is not None and self._random.random() < rate
