"""``metronome-async offboard`` and ``invoices list``, in-process against the embedded Metronome: the contract
ends at the boundary, the draft still to come is listed, nothing is archived; ``--dry-run`` changes nothing;
``--json`` prints one object (offboard) or one invoice per line (invoices list); a bad time is a usage
error before anything is sent."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from test_cli import Result, against

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _boundary(fake: FakeMetronome) -> datetime:
    month = fake.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (month + timedelta(days=32)).replace(day=1)


def _customer_on_a_contract(sync_client: Metronome, fake: FakeMetronome) -> tuple[str, str]:
    rate_card_id = fake.create_rate_card("Standard")
    customer = sync_client.customers.create(name="Leaving", ingest_aliases=["leaving"])
    return customer.id, sync_client.contracts.create(customer.id, starting_at=JAN, rate_card_id=rate_card_id)


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_offboard_ends_the_contract_and_lists_what_is_still_to_come(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    customer_id, contract_id = _customer_on_a_contract(sync_client, thread_fake)
    boundary = _boundary(thread_fake)

    preview = against(thread_fake, "offboard", customer_id, "--at", _at(boundary), "--dry-run")
    assert preview.code == 0, preview
    assert (
        "Dry run: nothing was changed." in preview.out and f"Would end contract {contract_id}" in preview.out
    )
    assert sync_client.contracts.retrieve(customer_id, contract_id).ending_before is None

    done = against(thread_fake, "offboard", customer_id, "--at", _at(boundary), "--json")
    assert done.code == 0, done
    data = json.loads(done.out)
    assert data["ended_contracts"] == [contract_id] and data["dry_run"] is False
    assert data["ending_before"] == _at(boundary)
    drafts = [invoice for invoice in data["open_invoices"] if invoice["status"] == "DRAFT"]
    assert drafts and all(invoice["contract_id"] == contract_id for invoice in drafts)
    assert f"Ended contract {contract_id}" in done.err and "nothing was archived" in done.err
    assert sync_client.contracts.retrieve(customer_id, contract_id).ending_before == boundary
    assert not sync_client.customers.retrieve(customer_id).archived


def test_invoices_list_prints_one_invoice_a_line(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    customer_id, contract_id = _customer_on_a_contract(sync_client, thread_fake)
    invoices = sync_client.customers.invoices.list(customer_id).to_list()
    assert invoices, "a contract that started in 2025 has had billing periods"

    table = against(thread_fake, "invoices", "list", customer_id)
    assert table.code == 0, table
    lines = table.out.splitlines()
    assert lines[-1] == f"{len(invoices)} invoice{'s' * (len(invoices) != 1)}"
    assert all(invoice.id in table.out for invoice in invoices)

    drafts = against(thread_fake, "invoices", "list", customer_id, "--status", "DRAFT", "--json")
    assert drafts.code == 0, drafts
    read = [json.loads(line) for line in drafts.out.splitlines()]
    assert read and {invoice["status"] for invoice in read} == {"DRAFT"}
    assert {invoice["contract_id"] for invoice in read} == {contract_id}


def test_a_bad_time_is_a_usage_error_and_nothing_is_sent(thread_fake: FakeMetronome) -> None:
    result: Result = against(thread_fake, "offboard", "c1", "--at", "next month")
    assert result.code == 2, result
    assert "--at" in result.err
    assert thread_fake.exchanges == []
