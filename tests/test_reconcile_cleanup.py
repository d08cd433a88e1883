"""The temporary file of a reconciliation is deleted (its SQLite connection closed) when the plan is closed,
and when planning fails or is cancelled, even while the worker thread that loads the source is writing into
it; the source is not read further once the cancellation is done."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome

JOB = Path(__file__).with_name("reconcile_cancel_job.py")


@pytest.mark.parametrize("where", ["reading", "writing", "scope"])
def test_a_reconciliation_cancelled_while_it_loads_the_source(where: str) -> None:
    done = subprocess.run(
        [sys.executable, str(JOB), where], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout)
    assert printed["closed"], "the store is closed"
    assert printed["at_cancel"] < printed["items"], "the cancellation does not wait for the whole source"
    assert printed["given"] <= printed["at_cancel"] + 1, "the source is not read on after the cancellation"


def _temporary_files() -> set[str]:
    """The SQLite temporary files this process holds open (each deleted as soon as it is made, it lives
    until its connection is closed)."""
    held = set()
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            held.add(os.readlink(fd))
    return {path for path in held if "etilqs_" in path}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
async def test_the_temporary_file_is_gone_once_the_plan_is_closed_or_planning_fails(
    client: AsyncMetronome,
) -> None:
    before = _temporary_files()
    wide = [
        {"name": f"Customer {n}", "ingest_aliases": [f"customer-{n}-alias-{k}" for k in range(50)]}
        for n in range(2000)
    ]
    plan = await client.customers.reconcile(wide, owner="crm")
    assert _temporary_files() - before, "several times SQLite's page cache, the plan is on disk"
    plan.close()
    assert _temporary_files() - before == set()

    while_read: set[str] = set()

    def source() -> Iterator[dict[str, Any]]:
        yield from wide
        while_read.update(_temporary_files() - before)
        yield {"name": "no aliases"}

    with pytest.raises(ValueError, match=r"desired\[2000\]: ingest_aliases is required"):
        await client.customers.reconcile(source(), owner="crm")
    assert while_read and _temporary_files() - before == set()
