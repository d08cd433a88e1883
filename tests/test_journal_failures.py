"""A journal that cannot be written stops the job at once with a JournalError naming the file, and a rerun
once the disk is fixed finishes exactly once; a journal held by another running job is refused before
anything is sent. The full disk is real: the job runs in a subprocess whose file-size limit (RLIMIT_FSIZE)
stops the journal from growing."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome, MetronomeError
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.journal import Journal, JournalError

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)

FULL_DISK_JOB = textwrap.dedent(
    """
    import asyncio, json, resource, signal, sys
    from metronome_async import AsyncMetronome
    from metronome_async.workflows.journal import JournalError

    url, key, journal, rate_card_id = sys.argv[1:]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))
    items = [
        {"name": f"c {n}", "ingest_aliases": [f"c-{n}"],
         "contract": {"rate_card_id": rate_card_id, "starting_at": "2025-01-01T00:00:00Z"}}
        for n in range(100)
    ]

    async def main() -> None:
        async with AsyncMetronome(api_key=key, base_url=url, max_concurrency=4) as client:
            try:
                await client.customers.provision_many(items, journal=journal)
            except JournalError as error:
                print(json.dumps({"error": str(error), "path": error.path, "started": error.started}))
                return
            print(json.dumps({"error": None}))

    asyncio.run(main())
    """
)


def _items(count: int, rate_card_id: str) -> list[dict[str, Any]]:
    return [
        {
            "name": f"c {n}",
            "ingest_aliases": [f"c-{n}"],
            "contract": {"rate_card_id": rate_card_id, "starting_at": JAN},
        }
        for n in range(count)
    ]


async def test_a_journal_that_cannot_be_written_stops_the_job_and_a_rerun_finishes_exactly_once(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "job.journal"
    async with FakeMetronome() as fake:
        rate_card_id = fake.create_rate_card(name="Standard")
        job = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            FULL_DISK_JOB,
            fake.url,
            fake.api_key,
            str(journal),
            rate_card_id,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(job.communicate(), timeout=60)
        assert job.returncode == 0, err.decode()
        result = __import__("json").loads(out.decode().strip().splitlines()[-1])
        assert result["error"] is not None, "the job went on without its journal"
        assert result["path"] == str(journal) and result["started"]
        assert str(journal) in result["error"] and "run the job again" in result["error"]
        made = len(fake.customers())
        assert made < 50, f"the job kept writing to Metronome after its journal failed: {made} customers"

        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            report = await client.customers.provision_many(_items(100, rate_card_id), journal=journal)
        assert report.ok and report.total == 100, report
        customers = fake.customers()
        assert len(customers) == 100
        assert all(len(fake.contracts(c["id"])) == 1 for c in customers), "exactly one contract each"


async def test_a_journal_held_by_a_running_job_is_refused_before_anything_is_sent(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    path = tmp_path / "shared.journal"
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys, time; from metronome_async.workflows.journal import Journal; "
        "j = Journal(sys.argv[1]); print('held', flush=True); time.sleep(60)",
        str(path),
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert await asyncio.wait_for(holder.stdout.readline(), timeout=30) == b"held\n"
        with pytest.raises(JournalError, match="in use by another running job") as caught:
            await client.customers.provision_many([{"name": "A", "ingest_aliases": ["a"]}], journal=path)
        assert caught.value.path == str(path) and not caught.value.started
        assert fake.customers() == [], "nothing was sent"
    finally:
        holder.kill()
        await holder.wait()
    report = await client.customers.provision_many([{"name": "A", "ingest_aliases": ["a"]}], journal=path)
    assert report.count("created") == 1, "the lock went with the process that held it"


async def test_two_jobs_of_one_process_do_not_share_a_journal(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    path = tmp_path / "shared.journal"
    items = [{"name": f"n {n}", "ingest_aliases": [f"n-{n}"]} for n in range(40)]
    outcomes = await asyncio.gather(
        client.customers.provision_many(items, journal=path),
        client.customers.provision_many(items, journal=path),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, JournalError)]
    [report] = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(refused) == 1 and report.count("created") == 40, outcomes
    assert len(fake.customers()) == 40


def test_a_journal_error_is_a_metronome_error(tmp_path: Path) -> None:
    error = JournalError(tmp_path / "j", "cannot be written (disk full)", started=True)
    assert isinstance(error, MetronomeError) and isinstance(error, ValueError)  # ValueError: as before


def test_a_closed_journal_can_be_opened_again(tmp_path: Path) -> None:
    first = Journal(tmp_path / "j")
    first.close()
    Journal(tmp_path / "j").close()


def test_the_cli_refuses_a_journal_in_use_as_a_usage_error(
    thread_fake: FakeMetronome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from metronome_async.cli import main

    rows = tmp_path / "customers.csv"
    rows.write_text("name,ingest_aliases\nAcme,acme\n")
    held = Journal(tmp_path / "customers.csv.journal.sqlite")
    try:
        code = main(["provision", str(rows), "--base-url", thread_fake.url, "--api-key", thread_fake.api_key])
    finally:
        held.close()
    assert code == 2, capsys.readouterr()
    assert "in use by another running job" in capsys.readouterr().err
    assert thread_fake.customers() == []
