"""The pool of request slots: at most N attempts in flight, the rest waiting in arrival order.

``asyncio.Semaphore`` does the same but scans its waiters on every acquire (Python 3.11), which shows when
more callers than slots share a client; here a freed slot goes straight to the first waiter, and taking a
free slot costs a comparison.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from types import TracebackType

__all__ = ["Slots"]


class Slots:
    """``async with slots:`` holds one of ``size`` slots; waiters are served first come, first served."""

    __slots__ = ("_free", "_waiters", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = size
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def __aenter__(self) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter  # resolved by a release that hands its slot over
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release()  # the slot came with the cancellation: pass it on
            else:
                with contextlib.suppress(ValueError):  # already dropped by a release
                    self._waiters.remove(waiter)
            raise

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._release()

    def _release(self) -> None:
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1

    @property
    def free(self) -> int:
        """Slots not held and not handed to a waiter."""
        return self._free
