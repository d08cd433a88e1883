"""The command line on contracts: ``provision FILE`` with contract columns, ``archive --end-contracts``, and a
file row whose alias belongs to another customer; in subprocesses against the embedded Metronome."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from test_cli import against, in_parallel

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def test_provision_a_csv_on_contracts(
    thread_fake: FakeMetronome, sync_client: Metronome, tmp_path: Path
) -> None:
    card = thread_fake.create_rate_card(name="Standard", aliases=["standard"])
    rows = tmp_path / "customers.csv"
    rows.write_text(
        "name,ingest_aliases,billing_provider_type,billing_provider_customer_id,rate_card_id,rate_card_alias,"
        "contract_starting_at,contract_ending_before\n"
        f"Acme,acme@example.com,stripe,cus_1,{card},,2025-01-01,2026-01-01\n"
        "Globex,globex@example.com,,,,standard,2025-02-01T00:00:00Z,\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.jsonl"
    first = against(thread_fake, "provision", str(rows), "--progress", "none", "--results", str(results))
    assert first.code == 0, first
    assert ": 2 created" in first.out
    outcomes = [json.loads(line) for line in results.read_text().splitlines()]
    for outcome in outcomes:
        [contract] = sync_client.contracts.list(outcome["customer_id"])
        assert contract.rate_card_id == card
    [acme_row] = [outcome for outcome in outcomes if outcome["line"] == 2]  # written as they complete
    acme = sync_client.contracts.list(acme_row["customer_id"]).to_list()[0]
    assert (acme.starting_at, acme.ending_before) == (START, START.replace(year=2026))
    assert acme.customer_billing_provider_configuration is not None
    rerun = against(thread_fake, "provision", str(rows), "--no-journal")
    assert rerun.code == 0 and ": 2 already existed" in rerun.out, rerun
    assert all(len(sync_client.contracts.list(o["customer_id"]).to_list()) == 1 for o in outcomes)


def test_provision_a_row_with_a_bad_contract_is_a_usage_error(
    thread_fake: FakeMetronome, tmp_path: Path
) -> None:
    rows = tmp_path / "customers.csv"
    rows.write_text(
        "name,ingest_aliases,rate_card_id,rate_card_alias,contract_starting_at\n"
        "Acme,acme,r,standard,2025-01-01\n"
        "Globex,globex,r,,\n",
        encoding="utf-8",
    )
    bad = against(thread_fake, "provision", str(rows))
    assert bad.code == 2, bad
    assert "line 2: give one of rate_card_id and rate_card_alias" in bad.err
    assert "line 3: contract_starting_at is required" in bad.err
    assert thread_fake.count("POST") == 0


def test_provision_a_file_row_never_touches_another_customer(
    thread_fake: FakeMetronome, sync_client: Metronome, tmp_path: Path
) -> None:
    other = sync_client.customers.create(name="Acme", ingest_aliases=["shared"])
    rows = tmp_path / "customers.jsonl"
    rows.write_text(
        json.dumps(
            {
                "name": "Acme",
                "ingest_aliases": ["acme-new", "shared"],
                "billing_provider_type": "stripe",
                "billing_provider_customer_id": "cus_new",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = against(thread_fake, "provision", str(rows), "--no-journal")
    assert result.code == 1, result
    assert "'shared'" in result.err and other.id in result.err
    assert sync_client.customers.retrieve_billing_provider_configurations(other.id) == []
    assert len(thread_fake.customers()) == 1


def test_archive_refuses_while_a_contract_runs_previews_and_ends_contracts(
    thread_fake: FakeMetronome, sync_client: Metronome
) -> None:
    card = thread_fake.create_rate_card(name="Standard")
    result = sync_client.customers.provision(
        name="Churned", ingest_aliases=["churned"], contract={"rate_card_id": card, "starting_at": START}
    )
    customer, contract = result.customer_id, result.contract_id
    refused, preview_refused, preview = in_parallel(
        thread_fake,
        ["archive", customer],
        ["archive", customer, "--dry-run"],
        ["archive", customer, "--dry-run", "--end-contracts"],
    )
    assert refused.code == 1, refused
    assert f"still has 1 contract not ended: unnamed ({contract}, since 2025-01-01)" in refused.err
    assert "Rerun with --end-contracts" in refused.err and "--end-plans" not in refused.err
    assert preview_refused.code == 1 and "would be refused" in preview_refused.out, preview_refused
    assert preview.code == 0 and f"Would end today 1 contract: unnamed ({contract}" in preview.out, preview
    assert not sync_client.customers.retrieve(customer).archived

    done = against(thread_fake, "archive", customer, "--end-contracts")
    assert done.code == 0, done
    ended_line, voided_line, archived_line = done.out.splitlines()
    assert ended_line == f"Ended contract unnamed ({contract})."
    assert re.fullmatch(r"Voided \d+ invoices? of nothing\.", voided_line), "a month without usage bills 0"
    assert archived_line == f"Archived customer {customer} (Churned): it is no longer in the active list."
    [ended] = sync_client.contracts.list(customer, include_archived=True)
    assert ended.ending_before is not None and ended.archived
