"""The retry loop, and its two decisions: whether to retry an outcome (``is_retryable``) and how long to
wait first (``retry_wait``). The only module that uses ``backoff``: its exponential bounds and its jitter.

``set_testing(True)`` makes every wait instant, for tests: the retries still happen, as many as configured,
and a server hint above the cap still raises at once; only the sleeping between tries is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, TypeVar

import backoff

from metronome_async.errors import MAX_RETRY_AFTER, APIConnectionError, APIStatusError, retry_after_seconds

__all__ = [
    "MAX_RETRY_AFTER",
    "backoff_ceilings",
    "is_retryable",
    "is_testing",
    "retry_after_seconds",
    "retry_wait",
    "set_testing",
    "with_retries",
]

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


def backoff_ceilings() -> Iterator[float]:
    """The bounds of the waits before retry 1, 2, ...: 0.5 s doubling up to 8 s, then 8 s each."""
    ceilings: Iterator[float] = backoff.expo(factor=BASE_DELAY, max_value=MAX_DELAY)
    next(ceilings)  # backoff's generators start with a priming step
    return ceilings


def retry_wait(error: Exception, ceiling: float) -> float:
    """Seconds to sleep before retrying after ``error``: none in testing mode, the server's hint if it gave
    one (``is_retryable`` refused any above ``MAX_RETRY_AFTER``), else full jitter below ``ceiling``, the
    exponential backoff's bound for this retry."""
    if _testing:
        return 0.0
    hinted = retry_after_seconds(error.headers) if isinstance(error, APIStatusError) else None
    return hinted if hinted is not None else float(backoff.full_jitter(ceiling))


async def with_retries(attempt: Callable[..., Awaitable[T]], max_retries: int, *args: Any) -> T:
    """``attempt(number, *args)`` for number 1, 2, ... until it returns, raises an error that is not
    retryable, or has been retried ``max_retries`` times; its error is then raised as it came.

    Between tries it sleeps, holding nothing (``attempt`` takes its pool slot itself). The first try pays
    nothing for retries: the backoff bounds are made on the first failure.
    """
    number = 1
    ceilings: Iterator[float] | None = None
    while True:
        try:
            return await attempt(number, *args)
        except (APIConnectionError, APIStatusError) as error:
            if number > max_retries or not is_retryable(error):
                raise
            if ceilings is None:
                ceilings = backoff_ceilings()
            wait = retry_wait(error, next(ceilings))
            _log_retry(error, number, max_retries + 1, wait)
        await asyncio.sleep(wait)  # outside the except block: a cancelled sleep carries no error along
        number += 1


def _log_retry(error: APIConnectionError | APIStatusError, number: int, tries: int, wait: float) -> None:
    """One INFO line per retry: the call, the attempt, why (a status, or the kind of connection failure) and
    the wait; never the headers, the key, or the server's message."""
    why = f"status {error.status_code}" if isinstance(error, APIStatusError) else type(error).__name__
    message = "%s %s: attempt %d of %d failed (%s); retrying in %.2fs"
    logger.info(message, error.method, error.path, number, tries, why, wait)
