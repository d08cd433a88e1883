"""The embedded Metronome's books: customer commits and credits (create, list, updateEndDate, the v2 edit
and archive), commits and credits given with a contract, and the drawdown the invoices will use
(`Ledger.deduct`, tested directly). Over loopback through the SDK's generated methods; the `fake` fixture
checks every exchange against the official spec."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.errors import BadRequestError, ConflictError, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._clock import Clock
from metronome_async.testing._cursors import Cursors
from metronome_async.testing._custom_fields import CustomFields
from metronome_async.testing._ledger import InvoiceItem, Ledger, NewBalance, ScheduleItem
from metronome_async.testing._wire import ApiError, format_rfc3339

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
OTHER_PRODUCT = "0f2b1f6e-0a43-4a39-9d6b-6d0c4b1f7a11"
PAST = "2020-01-01T00:00:00Z"
FAR = "2090-01-01T00:00:00Z"


def schedule(amount: float = 1000, start: str = PAST, end: str = FAR) -> dict[str, Any]:
    return {"schedule_items": [{"amount": amount, "starting_at": start, "ending_before": end}]}


async def customer(client: AsyncMetronome, name: str = "Acme") -> str:
    return (await client.customers.create(name=name)).id


async def credits(client: AsyncMetronome, customer_id: str, **filters: Any) -> list[dict[str, Any]]:
    return [c.to_dict() async for c in client.customers.credits.list(customer_id, **filters)]


async def commits(client: AsyncMetronome, customer_id: str, **filters: Any) -> list[dict[str, Any]]:
    return [c.to_dict() async for c in client.customers.commits.list(customer_id, **filters)]


# ---------------------------------------------------------------------- customer credits and commits


async def test_a_credit_reads_back_with_its_ledger_and_balance(client: AsyncMetronome) -> None:
    who = await customer(client)
    credit_id = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(500), name="Welcome"
    )
    [credit] = await credits(client, who, include_ledgers=True, include_balance=True)
    [segment] = credit["access_schedule"]["schedule_items"]
    assert (credit["id"], credit["type"], credit["name"], credit["priority"]) == (
        credit_id,
        "CREDIT",
        "Welcome",
        1,
    )
    assert credit["access_schedule"]["credit_type"]["name"] == "USD (cents)"
    assert credit["product"]["id"] == PRODUCT and credit["balance"] == 500
    assert credit["ledger"] == [
        {
            "type": "CREDIT_SEGMENT_START",
            "timestamp": segment["starting_at"],
            "amount": 500,
            "segment_id": segment["id"],
        }
    ]
    [plain] = await credits(client, who)
    assert "ledger" not in plain and "balance" not in plain  # only when asked


async def test_commits_and_credits_need_a_live_customer(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.customers.credits.create(
            "6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b", priority=1, product_id=PRODUCT, access_schedule=schedule()
        )
    who = await customer(client)
    await client.customers.archive(who)
    with pytest.raises(BadRequestError, match="archived"):
        await client.customers.commits.create(
            who, type="PREPAID", priority=1, product_id=PRODUCT, access_schedule=schedule()
        )


async def test_a_uniqueness_key_is_used_once_per_customer_across_commits_and_credits(
    client: AsyncMetronome,
) -> None:
    who, other = await customer(client), await customer(client, "Other")
    await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(), uniqueness_key="promo-1"
    )
    for attempt in (
        client.customers.credits.create(
            who, priority=1, product_id=PRODUCT, access_schedule=schedule(), uniqueness_key="promo-1"
        ),
        client.customers.commits.create(
            who,
            type="PREPAID",
            priority=1,
            product_id=PRODUCT,
            access_schedule=schedule(),
            uniqueness_key="promo-1",
        ),
    ):
        with pytest.raises(ConflictError, match="uniqueness key has already been used"):
            await attempt
    assert len(await credits(client, who)) == 1 and await commits(client, who) == []  # nothing was created
    await client.customers.credits.create(
        other, priority=1, product_id=PRODUCT, access_schedule=schedule(), uniqueness_key="promo-1"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "POSTPAID"}, "invoice_schedule: a POSTPAID commit has one access and one invoice"),
        (
            {
                "type": "POSTPAID",
                "invoice_schedule": {"schedule_items": [{"timestamp": PAST, "amount": 999}]},
                "invoice_contract_id": PRODUCT,
            },
            "invoice_schedule: must total the access schedule's amount",
        ),
        (
            {
                "type": "PREPAID",
                "invoice_schedule": {"schedule_items": [{"timestamp": PAST, "amount": 1000}]},
            },
            "invoice_contract_id: is required for a POSTPAID commit and for an invoiced PREPAID one",
        ),
        (
            {"type": "PREPAID", "access_schedule": schedule(start="2020-01-01T00:30:00Z")},
            "access_schedule.schedule_items[0].starting_at: must be on an hour boundary",
        ),
        (
            {"type": "PREPAID", "access_schedule": schedule(start=FAR, end=PAST)},
            "access_schedule.schedule_items[0].ending_before: must be after starting_at",
        ),
        (
            {"type": "PREPAID", "access_schedule": {"schedule_items": []}},
            "access_schedule.schedule_items: must have at least one item",
        ),
        (
            {"type": "PREPAID", "applicable_product_tags": ["a"], "specifiers": [{"product_tags": ["b"]}]},
            "specifiers: give applicable_product_ids/applicable_product_tags or specifiers, not both",
        ),
        (
            {
                "type": "PREPAID",
                "invoice_contract_id": PRODUCT,
                "invoice_schedule": {"schedule_items": [{"timestamp": PAST, "amount": 1}]},
            },
            f"invoice_contract_id: {PRODUCT} is not a contract of customer",
        ),
    ],
)
async def test_the_rules_of_a_commit(client: AsyncMetronome, fields: dict[str, Any], message: str) -> None:
    who = await customer(client)
    body = {"priority": 1, "product_id": PRODUCT, "access_schedule": schedule(), **fields}
    with pytest.raises(BadRequestError) as raised:
        await client.customers.commits.create(who, **body)
    assert raised.value.message.startswith(message)
    assert await commits(client, who, include_archived=True) == []


async def test_a_postpaid_commit_and_a_recurring_invoice_schedule(client: AsyncMetronome) -> None:
    who = await customer(client)
    contract_id = await client.contracts.create(who, starting_at=PAST)
    postpaid = await client.customers.commits.create(
        who,
        type="POSTPAID",
        priority=1,
        product_id=PRODUCT,
        access_schedule=schedule(1200),
        invoice_schedule={"schedule_items": [{"timestamp": FAR, "unit_price": 600, "quantity": 2}]},
        invoice_contract_id=contract_id,
    )
    prepaid = await client.customers.commits.create(
        who,
        type="PREPAID",
        priority=2,
        product_id=PRODUCT,
        access_schedule=schedule(1000, end="2021-01-01T00:00:00Z"),
        invoice_schedule={
            "recurring_schedule": {
                "starting_at": PAST,
                "ending_before": "2020-09-01T00:00:00Z",
                "frequency": "QUARTERLY",
                "amount": 1000,
                "amount_distribution": "DIVIDED_ROUNDED",
            }
        },
        invoice_contract_id=contract_id,
    )
    found = {c["id"]: c for c in await commits(client, who, include_ledgers=True, include_balance=True)}
    assert found[postpaid]["ledger"] == [
        {"type": "POSTPAID_COMMIT_INITIAL_BALANCE", "timestamp": "2020-01-01T00:00:00.000Z", "amount": 1200}
    ]
    assert found[postpaid]["invoice_contract"] == {"id": contract_id}
    invoices = found[prepaid]["invoice_schedule"]["schedule_items"]
    assert [(i["timestamp"][:10], i["amount"]) for i in invoices] == [
        ("2020-01-01", 333),
        ("2020-04-01", 333),
        ("2020-07-01", 334),  # the last takes what rounding left
    ]
    # its only segment ended with everything left: it expired
    assert found[prepaid]["balance"] == 0
    assert [e["type"] for e in found[prepaid]["ledger"]] == [
        "PREPAID_COMMIT_SEGMENT_START",
        "PREPAID_COMMIT_EXPIRATION",
    ]
    assert found[prepaid]["ledger"][1]["amount"] == -1000


async def test_listings_filter_and_page(client: AsyncMetronome, fake: FakeMetronome) -> None:
    who, other = await customer(client), await customer(client, "Other")
    early = schedule(start="2020-01-01T00:00:00Z", end="2021-01-01T00:00:00Z")
    late = schedule(start="2022-01-01T00:00:00Z", end="2023-01-01T00:00:00Z")
    ids = [
        await client.customers.credits.create(who, priority=1, product_id=PRODUCT, access_schedule=s)
        for s in (early, late, early, late, early)
    ]
    await client.customers.credits.create(other, priority=1, product_id=PRODUCT, access_schedule=early)

    every = await credits(client, who, limit=2)  # three pages, the cursor in the body
    assert [c["id"] for c in every] == ids
    assert fake.count("POST", "/v1/contracts/customerCredits/list", status=200) == 3
    covering = await credits(client, who, covering_date="2022-06-01T00:00:00Z")
    assert [c["id"] for c in covering] == [ids[1], ids[3]]
    assert [c["id"] for c in await credits(client, who, starting_at="2021-06-01T00:00:00Z")] == [
        ids[1],
        ids[3],
    ]
    assert [c["id"] for c in await credits(client, who, effective_before="2021-06-01T00:00:00Z")] == ids[::2]
    assert [c["id"] for c in await credits(client, who, credit_id=ids[2])] == [ids[2]]
    assert await commits(client, who) == []  # credits are not commits

    await client.contracts.archive_credit(who, ids[0])
    assert [c["id"] for c in await credits(client, who)] == ids[1:]
    archived = await credits(client, who, include_archived=True, credit_id=ids[0])
    assert archived[0]["id"] == ids[0]


async def test_an_end_date_only_moves_earlier(client: AsyncMetronome) -> None:
    who = await customer(client)
    credit_id = await client.customers.credits.create(
        who,
        priority=1,
        product_id=PRODUCT,
        access_schedule={
            "schedule_items": [
                {
                    "amount": 10,
                    "starting_at": "2024-01-01T00:00:00Z",
                    "ending_before": "2025-01-01T00:00:00Z",
                },
                {
                    "amount": 20,
                    "starting_at": "2025-01-01T00:00:00Z",
                    "ending_before": "2026-01-01T00:00:00Z",
                },
            ]
        },
    )
    with pytest.raises(BadRequestError, match="can only move the end date earlier"):
        await client.customers.credits.update_end_date(who, credit_id, access_ending_before=FAR)
    await client.customers.credits.update_end_date(
        who, credit_id, access_ending_before="2024-07-01T00:00:00Z"
    )
    [credit] = await credits(client, who)
    assert [(s["amount"], s["ending_before"]) for s in credit["access_schedule"]["schedule_items"]] == [
        (10, "2024-07-01T00:00:00.000Z")
    ]

    contract_id = await client.contracts.create(who, starting_at=PAST)
    postpaid = await client.customers.commits.create(
        who,
        type="POSTPAID",
        priority=1,
        product_id=PRODUCT,
        access_schedule=schedule(5),
        invoice_schedule={"schedule_items": [{"timestamp": FAR, "amount": 5}]},
        invoice_contract_id=contract_id,
    )
    with pytest.raises(BadRequestError, match="only a PREPAID commit"):
        await client.customers.commits.update_end_date(
            who, postpaid, access_ending_before="2024-01-01T00:00:00Z"
        )
    prepaid = await client.customers.commits.create(
        who,
        type="PREPAID",
        priority=1,
        product_id=PRODUCT,
        access_schedule=schedule(5),
        invoice_schedule={
            "schedule_items": [{"timestamp": PAST, "amount": 2}, {"timestamp": FAR, "amount": 3}]
        },
        invoice_contract_id=contract_id,
    )
    await client.customers.commits.update_end_date(
        who,
        prepaid,
        access_ending_before="2050-01-01T00:00:00Z",
        invoices_ending_before="2050-01-01T00:00:00Z",
    )
    [commit] = await commits(client, who, commit_id=prepaid)
    assert commit["access_schedule"]["schedule_items"][0]["ending_before"] == "2050-01-01T00:00:00.000Z"
    assert [i["amount"] for i in commit["invoice_schedule"]["schedule_items"]] == [2]


async def test_the_v2_edit_and_archive_of_a_commit(client: AsyncMetronome) -> None:
    who, other = await customer(client), await customer(client, "Other")
    commit_id = await client.customers.commits.create(
        who, type="PREPAID", priority=1, product_id=PRODUCT, access_schedule=schedule(100)
    )
    [segment] = (await commits(client, who))[0]["access_schedule"]["schedule_items"]
    await client.contracts.edit_commit(
        who,
        commit_id,
        name="Renamed",
        priority=3,
        access_schedule={
            "update_schedule_items": [{"id": segment["id"], "amount": 150}],
            "add_schedule_items": [
                {"amount": 7, "starting_at": FAR, "ending_before": "2091-01-01T00:00:00Z"}
            ],
        },
    )
    [commit] = await commits(client, who)
    assert (commit["name"], commit["priority"]) == ("Renamed", 3)
    assert [s["amount"] for s in commit["access_schedule"]["schedule_items"]] == [150, 7]
    with pytest.raises(NotFoundError):
        await client.contracts.edit_commit(other, commit_id, name="Theirs")
    with pytest.raises(BadRequestError, match="is not an access schedule item"):
        await client.contracts.edit_commit(
            who, commit_id, access_schedule={"remove_schedule_items": [{"id": PRODUCT}]}
        )
    assert (await commits(client, who))[0]["name"] == "Renamed"  # the failed edit changed nothing

    await client.contracts.archive_commit(who, commit_id)
    assert await commits(client, who) == []
    with pytest.raises(BadRequestError, match="archived"):
        await client.contracts.edit_commit(who, commit_id, name="Again")


# ---------------------------------------------------------------------- commits and credits of a contract


async def test_a_contracts_commits_and_credits_show_in_its_answers(client: AsyncMetronome) -> None:
    who = await customer(client)
    contract_id = await client.contracts.create(
        who,
        starting_at=PAST,
        commits=[{"type": "PREPAID", "product_id": PRODUCT, "access_schedule": schedule(300), "priority": 2}],
        credits=[{"product_id": PRODUCT, "access_schedule": schedule(40), "name": "Trial"}],
    )
    contract = await client.contracts.retrieve(who, contract_id, include_balance=True)
    [commit], [credit] = contract.commits, contract.credits
    assert (commit["type"], commit["contract"], commit["balance"]) == ("PREPAID", {"id": contract_id}, 300)
    assert (credit["type"], credit["name"], credit["balance"]) == ("CREDIT", "Trial", 40)
    [listed] = [c async for c in client.contracts.list(who)]
    assert [c["id"] for c in listed.commits] == [commit["id"]]

    # customer-level listings show them only when asked
    assert await commits(client, who) == []
    assert [c["id"] for c in await commits(client, who, include_contract_commits=True)] == [commit["id"]]
    assert [c["id"] for c in await credits(client, who, include_contract_credits=True)] == [credit["id"]]

    await client.contracts.archive(who, contract_id, void_invoices=False)
    assert await credits(client, who, include_contract_credits=True) == []
    archived = await credits(client, who, include_contract_credits=True, include_archived=True)
    assert archived[0]["id"] == credit["id"]


async def test_a_contracts_commits_are_checked_with_it(client: AsyncMetronome, fake: FakeMetronome) -> None:
    who = await customer(client)
    with pytest.raises(BadRequestError, match=r"commits\[0\].access_schedule: is required"):
        await client.contracts.create(
            who, starting_at=PAST, commits=[{"type": "PREPAID", "product_id": PRODUCT}]
        )
    assert fake.contracts(who) == []  # nothing was created


# ---------------------------------------------------------------------- the drawdown (Ledger.deduct)

NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)  # usage "now"


@pytest.fixture(autouse=True)
def _products(fake: FakeMetronome) -> None:
    """The FIXED products the commits and credits are made of (the fake checks that a product exists)."""
    fake.create_product("Credits", product_id=PRODUCT)
    fake.create_product("Other credits", product_id=OTHER_PRODUCT)


def ledger() -> tuple[Ledger, Clock]:
    clock = Clock()
    return Ledger(clock, Cursors(clock, 60), CustomFields(), lambda _: "product"), clock


def item(kind: str = "CREDIT", amount: float = 100, *, days: int = 365, **fields: Any) -> NewBalance:
    access = (ScheduleItem(amount, NOW - timedelta(days=1), NOW + timedelta(days=days)),)
    return NewBalance(kind=kind, product_id=PRODUCT, access=access, **fields)


def test_usage_draws_the_lower_priority_first_then_free_before_paid_then_the_sooner_expiry() -> None:
    books, _ = ledger()
    paid = books.add("c", item("PREPAID", priority=1, invoices=(InvoiceItem(NOW, 100, 1),)))  # not free
    late_credit = books.add("c", item(priority=1, days=300))
    soon_credit = books.add("c", item(priority=1, days=30))
    first = books.add("c", item(priority=0))
    drawn = books.deduct("c", 350, NOW, PRODUCT, invoice_id="inv-1")
    assert [(a.balance_id, a.amount) for a in drawn.applied] == [
        (first.id, 100),
        (soon_credit.id, 100),
        (late_credit.id, 100),
        (paid.id, 50),
    ]
    assert drawn.uncovered == 0
    assert books.deduct("c", 60, NOW, PRODUCT, invoice_id="inv-2").uncovered == 10
    assert paid.balance(NOW) == 0


def test_a_contracts_own_balance_goes_before_a_customer_level_one_and_postpaid_last() -> None:
    books, _ = ledger()
    postpaid = books.add("c", item("POSTPAID", priority=0))
    customer_level = books.add("c", item(priority=1))
    contract_level = books.add("c", item(priority=1), contract_id="k1")
    other_contract = books.add("c", item(priority=0), contract_id="k2")
    drawn = books.deduct("c", 250, NOW, PRODUCT, invoice_id="inv", contract_id="k1")
    assert [a.balance_id for a in drawn.applied] == [contract_level.id, customer_level.id, postpaid.id]
    assert other_contract.balance(NOW) == 100


def test_only_what_covers_the_usage_is_drawn() -> None:
    books, _ = ledger()
    tagged = books.add("c", item(applicable_product_tags=("compute",)))
    by_id = books.add("c", item(applicable_product_ids=(OTHER_PRODUCT,)))
    excluded = books.add(
        "c", item(specifiers=({"product_tags": ["compute"], "exclude": [{"product_tags": ["gpu"]}]},))
    )
    euros = books.add("c", item(credit_type_id="1f6e0a43-4a39-4d6b-8d0c-4b1f7a110f2b"))
    future = books.add(
        "c",
        NewBalance(
            kind="CREDIT",
            product_id=PRODUCT,
            access=(ScheduleItem(100, NOW + timedelta(days=1), NOW + timedelta(days=2)),),
        ),
    )
    drawn = books.deduct("c", 500, NOW, PRODUCT, invoice_id="inv", product_tags=("compute", "gpu"))
    assert [a.balance_id for a in drawn.applied] == [tagged.id] and drawn.uncovered == 400
    assert {b.balance(NOW) for b in (by_id, excluded, euros)} == {100} and future.balance(NOW) == 0


def test_deductions_show_in_the_ledger_and_can_be_finalized_or_released() -> None:
    books, _ = ledger()
    credit = books.add("c", item())
    books.deduct("c", 30, NOW, PRODUCT, invoice_id="inv-draft", contract_id="k1")
    [start, deduction] = books.ledger(credit)
    assert start["type"] == "CREDIT_SEGMENT_START"
    assert deduction == {
        "type": "CREDIT_AUTOMATED_INVOICE_DEDUCTION",
        "timestamp": format_rfc3339(NOW),
        "amount": -30,
        "segment_id": credit.segments[0].id,
        "invoice_id": "inv-draft",
        "contract_id": "k1",
    }
    assert books.net_balance("c", credit.credit_type_id, [], drafts=True) == 70
    assert books.net_balance("c", credit.credit_type_id, [], drafts=False) == 100  # a draft's deduction
    books.finalize("inv-draft")
    assert books.net_balance("c", credit.credit_type_id, [], drafts=False) == 70
    with pytest.raises(ApiError, match="void the finalized invoices"):
        books.archive(credit.clone())
    books.release("inv-draft")
    assert credit.balance(NOW) == 100 and len(books.ledger(credit)) == 1


def test_a_negative_amount_is_not_usage() -> None:
    books, _ = ledger()
    with pytest.raises(ValueError, match="amount"):
        books.deduct("c", -1, NOW, PRODUCT, invoice_id="inv")
