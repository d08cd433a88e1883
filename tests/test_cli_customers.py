"""``customers list|get|export`` and ``archive``, each run in a subprocess against the embedded Metronome."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import against, in_parallel

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

PLAN_START = "2025-01-01T00:00:00Z"


@pytest.fixture
def client(thread_fake: FakeMetronome) -> Iterator[Metronome]:
    with Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url) as blocking:
        yield blocking


def test_list_as_a_table_jsonl_and_csv_with_limit_and_archived(
    thread_fake: FakeMetronome, client: Metronome
) -> None:
    ids = [
        client.customers.create(
            name=name, ingest_aliases=[f"{name.lower()}@example.com"], external_id=f"ext-{name}"
        ).id
        for name in ("Acme", "Globex", "Initech")
    ]
    client.customers.archive(ids[2])

    table, jsonl, csv_out, limited, archived = in_parallel(
        thread_fake,
        ["customers", "list"],
        ["customers", "list", "--format", "jsonl"],
        ["customers", "list", "--format", "csv"],
        ["customers", "list", "--max-items", "1", "--format", "jsonl"],
        ["customers", "list", "--only-archived"],
    )
    for result in (table, jsonl, csv_out, limited, archived):
        assert result.code == 0, result

    lines = table.out.splitlines()
    assert lines[0].split()[:2] == ["ID", "NAME"]
    assert [line.split()[0] for line in lines[1:3]] == ids[:2]
    assert "acme@example.com" in lines[1] and "ext-Acme" in lines[1]
    assert lines[-1] == "2 customers"

    records = [json.loads(line) for line in jsonl.out.splitlines()]
    assert [r["id"] for r in records] == ids[:2]
    assert records[0]["name"] == "Acme" and "acme@example.com" in records[0]["ingest_aliases"]

    rows = list(csv.DictReader(io.StringIO(csv_out.out)))
    assert [r["id"] for r in rows] == ids[:2]
    assert "acme@example.com" in rows[0]["ingest_aliases"].split(";")

    assert [json.loads(line)["id"] for line in limited.out.splitlines()] == ids[:1]

    assert "ARCHIVED" in archived.out and ids[2] in archived.out and ids[0] not in archived.out
    assert archived.out.splitlines()[-1] == "1 archived customer"


def test_get_prints_json_and_an_unknown_id_is_exit_1(thread_fake: FakeMetronome, client: Metronome) -> None:
    plan = thread_fake.create_plan(name="Pro")
    result = client.customers.provision(
        name="Acme", ingest_aliases=["acme@example.com"], plan_id=plan, starting_on=PLAN_START
    )
    found, missing = in_parallel(
        thread_fake,
        ["customers", "get", result.customer_id, "--with-plans"],
        ["customers", "get", "00000000-0000-4000-8000-000000000000"],
    )
    assert found.code == 0, found
    shown = json.loads(found.out)
    assert shown["id"] == result.customer_id and shown["name"] == "Acme"
    assert shown["ingest_aliases"] == ["acme@example.com"] and shown["created_at"].endswith("Z")
    assert [p["plan_name"] for p in shown["plans"]] == ["Pro"]
    assert missing.code == 1, missing
    assert missing.err == (
        f"error: no customer with id '00000000-0000-4000-8000-000000000000' at {thread_fake.url}; "
        "`metronome-async customers list` shows the ids\n"
    )
    assert missing.out == ""


def test_export_streams_hundreds_of_customers_as_csv_and_jsonl(
    thread_fake: FakeMetronome, client: Metronome, tmp_path: Path
) -> None:
    count = 320  # four pages of 100
    first: list[str | None] = []
    report = client.customers.provision_many(
        ({"name": f"Customer {i}", "ingest_aliases": [f"c{i}@example.com", f"c{i}-b"]} for i in range(count)),
        on_progress=lambda outcome, done, total: first.append(outcome.customer_id) if done == 1 else None,
    )
    assert report.ok
    [archived] = first
    assert archived is not None
    client.customers.archive(archived)
    target = tmp_path / "customers.csv"

    to_file, to_stdout, everyone = in_parallel(
        thread_fake,
        ["customers", "export", "--format", "csv", "--output", str(target)],
        ["customers", "export"],
        ["customers", "export", "--include-archived", "--format", "csv"],
    )
    assert to_file.code == 0, to_file
    assert to_file.out == "" and f"Exported {count - 1} customers to {target}" in to_file.err
    rows = list(csv.DictReader(target.open(newline="")))
    listed = [
        customer.name for customer in client.customers.list()
    ]  # the API's order (items ran in parallel)
    assert [r["name"] for r in rows] == listed and len({r["id"] for r in rows}) == count - 1 == len(listed)
    number = rows[0]["name"].removeprefix("Customer ")
    assert rows[0]["ingest_aliases"] == f"c{number}@example.com;c{number}-b"
    assert [p.name for p in tmp_path.iterdir()] == ["customers.csv"]  # no temporary file left behind

    assert to_stdout.code == 0, to_stdout
    records = [json.loads(line) for line in to_stdout.out.splitlines()]
    assert [record["name"] for record in records] == listed

    assert everyone.code == 0, everyone
    all_rows = list(csv.DictReader(io.StringIO(everyone.out)))
    assert len(all_rows) == count and all_rows[-1]["id"] == archived and all_rows[-1]["archived_at"]


def test_archive_refuses_while_a_plan_runs_previews_and_ends_plans(
    thread_fake: FakeMetronome, client: Metronome
) -> None:
    plan = thread_fake.create_plan(name="Pro")
    customer = client.customers.provision(
        name="Churned", ingest_aliases=["churned@example.com"], plan_id=plan, starting_on=PLAN_START
    ).customer_id

    refused, preview_refused, preview = in_parallel(
        thread_fake,
        ["archive", customer],
        ["archive", customer, "--dry-run"],
        ["archive", customer, "--dry-run", "--end-plans"],
    )
    assert refused.code == 1, refused
    assert refused.err.startswith(
        f"error: refused: customer {customer} (Churned) still has 1 plan not ended: Pro"
    )
    assert "nothing was changed" in refused.err and "Rerun with --end-plans" in refused.err
    assert preview_refused.code == 1, preview_refused
    assert (
        "Dry run: nothing was changed." in preview_refused.out and "would be refused" in preview_refused.out
    )
    assert preview.code == 0, preview
    assert (
        "Would end today 1 plan: Pro" in preview.out and f"Would archive customer {customer}" in preview.out
    )
    assert all(c["archived_at"] is None for c in thread_fake.customers())  # nothing changed so far

    customer_plan = next(iter(client.customers.plans.list(customer))).id
    done = against(thread_fake, "archive", customer, "--end-plans")
    assert done.code == 0, done
    assert done.out.splitlines() == [
        f"Ended plan Pro ({customer_plan}).",
        f"Archived customer {customer} (Churned): it is no longer in the active list.",
    ]
    assert client.customers.retrieve(customer).archived

    again = against(thread_fake, "archive", customer)
    assert again.code == 0 and "already archived; nothing to do" in again.out, again


def test_a_table_of_more_rows_than_its_buffer_lists_them_all_aligned(thread_fake: FakeMetronome) -> None:
    # The table sizes its columns from its first 1000 rows, then streams the rest: run past that buffer,
    # for active customers (5 columns) and for archived ones (6).
    ids = thread_fake.seed_customers(2010, archived=1005, alias_prefix="alias-")
    active, archived = in_parallel(
        thread_fake, ["customers", "list"], ["customers", "list", "--only-archived"]
    )
    for result, expected, summary in (
        (active, ids[:1005], "1005 customers"),
        (archived, ids[1005:], "1005 archived customers"),
    ):
        assert result.code == 0, result
        header, *rows, last = result.out.splitlines()
        assert last == summary
        assert [row.split()[0] for row in rows] == expected
        name_at = header.index("NAME")
        assert all(row[name_at:].startswith("Customer ") for row in rows)
    assert archived.out.splitlines()[0].split()[-1] == "ARCHIVED"
