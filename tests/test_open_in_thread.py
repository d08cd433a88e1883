"""What is opened in a worker thread for a task is closed, once, whenever the task is cancelled: while the
thread opens it, just as it is handed over, or before the thread starts (then it is not opened at all)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import anyio
import pytest

from metronome_async._core.threads import open_in_thread

GUARD = 30  # seconds: only ends a hung test, never a measure of anything


class Resource:
    def __init__(self, opened: list[Resource], before_return: Callable[[], None]) -> None:
        before_return()
        self.closes = 0
        opened.append(self)

    def close(self) -> None:
        self.closes += 1


async def _cancel_while_opening(cancel_from_thread: bool) -> list[Resource]:
    loop = asyncio.get_running_loop()
    opening, go_on = threading.Event(), threading.Event()
    task: asyncio.Task[Resource]
    opened: list[Resource] = []

    def hold() -> None:
        if cancel_from_thread:  # the cancellation comes as the open returns: the task may never see it
            loop.call_soon_threadsafe(task.cancel)
            return
        opening.set()
        go_on.wait(GUARD)

    task = asyncio.ensure_future(open_in_thread(Resource, opened, hold))
    if not cancel_from_thread:
        await asyncio.to_thread(opening.wait, GUARD)
        task.cancel()
        go_on.set()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, GUARD)
    return opened


@pytest.mark.parametrize("cancel_from_thread", [False, True], ids=["while-opening", "as-it-returns"])
async def test_cancelled_while_opening_closes_it_before_the_cancellation_is_raised(
    cancel_from_thread: bool,
) -> None:
    [resource] = await _cancel_while_opening(cancel_from_thread)
    assert resource.closes == 1


async def test_cancelled_before_the_thread_starts_opens_nothing() -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    busy, release = threading.Event(), threading.Event()
    tokens, limiter.total_tokens = limiter.total_tokens, 1
    opened: list[Resource] = []
    try:
        occupied = asyncio.ensure_future(anyio.to_thread.run_sync(lambda: (busy.set(), release.wait(GUARD))))
        await asyncio.to_thread(busy.wait, GUARD)
        task = asyncio.ensure_future(open_in_thread(Resource, opened, lambda: None))
        await anyio.wait_all_tasks_blocked()  # the task waits for a worker thread
        assert limiter.statistics().tasks_waiting == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, GUARD)
        release.set()
        await occupied
    finally:
        release.set()
        limiter.total_tokens = tokens
    assert opened == []


async def test_opened_and_received_is_left_open() -> None:
    opened: list[Resource] = []
    resource = await open_in_thread(Resource, opened, lambda: None)
    assert opened == [resource] and resource.closes == 0
