"""The `Idempotency-Key` store: one execution per key, the stored reply on replay, 409 on reuse."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

import attrs

from ._clock import Clock, ExpiringMap
from ._wire import ApiError, Reply, canonical_json

RETENTION_SECONDS = 24 * 3600.0  # Metronome keeps keys at least 24 hours


def fingerprint(method: str, path: str, query: Mapping[str, str], body: str) -> str:
    """What a key is bound to: the method, path, query and canonical JSON body of its first request."""
    return hashlib.sha256(canonical_json([method, path, sorted(query.items()), body]).encode()).hexdigest()


@attrs.frozen
class _Entry:
    fingerprint: str
    reply: Reply


class IdempotencyStore:
    """A request that executed stores its reply (2xx, and 5xx too: Metronome caches errors).
    A 4xx means it was rejected before executing: nothing is stored, a retry runs again."""

    def __init__(self, clock: Clock) -> None:
        self._entries: ExpiringMap[_Entry] = ExpiringMap(clock, RETENTION_SECONDS)

    def run(
        self, key: str | None, request_fingerprint: str, execute: Callable[[], Reply]
    ) -> tuple[Reply, bool]:
        """`execute()` once per key; returns the reply and whether it was replayed from the store."""
        if key is None:
            return execute(), False
        entry = self._entries.get(key)
        if entry is not None:
            if entry.fingerprint != request_fingerprint:
                message = "Idempotency-Key was already used with different request parameters"
                return ApiError(409, message).reply(), False
            return entry.reply, True
        reply = execute()
        if not 400 <= reply.status < 500:
            self._entries.put(key, _Entry(request_fingerprint, reply))
        return reply, False
