"""Contract edits on the embedded Metronome (`/v2/contracts/edit`, `getEditHistory`): what an edit adds
and changes shows in the contract, all or nothing, recorded in order. Over loopback through the SDK's
generated methods; the `fake` fixture checks every exchange against the official spec."""

from __future__ import annotations

from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.errors import BadRequestError, ConflictError
from metronome_async.testing import FakeMetronome

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
START = "2025-01-01T00:00:00Z"
END = "2090-01-01T00:00:00Z"
UNKNOWN = "6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"


def schedule(amount: float = 100) -> dict[str, Any]:
    return {"schedule_items": [{"amount": amount, "starting_at": START, "ending_before": END}]}


SEATS = {
    "subscription_rate": {"product_id": PRODUCT, "billing_frequency": "MONTHLY"},
    "collection_schedule": "ADVANCE",
    "proration": {"is_prorated": True},
    "initial_quantity": 5,
}
UNCOUNTED = {k: v for k, v in SEATS.items() if k != "initial_quantity"}


@pytest.fixture(autouse=True)
def _products(fake: FakeMetronome) -> None:
    """The FIXED products the commits and credits are made of (the fake checks that a product exists)."""
    fake.create_product("Credits", product_id=PRODUCT)


async def new_contract(client: AsyncMetronome) -> tuple[str, str]:
    customer_id = (await client.customers.create(name="Acme")).id
    return customer_id, await client.contracts.create(customer_id, starting_at=START, ending_before=END)


async def test_an_edit_adds_terms_to_the_contract_and_is_recorded(client: AsyncMetronome) -> None:
    who, contract_id = await new_contract(client)
    edited = await client.contracts.edit(
        who,
        contract_id,
        uniqueness_key="q1-terms",
        add_commits=[
            {"type": "PREPAID", "product_id": PRODUCT, "access_schedule": schedule(500), "priority": 1}
        ],
        add_credits=[{"product_id": PRODUCT, "access_schedule": schedule(50), "name": "Goodwill"}],
        add_overrides=[{"starting_at": START, "product_id": PRODUCT, "multiplier": 0.8}],
        add_subscriptions=[SEATS],
    )
    contract = await client.contracts.retrieve(who, contract_id)
    [commit], [credit], [override] = contract.commits, contract.credits, contract.overrides
    assert (commit["type"], commit["priority"], credit["name"]) == ("PREPAID", 1, "Goodwill")
    assert (override["type"], override["multiplier"], override["product"]["id"]) == (
        "MULTIPLIER",
        0.8,
        PRODUCT,
    )
    [subscription] = contract.to_dict()["subscriptions"]
    assert subscription["quantity_schedule"] == [
        {
            "quantity": 5,
            "starting_at": "2025-01-01T00:00:00.000Z",
            "ending_before": "2090-01-01T00:00:00.000Z",
        }
    ]
    assert subscription["ending_before"] == "2090-01-01T00:00:00.000Z"  # the contract's, by default

    [edit] = await client.contracts.get_edit_history(who, contract_id)
    assert (edit.id, edit.uniqueness_key) == (edited, "q1-terms"), "the edit's id is the answer"
    assert [c.id for c in edit.add_commits or []] == [commit["id"]]
    assert [c.id for c in edit.add_credits or []] == [credit["id"]]
    assert [o.id for o in edit.add_overrides or []] == [override["id"]]
    assert [s.id for s in edit.add_subscriptions or []] == [subscription["id"]]

    with pytest.raises(ConflictError, match="uniqueness key has already been used"):
        await client.contracts.edit(who, contract_id, uniqueness_key="q1-terms", add_subscriptions=[SEATS])
    assert len((await client.contracts.retrieve(who, contract_id)).to_dict()["subscriptions"]) == 1


async def test_edits_change_what_earlier_ones_added_in_order(client: AsyncMetronome) -> None:
    who, contract_id = await new_contract(client)
    await client.contracts.edit(
        who,
        contract_id,
        add_credits=[{"product_id": PRODUCT, "access_schedule": schedule(50)}],
        add_overrides=[{"starting_at": START, "product_id": PRODUCT, "multiplier": 0.8}],
        add_subscriptions=[SEATS],
    )
    contract = (await client.contracts.retrieve(who, contract_id)).to_dict()
    credit, override, subscription = (
        contract["credits"][0],
        contract["overrides"][0],
        contract["subscriptions"][0],
    )
    segment = credit["access_schedule"]["schedule_items"][0]
    await client.contracts.edit(
        who,
        contract_id,
        update_credits=[
            {
                "credit_id": credit["id"],
                "name": "Renamed",
                "access_schedule": {"update_schedule_items": [{"id": segment["id"], "amount": 80}]},
            }
        ],
        update_subscriptions=[
            {
                "subscription_id": subscription["id"],
                "quantity_updates": [
                    {"starting_at": "2080-01-01T00:00:00Z", "quantity": 8},
                    {"starting_at": "2085-01-01T00:00:00Z", "quantity_delta": -3},
                ],
            }
        ],
        remove_overrides=[{"id": override["id"]}],
        update_contract_name="Renamed contract",
        update_contract_end_date="2089-12-01T00:00:00Z",
    )
    contract = (await client.contracts.retrieve(who, contract_id)).to_dict()
    [credit] = contract["credits"]
    assert (credit["name"], credit["access_schedule"]["schedule_items"][0]["amount"]) == ("Renamed", 80)
    assert contract["overrides"] == []
    assert (contract["name"], contract["ending_before"]) == ("Renamed contract", "2089-12-01T00:00:00.000Z")
    quantities = [
        (q["starting_at"][:10], q["quantity"]) for q in contract["subscriptions"][0]["quantity_schedule"]
    ]
    assert quantities == [("2025-01-01", 5), ("2080-01-01", 8), ("2085-01-01", 5)]

    await client.contracts.edit(who, contract_id, archive_credits=[{"id": credit["id"]}])
    assert (await client.contracts.retrieve(who, contract_id)).credits[0]["archived_at"]
    await client.contracts.update_end_date(who, contract_id, ending_before="2089-11-01T00:00:00Z")

    history = await client.contracts.get_edit_history(who, contract_id)
    assert len(history) == 4  # oldest first
    assert history[1].update_contract_name == "Renamed contract" and history[1].remove_overrides
    assert [c.id for c in history[2].archive_credits or []] == [credit["id"]]
    assert history[3].update_contract_end_date is not None  # updateEndDate is recorded too
    assert history[3].update_contract_end_date.isoformat() == "2089-11-01T00:00:00+00:00"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"update_commits": [{"commit_id": UNKNOWN, "name": "X"}]},
            f"update_commits: {UNKNOWN} is not a commit",
        ),
        (
            {"archive_credits": [{"id": UNKNOWN}]},
            f"archive_credits: {UNKNOWN} is not a credit of this contract",
        ),
        (
            {"remove_overrides": [{"id": UNKNOWN}]},
            f"remove_overrides: override {UNKNOWN} not found on the contract",
        ),
        ({"update_contract_end_date": "2024-01-01T00:00:00Z"}, "update_contract_end_date: must be after"),
        (
            {"update_subscriptions": [{"subscription_id": UNKNOWN, "ending_before": None}]},
            f"update_subscriptions: subscription {UNKNOWN} not found",
        ),
        (
            {"add_overrides": [{"starting_at": START, "multiplier": 2}]},
            "add_overrides[0].product_id: give product_id",
        ),
        (
            {
                "add_overrides": [
                    {
                        "starting_at": START,
                        "product_id": PRODUCT,
                        "type": "TIERED",
                        "tiers": [{"multiplier": 1}],
                    }
                ]
            },
            "add_overrides[0].priority: is required with type TIERED",
        ),
        ({"add_subscriptions": [UNCOUNTED]}, "add_subscriptions[0].initial_quantity: is required"),
        (
            {
                "add_subscriptions": [
                    {
                        **SEATS,
                        "collection_schedule": "ARREARS",
                        "proration": {"invoice_behavior": "BILL_IMMEDIATELY"},
                    }
                ]
            },
            "add_subscriptions[0].proration.invoice_behavior: BILL_IMMEDIATELY is for an ADVANCE",
        ),
        (
            {"add_discounts": [{"product_id": PRODUCT, "schedule": {}}]},
            "add_discounts: FakeMetronome does not model",
        ),
    ],
)
async def test_an_edit_that_breaks_a_rule_changes_nothing(
    client: AsyncMetronome, fake: FakeMetronome, edit: dict[str, Any], message: str
) -> None:
    who, contract_id = await new_contract(client)
    before = fake.contracts(who)
    with pytest.raises(BadRequestError) as raised:  # the credit it also adds is not added either
        await client.contracts.edit(
            who, contract_id, add_credits=[{"product_id": PRODUCT, "access_schedule": schedule()}], **edit
        )
    assert raised.value.message.startswith(message), raised.value.message
    assert fake.contracts(who) == before and await client.contracts.get_edit_history(who, contract_id) == []


async def test_an_unknown_contract_is_a_coded_400(client: AsyncMetronome) -> None:
    who, _ = await new_contract(client)
    for call in (
        client.contracts.edit(who, UNKNOWN, update_contract_name="X"),
        client.contracts.get_edit_history(who, UNKNOWN),
    ):
        with pytest.raises(BadRequestError) as raised:
            await call
        assert raised.value.body["code"] == "ContractNotFound"


async def test_an_archived_contract_cannot_be_edited(client: AsyncMetronome) -> None:
    who, contract_id = await new_contract(client)
    await client.contracts.archive(who, contract_id, void_invoices=False)
    with pytest.raises(BadRequestError, match="archived"):
        await client.contracts.edit(who, contract_id, update_contract_name="Too late")
