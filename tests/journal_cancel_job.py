"""A bulk job cancelled while its worker thread opens the journal, for test_journal_cancel.py:
``python journal_cancel_job.py JOB HOW JOURNAL``. JOB is ``provision_many`` or ``apply_plan``; HOW is
``task`` (``Task.cancel``), ``scope`` (an anyio cancel scope) or ``interrupt`` (Ctrl+C in a call of the
blocking client). The thread is held inside the open, the journal's lock taken, until the cancellation is
done.

Prints, as JSON: whether the call raised its cancellation, the descriptors of the journal file this process
still held once it had (none expected), and what the same job with the same journal then gave."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows import journal as journal_module

JOB, HOW, PATH = sys.argv[1], sys.argv[2], Path(sys.argv[3])
ITEMS = [{"name": f"Customer {n}", "ingest_aliases": [f"c{n}"]} for n in range(3)]
opening = threading.Event()  # the thread holds the journal's lock, inside the open
cancelled = threading.Event()
held_once = False
take_lock = journal_module._lock


def held_lock(path: Path) -> int:
    """The journal's lock; the first time, held there until the cancellation is done."""
    global held_once
    descriptor = take_lock(path)
    if not held_once:
        held_once = True
        opening.set()
        if HOW == "interrupt":  # Ctrl+C: the handler runs in the main thread, which drives the loop
            os.kill(os.getpid(), signal.SIGINT)
        cancelled.wait(10)
    return descriptor


def interrupted(*_: object) -> None:
    cancelled.set()
    raise KeyboardInterrupt


def journal_descriptors() -> list[str]:
    held = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(PATH)):
                held.append(target)
    return held


async def cancel_while_opening(job: Callable[[], Awaitable[Any]]) -> bool:
    """Whether the job, cancelled, raised its cancellation."""
    if HOW == "scope":  # anyio's cancellation (a deadline, a task group), not asyncio's
        raised = False

        async def run() -> None:
            nonlocal raised
            try:
                await job()
            except anyio.get_cancelled_exc_class():
                raised = True
                raise

        async with anyio.create_task_group() as group:
            group.start_soon(run)
            await anyio.to_thread.run_sync(opening.wait, 10)
            group.cancel_scope.cancel()
            cancelled.set()
        return raised
    task = asyncio.ensure_future(job())
    await asyncio.to_thread(opening.wait, 10)
    task.cancel()
    cancelled.set()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return task.cancelled()


def outcome(report: Any) -> dict[str, Any]:
    if isinstance(report, Exception):
        return {"error": f"{type(report).__name__}: {report}"}
    return {"ok": report.ok, "counts": report.counts}


async def main() -> None:
    async with FakeMetronome() as fake, AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        customers = client.customers

        async def run() -> Any:
            if JOB == "provision_many":
                return await customers.provision_many(ITEMS, journal=PATH)
            plan = await customers.reconcile(ITEMS, owner="crm")
            with contextlib.closing(plan):
                return await customers.apply_plan(plan, journal=PATH)

        raised = await cancel_while_opening(run)
        left_open = journal_descriptors()
        try:
            again = await run()
        except Exception as exc:  # printed for the test
            again = exc
        print(json.dumps({"raised": raised, "left_open": left_open, "rerun": outcome(again)}))


def blocking() -> None:
    signal.signal(signal.SIGINT, interrupted)
    with FakeMetronome() as fake, Metronome(api_key=fake.api_key, base_url=fake.url) as client:
        customers = client.customers

        def run() -> Any:
            if JOB == "provision_many":
                return customers.provision_many(ITEMS, journal=PATH)
            with contextlib.closing(customers.reconcile(ITEMS, owner="crm")) as plan:
                return customers.apply_plan(plan, journal=PATH)

        try:
            run()
            raised = False
        except KeyboardInterrupt:
            raised = True
        left_open = journal_descriptors()
        try:
            again = run()
        except Exception as exc:  # printed for the test
            again = exc
        print(json.dumps({"raised": raised, "left_open": left_open, "rerun": outcome(again)}))


journal_module._lock = held_lock  # type: ignore[assignment]
if HOW == "interrupt":
    blocking()
else:
    asyncio.run(main())
