"""The journal: read one customer at a time, a file that is not a journal refused before anything is sent
(and left as it was), an older journal still read, and a fixed row provisioned on the rerun."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.journal import Journal, JournalError
from metronome_async.workflows.provision import ProvisionState

WRONG_PLAN = "00000000-0000-4000-8000-000000000000"
JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _items(count: int) -> list[dict[str, Any]]:
    return [{"name": f"Journal customer {n}", "ingest_aliases": [f"j-{n}"]} for n in range(count)]


def _real_journal(path: Path) -> None:
    journal = Journal(path)
    try:
        for n in range(3000):
            journal.save(f"k-{n}", "f" * 32, ProvisionState(customer_id=f"c-{n}", created=True), True)
    finally:
        journal.close()


def _garbage(path: Path) -> None:
    path.write_bytes(b"name,ingest_aliases\nAcme,acme\n" * 50)


def _truncated(path: Path) -> None:
    _real_journal(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _sqlite_header_then_junk(path: Path) -> None:
    _real_journal(path)
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x07" * (len(data) - 4096)
    path.write_bytes(bytes(data))


def _other_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id TEXT PRIMARY KEY, total INTEGER)")
    db.execute("INSERT INTO invoices VALUES ('inv-1', 100)")
    db.commit()
    db.close()


NOT_JOURNALS: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage": (_garbage, "not a SQLite database"),
    "truncated": (_truncated, "is truncated"),
    "damaged": (_sqlite_header_then_junk, "damaged"),
    "another database": (_other_database, "another SQLite database, not a journal (its tables: invoices)"),
}


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.name: None if p.is_dir() else p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("kind", NOT_JOURNALS, ids=list(NOT_JOURNALS))
async def test_a_file_that_is_not_a_journal_is_refused_and_left_alone(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path, kind: str
) -> None:
    make, problem = NOT_JOURNALS[kind]
    path = tmp_path / "job.sqlite"
    make(path)
    before = _snapshot(tmp_path)
    with pytest.raises(JournalError) as caught:
        await client.customers.provision_many(_items(3), journal=path)
    assert str(path) in str(caught.value) and problem in str(caught.value), caught.value
    assert "nothing was sent" in str(caught.value)
    assert fake.exchanges == []
    assert _snapshot(tmp_path) == before, "the file (and its folder) must be left as they were"


async def test_a_directory_is_refused(client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=f"journal {tmp_path}: is a directory"):
        await client.customers.provision_many(iter(_items(3)), journal=tmp_path)
    assert fake.exchanges == []


async def test_a_journal_of_the_previous_version_is_still_read(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    new = tmp_path / "new.sqlite"
    assert (await client.customers.provision_many(_items(2), journal=new)).count("created") == 2
    with closing(sqlite3.connect(new)) as db:
        rows = db.execute("SELECT key, fingerprint, state, finished FROM provisioning").fetchall()
    old = tmp_path / "old.sqlite"
    with closing(sqlite3.connect(old)) as db:  # as the first release wrote it: the table, no application id
        db.execute(
            "CREATE TABLE IF NOT EXISTS provisioning (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
            "state TEXT NOT NULL, finished INTEGER NOT NULL)"
        )
        db.executemany("INSERT INTO provisioning VALUES (?, ?, ?, ?)", rows)
        db.commit()
    fake.reset_exchanges()
    again = await client.customers.provision_many(_items(2), journal=old)
    assert again.count("done_earlier") == 2 and fake.exchanges == []


async def test_fix_a_failed_item_and_rerun_with_the_same_journal(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    plan_id = fake.create_plan(name="Pro")
    journal = tmp_path / "job.sqlite"
    items = [{**item, "plan_id": plan_id, "starting_on": JAN} for item in _items(3)]
    items[1]["plan_id"] = WRONG_PLAN
    first = await client.customers.provision_many(items, journal=journal)
    [failure] = first.failures
    assert failure.index == 1 and failure.customer_id is not None and "plan" in str(failure.error)

    items[1]["plan_id"] = plan_id
    rerun = await client.customers.provision_many(items, journal=journal)
    assert rerun.ok, [str(f.error) for f in rerun.failures]
    assert rerun.count("done_earlier") == 2 and rerun.count("resumed") == 1, str(rerun)
    assert len(fake.customers()) == 3, "the customer made by the failed run was found, not made again"
    plans = [p async for p in client.customers.plans.list(failure.customer_id)]
    assert [p.plan_id for p in plans] == [plan_id]

    fake.reset_exchanges()
    third = await client.customers.provision_many(items, journal=journal)
    assert third.count("done_earlier") == 3 and fake.exchanges == []
