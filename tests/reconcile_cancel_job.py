"""A reconciliation cancelled while its worker thread loads the source, for test_reconcile_cleanup.py:
``python reconcile_cancel_job.py MODE``. MODE ``reading``: cancelled while the thread reads an item of the
source; ``writing``: while the thread writes a page into the store (inside an SQLite statement, held there a
moment); ``scope``: as ``reading``, by an anyio cancel scope rather than ``Task.cancel``.

Prints, as JSON: how many items the source has, how many it gave when the cancellation was done, how many
in all once the thread stopped, and whether the store was closed."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import anyio

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows import reconcile
from metronome_async.workflows.provision import ProvisionSpec
from metronome_async.workflows.reconcile_store import Store

PAGE = Store.PAGE
ITEMS = 3 * PAGE
busy = threading.Event()  # the thread is where the cancellation is to find it
cancelled = threading.Event()
closing = threading.Event()
stopped = threading.Event()  # the worker thread is done with the source
stores: list[Store] = []


class HeldStore(Store):
    """A store whose second page of desired items is held inside its SQLite statement for a moment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stores.append(self)

    def add_desired(self, items: Sequence[tuple[int, ProvisionSpec, bool]]) -> None:
        if sys.argv[1] == "writing" and items and items[0][0] == PAGE:
            self._db.set_progress_handler(self._hold, 1000)
        super().add_desired(items)

    def _hold(self) -> int:
        self._db.set_progress_handler(None, 0)
        busy.set()
        closing.wait(5)
        time.sleep(0.1)  # the closing goes on meanwhile, in the event loop's thread
        return 0

    def close(self) -> None:
        closing.set()
        super().close()


def source(given: list[int]) -> Iterator[dict[str, Any]]:
    for n in range(ITEMS):
        if sys.argv[1] in ("reading", "scope") and n == PAGE + 100:
            busy.set()
            cancelled.wait(5)
        given.append(n)
        yield {"name": f"Customer {n}", "ingest_aliases": [f"c{n}"]}


def observed(load: Callable[..., None]) -> Callable[..., None]:
    def loading(*args: Any) -> None:
        try:
            load(*args)
        finally:
            stopped.set()

    return loading


async def main() -> None:
    reconcile.Store = HeldStore  # type: ignore[misc]
    reconcile._load = observed(reconcile._load)
    given: list[int] = []
    async with FakeMetronome() as fake, AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        if sys.argv[1] == "scope":  # anyio's cancellation (a deadline, a task group), not asyncio's
            async with anyio.create_task_group() as group:
                group.start_soon(functools.partial(client.customers.reconcile, source(given), owner="crm"))
                await anyio.to_thread.run_sync(busy.wait, 10)
                group.cancel_scope.cancel()
        else:
            task = asyncio.ensure_future(client.customers.reconcile(source(given), owner="crm"))
            await asyncio.to_thread(busy.wait, 10)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        at_cancel = len(given)
        cancelled.set()
        stopped.wait(10)
        try:
            stores[0]._db.execute("SELECT 1")
            closed = False
        except sqlite3.ProgrammingError:
            closed = True
        print(json.dumps({"items": ITEMS, "at_cancel": at_cancel, "given": len(given), "closed": closed}))


asyncio.run(main())
