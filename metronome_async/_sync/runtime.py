"""What the blocking facade runs on: one event-loop thread per client, through an anyio blocking portal.

A new event loop per call would throw away aiohttp's session and its keep-alive connections, so each
``Metronome`` owns one long-lived loop thread, started on first use and stopped by ``close()``.
"""

from __future__ import annotations

import asyncio
import os
import threading
import warnings
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from metronome_async._client import AsyncMetronome
from metronome_async.pagination import AsyncPager, Page

__all__ = ["LoopThread", "SyncClientBase", "SyncPager"]

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="SyncClientBase")


class LoopThread:
    """Runs coroutines on a private event-loop thread and waits for them, from any number of threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._portal: BlockingPortal | None = None
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread_id: int | None = None
        self._closed = False

    def call(self, function: Callable[..., Coroutine[Any, Any, T]], /, *args: Any, **kwargs: Any) -> T:
        self._check_usable()
        loop = self._loop or self._start()
        if threading.get_ident() == self._loop_thread_id:
            raise RuntimeError(
                "a Metronome client was called from its own event-loop thread (for example from an async "
                "callback it runs); use AsyncMetronome with await there"
            )
        # The portal starts and stops the thread; calls go straight to its loop, at half the portal's cost.
        future = asyncio.run_coroutine_threadsafe(function(*args, **kwargs), loop)
        try:
            return future.result()
        except BaseException:  # Ctrl+C while waiting: do not leave the call running on the loop
            future.cancel()
            raise

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            self._check_usable()
            if self._portal is None:
                self._portal_cm = start_blocking_portal(backend="asyncio")
                portal = self._portal_cm.__enter__()
                self._loop_thread_id = portal.call(threading.get_ident)
                self._loop = portal.call(asyncio.get_running_loop)
                self._portal = portal
            assert self._loop is not None
            return self._loop

    def _check_usable(self) -> None:
        if os.getpid() != self._pid:
            raise RuntimeError(
                "this Metronome client was created before fork(); create a new client in the child process"
            )
        if self._closed:
            raise RuntimeError("this Metronome client is closed")

    @property
    def started(self) -> bool:
        return self._portal is not None and not self._closed

    def stop(self, cleanup: Callable[[], Awaitable[None]]) -> None:
        """Run ``cleanup`` on the loop, then stop the loop thread. Harmless if never started or stopped."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            portal, cm = self._portal, self._portal_cm
            self._portal = self._portal_cm = None
            self._loop = None
        if portal is None or cm is None or os.getpid() != self._pid:
            return  # never started, or a forked child: the loop thread is not ours to stop
        try:
            portal.call(cleanup)
        finally:
            cm.__exit__(None, None, None)


class SyncPager(Generic[T]):
    """A listing for blocking code: ``for item in pager`` streams the items, ``pager.pages()`` the pages."""

    def __init__(self, pager: AsyncPager[T], loop: LoopThread) -> None:
        self._pager = pager
        self._loop = loop

    def pages(self) -> Iterator[Page[T]]:
        pages = self._pager.pages()
        try:
            while (page := self._loop.call(_next_or_none, pages)) is not None:
                yield page
        finally:
            if self._loop.started:
                self._loop.call(_close, pages)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.data

    def to_list(self) -> list[T]:
        return list(self)


async def _next_or_none(pages: AsyncIterator[Page[T]]) -> Page[T] | None:
    return await anext(pages, None)


async def _close(pages: AsyncGenerator[Page[T], None]) -> None:
    await pages.aclose()


class SyncClientBase:
    """Lifetime of a blocking client: ``with``, ``close()``, and a warning if it is never closed."""

    _async: AsyncMetronome
    _loop: LoopThread

    def close(self) -> None:
        """Close the HTTP session and stop the loop thread; harmless if never used or already closed."""
        self._loop.stop(self._async.close)

    def __enter__(self: ClientT) -> ClientT:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        loop = getattr(self, "_loop", None)
        if loop is not None and loop.started:
            warnings.warn(
                "a Metronome client was not closed; call close() or use it in a with block",
                ResourceWarning,
                stacklevel=2,
            )

    def __repr__(self) -> str:
        return f"Metronome(base_url={self._async.base_url!r}, api_key=<hidden>)"
