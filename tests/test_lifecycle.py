"""The whole customer lifecycle on contracts against the embedded Metronome: a package and a trial credit,
usage priced on a draft invoice, an edit, offboarding, the clock past the period's end and its grace, the
finalized invoice and its webhook, and archiving refused because it would void that invoice. Through the
async client (the demo's scenario, with the official ``metronome-sdk``, strict, reading every object it
made), and through the blocking client. The ``thread_fake`` fixture checks every exchange against the spec."""

from __future__ import annotations

from datetime import timedelta

import metronome
import pytest

from metronome_async import AsyncMetronome, Metronome, OpenInvoicesError
from metronome_async.cli._lifecycle import run_lifecycle
from metronome_async.testing import FakeMetronome


async def test_the_lifecycle_through_the_async_client_read_by_the_official_sdk(
    thread_fake: FakeMetronome, official: metronome.Metronome
) -> None:
    said: list[str] = []
    rate_card_id = thread_fake.create_rate_card("Standard")
    async with AsyncMetronome(api_key=thread_fake.api_key, base_url=thread_fake.url) as client:
        await run_lifecycle(client, thread_fake, rate_card_id, said.append, said.append)
    assert "     total $5.00 (FINALIZED)" in said
    assert any(line.startswith("   refused: OpenInvoicesError") for line in said)

    (customer,) = [c for c in official.v1.customers.list() if c.name == "Globex"]
    v1, v2 = official.v1, official.v2
    (contract,) = v2.contracts.list(customer_id=customer.id).data
    v2.contracts.retrieve(customer_id=customer.id, contract_id=contract.id, include_balance=True)
    (invoice,) = list(v1.customers.invoices.list(customer_id=customer.id))
    assert (invoice.status, invoice.total) == ("FINALIZED", 500)
    v1.customers.invoices.retrieve(customer_id=customer.id, invoice_id=invoice.id)
    assert [credit.name for credit in v1.customers.credits.list(customer_id=customer.id)] == ["Trial credit"]
    balances = list(
        v1.contracts.list_balances(
            customer_id=customer.id, include_balance=True, include_contract_balances=True
        )
    )
    assert {item.name for item in balances} >= {"Trial credit", "Prepaid commit"}
    v1.contracts.get_net_balance(customer_id=customer.id)
    assert len(v2.contracts.get_edit_history(customer_id=customer.id, contract_id=contract.id).data) >= 1
    assert customer.archived_at is None, "offboarded, not archived"


def test_the_lifecycle_through_the_blocking_client(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    card = thread_fake.create_rate_card("Standard")
    metric = sync_client.billable_metrics.create(
        name="Calls", aggregation_type="COUNT", event_type_filter={"in_values": ["call"]}
    )
    product = sync_client.products.create(name="Calls", type="USAGE", billable_metric_id=metric)
    now = thread_fake.now()
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    sync_client.rate_cards.rates.add(
        card, product_id=product, starting_at=start, entitled=True, rate_type="FLAT", price=3
    )
    sync_client.packages.create(name="Basic", aliases=[{"name": "basic"}], rate_card_id=card)
    trial = thread_fake.create_product("Trial")
    schedule = {"schedule_items": [{"amount": 100, "starting_at": start, "ending_before": end}]}
    result = sync_client.customers.provision(
        name="Initech",
        ingest_aliases=["initech"],
        contract={"package_alias": "basic", "starting_at": start},
        credits=[{"product_id": trial, "priority": 1, "access_schedule": schedule}],
    )
    events = [
        {
            "transaction_id": f"t{n}",
            "customer_id": "initech",
            "event_type": "call",
            "timestamp": now - timedelta(minutes=1),
        }
        for n in range(50)
    ]
    assert sync_client.usage.ingest(events).ok
    (draft,) = sync_client.customers.invoices.list(result.customer_id, status="DRAFT")
    assert draft.total == 50 * 3 - 100, "150 cents of calls, less the 100-cent trial credit"

    report = sync_client.customers.offboard(result.customer_id, ending_before=end)
    assert report.ended_contracts == [result.contract_id] and [i.id for i in report.open_invoices] == [
        draft.id
    ]
    thread_fake.advance_clock((end + timedelta(hours=25) - thread_fake.now()).total_seconds())
    (final,) = sync_client.customers.invoices.list(result.customer_id)
    assert (final.id, final.status, final.total) == (draft.id, "FINALIZED", 50)
    with pytest.raises(OpenInvoicesError) as refused:
        sync_client.customers.archive_churned(result.customer_id, end_contracts=True)
    assert [i.id for i in refused.value.invoices] == [final.id]
    preview = sync_client.customers.archive_churned(result.customer_id, end_contracts=True, dry_run=True)
    assert not preview.archived and [i.id for i in preview.invoices] == [final.id]
    assert not sync_client.customers.retrieve(result.customer_id).archived
