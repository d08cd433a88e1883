"""A blocking client that is never closed: the script exits at once, printing nothing on stderr, and one
``ResourceWarning`` line under ``-X dev`` (not aiohttp's and asyncio's reports of the session, the pool, the
connections and the loop). Each script runs in a fresh interpreter, with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from metronome_async.testing import FakeMetronome

WARNING = "sys:1: ResourceWarning: a Metronome client was not closed; call close() or use it in a with block"

ONE_CALL = """
import sys
from metronome_async import Metronome

client = Metronome()  # METRONOME_API_KEY and METRONOME_BASE_URL, as a cron job would set them
client.customers.create(name="Nightly")
if sys.argv[1] == "listing":
    next(iter(client.customers.list(limit=1)))  # a listing left half-read, too
if sys.argv[1] == "exception":
    raise ValueError("the script failed")
if sys.argv[1] == "exit":
    raise SystemExit(3)
"""

DROPPED = """
import gc, sys
from metronome_async import Metronome

def nightly():
    client = Metronome()
    client.customers.create(name="Nightly")

nightly()
gc.collect()
print("collected", file=sys.stderr)
"""


def _run(fake: FakeMetronome, script: str, *arguments: str, dev: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "METRONOME_API_KEY": fake.api_key, "METRONOME_BASE_URL": fake.url}
    env.pop("PYTHONWARNINGS", None)
    env.pop("PYTHONDEVMODE", None)
    flags = ["-X", "dev"] if dev else []
    return subprocess.run(
        [sys.executable, *flags, "-c", script, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("dev", [False, True], ids=["plain", "dev"])
@pytest.mark.parametrize(("ending", "code"), [("end", 0), ("listing", 0), ("exception", 1), ("exit", 3)])
def test_a_script_that_never_closes_its_client_prints_one_warning_at_most(
    thread_fake: FakeMetronome, ending: str, code: int, dev: bool
) -> None:
    done = _run(thread_fake, ONE_CALL, ending, dev=dev)
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    if ending == "exception":
        assert lines[-1 - dev] == "ValueError: the script failed", done.stderr
        lines = lines[len(lines) - dev :]  # after the traceback
    assert lines == ([WARNING] if dev else []), done.stderr
    assert thread_fake.count("POST", "/v1/customers") == 1


def test_a_client_dropped_before_the_end_prints_nothing(thread_fake: FakeMetronome) -> None:
    done = _run(thread_fake, DROPPED, dev=False)
    assert (done.returncode, done.stderr) == (0, "collected\n")


ASYNC = """
import asyncio, sys
from metronome_async import AsyncMetronome

async def main():
    client = AsyncMetronome()
    await client.customers.create(name="Nightly")
    if sys.argv[1] == "closed":
        await client.close()

asyncio.run(main())
"""


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "open"])
def test_an_async_client_left_open_is_reported_as_any_aiohttp_session(
    thread_fake: FakeMetronome, closed: bool
) -> None:
    """What the README says of AsyncMetronome: it runs on the caller's loop, gone before it could close."""
    done = _run(thread_fake, ASYNC, "closed" if closed else "open", dev=False)
    assert done.returncode == 0, done.stderr
    assert ("Unclosed connector" in done.stderr) is not closed, done.stderr
    assert thread_fake.api_key not in done.stderr
