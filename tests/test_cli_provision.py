"""``provision FILE``: CSV and JSON lines, the journal, bad rows, failed items, progress; in subprocesses."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from test_cli import Call, Result, against, fake_env, in_parallel, run_all

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

try:
    import tqdm  # noqa: F401  (the optional extra 'cli')
except ImportError:
    HAS_TQDM = False
else:
    HAS_TQDM = True


def _by_alias(fake: FakeMetronome) -> dict[str, dict[str, object]]:
    return {alias: c for c in fake.customers() for alias in c["ingest_aliases"]}


def test_provision_a_csv_then_rerun_it_from_the_journal(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    plan = thread_fake.create_plan(name="Pro")
    thread_fake.add_custom_field_key("customer", "tier")
    rows = tmp_path / "customers.csv"
    rows.write_text(
        "name,ingest_aliases,external_id,billing_provider_type,billing_provider_customer_id,plan_id,starting_on,"
        "custom_fields.tier\n"
        f"Acme,acme@example.com;acme-2,ext-acme,stripe,cus_1,{plan},2025-01-01,gold\n"
        'Globex,"globex@example.com | gx",,,,,,\n'
        f"Initech,initech@example.com,,,,{plan},2025-02-01T00:00:00Z,\n",
        encoding="utf-8",
    )
    first = against(thread_fake, "provision", str(rows), "--progress", "lines")
    assert first.code == 0, first
    assert first.out == "3 customers in " + first.out.split(" in ", 1)[1]
    assert first.out.rstrip().endswith(": 3 created")
    assert f"journal: {rows}.journal.sqlite" in first.err
    assert "3/3 (100%)" in first.err  # the last progress line
    stored = _by_alias(thread_fake)
    assert stored["acme@example.com"]["custom_fields"] == {"tier": "gold"}
    assert stored["acme@example.com"]["external_id"] == "ext-acme"
    assert stored["gx"] is stored["globex@example.com"]
    assert len(thread_fake.customers()) == 3

    thread_fake.reset_exchanges()
    rerun = against(thread_fake, "provision", str(rows))
    assert rerun.code == 0, rerun
    assert rerun.out.rstrip().endswith(": 3 done in an earlier run")
    assert thread_fake.count("POST") == 0  # the journal said everything was done
    assert len(thread_fake.customers()) == 3


def test_provision_json_lines_with_results_and_a_chosen_journal(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    plan = thread_fake.create_plan(name="Pro")
    rows = tmp_path / "customers.jsonl"
    rows.write_text(
        "".join(
            json.dumps(
                {
                    "name": f"Customer {i}",
                    "ingest_aliases": [f"c{i}@example.com"],
                    "plan_id": plan,
                    "starting_on": "2025-03-01",
                    "external_id": None,
                }
            )
            + "\n\n"
            for i in range(40)
        )
    )
    journal = tmp_path / "my.journal"
    results = tmp_path / "results.jsonl"
    done = against(
        thread_fake,
        "provision",
        str(rows),
        "--journal",
        str(journal),
        "--results",
        str(results),
        "--concurrency",
        "8",
    )
    assert done.code == 0, done
    assert ": 40 created" in done.out and journal.exists()
    outcomes = [json.loads(line) for line in results.read_text().splitlines()]
    assert sorted(o["line"] for o in outcomes) == list(
        range(1, 80, 2)
    )  # one line per row, as each finishes; blank lines skipped, numbered as in the file
    assert {o["status"] for o in outcomes} == {"created"}
    assert {o["customer_id"] for o in outcomes} == {c["id"] for c in thread_fake.customers()}
    assert all(o["customer_plan_id"] for o in outcomes)


def test_bad_rows_are_all_listed_and_nothing_is_sent(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    rows = tmp_path / "bad.csv"
    rows.write_text(
        "name,ingest_aliases,plan_id,starting_on,billing_provider_type\n"
        "Fine,fine@example.com,,,\n"
        ",noname@example.com,,,\n"
        "Dup,fine@example.com,,,\n"
        "Late,late@example.com,p1,2025-01-01T10:00:00Z,\n"
        "Half,half@example.com,,,stripe\n"
    )
    lines = tmp_path / "bad.jsonl"
    lines.write_text(
        '{"name": "A", "ingest_aliases": ["a"]}\nnot json\n{"name": "B", "ingest_alias": ["b"]}\n'
    )
    columns = tmp_path / "columns.csv"
    columns.write_text("name,alias\nA,a\n")

    csv_result, jsonl_result, column_result, missing = in_parallel(
        thread_fake,
        ["provision", str(rows)],
        ["provision", str(lines)],
        ["provision", str(columns)],
        ["provision", str(tmp_path / "nope.csv")],
    )
    assert csv_result.code == 2, csv_result
    assert csv_result.err.splitlines()[:5] == [
        f"error: 4 problem(s) in {rows}; nothing was sent:",
        "  line 3: name is required",
        "  line 4: ingest alias 'fine@example.com' is also claimed by line 2",
        "  line 5: starting_on must be at midnight UTC (00:00:00Z), not '2025-01-01T10:00:00Z'",
        "  line 6: billing_provider_type and billing_provider_customer_id go together",
    ]
    assert jsonl_result.code == 2, jsonl_result
    assert (
        "  line 2: not JSON" in jsonl_result.err
        and "  line 3: unknown key(s) 'ingest_alias'" in jsonl_result.err
    )
    assert column_result.code == 2, column_result
    assert "unknown column(s) 'alias'" in column_result.err
    assert "missing column(s): ingest_aliases" in column_result.err
    assert missing.code == 2 and "cannot read" in missing.err, missing

    assert len(thread_fake.exchanges) == 0  # not one request
    assert not (tmp_path / "bad.csv.journal.sqlite").exists()


def test_failed_items_give_exit_1_and_say_how_to_resume(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    plan = thread_fake.create_plan(name="Pro")
    rows = tmp_path / "customers.csv"
    rows.write_text(
        "name,ingest_aliases,plan_id,starting_on\n"
        f"Good,good@example.com,{plan},2025-01-01\n"
        "Wrong plan,wrong@example.com,00000000-0000-4000-8000-000000000000,2025-01-01\n"
    )
    result = against(thread_fake, "provision", str(rows), "--progress", "bar" if HAS_TQDM else "none")
    assert result.code == 1, result
    assert result.out.rstrip().endswith(": 1 created, 1 failed")
    failure = (
        "1 customer(s) failed:\n  line 3 (wrong@example.com): provisioning 'wrong@example.com' stopped at"
    )
    assert failure + " plan" in result.err
    assert "rerun the same command: the journal skips what is done" in result.err
    if HAS_TQDM:
        assert (
            "2/2" in result.err and "customer/s" in result.err
        )  # tqdm's bar, forced although not a terminal


def test_progress_bar_falls_back_to_lines_without_tqdm(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    rows = tmp_path / "one.jsonl"
    rows.write_text('{"name": "Solo", "ingest_aliases": ["solo@example.com"]}\n')
    blocker = tmp_path / "no_tqdm"
    blocker.mkdir()
    (blocker / "tqdm.py").write_text("raise ImportError('tqdm hidden for this test')\n")
    result = against(
        thread_fake,
        "provision",
        str(rows),
        "--progress",
        "bar",
        "--no-journal",
        env={"PYTHONPATH": str(blocker)},
    )
    assert result.code == 0, result
    assert "note: no progress bar: tqdm is not installed (pip install tqdm, the 'cli' extra)" in result.err
    assert "1/1 (100%)" in result.err
    assert "journal: none" in result.err


def test_fix_the_failed_row_and_rerun_with_the_same_journal(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    plan = thread_fake.create_plan(name="Pro")
    wrong = "00000000-0000-4000-8000-000000000000"
    rows = tmp_path / "customers.csv"
    table = (
        "name,ingest_aliases,plan_id,starting_on\n"
        "Good,good@example.com,{plan},2025-01-01\n"
        "Fixed,fixed@example.com,{bad},2025-01-01\n"
    )
    rows.write_text(table.format(plan=plan, bad=wrong))
    first = against(thread_fake, "provision", str(rows), "--progress", "none")
    assert first.code == 1 and "Fix the cause, then rerun the same command" in first.err, first

    rows.write_text(table.format(plan=plan, bad=plan))  # what the advice says: fix the row, rerun
    rerun = against(thread_fake, "provision", str(rows), "--progress", "none")
    assert rerun.code == 0, rerun
    assert rerun.out.rstrip().endswith(": 1 finished after an earlier run stopped, 1 done in an earlier run")
    assert len(thread_fake.customers()) == 2


def test_a_journal_that_is_not_a_journal_is_a_usage_error(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    rows = tmp_path / "customers.csv"
    rows.write_text("name,ingest_aliases\nAcme,acme@example.com\n")
    garbage = tmp_path / "notes.txt"
    garbage.write_text("my notes, not a journal\n" * 20)
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE invoices (id TEXT)")
        db.commit()
    before = garbage.read_bytes(), other.read_bytes()
    as_text, as_other, as_folder = in_parallel(
        thread_fake,
        ["provision", str(rows), "--journal", str(garbage)],
        ["provision", str(rows), "--journal", str(other)],
        ["provision", str(rows), "--journal", str(tmp_path)],
    )
    assert as_text.code == 2 and f"error: journal {garbage}: is not a journal" in as_text.err, as_text
    assert as_other.code == 2 and "another SQLite database, not a journal" in as_other.err, as_other
    assert as_folder.code == 2 and "is a directory" in as_folder.err, as_folder
    for result in (as_text, as_other, as_folder):
        assert "nothing was sent" in result.err and "bug" not in result.err
    assert (garbage.read_bytes(), other.read_bytes()) == before
    assert thread_fake.exchanges == []


def test_rows_from_standard_input_are_all_checked_before_sending(thread_fake: FakeMetronome) -> None:
    good = "name,ingest_aliases\nAcme,acme@example.com\nGlobex,globex@example.com\n"
    bad = good + "Dup,acme@example.com\n"
    env = fake_env(thread_fake)
    refused, done = run_all(
        Call(["provision", "-"], env, stdin=bad), Call(["provision", "-"], env, stdin=good)
    )
    assert (
        refused.code == 2
        and "line 4: ingest alias 'acme@example.com' is also claimed by line 2" in refused.err
    )
    assert done.code == 0, done
    assert done.out.rstrip().endswith(": 2 created")
    assert "journal: none" in done.err


def _problems(result: Result) -> list[str]:
    """The problems a refused file's message lists, one a line."""
    assert result.code == 2, result
    return [line.strip() for line in result.err.splitlines()[1:] if line.startswith("  ")]


def test_a_quote_left_open_is_reported_on_the_line_where_it_opened(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    files = {
        "open.csv": 'name,ingest_aliases\n"Acme,acme\nGlobex,globex\n',
        "open_later.csv": 'name,ingest_aliases\n"Two\nlines",two\nAcme,"acme\nGlobex,globex\n',
        "open_long.csv": 'name,ingest_aliases\nAcme,"acme\n'
        + "Globex,globex\n" * 20_000,  # > csv's field limit
        "after_quote.csv": 'name,ingest_aliases\n"Acme" Inc,acme\n"Globex ""G""",globex\n',
        "open_header.csv": '"name,ingest_aliases\nAcme,acme\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    results = in_parallel(thread_fake, *(["provision", str(tmp_path / name)] for name in files))
    opened, opened_later, opened_long, after_quote, opened_header = results
    assert _problems(opened) == ['line 2: a quoted cell opens here and is never closed (a " missing?)']
    assert _problems(opened_later) == ['line 4: a quoted cell opens here and is never closed (a " missing?)']
    assert _problems(opened_long) == ['line 2: a quoted cell opens here and is never closed (a " missing?)']
    assert _problems(after_quote) == [
        'line 2: text after the closing quote of a quoted cell (write a " inside one as "")'
    ]
    assert opened_header.code == 2, opened_header
    assert opened_header.err == (
        f"error: {tmp_path / 'open_header.csv'}, line 1: a quoted cell opens here and is never closed "
        '(a " missing?); nothing was sent\n'
    )
    assert thread_fake.exchanges == []


def test_a_column_key_or_custom_field_given_twice_is_refused_naming_it(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    header = tmp_path / "header.csv"
    header.write_text("name,ingest_aliases,name,ingest_aliases,external_id\nAcme,acme,Globex,globex,x\n")
    cells = tmp_path / "cells.csv"
    cells.write_text(
        "name,ingest_aliases,custom_fields,custom_fields.tier\n"
        'Acme,acme,"{""tier"": ""gold"", ""tier"": ""silver""}",\n'
        'Globex,globex,"{""tier"": ""gold""}",silver\n'
    )
    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        '{"name": "Acme", "ingest_aliases": ["acme"], "name": "Globex"}\n'
        '{"name": "Initech", "ingest_aliases": ["initech"], "custom_fields": {"tier": "gold"}, '
        '"custom_fields.tier": "silver"}\n'
    )
    by_header, by_cells, by_lines = in_parallel(
        thread_fake, ["provision", str(header)], ["provision", str(cells)], ["provision", str(lines)]
    )
    assert by_header.code == 2, by_header
    assert by_header.err == (
        f"error: {header}, line 1: column(s) given twice: name, ingest_aliases; nothing was sent\n"
    )
    assert _problems(by_cells) == [
        "line 2: custom_fields has a key given twice: 'tier'",
        "line 3: custom field(s) given twice, in custom_fields and as custom_fields.tier",
    ]
    assert _problems(by_lines) == [
        "line 1: a key given twice: 'name'",
        "line 2: custom field(s) given twice, in custom_fields and as custom_fields.tier",
    ]
    assert thread_fake.exchanges == []


def test_a_bad_date_is_quoted_as_written(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    rows = tmp_path / "dates.csv"
    rows.write_text(
        "name,ingest_aliases,plan_id,starting_on,rate_card_id,contract_starting_at\n"
        "Acme,acme,p1,2025-13-01,,\n"
        "Globex,globex,,,r1,2025-02-30\n"
        "Initech,initech,p1,2025-01-01T00:00:00+02:00,,\n"
    )
    lines = tmp_path / "dates.jsonl"
    lines.write_text(
        '{"name": "Acme", "ingest_aliases": ["acme"], "plan_id": "p1", "starting_on": "2025-04-31 "}\n'
    )
    from_csv, from_jsonl = in_parallel(thread_fake, ["provision", str(rows)], ["provision", str(lines)])
    assert _problems(from_csv) == [
        "line 2: starting_on is not a date: '2025-13-01' (month must be in 1..12)",
        "line 3: contract_starting_at is not a date: '2025-02-30' (day is out of range for month)",
        "line 4: starting_on must be at midnight UTC (00:00:00Z), not '2025-01-01T00:00:00+02:00', "
        "2024-12-31T22:00:00Z in UTC",
    ]
    assert _problems(from_jsonl) == [
        "line 1: starting_on is not a date: '2025-04-31 ' (day is out of range for month)"
    ]
    assert thread_fake.exchanges == []


def test_an_exported_archived_customer_is_not_provisioned_as_an_active_one(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    """An export that includes archived customers, fed to another account: each archived row is refused,
    naming its line, and nothing is sent; the CSV and the JSON-lines export alike."""
    with FakeMetronome() as source, Metronome(api_key=source.api_key, base_url=source.url) as client:
        gone = client.customers.create(name="Gone", ingest_aliases=["gone"])
        client.customers.create(name="Here", ingest_aliases=["here"])
        client.customers.archive(gone.id)
        for fmt, line in (("csv", 3), ("jsonl", 2)):  # active customers first, then archived ones
            export = tmp_path / f"all.{fmt}"
            done = against(
                source, "customers", "export", "--include-archived", "--format", fmt, "--output", str(export)
            )
            assert done.code == 0, done
            result = against(thread_fake, "provision", str(export), "--no-journal")
            assert result.code == 2, result
            assert f"line {line}: this customer was archived (archived_at " in result.err, result.err
            assert thread_fake.customers() == [], "nothing was sent"
