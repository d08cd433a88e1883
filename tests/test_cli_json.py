"""``--json``: each command that prints a result prints it as one JSON object on stdout, for scripts; what a
person reads goes to stderr, and the exit code is the same as without it. In-process against the embedded
Metronome, the emulator in its own process."""

from __future__ import annotations

import json
import signal
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from test_cli import (
    BODY,
    CLI,
    SECRET,
    TIMEOUT,
    Call,
    Result,
    _header_args,
    against,
    clean_env,
    fake_env,
    run_all,
)

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome
from metronome_async.webhooks import sign

START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def parsed(result: Result) -> dict[str, Any]:
    """The one JSON object on stdout, on one line."""
    assert result.out.endswith("\n") and result.out.count("\n") == 1, result
    data = json.loads(result.out)
    assert isinstance(data, dict), result
    return data


# --- provision ----------------------------------------------------------------------------------------------


def test_provision_json_gives_counts_the_failed_and_differing_rows_and_the_journal(
    thread_fake: FakeMetronome, sync_client: Metronome, tmp_path: Path
) -> None:
    plan = thread_fake.create_plan(name="Pro")
    sync_client.customers.create(name="Old", ingest_aliases=["old@example.com"], external_id="ext-old")
    rows = tmp_path / "customers.csv"
    rows.write_text(
        "name,ingest_aliases,external_id,plan_id,starting_on\n"
        f"Good,good@example.com,,{plan},2025-01-01\n"
        "Wrong plan,wrong@example.com,,00000000-0000-4000-8000-000000000000,2025-01-01\n"
        "Old,old@example.com,ext-new,,\n"
    )
    result = against(thread_fake, "provision", str(rows), "--progress", "lines", "--json")
    assert result.code == 1, result
    data = parsed(result)
    assert data["total"] == 3
    assert data["counts"] == {
        "created": 1,
        "resumed": 0,
        "existed": 0,
        "differs": 1,
        "done_earlier": 0,
        "failed": 1,
    }
    [failed] = data["failures"]
    assert failed["line"] == 3 and failed["ingest_alias"] == "wrong@example.com"
    assert failed["status"] == "failed" and "stopped at plan" in failed["error"]
    [differs] = data["differing"]
    assert differs["line"] == 4 and differs["ingest_alias"] == "old@example.com"
    assert differs["differences"] == {"external_id": {"current": "ext-old", "desired": "ext-new"}}
    assert data["journal"] == f"{rows}.journal.sqlite"
    # the words for a person, progress and the failures are all on stderr
    assert "3 customers in " in result.err and "3/3 (100%)" in result.err
    assert "1 customer(s) failed:" in result.err


def test_provision_json_of_an_empty_file_and_without_a_journal(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    empty, one = tmp_path / "empty.csv", tmp_path / "one.jsonl"
    empty.write_text("name,ingest_aliases\n")
    one.write_text('{"name": "Solo", "ingest_aliases": ["solo@example.com"]}\n')
    nothing = against(thread_fake, "provision", str(empty), "--json")
    assert nothing.code == 0, nothing
    assert parsed(nothing) == {
        "total": 0,
        "counts": dict.fromkeys(["created", "resumed", "existed", "differs", "done_earlier", "failed"], 0),
        "failures": [],
        "differing": [],
        "journal": None,
    }
    assert "Nothing to provision" in nothing.err

    both_to_stdout = against(thread_fake, "provision", str(one), "--json", "--results", "-")
    assert both_to_stdout.code == 2 and both_to_stdout.out == "", both_to_stdout
    assert "--json and --results - both write to stdout" in both_to_stdout.err
    assert thread_fake.exchanges == []

    done = against(thread_fake, "provision", str(one), "--json", "--no-journal", "--progress", "none")
    assert done.code == 0, done
    data = parsed(done)
    assert data["counts"]["created"] == 1 and data["journal"] is None and data["failures"] == []


# --- ingest -------------------------------------------------------------------------------------------------


def _events(count: int) -> str:
    return "".join(
        json.dumps(
            {
                "transaction_id": f"tx-{n}",
                "customer_id": "acme",
                "event_type": "api_call",
                "timestamp": "2025-01-01T00:00:00Z",
            }
        )
        + "\n"
        for n in range(count)
    )


def test_ingest_json_gives_what_was_sent_and_each_failed_batch_by_its_lines(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(_events(250))
    sent = against(thread_fake, "ingest", str(events), "--json", "--progress", "lines")
    assert sent.code == 0, sent
    assert parsed(sent) == {
        "events": 250,
        "events_sent": 250,
        "batches_sent": 3,
        "events_failed": 0,
        "failed_batches": [],
    }
    assert "250 events in " in sent.err and "250/250 (100%)" in sent.err

    thread_fake.configure(error_rate=1, fault_paths=["/v1/ingest"])
    failed = against(thread_fake, "ingest", str(events), "--json", "--max-retries", "0", "--progress", "none")
    assert failed.code == 1, failed
    data = parsed(failed)
    assert (data["events_sent"], data["batches_sent"], data["events_failed"]) == (0, 0, 250)
    ranges = [(b["first_line"], b["last_line"], b["events"]) for b in data["failed_batches"]]
    assert ranges == [(1, 100, 100), (101, 200, 100), (201, 250, 50)]
    assert all(batch["error"] for batch in data["failed_batches"])
    assert "3 batch(es) failed:" in failed.err


def test_ingest_json_of_a_file_without_events(thread_fake: FakeMetronome, tmp_path: Path) -> None:
    events = tmp_path / "empty.jsonl"
    events.write_text("\n")
    result = against(thread_fake, "ingest", str(events), "--json")
    assert result.code == 0, result
    assert parsed(result)["events"] == 0 and "Nothing to send" in result.err


# --- archive ------------------------------------------------------------------------------------------------


def test_archive_json_refused_dry_run_and_done(thread_fake: FakeMetronome, sync_client: Metronome) -> None:
    card = thread_fake.create_rate_card(name="Standard")
    provisioned = sync_client.customers.provision(
        name="Churned", ingest_aliases=["churned"], contract={"rate_card_id": card, "starting_at": START}
    )
    customer, contract = provisioned.customer_id, provisioned.contract_id

    refused = against(thread_fake, "archive", customer, "--json")
    assert refused.code == 1, refused
    data = parsed(refused)
    assert data["archived"] is False and data["dry_run"] is False
    assert [c["id"] for c in data["open_contracts"]] == [contract]
    running = f"1 contract not ended: unnamed ({contract}, since 2025-01-01)"
    assert data["error"] == f"customer {customer} (Churned) still has {running}"
    assert "error: refused:" in refused.err

    would_refuse = against(thread_fake, "archive", customer, "--dry-run", "--json")
    assert would_refuse.code == 1, would_refuse
    data = parsed(would_refuse)
    assert data["dry_run"] is True and data["archived"] is False and data["ended_contracts"] == []
    assert data["error"] is not None and contract in data["error"]
    assert "Archiving would be refused" in would_refuse.err

    preview = against(thread_fake, "archive", customer, "--dry-run", "--end-contracts", "--json")
    assert preview.code == 0, preview
    previewed = parsed(preview)
    assert previewed["invoices"] and all(invoice["total"] == 0 for invoice in previewed["invoices"])
    assert parsed(preview) | {
        "open_plans": None,
        "open_contracts": None,
        "invoices": None,
        "open_invoices": None,
    } == {
        "customer_id": customer,
        "dry_run": True,
        "open_plans": None,
        "ended_plans": [],
        "archived": True,
        "already_archived": False,
        "open_contracts": None,
        "ended_contracts": [contract],
        "invoices": None,
        "open_invoices": None,
        "error": None,
    }
    assert not sync_client.customers.retrieve(customer).archived

    done = against(thread_fake, "archive", customer, "--end-contracts", "--json")
    assert done.code == 0, done
    data = parsed(done)
    assert data["archived"] is True and data["dry_run"] is False and data["ended_contracts"] == [contract]
    assert f"Archived customer {customer}" in done.err
    again = against(thread_fake, "archive", customer, "--json")
    assert again.code == 0 and parsed(again)["already_archived"] is True, again


# --- webhooks verify ----------------------------------------------------------------------------------------


def test_webhooks_verify_json_says_verified_or_why_not(tmp_path: Path) -> None:
    body, tampered = tmp_path / "body.json", tmp_path / "tampered.json"
    body.write_text(BODY)
    tampered.write_text(BODY.replace("inv_1", "inv_2"))
    headers = _header_args(sign(BODY, SECRET))
    secret = {"METRONOME_WEBHOOK_SECRET": SECRET}
    good, bad, both = run_all(
        Call(["webhooks", "verify", "--body", str(body), *headers, "--json"], secret),
        Call(["webhooks", "verify", "--body", str(tampered), *headers, "--json"], secret),
        Call(["webhooks", "verify", "--body", str(body), *headers, "--json", "--print-body"], secret),
    )
    assert good.code == 0, good
    assert parsed(good) == {"verified": True, "type": "invoice.finalized", "id": "evt_123", "error": None}
    assert "Verified: invoice.finalized event evt_123" in good.err

    assert bad.code == 1, bad
    data = parsed(bad)
    assert data | {"error": None} == {"verified": False, "type": None, "id": None, "error": None}
    assert data["error"].startswith("signature mismatch")
    assert "the webhook did not verify: signature mismatch" in bad.err

    assert both.code == 2 and "not allowed with argument" in both.err, both


# --- customers get ------------------------------------------------------------------------------------------


def test_customers_get_json_is_one_line(thread_fake: FakeMetronome, sync_client: Metronome) -> None:
    customer = sync_client.customers.create(name="Acme", ingest_aliases=["acme"])
    [pretty, line] = run_all(
        Call(["customers", "get", customer.id], fake_env(thread_fake)),
        Call(["customers", "get", customer.id, "--json"], fake_env(thread_fake)),
    )
    assert pretty.code == line.code == 0, (pretty, line)
    assert parsed(line) == json.loads(pretty.out) and parsed(line)["name"] == "Acme"


# --- emulator -----------------------------------------------------------------------------------------------


def test_emulator_json_is_its_first_line_and_the_only_output(tmp_path: Path) -> None:
    command = [*CLI, "emulator", "--port", "0", "--json", "--plan", "Pro", "--rate-card", "Standard"]
    command += ["--custom-field", "customer:tier", "--seed-customers", "3"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env()
    )
    assert process.stdout is not None
    try:
        started = json.loads(process.stdout.readline())  # a script reads it while the emulator runs
        env = {"METRONOME_BASE_URL": started["url"], "METRONOME_API_KEY": started["api_key"]}
        listed = run_all(Call(["customers", "list", "--format", "jsonl"], env))[0]
        assert listed.code == 0, listed
        assert len(listed.out.splitlines()) == 3
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)
    assert process.returncode == 0, err
    assert out == ""  # nothing on stdout after the JSON line
    [plan] = started["plans"]
    [card] = started["rate_cards"]
    assert plan["name"] == "Pro" and f"Plan Pro: {plan['id']}" in err
    assert card["name"] == "Standard" and f"Rate card Standard: {card['id']}" in err
    assert started["custom_field_keys"] == ["customer:tier"] and started["seeded_customers"] == 3
    assert f"Metronome emulator at {started['url']}" in err and "Stopped." in err
