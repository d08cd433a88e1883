"""Opening something that must be closed (a journal and its lock, a database) in a worker thread, off the
event loop, without losing it when the awaiting task is cancelled meanwhile.

A worker thread cannot be stopped: cancelled while it opens (``Task.cancel``, Ctrl+C in the blocking
facade), the task stops waiting but the thread goes on and opens it anyway, for nobody. So the thread hands
what it opened over under a lock, and whichever of the two comes second (the thread having opened it, the task
giving up) closes it; the cancelled task still waits for the thread, so that once the cancellation is raised
nothing opened for it is left open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

import anyio

__all__ = ["open_in_thread"]


class Closable(Protocol):
    def close(self) -> None: ...


R = TypeVar("R", bound=Closable)


async def open_in_thread(open_resource: Callable[..., R], *args: object) -> R:
    """``open_resource(*args)``, run in a worker thread; closed again if this call is cancelled meanwhile."""
    handover = _Handover[R]()
    try:
        return await anyio.to_thread.run_sync(handover.open, open_resource, args)
    except BaseException:
        if handover.abandon():  # the thread is inside the open: wait for it to close what it opens
            with anyio.CancelScope(shield=True):  # a second Task.cancel stops only this wait
                await anyio.to_thread.run_sync(handover.settled.wait, limiter=anyio.CapacityLimiter(1))
        raise


class _Handover(Generic[R]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False
        self._abandoned = False
        self._opened: R | None = None  # opened, and not yet known to be received
        self.settled = threading.Event()  # the thread is done: what it opened is handed over or closed

    def open(self, open_resource: Callable[..., R], args: tuple[object, ...]) -> R:
        """In the worker thread."""
        with self._lock:
            if self._abandoned:  # cancelled before the thread started: nobody waits for its result
                raise RuntimeError("not opened: the task waiting for it was cancelled")
            self._started = True
        try:
            resource = open_resource(*args)
            with self._lock:
                abandoned = self._abandoned
                if not abandoned:
                    self._opened = resource
            if abandoned:
                resource.close()
            return resource
        finally:
            self.settled.set()

    def abandon(self) -> bool:
        """The task will not receive what is opened: close it if it is opened, else leave that to the thread.
        Whether the thread is still opening it."""
        with self._lock:
            self._abandoned = True
            opened, self._opened = self._opened, None
            opening = self._started and not self.settled.is_set()
        if opened is not None:
            opened.close()
        return opening
