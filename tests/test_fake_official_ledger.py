"""The books of the embedded Metronome in the official Python SDK (metronome-sdk 4.12, strict response
validation): commits, credits, a contract's own, edits and their history, balances; every object must parse
into its models. Then the same flow through this SDK's blocking client. The `thread_fake` fixture checks
every exchange against the official spec."""

from __future__ import annotations

from datetime import datetime, timezone

import metronome
import pytest

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
END = datetime(2090, 1, 1, tzinfo=timezone.utc)
SCHEDULE = {"schedule_items": [{"amount": 100, "starting_at": START, "ending_before": END}]}
INVOICED = {"schedule_items": [{"timestamp": END, "amount": 100}]}
SEATS = {
    "subscription_rate": {"product_id": PRODUCT, "billing_frequency": "MONTHLY"},
    "collection_schedule": "ADVANCE",
    "proration": {"is_prorated": True},
    "initial_quantity": 3,
}


@pytest.fixture(autouse=True)
def _products(thread_fake: FakeMetronome) -> None:
    """The FIXED product the commits and credits are made of (the fake checks that a product exists)."""
    thread_fake.create_product("Credits", product_id=PRODUCT)


def test_the_books_parse_in_the_official_sdk(official: metronome.Metronome) -> None:
    v1, v2 = official.v1, official.v2
    customer_id = v1.customers.create(name="Acme").data.id
    contract_id = v1.contracts.create(
        customer_id=customer_id,
        starting_at=START,
        commits=[{"type": "PREPAID", "product_id": PRODUCT, "access_schedule": SCHEDULE, "priority": 1}],
        credits=[{"product_id": PRODUCT, "access_schedule": SCHEDULE}],
    ).data.id
    v1.customers.credits.create(
        customer_id=customer_id, priority=1, product_id=PRODUCT, access_schedule=SCHEDULE, uniqueness_key="k"
    )
    v1.customers.commits.create(
        customer_id=customer_id,
        type="POSTPAID",
        priority=2,
        product_id=PRODUCT,
        access_schedule=SCHEDULE,
        invoice_schedule=INVOICED,
        invoice_contract_id=contract_id,
    )
    with pytest.raises(metronome.ConflictError):
        v1.customers.credits.create(
            customer_id=customer_id,
            priority=1,
            product_id=PRODUCT,
            access_schedule=SCHEDULE,
            uniqueness_key="k",
        )
    every = {"customer_id": customer_id, "include_ledgers": True, "include_balance": True}
    [credit, _] = v1.customers.credits.list(**every, include_contract_credits=True).data
    assert credit.ledger is not None and credit.ledger[0].type == "CREDIT_SEGMENT_START"
    [postpaid] = v1.customers.commits.list(**every).data
    assert postpaid.type == "POSTPAID" and postpaid.invoice_schedule is not None
    listed = list(v1.contracts.list_balances(**every, include_contract_balances=True, limit=2))
    assert sorted(b.type for b in listed) == ["CREDIT", "CREDIT", "POSTPAID", "PREPAID"]
    assert v1.contracts.get_net_balance(customer_id=customer_id).data.balance == 400

    edited = v2.contracts.edit(
        customer_id=customer_id,
        contract_id=contract_id,
        uniqueness_key="first-edit",
        add_credits=[{"product_id": PRODUCT, "access_schedule": SCHEDULE}],
        add_overrides=[
            {"starting_at": START, "product_id": PRODUCT, "type": "MULTIPLIER", "multiplier": 0.9}
        ],
        add_subscriptions=[SEATS],
        update_contract_end_date=END,
    ).data
    assert edited.edit is not None and edited.edit.add_credits is not None
    contract = v2.contracts.retrieve(
        customer_id=customer_id, contract_id=contract_id, include_balance=True, include_ledgers=True
    ).data
    assert contract.credits is not None and len(contract.credits) == 2 and contract.credits[0].balance == 100
    assert contract.subscriptions is not None and contract.subscriptions[0].quantity_schedule[0].quantity == 3
    subscription_id = contract.subscriptions[0].id
    assert subscription_id is not None
    v2.contracts.edit(
        customer_id=customer_id,
        contract_id=contract_id,
        update_subscriptions=[
            {"subscription_id": subscription_id, "quantity_updates": [{"starting_at": END, "quantity": 4}]}
        ],
        remove_overrides=[{"id": contract.overrides[0].id}],
    )
    history = v2.contracts.get_edit_history(customer_id=customer_id, contract_id=contract_id).data
    assert history[0].id == edited.id and len(history) == 2
    commit_id = contract.commits[0].id
    v2.contracts.edit_commit(customer_id=customer_id, commit_id=commit_id, name="Prepaid")
    for path, body in (  # the official SDK 4.12 has no method for these
        ("/v2/contracts/commits/archive", {"customer_id": customer_id, "commit_id": commit_id}),
        ("/v2/contracts/credits/archive", {"customer_id": customer_id, "credit_id": credit.id}),
    ):
        official.post(path, body=body, cast_to=object)
    assert v1.contracts.get_net_balance(customer_id=customer_id).data.balance == 300


def test_the_books_through_the_blocking_client(sync_client: Metronome) -> None:
    customer_id = sync_client.customers.create(name="Acme").id
    contract_id = sync_client.contracts.create(customer_id, starting_at=START)
    credit_id = sync_client.customers.credits.create(
        customer_id, priority=1, product_id=PRODUCT, access_schedule=SCHEDULE, name="Welcome"
    )
    edited = sync_client.contracts.edit(
        customer_id,
        contract_id,
        add_commits=[{"type": "PREPAID", "product_id": PRODUCT, "access_schedule": SCHEDULE}],
    )
    assert [e.id for e in sync_client.contracts.get_edit_history(customer_id, contract_id)] == [edited]
    found = list(sync_client.contracts.list_balances(customer_id, include_contract_balances=True))
    assert found[0].to_dict()["id"] == credit_id and len(found) == 2
    assert sync_client.contracts.get_net_balance(customer_id).balance == 200
