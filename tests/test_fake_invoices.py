"""The embedded Metronome's usage invoices: billing periods from the usage statement schedule (pure), usage
priced on a draft with the commits and credits applied, the listing's filters, sorting and paging, one
invoice, breakdowns, the PDF, and the spend the alerts read. Over loopback through the SDK's generated
methods; the `fake` fixture checks every exchange against the official spec."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, BadRequestError, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._contracts import ContractTerms
from metronome_async.testing._periods import started_periods
from metronome_async.testing._spend import priced_spend

USD = "2714e483-4ff1-48e4-9e25-ac732e8f24f2"
UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def at(year: int, month: int, day: int = 1, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


# ---------------------------------------------------------------------- billing periods, directly


def periods(now: datetime, ending_before: datetime | None = None, **terms: Any) -> list[tuple[str, str]]:
    found = started_periods(ContractTerms(**terms), ending_before, now)
    return [(f"{p.starting_at:%Y-%m-%d}", f"{p.ending_before:%Y-%m-%d}") for p in found]


def test_monthly_periods_start_on_the_first_of_the_month_by_default() -> None:
    assert periods(at(2025, 3, 10), starting_at=at(2025, 1, 15)) == [
        ("2025-01-15", "2025-02-01"),
        ("2025-02-01", "2025-03-01"),
        ("2025-03-01", "2025-04-01"),
    ]
    assert periods(at(2025, 1, 15) - HOUR, starting_at=at(2025, 1, 15)) == [], "not started yet"


def test_a_contract_ended_early_has_a_short_last_period() -> None:
    assert periods(at(2026, 1, 1), at(2025, 2, 20), starting_at=at(2025, 1, 1)) == [
        ("2025-01-01", "2025-02-01"),
        ("2025-02-01", "2025-02-20"),
    ]


def test_the_schedules_anchor_and_frequency() -> None:
    start = at(2024, 9, 15)
    # The reference's example: anchor the 10th, monthly: the first statement runs 09-15 to 10-10.
    custom = periods(
        at(2024, 11, 12), starting_at=start, statement_day="CUSTOM_DATE", billing_anchor_date=at(2024, 9, 10)
    )
    assert custom == [
        ("2024-09-15", "2024-10-10"),
        ("2024-10-10", "2024-11-10"),
        ("2024-11-10", "2024-12-10"),
    ]
    assert periods(at(2024, 10, 20), starting_at=start, statement_day="CONTRACT_START") == [
        ("2024-09-15", "2024-10-15"),
        ("2024-10-15", "2024-11-15"),
    ]
    assert periods(at(2025, 1, 5), starting_at=start, statement_frequency="QUARTERLY") == [
        ("2024-09-15", "2024-12-01"),
        ("2024-12-01", "2025-03-01"),
    ]
    assert periods(at(2025, 10, 1), starting_at=start, statement_frequency="ANNUAL") == [
        ("2024-09-15", "2025-09-01"),
        ("2025-09-01", "2026-09-01"),
    ]
    weekly = periods(
        at(2024, 9, 30), starting_at=start, statement_frequency="WEEKLY", statement_day="CONTRACT_START"
    )
    assert weekly == [
        ("2024-09-15", "2024-09-22"),
        ("2024-09-22", "2024-09-29"),
        ("2024-09-29", "2024-10-06"),
    ]


def test_an_anchor_on_the_31st_bills_to_the_last_day_of_shorter_months() -> None:
    found = periods(at(2025, 4, 1), starting_at=at(2025, 1, 31), statement_day="CONTRACT_START")
    assert found == [("2025-01-31", "2025-02-28"), ("2025-02-28", "2025-03-31"), ("2025-03-31", "2025-04-30")]


def test_a_contract_from_the_first_century_invoices_only_its_latest_periods() -> None:
    found = periods(at(2025, 1, 1), starting_at=at(1, 1), statement_frequency="WEEKLY")
    assert len(found) == 120 and found[-1][0] <= "2025-01-01" < found[-1][1]


# ---------------------------------------------------------------------- a priced draft


async def catalog(
    client: AsyncMetronome, fake: FakeMetronome, start: datetime, price: float = 5
) -> dict[str, str]:
    """A SUM metric of `n` on `call` events, its USAGE product at `price` on a rate card, a FIXED product."""
    metric = await client.billable_metrics.create(
        name="Calls",
        aggregation_type="SUM",
        aggregation_key="n",
        event_type_filter={"in_values": ["call"]},
        property_filters=[{"name": "n", "exists": True}],
    )
    usage = await client.products.create(
        name="API calls", type="USAGE", billable_metric_id=metric, tags=["api"]
    )
    fixed = await client.products.create(name="Prepaid", type="FIXED")
    card = fake.create_rate_card("Standard")
    await client.rate_cards.rates.add(
        card, product_id=usage, starting_at=start, entitled=True, rate_type="FLAT", price=price
    )
    return {"metric": metric, "usage": usage, "fixed": fixed, "card": card}


def call(
    n: float, when: datetime, index: int, customer: str = "acme", event_type: str = "call"
) -> dict[str, Any]:
    return {
        "transaction_id": f"t{index}",
        "customer_id": customer,
        "event_type": event_type,
        "timestamp": when.isoformat(),
        "properties": {"n": n},
    }


def this_month(fake: FakeMetronome) -> datetime:
    return fake.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


async def test_a_draft_prices_the_periods_usage_and_applies_a_credit(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    start = this_month(fake)
    made = await catalog(client, fake, start)
    customer = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
    credit = {
        "product_id": made["fixed"],
        "priority": 1,
        "name": "Welcome",
        "access_schedule": {
            "schedule_items": [{"amount": 300, "starting_at": start, "ending_before": start + 400 * DAY}]
        },
    }
    contract = await client.contracts.create(
        customer, starting_at=start, rate_card_id=made["card"], credits=[credit]
    )
    [draft] = [i async for i in client.customers.invoices.list(customer)]
    assert (draft.status, draft.type, draft.contract_id, draft.total) == ("DRAFT", "USAGE", contract, 0)
    assert (draft.start_timestamp, draft.credit_type.id) == (start, USD)

    now = fake.now()
    await client.usage.ingest(
        [
            call(40, now, 1, customer),  # by id
            call(60, now, 2),  # by ingest alias
            call(1000, start - HOUR, 3),  # before the period
            call(7, now, 4, event_type="other"),  # not this metric's
        ]
    )
    invoice = await client.customers.invoices.retrieve(customer, draft.id)
    usage, applied = invoice.line_items
    assert (usage.type, usage.product_id, usage.name, usage.quantity, usage.unit_price, usage.total) == (
        "usage",
        made["usage"],
        "API calls",
        100,
        5,
        500,
    )
    assert (usage.starting_at, usage.ending_before) == (invoice.start_timestamp, invoice.end_timestamp)
    assert (applied.type, applied.total, applied.name) == ("applied_commit_or_credit", -300, "Welcome")
    assert applied.applied_commit_or_credit is not None and applied.applied_commit_or_credit.type == "CREDIT"
    assert (invoice.subtotal, invoice.total, invoice.status) == (500, 200, "DRAFT")

    # The draft's deduction shows in the balances, and not among the finalized ones.
    assert (await client.contracts.get_net_balance(customer)).balance == 0
    final_only = await client.contracts.get_net_balance(customer, invoice_inclusion_mode="FINALIZED")
    assert final_only.balance == 300
    [balance] = [
        b
        async for b in client.contracts.list_balances(
            customer, include_contract_balances=True, include_balance=True
        )
    ]
    assert balance.balance == 0

    # More usage: the same draft, recomputed.
    await client.usage.ingest([call(10, now, 5)])
    [again] = [i async for i in client.customers.invoices.list(customer)]
    assert (again.id, again.subtotal, again.total) == (draft.id, 550, 250)
    assert fake.invoices(customer)[0]["total"] == 250


async def test_a_price_change_inside_the_period_prices_each_part_at_its_rate(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    start = at(2025, 1, 1)
    made = await catalog(client, fake, start, price=2)
    await client.rate_cards.rates.add(
        made["card"],
        product_id=made["usage"],
        starting_at=at(2025, 1, 16),
        entitled=True,
        rate_type="FLAT",
        price=3,
    )
    customer = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
    # Usage of a past period: ingested before the contract that bills it, whose invoice is final at once.
    await client.usage.ingest([call(10, at(2025, 1, 10), 1), call(100, at(2025, 1, 20), 2)])
    await client.contracts.create(
        customer, starting_at=start, ending_before=at(2025, 2, 1), rate_card_id=made["card"]
    )
    [invoice] = [i async for i in client.customers.invoices.list(customer)]
    lines = [(line.quantity, line.unit_price, line.total, line.starting_at) for line in invoice.line_items]
    assert lines == [(10, 2, 20, start), (100, 3, 300, at(2025, 1, 16))]
    assert invoice.total == 320 and invoice.status == "FINALIZED"


async def test_quantity_conversion_rounding_and_pricing_groups(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    start = at(2025, 1, 1)
    metric = await client.billable_metrics.create(
        name="Bytes",
        aggregation_type="SUM",
        aggregation_key="bytes",
        property_filters=[{"name": "bytes", "exists": True}, {"name": "region", "exists": True}],
        group_keys=[["region"]],
    )
    product = await client.products.create(
        name="Storage",
        type="USAGE",
        billable_metric_id=metric,
        pricing_group_key=["region"],
        quantity_conversion={"conversion_factor": 1000, "operation": "DIVIDE"},
        quantity_rounding={"rounding_method": "ROUND_UP", "decimal_places": 0},
    )
    card = fake.create_rate_card("Regional")
    flat = {"product_id": product, "starting_at": start, "entitled": True, "rate_type": "FLAT"}
    await client.rate_cards.rates.add(card, price=1, **flat)
    await client.rate_cards.rates.add(card, price=4, pricing_group_values={"region": "EU"}, **flat)
    customer = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
    events = [("EU", 1500), ("NA", 2001), ("EU", 100)]
    await client.usage.ingest(
        [
            {
                "transaction_id": f"s{i}",
                "customer_id": "acme",
                "event_type": "store",
                "timestamp": at(2025, 1, 5).isoformat(),
                "properties": {"region": region, "bytes": size},
            }
            for i, (region, size) in enumerate(events)
        ]
    )
    await client.contracts.create(
        customer, starting_at=start, ending_before=at(2025, 2, 1), rate_card_id=card
    )
    [invoice] = fake.invoices(customer)
    lines = {
        (tuple(line.get("pricing_group_values", {}).items()), line["quantity"], line["total"])
        for line in invoice["line_items"]
    }
    assert lines == {((("region", "NA"),), 3, 3), ((("region", "EU"),), 2, 8)}


# ---------------------------------------------------------------------- reads


async def invoiced_customer(fake: FakeMetronome, client: AsyncMetronome) -> tuple[str, str, dict[str, str]]:
    """A customer on a contract from 2025-01-01 to 2025-04-01: three finalized monthly invoices, with usage in
    January and March."""
    made = await catalog(client, fake, at(2025, 1, 1))
    customer = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
    await client.usage.ingest(
        [call(2, at(2025, 1, 2, 5), 1), call(3, at(2025, 1, 3), 2), call(4, at(2025, 3, 9), 3)]
    )
    contract = await client.contracts.create(
        customer, starting_at=at(2025, 1, 1), ending_before=at(2025, 4, 1), rate_card_id=made["card"]
    )
    return customer, contract, made


async def test_the_listing_filters_sorts_and_pages(fake: FakeMetronome, client: AsyncMetronome) -> None:
    customer, contract, made = await invoiced_customer(fake, client)
    other = await client.contracts.create(
        customer, starting_at=at(2025, 6, 1), ending_before=at(2025, 7, 1), rate_card_id=made["card"]
    )

    async def periods(**filters: Any) -> list[str]:
        return [f"{i.start_timestamp:%m}" async for i in client.customers.invoices.list(customer, **filters)]

    assert await periods() == ["01", "02", "03", "06"]
    assert await periods(sort="date_desc") == ["06", "03", "02", "01"]
    assert await periods(contract_id=other) == ["06"]
    assert await periods(starting_on=at(2025, 2, 1), ending_before=at(2025, 4, 1)) == ["02", "03"]
    assert await periods(status="FINALIZED") == ["01", "02", "03", "06"]
    assert await periods(status="draft") == []
    assert await periods(type="SCHEDULED") == []
    assert await periods(credit_type_id=USD, limit=1) == ["01", "02", "03", "06"]  # one page at a time
    first = await client.customers.invoices.list(customer, limit=3).pages().__anext__()
    assert len(first.data) == 3 and first.next_page

    [february] = [
        i
        async for i in client.customers.invoices.list(
            customer, contract_id=contract, starting_on=at(2025, 2, 1), ending_before=at(2025, 3, 1)
        )
    ]
    assert [line.quantity for line in february.line_items] == [0]
    skipped = await client.customers.invoices.retrieve(customer, february.id, skip_zero_qty_line_items=True)
    assert skipped.line_items == [] and skipped.total == 0

    with pytest.raises(NotFoundError):
        await client.customers.invoices.list(UNKNOWN).to_list()
    with pytest.raises(NotFoundError):
        await client.customers.invoices.retrieve(customer, UNKNOWN)
    stranger = (await client.customers.create(name="Other")).id
    with pytest.raises(NotFoundError):
        await client.customers.invoices.retrieve(stranger, february.id)
    with pytest.raises(BadRequestError, match="status: must be one of DRAFT, FINALIZED, VOID"):
        await client.customers.invoices.list(customer, status="PAID").to_list()


async def test_breakdowns_split_each_invoice_by_day_or_hour(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    customer, _, _ = await invoiced_customer(fake, client)
    days = [
        b
        async for b in client.customers.invoices.list_breakdowns(
            customer, starting_on=at(2025, 1, 1), ending_before=at(2025, 1, 4)
        )
    ]
    assert [(b.breakdown_start_timestamp.day, b.total) for b in days] == [(1, 0), (2, 10), (3, 15)]
    assert {b.start_timestamp for b in days} == {at(2025, 1, 1)}
    across = [
        (b.breakdown_start_timestamp, b.breakdown_end_timestamp)
        async for b in client.customers.invoices.list_breakdowns(
            customer, starting_on=at(2025, 1, 31), ending_before=at(2025, 2, 2), sort="date_desc"
        )
    ]
    assert across == [(at(2025, 2, 1), at(2025, 2, 2)), (at(2025, 1, 31), at(2025, 2, 1))]
    hours = client.customers.invoices.list_breakdowns(
        customer, starting_on=at(2025, 1, 2), ending_before=at(2025, 1, 3), window_size="HOUR"
    )
    pages = [page async for page in hours.pages()]
    assert [len(p.data) for p in pages] == [24]
    assert [b.total for b in pages[0].data if b.total] == [10] and pages[0].data[5].total == 10
    paged = client.customers.invoices.list_breakdowns(
        customer, starting_on=at(2025, 1, 1), ending_before=at(2025, 4, 1), limit=40
    )
    assert [len(p.data) async for p in paged.pages()] == [40, 40, 10]
    with pytest.raises(BadRequestError, match="ending_before: must be after starting_on"):
        await client.customers.invoices.list_breakdowns(
            customer, starting_on=at(2025, 2, 1), ending_before=at(2025, 1, 1)
        ).to_list()


async def test_the_pdf_of_an_invoice(fake: FakeMetronome, client: AsyncMetronome) -> None:
    customer, _, _ = await invoiced_customer(fake, client)
    [first, *_] = fake.invoices(customer)
    pdf = await client.customers.invoices.retrieve_pdf(customer, first["id"])
    assert pdf.startswith(b"%PDF-")
    with pytest.raises(NotFoundError):
        await client.customers.invoices.retrieve_pdf(customer, UNKNOWN)


async def test_priced_spend_is_the_usage_priced_before_credits(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    customer, _, _ = await invoiced_customer(fake, client)
    state = fake._state
    with state.lock:
        assert priced_spend(state, customer, at(2025, 1, 1), at(2025, 4, 1)) == 45
        assert priced_spend(state, customer, at(2025, 1, 3), at(2025, 3, 1)) == 15
        assert priced_spend(state, customer, at(2025, 1, 1), at(2025, 4, 1), "another-unit") == 0
        assert priced_spend(state, UNKNOWN, at(2025, 1, 1), at(2025, 4, 1)) == 0
