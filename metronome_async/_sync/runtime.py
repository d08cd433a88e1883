"""What the blocking facade runs on: one long-lived event loop per client, run by the threads that call it.

A new event loop per call would throw away aiohttp's session and its keep-alive connections, so each
``Metronome`` keeps one loop for its lifetime. No thread owns it: a blocking call runs the loop in the calling
thread until its coroutine is done, which costs no thread hop and leaves no thread behind to hang the
interpreter at exit. While one thread runs the loop, calls from other threads are handed to that loop and
wait; if the running thread's own call ends first, a helper thread (started the first time it is needed,
parked when idle) keeps the loop going until they are done.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import select
import selectors
import socket
import threading
import time
import warnings
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import Future
from types import TracebackType
from typing import Any, Generic, TypeVar

from metronome_async._client import AsyncMetronome
from metronome_async._core.caller import warn_at_caller
from metronome_async._core.requester import NOT_COPYABLE
from metronome_async.pagination import AsyncPager, Page

__all__ = ["LoopThread", "SyncClientBase", "SyncPager"]

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="SyncClientBase")

# After this long without anyone running the loop, a call first lets the loop read what arrived meanwhile
# (a server closing an idle keep-alive connection), so it does not pick that connection from the pool.
IDLE_SECONDS = 0.05
HELPER = "Metronome loop"  # the helper thread's name
UNCLOSED = "a Metronome client was not closed; call close() or use it in a with block"
EXIT_CLOSE_SECONDS = 1.0  # at exit, how long closing a forgotten client may take (a TLS goodbye unanswered)


class LoopThread:
    """The event loop behind one blocking client, safe to call from any number of threads at once.
    ``cleanup`` closes what runs on it (the client's HTTP session): ``stop`` runs it, then closes the loop."""

    def __init__(self, cleanup: Callable[[], Awaitable[None]]) -> None:
        self._cleanup = cleanup
        self._lock = threading.Lock()  # guards the fields below; never held while the loop runs
        self._pid = os.getpid()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._busy = False  # some thread is running the loop, or is about to
        self._serving = False  # ... and it is a helper thread, which stops when nothing is pending
        self._pending = 0  # calls handed to the loop by threads that wait for them
        self._idle_since = 0.0
        self._closed = False  # close() was called: no new calls
        self._shut = False  # the session is closed too: the loop closes once nothing runs on it
        self._helper: threading.Thread | None = None
        self._wake = threading.Event()  # the helper has calls to serve, or the loop is closed

    def __reduce__(self) -> Any:
        raise TypeError(NOT_COPYABLE)

    def call(self, function: Callable[..., Coroutine[Any, Any, T]], /, *args: Any, **kwargs: Any) -> T:
        """Run ``function(*args, **kwargs)`` on the loop and return its result, from any thread."""
        self._check_usable()
        return self._run(function, args, kwargs)

    def _run(self, function: Callable[..., Coroutine[Any, Any, T]], args: Any, kwargs: Any) -> T:
        running = asyncio._get_running_loop()
        if running is not None:
            if running is self._loop:
                raise RuntimeError(
                    "a blocking Metronome call was made from inside its own event loop (for example from a "
                    "callback of a call in progress); use AsyncMetronome with await there"
                )
            warn_at_caller(
                "a blocking Metronome call was made inside a running event loop, which is frozen until the "
                "call returns (a server or task on that loop cannot answer meanwhile); use AsyncMetronome "
                "with await, or asyncio.to_thread()",
                RuntimeWarning,
            )
        coroutine = function(*args, **kwargs)
        with self._lock:
            if self._shut:
                coroutine.close()
                raise RuntimeError("this Metronome client is closed")
            loop = self._loop or self._new_loop()
            drive = running is None and not self._busy
            start_helper = not (drive or self._busy)
            self._busy = True
            if not drive:
                self._pending += 1
                self._serving = self._serving or start_helper
        if drive:
            return self._drive(loop, coroutine)
        future: Future[T] = Future()
        tasks: list[asyncio.Task[T]] = []
        loop.call_soon_threadsafe(self._start, loop, coroutine, future, tasks)
        if start_helper:
            self._start_helper(loop)
        try:
            return future.result()
        except BaseException:  # Ctrl+C while waiting: do not leave the call running on the loop
            loop.call_soon_threadsafe(_cancel, tasks)
            raise

    def _new_loop(self) -> asyncio.AbstractEventLoop:
        self._loop = asyncio.new_event_loop()
        self._loop.set_exception_handler(_report)
        self._idle_since = time.monotonic()
        _LOOPS.add(self._loop)
        _STARTED.add(self)
        return self._loop

    def _drive(self, loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run the loop in this thread until ``coroutine`` is done: the common case, one thread calling."""
        try:
            try:
                if time.monotonic() - self._idle_since > IDLE_SECONDS:
                    loop.run_until_complete(_catch_up())
                task = loop.create_task(coroutine)
            except BaseException:
                coroutine.close()
                raise
            try:
                return loop.run_until_complete(task)
            except BaseException:  # interrupted (Ctrl+C): cancel the call and let it unwind
                if not task.done():
                    task.cancel()
                    with contextlib.suppress(Exception, asyncio.CancelledError):
                        loop.run_until_complete(task)
                raise
        finally:
            self._release(loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        """This thread stops running the loop: hand it to a helper if other calls still need it."""
        with self._lock:
            helper = self._pending > 0
            self._serving = self._busy = helper
            self._idle_since = time.monotonic()
            close = self._shut and not helper
        if helper:
            self._start_helper(loop)
        elif close:
            loop.close()

    def _start_helper(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wake the helper thread (started the first time it is needed) to serve the calls handed over."""
        if self._helper is None:
            self._helper = threading.Thread(
                target=self._help, args=(loop,), name="Metronome loop", daemon=True
            )
            self._helper.start()
        self._wake.set()

    def _help(self, loop: asyncio.AbstractEventLoop) -> None:
        """The helper thread: parked until handed-over calls need the loop; it ends when the loop closes."""
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                serve, shut = self._serving, self._shut
            if serve:
                shut = self._serve(loop)
            if shut:
                return

    def _serve(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Run the loop until no handed-over call is pending; close it (returning True) if the client is."""
        while True:
            # Stopped by ``_done`` when the last pending call ends. A SystemExit raised by a call stops it
            # too: its task carries it to the thread waiting for it, and the loop goes on for the others.
            with contextlib.suppress(BaseException):
                loop.run_forever()
            with self._lock:
                if self._pending == 0:
                    self._serving = self._busy = False
                    self._idle_since = time.monotonic()
                    close = self._shut
                    break
        if close:
            loop.close()
        return close

    def _start(
        self,
        loop: asyncio.AbstractEventLoop,
        coroutine: Coroutine[Any, Any, T],
        future: Future[T],
        tasks: list[asyncio.Task[T]],
    ) -> None:
        """On the loop: start a call handed over by a waiting thread."""
        task = loop.create_task(coroutine)
        tasks.append(task)
        task.add_done_callback(lambda done: self._done(loop, done, future))

    def _done(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[T], future: Future[T]) -> None:
        with self._lock:
            self._pending -= 1
            if self._pending == 0 and self._serving:
                loop.stop()
        if task.cancelled():
            future.cancel()
        elif (error := task.exception()) is not None:
            future.set_exception(error)
        else:
            future.set_result(task.result())

    def _check_usable(self) -> None:
        if os.getpid() != self._pid:
            raise RuntimeError(
                "this Metronome client was created before fork(); create a new client in the child process"
            )
        if self._closed:
            raise RuntimeError("this Metronome client is closed")

    @property
    def started(self) -> bool:
        """Whether this process has used the client and not closed it yet."""
        return self._loop is not None and not self._closed and os.getpid() == self._pid

    def stop(self, timeout: float | None = None) -> None:
        """Run the cleanup on the loop (for ``timeout`` seconds at most, if given), then close the loop.
        Harmless if never started or stopped.

        In a forked child it only marks the client closed: the loop and its connections are the parent's."""
        if os.getpid() != self._pid:  # a lock held at fork() time would never be released here
            self._closed = True
            return
        with self._lock:
            if self._closed:
                return
            self._closed = True
            started = self._loop is not None
            self._shut = not started
        if not started:
            return
        try:
            self._run(_awaited, (self._cleanup, timeout), {})
        finally:
            with self._lock:
                self._shut = True
                loop, close = self._loop, not self._busy
            if close and loop is not None:
                loop.close()  # otherwise the thread running it closes it when it is done
                self._wake.set()  # a parked helper thread ends

    def close_forgotten(self) -> None:
        """At interpreter exit, a client never closed: warn, as a collected one does, then close it while
        the interpreter can still run its loop, rather than leave aiohttp and asyncio to report its session,
        connections and loop one by one. Left alone if a thread is running its loop, or after ``fork()``."""
        if os.getpid() != self._pid or asyncio._get_running_loop() is not None:
            return
        with self._lock:
            if self._closed or self._busy or self._loop is None:
                return
        # No line of code to show, as none made the mistake: the line __del__ gives at exit, "sys:1".
        warnings.warn_explicit(UNCLOSED, ResourceWarning, "sys", 1)
        self.stop(timeout=EXIT_CLOSE_SECONDS)


def _cancel(tasks: list[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()


async def _awaited(function: Callable[[], Awaitable[None]], timeout: float | None) -> None:
    """``function()`` awaited, and given up after ``timeout`` seconds if a timeout is given."""
    if timeout is None:
        await function()
        return
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(function(), timeout)


def _report(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The exception handler of every client's loop: asyncio's, less aiohttp's report of a session or pool
    left open, which says again, on stderr, what the client's own ResourceWarning says."""
    if context.get("message") not in ("Unclosed client session", "Unclosed connector"):
        loop.default_exception_handler(context)


# Every client whose loop was started, so that the ones still open at exit are closed (see close_forgotten).
_STARTED: weakref.WeakSet[LoopThread] = weakref.WeakSet()


@atexit.register
def _close_forgotten() -> None:
    for loop in list(_STARTED):
        loop.close_forgotten()


async def _catch_up() -> None:
    # Two turns of the loop: one to read the sockets, one to run what reading them scheduled.
    await asyncio.sleep(0)
    await asyncio.sleep(0)


# Every client's loop, so that a forked child can cut its copies off from the parent's (see below).
_LOOPS: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


def _sever_inherited_loops() -> None:
    """In a child just forked: point the child's copies of each loop's descriptors at dead ones.

    The child shares the parent's epoll instance and sockets. Without this, the child closing or dropping an
    inherited client (or the garbage collector doing it at exit) would unregister the parent's sockets from
    the parent's epoll, or send a TLS close on the parent's connections. Nothing is closed or sent here."""
    for loop in list(_LOOPS):
        selector = getattr(loop, "_selector", None)  # asyncio's selector loops; others are left alone
        if not isinstance(selector, selectors.BaseSelector):
            continue
        with socket.socket(socket.AF_UNIX) as dead:
            for key in list(selector.get_map().values()):
                os.dup2(dead.fileno(), key.fd, inheritable=False)
        if isinstance(selector, selectors.EpollSelector):
            with select.epoll() as private:
                os.dup2(private.fileno(), selector.fileno(), inheritable=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_sever_inherited_loops)


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
        """Close the HTTP session and the event loop; harmless if never used or already closed."""
        self._loop.stop()

    def __enter__(self: ClientT) -> ClientT:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        loop = getattr(self, "_loop", None)
        if loop is not None and loop.started:
            warnings.warn(UNCLOSED, ResourceWarning, stacklevel=2)

    def __repr__(self) -> str:
        return f"Metronome(base_url={self._async.base_url!r}, api_key=<hidden>)"
