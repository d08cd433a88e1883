"""``reconcile FILE --owner NAME``: the plan printed (a table, or JSON) and nothing changed, ``--apply``,
``--archive-missing`` and its guard, the exit codes, bad rows; in process, against the embedded Metronome."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_cli import against, cli

from metronome_async.testing import FakeMetronome

CSV = (
    "name,ingest_aliases,custom_fields.tier\n"
    "Acme,acme@example.com;acme-2,gold\n"
    "Globex,globex@example.com,silver\n"
)


def _file(tmp_path: Path, text: str = CSV, name: str = "customers.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_plan_apply_then_an_empty_plan(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    thread_fake.add_custom_field_key("customer", "tier")
    rows = _file(tmp_path)
    plan = against(thread_fake, "reconcile", rows, "--owner", "crm")
    assert plan.code == 4, plan  # changes planned
    lines = plan.out.splitlines()
    assert lines[0].startswith("Plan for owner 'crm' on http://")
    assert lines[0].endswith(": 2 create, 0 update, 0 archive, 0 conflict")
    assert "create (2):" in plan.out
    assert "  acme@example.com  name='Acme', ingest_aliases=['acme@example.com', 'acme-2']" in plan.out
    assert thread_fake.customers() == [], "a plan changes nothing"

    applied = against(thread_fake, "reconcile", rows, "--owner", "crm", "--apply", "--progress", "lines")
    assert applied.code == 0, applied
    assert "Applied in" in applied.out and "2 changes: 2 applied" in applied.out
    assert "2/2 (100%)" in applied.err
    assert sorted(c["name"] for c in thread_fake.customers()) == ["Acme", "Globex"]

    again = against(thread_fake, "reconcile", rows, "--owner", "crm", "--json")
    assert again.code == 0, again
    data = json.loads(again.out)
    assert data["report"] is None and data["plan"]["changes"] == []
    assert data["plan"]["counts"] == {"create": 0, "update": 0, "archive": 0, "conflict": 0}
    assert "No changes" in again.err


def test_updates_conflicts_and_their_exit_codes(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    thread_fake.add_custom_field_key("customer", "tier")
    assert against(thread_fake, "reconcile", _file(tmp_path), "--owner", "crm", "--apply").code == 0
    against(thread_fake, "customers", "list")  # the command line still works beside it
    renamed = CSV.replace("Acme,", "Acme Corp,") + "Hooli,hooli@example.com,gold\n"
    plan = against(thread_fake, "reconcile", _file(tmp_path, renamed), "--owner", "crm", "--json")
    assert plan.code == 4, plan
    changes = json.loads(plan.out)["plan"]["changes"]
    assert [(c["action"], c["key"]) for c in changes] == [
        ("create", "hooli@example.com"),
        ("update", "acme@example.com"),
    ]
    assert changes[1]["diff"] == {"name": ["Acme", "Acme Corp"]}

    other_owner = against(thread_fake, "reconcile", _file(tmp_path, renamed), "--owner", "billing")
    assert other_owner.code == 5, other_owner  # the customers are crm's: conflicts
    assert "conflict (2):" in other_owner.out and "is not managed by 'billing'" in other_owner.out
    applied = against(thread_fake, "reconcile", _file(tmp_path, renamed), "--owner", "billing", "--apply")
    assert applied.code == 5 and "2 skipped" in applied.out
    assert {c["name"] for c in thread_fake.customers()} == {"Acme", "Globex", "Hooli"}


def test_archive_missing_and_its_guard(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    thread_fake.add_custom_field_key("customer", "tier")
    rows = "name,ingest_aliases\n" + "".join(f"C{n},c{n}\n" for n in range(10))
    assert against(thread_fake, "reconcile", _file(tmp_path, rows), "--owner", "crm", "--apply").code == 0
    fewer = _file(tmp_path, "name,ingest_aliases\n" + "".join(f"C{n},c{n}\n" for n in range(1, 10)))
    plan = against(thread_fake, "reconcile", fewer, "--owner", "crm")
    assert plan.code == 0 and "1 owned customer(s) are not in the file" in plan.out
    empty = _file(tmp_path, "name,ingest_aliases\n", "empty.csv")
    refused = against(thread_fake, "reconcile", empty, "--owner", "crm", "--archive-missing", "--apply")
    assert refused.code == 1 and "10 of the 10 customers owned by 'crm' are not in" in refused.err
    assert not any(c.get("archived_at") for c in thread_fake.customers())
    archived = against(thread_fake, "reconcile", fewer, "--owner", "crm", "--archive-missing", "--apply")
    assert archived.code == 0, archived
    assert [c["name"] for c in thread_fake.customers() if c.get("archived_at")] == ["C0"]


def test_bad_rows_are_listed_and_nothing_is_sent(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    rows = _file(tmp_path, "name,ingest_aliases,custom_fields.managed_by\nA,,\nB,b,someone\n")
    result = against(thread_fake, "reconcile", rows, "--owner", "crm")
    assert result.code == 2, result
    assert "2 problem(s)" in result.err and "line 2:" in result.err and "line 3:" in result.err
    assert "custom_fields.managed_by is the ownership mark" in result.err
    assert thread_fake.exchanges == []
    assert cli("reconcile", rows).code == 2, "--owner is required"
    share = against(thread_fake, "reconcile", rows, "--owner", "crm", "--max-archive-share", "150")
    assert share.code == 2 and "--max-archive-share" in share.err


def test_help_documents_the_exit_codes() -> None:
    result = cli("reconcile", "--help")
    assert result.code == 0
    assert "  4    changes planned" in result.out and "  5    conflicts" in result.out
    top = cli("--help")
    assert "4    reconcile: changes are planned" in top.out and "5    reconcile: conflicts" in top.out


def test_an_archive_that_voids_invoices_waits_for_void_invoices(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    rate_card_id = thread_fake.create_rate_card("Standard")
    header = "name,ingest_aliases,rate_card_id,contract_starting_at\n"
    billed = f"Billed,billed@example.com,{rate_card_id},2025-01-01\n"
    kept = f"Kept,kept@example.com,{rate_card_id},2025-01-01\n"
    assert against(thread_fake, "reconcile", _file(tmp_path, header + billed + kept), "--owner", "crm",
                   "--apply").code == 0  # fmt: skip
    archive = ("reconcile", _file(tmp_path, header + kept), "--owner", "crm", "--archive-missing",
               "--max-archive-share", "50")  # fmt: skip

    plan = against(thread_fake, *archive)
    assert plan.code == 4, plan
    assert "archive (1):\n  billed@example.com [" in plan.out and "(blocked)" in plan.out
    assert "or rerun with --apply --void-invoices" in plan.out and "void_invoices=True" not in plan.out
    assert re.search(r"invoices_voided: '[^']+', '[^']+', '[^']+' and \d+ more -> \[\]", plan.out), plan.out
    blocked = against(thread_fake, *archive, "--apply")
    assert blocked.code == 4, blocked  # changes planned and not applied: the blocked archive
    assert "1 change(s) blocked:" in blocked.err and "1 blocked" in blocked.out
    assert "or rerun with --apply --void-invoices" in blocked.err
    assert not any(c.get("archived_at") for c in thread_fake.customers())

    voided = against(thread_fake, *archive, "--apply", "--void-invoices")
    assert voided.code == 0, voided
    assert [c["name"] for c in thread_fake.customers() if c.get("archived_at")] == ["Billed"]
    assert against(thread_fake, *archive).code == 0, "nothing left to do"
