"""Fault injection: latency, rate limiting (429), server errors (500) and dropped connections.

Every random decision comes from one `random.Random(seed)`, so a seeded run repeats. `fault_paths` and
`fault_methods` narrow every fault to some requests; the others are answered normally and untouched by
them (no latency, no rate-limit token spent, no random number drawn).
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

from metronome_async._core import validate as check

from ._router import templates
from ._wire import ApiError, Reply

INTERNAL_ERROR = ApiError(500, "Internal server error").reply()


def _off_when_zero(value: float | None) -> float | None:
    """A number of 0 turns the fault off; anything else is left for the validator to judge."""
    is_zero = isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
    return None if is_zero else value


def _probability(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not 0 < check.number(attribute.name, value) <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """A finite number of 0 or more: a latency of NaN or infinity would hang every request, and a rate
    limit of NaN or infinity would be no limit at all."""
    if value is not None:
        check.number(attribute.name, value, minimum=0)


def _seed(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """A whole number: a float seed such as NaN hashes differently in each run, which repeats nothing."""
    if value is not None:
        check.number(attribute.name, value, whole=True)


HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


def _names(value: str | Collection[str] | None) -> frozenset[str] | None:
    """None (no restriction), or the set of names; a bare string is one name, an empty set is an error."""
    if value is None:
        return None
    names = frozenset([value] if isinstance(value, str) else value)
    if not names or not all(isinstance(name, str) for name in names):
        raise ValueError("must be None (every request) or a non-empty collection of strings")
    return names


def _paths(value: str | Collection[str] | None) -> frozenset[str] | None:
    try:
        paths = _names(value)
    except ValueError as error:
        raise ValueError(f"fault_paths {error}") from None
    for path in paths or ():
        if not path.startswith("/"):
            raise ValueError(f"fault_paths: {path!r} must start with '/', e.g. /v1/ingest")
        if not any(_segments_prefix(_segments(path), _segments(t), template=True) for t in templates()):
            raise ValueError(f"fault_paths: {path!r} is neither an endpoint of the fake nor a prefix of one")
    return paths


def _methods(value: str | Collection[str] | None) -> frozenset[str] | None:
    try:
        methods = _names(value)
    except ValueError as error:
        raise ValueError(f"fault_methods {error}") from None
    if methods is None:
        return None
    upper = frozenset(m.upper() for m in methods)
    unknown = sorted(upper - HTTP_METHODS)
    if unknown:
        raise ValueError(f"fault_methods: unknown HTTP method(s) {', '.join(unknown)}")
    return upper


def _segments(path: str) -> list[str]:
    return path.rstrip("/").split("/")


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _segments_prefix(prefix: list[str], path: list[str], *, template: bool = False) -> bool:
    """Is `prefix` the leading segments of `path`? With `template`, a `{name}` of `path` matches any
    segment (so a concrete `/v1/customers/abc` is under the template `/v1/customers/{customer_id}`)."""
    return len(prefix) <= len(path) and all(
        p == s or (template and _is_parameter(s) and not _is_parameter(p))
        for p, s in zip(prefix, path, strict=False)
    )


@attrs.frozen(kw_only=True)
class FaultSettings:
    """`None` or `0` turns a fault off."""

    rate_limit: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_non_negative)
    retry_after: bool = True
    error_rate: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_probability)
    disconnect_rate: float | None = attrs.field(
        default=None, converter=_off_when_zero, validator=_probability
    )
    latency: float | None = attrs.field(default=None, converter=_off_when_zero, validator=_non_negative)
    seed: int | None = attrs.field(default=None, validator=_seed)
    # Which requests the faults above apply to; None: all of them. A path is a route template
    # (/v1/customers/{customer_id}), a concrete path (/v1/customers/3f0c...), or a prefix of either by
    # whole segments (/v1/customFields covers /v1/customFields/addKey, ...). Methods match any case.
    fault_paths: frozenset[str] | None = attrs.field(default=None, converter=_paths)
    fault_methods: frozenset[str] | None = attrs.field(default=None, converter=_methods)

    def applies_to(self, method: str, path: str, route: str) -> bool:
        """Do the faults apply to this request (`route` is its template, "" when none matched)?"""
        if self.fault_methods is not None and method.upper() not in self.fault_methods:
            return False
        if self.fault_paths is None:
            return True
        concrete, template = _segments(path), _segments(route) if route else None
        return any(
            _segments_prefix(_segments(p), concrete)
            or (template is not None and _segments_prefix(_segments(p), template))
            for p in self.fault_paths
        )


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

    def applies_to(self, method: str, path: str, route: str) -> bool:
        return self._settings.applies_to(method, path, route)

    async def admit(self) -> Reply | None:
        """Before anything else: the latency, then the rate limit; a 429 reply if over the limit.
        Only for a request the faults apply to."""
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
        """Should this request (one the faults apply to) get a 500 instead of executing?"""
        return self._roll(self._settings.error_rate)

    def disconnect(self) -> bool:
        """Should the connection drop instead of carrying this (executed) request's answer?"""
        return self._roll(self._settings.disconnect_rate)

    def _roll(self, rate: float | None) -> bool:
        with self._lock:
            return rate is not None and self._random.random() < rate
