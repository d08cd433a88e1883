"""When to retry and how long to wait: the only module that uses ``backoff``.

``set_testing(True)`` makes every wait instant, for tests: the retries still happen, as many as configured,
and a server hint above the cap still raises at once; only the sleeping between tries is skipped.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Generator
from types import TracebackType
from typing import Any, TypeVar

import backoff

from metronome_async.errors import MAX_RETRY_AFTER, APIConnectionError, APIStatusError, retry_after_seconds

__all__ = ["MAX_RETRY_AFTER", "is_testing", "retry_after_seconds", "set_testing", "with_retries"]

logger = logging.getLogger("metronome_async")

T = TypeVar("T")

BASE_DELAY = 0.5
MAX_DELAY = 8.0
_RETRYABLE_STATUS = frozenset({408, 429})

_testing = False


def is_testing() -> bool:
    """Are retry waits instant (see ``set_testing``)?"""
    return _testing


class _Restore:
    """What ``set_testing`` returns: leaving its ``with`` block restores the setting from before the call."""

    def __init__(self, previous: bool) -> None:
        self._previous = previous

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        global _testing
        _testing = self._previous


def set_testing(testing: bool = True) -> _Restore:
    """Make the waits between retries instant (``True``) or real again (``False``), for every client of this
    process, until changed again; retries are still made and counted as configured.

    Call it as a statement (``set_testing(True)``) or use it as a context manager, which restores the previous
    setting on exit: ``with set_testing(): ...``. Idempotent.
    """
    global _testing
    previous, _testing = _testing, bool(testing)
    return _Restore(previous)


def is_retryable(error: Exception) -> bool:
    """Connection failures, timeouts, 408, 429 and 5xx; never 409 or another 4xx, nor a keyed POST's 500,
    nor an answer that asks for a wait longer than ``MAX_RETRY_AFTER``."""
    if isinstance(error, APIConnectionError):
        return True
    if not isinstance(error, APIStatusError):
        return False
    if (retry_after_seconds(error.headers) or 0.0) > MAX_RETRY_AFTER:
        return False
    should_retry = error.headers.get("x-should-retry")
    if should_retry in ("true", "false"):
        return should_retry == "true"
    if error.status_code == 500 and error.idempotency_key is not None:
        return False  # Metronome stores a 500 under its Idempotency-Key: the same key only gets it again
    return error.status_code in _RETRYABLE_STATUS or error.status_code >= 500


def _delays() -> Generator[float, Exception | None, None]:
    """Exponential backoff with full jitter, unless the server said how long to wait; none in testing mode."""
    attempt = 0
    error = yield 0.0
    while True:
        hinted = retry_after_seconds(error.headers) if isinstance(error, APIStatusError) else None
        if _testing:
            error = yield 0.0
        elif hinted is not None:
            error = yield hinted
        else:
            error = yield random.uniform(0.0, min(MAX_DELAY, BASE_DELAY * 2**attempt))
        attempt += 1


def _log_retry(details: Any) -> None:
    error = details.get("exception")
    logger.debug(
        "retrying %s after attempt %d in %.2fs: %s",
        getattr(error, "path", "?"),
        details["tries"],
        details["wait"],
        error,
    )


def with_retries(attempt: Callable[..., Awaitable[T]], max_retries: int) -> Callable[..., Awaitable[T]]:
    """``attempt`` retried on retryable errors, up to ``max_retries`` more times, sleeping between tries.

    The first try is a plain call: the happy path pays nothing for retries. Its failure is handed to backoff,
    which counts it, waits, and drives the tries that follow.
    """

    async def replay_then_attempt(first_error: list[Exception], *args: Any) -> T:
        if first_error:
            raise first_error.pop()  # the failure the plain call already had: backoff waits and counts it
        return await attempt(*args)

    retrying: Callable[..., Awaitable[T]] = backoff.on_exception(
        _delays,
        (APIConnectionError, APIStatusError),
        max_tries=max_retries + 1,
        giveup=lambda error: not is_retryable(error),
        jitter=None,
        on_backoff=_log_retry,
        logger=None,
    )(replay_then_attempt)

    async def call(*args: Any) -> T:
        try:
            return await attempt(*args)
        except (APIConnectionError, APIStatusError) as error:
            if max_retries == 0 or not is_retryable(error):
                raise
            return await retrying([error], *args)

    return call
