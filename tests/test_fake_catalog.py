"""The embedded Metronome's pricing catalog over loopback, through the SDK's generated methods: billable
metrics (and the pure aggregation the invoices will use), products and their dated updates, rates on rate
cards (and the pure rate lookup), rate card updates and archiving. Every exchange is checked against the
official spec by the `fake` fixture."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, BadRequestError, Metronome, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._metrics import BillableMetric, PropertyFilter, quantities_by_group, quantity
from metronome_async.testing._rates import Rate, rate_in_force

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
LATER = datetime(2025, 6, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 1, tzinfo=timezone.utc)
UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"


def event(index: int, event_type: str = "call", at: datetime = START, **properties: Any) -> dict[str, Any]:
    return {
        "transaction_id": f"t{index}",
        "customer_id": "acme",
        "event_type": event_type,
        "timestamp": at.isoformat(),
        "properties": properties,
    }


def metric(**fields: Any) -> BillableMetric:
    return BillableMetric(id="m", seq=1, name="M", **fields)


# ---------------------------------------------------------------------- the aggregation, directly


def test_count_takes_the_events_of_the_window_that_pass_every_filter() -> None:
    calls = metric(
        aggregation_type="COUNT",
        event_types_in=("call", "query"),
        property_filters=(
            PropertyFilter("region", exists=True, in_values=("EU", "NA")),
            PropertyFilter("test", exists=False),
            PropertyFilter("tier", not_in_values=("free",)),
        ),
    )
    events = [
        event(1, region="EU"),
        event(2, "query", region="NA", tier="pro"),
        event(3, "other", region="EU"),  # event type not in
        event(4, region="APAC"),  # region not in
        event(5),  # region absent
        event(6, region="EU", test=True),  # must be absent
        event(7, region="EU", tier="free"),  # tier in not_in_values
        event(8, at=START - timedelta(seconds=1), region="EU"),  # before the window
        event(9, at=END, region="EU"),  # the end is exclusive
        event(10, at=END - timedelta(microseconds=1), region="EU"),
    ]
    assert quantity(calls, events, START, END) == 3
    excluded = metric(aggregation_type="COUNT", event_types_not_in=("query",))
    assert quantity(excluded, events, START, END) == 7  # all but 2 (a query) and 8, 9 (outside)


def test_sum_max_unique_and_latest_read_the_aggregation_key() -> None:
    def of(kind: str) -> BillableMetric:
        return metric(
            aggregation_type=kind, aggregation_key="tokens", property_filters=(PropertyFilter("tokens"),)
        )

    events = [
        event(1, at=START + timedelta(hours=2), tokens=10),
        event(
            2, at=START + timedelta(hours=1), tokens="2.5"
        ),  # numeric strings count, as Metronome takes them
        event(3, at=START + timedelta(hours=3), tokens=10),
        event(4, tokens="many"),  # not a number: no amount to add
        event(5),  # no key
    ]
    assert quantity(of("SUM"), events, START, END) == 22.5
    assert quantity(of("MAX"), events, START, END) == 10
    assert quantity(of("UNIQUE"), events, START, END) == 3  # 10, "2.5", "many"
    assert quantity(of("LATEST"), events, START, END) == 10  # event 3, the last by timestamp
    assert quantity(of("SUM"), [], START, END) == 0 and quantity(of("MAX"), [], START, END) is None
    assert quantity(metric(sql="select 1"), events, START, END) is None  # not computed by the fake
    assert quantity(metric(), events, START, END) is None  # no aggregation given


def test_quantities_by_group_split_on_the_pricing_group_key() -> None:
    tokens = metric(aggregation_type="SUM", aggregation_key="n", property_filters=(PropertyFilter("n"),))
    events = [
        event(1, n=1, region="EU"),
        event(2, n=2, region="NA"),
        event(3, n=4, region="EU"),
        event(4, n=8),
    ]
    assert quantities_by_group(tokens, events, START, END, ["region"]) == {("EU",): 5, ("NA",): 2, (None,): 8}


# ---------------------------------------------------------------------- billable metrics over HTTP


async def test_a_billable_metric_is_kept_and_aggregates_the_ingested_usage(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    metric_id = await client.billable_metrics.create(
        name="Tokens",
        aggregation_type="SUM",
        aggregation_key="tokens",
        event_type_filter={"in_values": ["completion"]},
        property_filters=[{"name": "tokens", "exists": True}, {"name": "model", "in_values": ["large"]}],
        group_keys=[["model"]],
    )
    found = await client.billable_metrics.retrieve(metric_id)
    assert found.to_dict() == {
        "id": metric_id,
        "name": "Tokens",
        "aggregation_type": "SUM",
        "aggregation_key": "tokens",
        "event_type_filter": {"in_values": ["completion"]},
        "property_filters": [{"name": "tokens", "exists": True}, {"name": "model", "in_values": ["large"]}],
        "group_keys": [["model"]],
        "custom_fields": {},
    }
    at = START.isoformat()
    await client.usage.ingest(
        [
            {"transaction_id": "a", "customer_id": "acme", "event_type": "completion", "timestamp": at,
             "properties": {"tokens": 100, "model": "large"}},
            {"transaction_id": "b", "customer_id": "acme", "event_type": "completion", "timestamp": at,
             "properties": {"tokens": 7, "model": "small"}},
            {"transaction_id": "c", "customer_id": "acme", "event_type": "embedding", "timestamp": at,
             "properties": {"tokens": 5, "model": "large"}},
            {"transaction_id": "d", "customer_id": "acme", "event_type": "completion", "timestamp": at,
             "properties": {"tokens": "20", "model": "large"}},
        ]
    )  # fmt: skip
    stored = fake._state.catalog.metrics.get(metric_id)  # what the invoices will aggregate
    assert quantity(stored, fake.events("acme"), START, END) == 120

    await client.billable_metrics.update(metric_id, name="LLM tokens")  # only the name can change
    await client.billable_metrics.archive(metric_id)
    assert [m.name async for m in client.billable_metrics.list(include_archived=True)] == ["LLM tokens"]
    assert [m async for m in client.billable_metrics.list()] == []
    with pytest.raises(NotFoundError):
        await client.billable_metrics.retrieve(UNKNOWN)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"aggregation_type": "SUM"}, "aggregation_key: is required for a SUM metric"),
        (
            {"aggregation_type": "SUM", "aggregation_key": "n"},
            "aggregation_key: must be the name of one of the property_filters",
        ),
        (
            {"aggregation_type": "COUNT", "aggregation_key": "n", "property_filters": [{"name": "n"}]},
            "aggregation_key: does not apply to a COUNT metric",
        ),
        (
            {"aggregation_type": "COUNT", "event_type_filter": {"in_values": []}},
            "event_type_filter.in_values: must not be empty when given",
        ),
        (
            {"aggregation_type": "COUNT", "property_filters": [{"name": "n", "not_in_values": []}]},
            "property_filters[0].not_in_values: must not be empty when given",
        ),
        ({"sql": "select 1", "aggregation_type": "COUNT"}, "aggregation_type: cannot be given with sql"),
        ({"name": " "}, "name: must not be empty"),
    ],
)
async def test_a_broken_billable_metric_is_refused(
    client: AsyncMetronome, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(BadRequestError) as raised:
        await client.billable_metrics.create(**{"name": "M", **fields})
    assert raised.value.message == message
    assert [m async for m in client.billable_metrics.list(include_archived=True)] == []


# ---------------------------------------------------------------------- products


async def test_a_usage_product_needs_a_live_billable_metric(client: AsyncMetronome) -> None:
    with pytest.raises(BadRequestError, match="billable_metric_id: is required for a USAGE product"):
        await client.products.create(name="Calls", type="USAGE")
    with pytest.raises(BadRequestError, match=f"billable_metric_id: billable metric {UNKNOWN} not found"):
        await client.products.create(name="Calls", type="USAGE", billable_metric_id=UNKNOWN)
    retired = await client.billable_metrics.create(name="Old", aggregation_type="COUNT")
    await client.billable_metrics.archive(retired)
    with pytest.raises(BadRequestError, match=f"billable metric {retired} is archived"):
        await client.products.create(name="Calls", type="USAGE", billable_metric_id=retired)
    calls = await client.billable_metrics.create(
        name="Calls", aggregation_type="COUNT", property_filters=[{"name": "region"}], group_keys=[["region"]]
    )
    with pytest.raises(BadRequestError, match="billable_metric_id: only a USAGE product takes it"):
        await client.products.create(name="Seats", type="FIXED", billable_metric_id=calls)
    with pytest.raises(BadRequestError, match="must make one of the billable metric's group keys"):
        await client.products.create(
            name="Calls", type="USAGE", billable_metric_id=calls, pricing_group_key=["model"]
        )
    product_id = await client.products.create(
        name="Calls", type="USAGE", billable_metric_id=calls, pricing_group_key=["region"], tags=["api"]
    )
    product = await client.products.retrieve(product_id)
    assert (product.type, product.current.name, product.current.billable_metric_id) == (
        "USAGE",
        "Calls",
        calls,
    )
    assert product.current.pricing_group_key == ["region"] and product.updates == []
    with pytest.raises(NotFoundError):
        await client.products.retrieve(UNKNOWN)


async def test_other_product_types_are_kept_as_given(client: AsyncMetronome) -> None:
    fixed = await client.products.create(name="Support", type="FIXED", is_refundable=False)
    service = await client.products.create(name="Onboarding", type="PROFESSIONAL_SERVICE")
    await client.products.create(name="Seats", type="SUBSCRIPTION")
    bundle = await client.products.create(name="Bundle", type="COMPOSITE", composite_product_ids=[fixed])
    with pytest.raises(BadRequestError, match="a COMPOSITE product needs these or composite_tags"):
        await client.products.create(name="Empty", type="COMPOSITE")
    with pytest.raises(BadRequestError, match=f"composite_product_ids\\[0\\]: product {UNKNOWN} not found"):
        await client.products.create(name="Empty", type="COMPOSITE", composite_product_ids=[UNKNOWN])
    listed = [(p.current.name, p.type) async for p in client.products.list()]
    assert listed == [
        ("Support", "FIXED"),
        ("Onboarding", "PRO_SERVICE"),  # the name responses use
        ("Seats", "SUBSCRIPTION"),
        ("Bundle", "COMPOSITE"),
    ]
    assert (await client.products.retrieve(service)).type == "PRO_SERVICE"
    assert (await client.products.retrieve(bundle)).current.composite_product_ids == [fixed]
    assert (await client.products.retrieve(fixed)).current.is_refundable is False


async def test_a_product_update_applies_from_its_starting_at(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    product_id = await client.products.create(name="Support", type="FIXED")
    now = fake.now().replace(minute=0, second=0, microsecond=0)
    await client.products.update(product_id, starting_at=now - timedelta(hours=1), name="Basic support")
    await client.products.update(product_id, starting_at=now + timedelta(days=1), name="Premium support")
    product = await client.products.retrieve(product_id)
    assert (product.initial.name, product.current.name) == ("Support", "Basic support")
    assert [u.name for u in product.updates] == ["Basic support", "Premium support"]
    assert product.updates[1].starting_at == now + timedelta(days=1)

    fake.advance_clock(2 * 86400)  # the scheduled update is now in force
    assert (await client.products.retrieve(product_id)).current.name == "Premium support"

    with pytest.raises(BadRequestError, match="starting_at: must be on an hour boundary"):
        await client.products.update(product_id, starting_at=now + timedelta(minutes=30), name="X")
    with pytest.raises(BadRequestError, match="name: must not be empty"):
        await client.products.update(product_id, starting_at=now, name="")
    with pytest.raises(NotFoundError):
        await client.products.update(UNKNOWN, starting_at=now, name="X")
    await client.products.archive(product_id)
    with pytest.raises(BadRequestError, match=f"product {product_id} is archived"):
        await client.products.update(product_id, starting_at=now, name="X")
    with pytest.raises(BadRequestError, match=f"product {product_id} is archived"):
        await client.products.archive(product_id)  # one-way
    assert [p async for p in client.products.list()] == []
    assert [p.id async for p in client.products.list(archive_filter="ARCHIVED")] == [product_id]


async def test_a_usage_product_update_may_move_to_another_live_metric(client: AsyncMetronome) -> None:
    first = await client.billable_metrics.create(name="A", aggregation_type="COUNT")
    second = await client.billable_metrics.create(name="B", aggregation_type="COUNT")
    product_id = await client.products.create(name="Calls", type="USAGE", billable_metric_id=first)
    await client.products.update(product_id, starting_at=START, billable_metric_id=second)
    assert (await client.products.retrieve(product_id)).current.billable_metric_id == second
    await client.billable_metrics.archive(first)
    with pytest.raises(BadRequestError, match=f"billable metric {first} is archived"):
        await client.products.update(product_id, starting_at=LATER, billable_metric_id=first)


# ---------------------------------------------------------------------- rates


async def _catalog(fake: FakeMetronome, client: AsyncMetronome) -> tuple[str, str, str]:
    """(rate card, a USAGE product priced by region, a FIXED product)."""
    card = fake.create_rate_card("Standard")
    metric_id = await client.billable_metrics.create(
        name="Calls", aggregation_type="COUNT", property_filters=[{"name": "region"}], group_keys=[["region"]]
    )
    usage = await client.products.create(
        name="Calls", type="USAGE", billable_metric_id=metric_id, pricing_group_key=["region"], tags=["api"]
    )
    fixed = await client.products.create(name="Support", type="FIXED", tags=["support"])
    return card, usage, fixed


async def test_a_flat_rate_is_added_and_listed_as_of_a_moment(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    card, usage, _ = await _catalog(fake, client)
    added = await client.rate_cards.rates.add(
        card, product_id=usage, starting_at=START, entitled=True, rate_type="FLAT", price=2.5
    )
    assert added.to_dict() == {
        "rate_type": "FLAT",
        "price": 2.5,
        "credit_type": {"id": "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "name": "USD (cents)"},
    }
    [schedule] = [r async for r in client.rate_cards.rates.list(card, at=LATER)]
    assert (schedule.product_id, schedule.product_name, schedule.product_tags) == (usage, "Calls", ["api"])
    assert (schedule.starting_at, schedule.ending_before, schedule.entitled) == (START, None, True)
    assert (schedule.rate.rate_type, schedule.rate.price) == ("FLAT", 2.5)
    assert [r async for r in client.rate_cards.rates.list(card, at=START - timedelta(hours=1))] == []


async def test_a_later_rate_ends_the_one_in_force_and_an_earlier_one_is_refused(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    card, usage, _ = await _catalog(fake, client)
    flat = {"product_id": usage, "entitled": True, "rate_type": "FLAT"}
    await client.rate_cards.rates.add(card, starting_at=START, price=2, **flat)
    await client.rate_cards.rates.add(card, starting_at=LATER, price=3, **flat)
    [before] = [r async for r in client.rate_cards.rates.list(card, at=LATER - timedelta(hours=1))]
    [after] = [r async for r in client.rate_cards.rates.list(card, at=LATER)]
    assert (before.rate.price, before.ending_before, after.rate.price, after.ending_before) == (
        2,
        LATER,
        3,
        None,
    )
    with pytest.raises(BadRequestError) as raised:
        await client.rate_cards.rates.add(card, starting_at=LATER, price=4, **flat)
    assert raised.value.message == (
        "starting_at: must be after 2025-06-01T00:00:00.000Z, the start of the product's latest rate for "
        "these pricing group values on this rate card"
    )
    # Another pricing group is another schedule.
    await client.rate_cards.rates.add(
        card, starting_at=START, price=5, pricing_group_values={"region": "EU"}, **flat
    )
    prices = {
        (tuple((r.pricing_group_values or {}).items()), r.rate.price)
        async for r in client.rate_cards.rates.list(card, at=LATER)
    }
    assert prices == {((), 3), ((("region", "EU"),), 5)}

    stored = fake._state.catalog.rates.of(card)  # the lookup the invoices will use
    assert rate_in_force(stored, usage, None, START).price == 2  # type: ignore[union-attr]
    assert rate_in_force(stored, usage, {}, LATER).price == 3  # type: ignore[union-attr]
    assert rate_in_force(stored, usage, {"region": "EU"}, END).price == 5  # type: ignore[union-attr]
    assert rate_in_force(stored, usage, {"region": "NA"}, END) is None
    assert rate_in_force(stored, usage, None, START - timedelta(hours=1)) is None


def test_the_rate_lookup_is_pure() -> None:
    rates = [
        Rate("p", START, True, "FLAT", ending_before=LATER, price=1),
        Rate("p", LATER, True, "FLAT", price=2),
        Rate("q", START, False, "FLAT", price=9, pricing_group_values={"region": "EU"}),
    ]
    assert [rate_in_force(rates, "p", None, at).price for at in (START, LATER, END)] == [1, 2, 2]  # type: ignore[union-attr]
    assert rate_in_force(rates, "q", {"region": "EU"}, END).entitled is False  # type: ignore[union-attr]
    assert rate_in_force(rates, "q", None, END) is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rate_type": "FLAT"}, "price: is required for a FLAT rate"),
        ({"rate_type": "FLAT", "price": -1}, "price: must be at least 0 for a FLAT rate"),
        (
            {"rate_type": "PERCENTAGE", "price": 1.5},
            "price: must be from 0 to 1 (a fraction) for a PERCENTAGE rate",
        ),
        ({"rate_type": "TIERED"}, "tiers: are required for a TIERED rate"),
        ({"rate_type": "FLAT", "price": 1, "tiers": [{"price": 1}]}, "tiers: only a TIERED rate takes them"),
        ({"rate_type": "CUSTOM"}, "custom_rate: is required for a CUSTOM rate"),
        (
            {"rate_type": "FLAT", "price": 1, "is_prorated": True},
            "is_prorated: only a SUBSCRIPTION rate takes it, and it must be true",
        ),
        (
            {"rate_type": "FLAT", "price": 1, "starting_at": START + timedelta(minutes=5)},
            "starting_at: must be on an hour boundary",
        ),
        (
            {"rate_type": "FLAT", "price": 1, "ending_before": START},
            "ending_before: must be after starting_at",
        ),
    ],
)
async def test_a_broken_rate_is_refused(
    fake: FakeMetronome, client: AsyncMetronome, fields: dict[str, Any], message: str
) -> None:
    card, usage, _ = await _catalog(fake, client)
    with pytest.raises(BadRequestError) as raised:
        await client.rate_cards.rates.add(
            card, **{"product_id": usage, "starting_at": START, "entitled": True, **fields}
        )
    assert raised.value.message == message
    assert fake._state.catalog.rates.of(card) == []


async def test_a_rate_needs_a_live_rate_card_and_a_live_product(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    card, usage, fixed = await _catalog(fake, client)
    rate = {"starting_at": START, "entitled": True, "rate_type": "FLAT", "price": 1}
    with pytest.raises(NotFoundError, match=f"rate card {UNKNOWN} not found"):
        await client.rate_cards.rates.add(UNKNOWN, product_id=usage, **rate)
    with pytest.raises(BadRequestError, match=f"product_id: product {UNKNOWN} not found"):
        await client.rate_cards.rates.add(card, product_id=UNKNOWN, **rate)
    await client.products.archive(fixed)
    with pytest.raises(BadRequestError, match=f"product_id: product {fixed} is archived"):
        await client.rate_cards.rates.add(card, product_id=fixed, **rate)
    with pytest.raises(NotFoundError):
        await client.rate_cards.rates.list(UNKNOWN, at=START).to_list()


async def test_add_many_adds_every_rate_or_none(fake: FakeMetronome, client: AsyncMetronome) -> None:
    card, usage, fixed = await _catalog(fake, client)
    good = {"product_id": usage, "starting_at": START, "entitled": True, "rate_type": "FLAT", "price": 1}
    with pytest.raises(BadRequestError) as raised:
        await client.rate_cards.rates.add_many(card, rates=[good, {**good, "product_id": fixed, "price": -1}])
    assert raised.value.message == "rates[1].price: must be at least 0 for a FLAT rate"
    with pytest.raises(BadRequestError, match=r"rates\[1\].starting_at: must be after 2025-01-01"):
        await client.rate_cards.rates.add_many(card, rates=[good, good])  # the batch is one schedule too
    assert fake._state.catalog.rates.of(card) == []

    assert (
        await client.rate_cards.rates.add_many(
            card,
            rates=[
                {**good, "pricing_group_values": {"region": "EU"}},
                {**good, "pricing_group_values": {"region": "NA"}, "price": 2},
                {**good, "product_id": fixed, "entitled": False, "price": 500},
            ],
        )
        == card
    )
    every = [r async for r in client.rate_cards.rates.list(card, at=START, limit=2)]  # across pages
    assert [(r.product_name, r.rate.price, r.entitled) for r in every] == [
        ("Calls", 1, True),
        ("Calls", 2, True),
        ("Support", 500, False),
    ]

    async def selected(*selectors: dict[str, Any]) -> list[float | None]:
        return [r.rate.price async for r in client.rate_cards.rates.list(card, at=START, selectors=selectors)]

    assert await selected({"product_id": fixed}) == [500]
    assert await selected({"product_tags": ["api"]}) == [1, 2]
    assert await selected({"pricing_group_values": {"region": "NA"}}) == [2]
    assert await selected({"partial_pricing_group_values": {"region": "EU"}}, {"product_id": fixed}) == [
        1,
        500,
    ]


# ---------------------------------------------------------------------- rate card update and archive


async def test_a_rate_card_update_and_archive_are_applied(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    card = fake.create_rate_card("Standard", aliases=["standard"])
    custom = "11111111-2222-4333-8444-555555555555"
    await client.rate_cards.update(
        card,
        name="Standard 2025",
        description="List prices",
        aliases=[{"name": "default"}],
        add_credit_type_conversions=[{"custom_credit_type_id": custom, "fiat_per_custom_credit": 2}],
    )
    updated = await client.rate_cards.retrieve(card)
    assert (updated.name, updated.description, [a.name for a in updated.aliases or []]) == (
        "Standard 2025",
        "List prices",
        ["default"],
    )
    assert [
        (c["custom_credit_type"]["id"], c["fiat_per_custom_credit"])
        for c in updated.to_dict()["credit_type_conversions"]
    ] == [(custom, "2")]
    with pytest.raises(BadRequestError, match="an existing conversion cannot be modified"):
        await client.rate_cards.update(
            card, add_credit_type_conversions=[{"custom_credit_type_id": custom, "fiat_per_custom_credit": 3}]
        )
    customer_id = (await client.customers.create(name="Acme")).id
    with pytest.raises(BadRequestError, match="no rate card has the alias 'standard'"):  # the alias moved
        await client.contracts.create(customer_id, starting_at=START, rate_card_alias="standard")
    await client.contracts.create(customer_id, starting_at=START, rate_card_alias="default")

    await client.rate_cards.archive(card)
    assert (await client.rate_cards.retrieve(card)).name == "Standard 2025"  # still readable
    for refused in (
        client.contracts.create(customer_id, starting_at=START, rate_card_id=card),
        client.rate_cards.update(card, name="Again"),
    ):
        with pytest.raises(BadRequestError, match=f"rate card {card} is archived"):
            await refused
    with pytest.raises(BadRequestError, match="no rate card has the alias 'default'"):
        await client.contracts.create(customer_id, starting_at=START, rate_card_alias="default")
    with pytest.raises(NotFoundError):
        await client.rate_cards.archive(UNKNOWN)


# ---------------------------------------------------------------------- through the blocking client


def test_the_catalog_through_the_blocking_client(thread_fake: FakeMetronome, sync_client: Metronome) -> None:
    card = thread_fake.create_rate_card("Standard")
    metric_id = sync_client.billable_metrics.create(name="Calls", aggregation_type="COUNT")
    product_id = sync_client.products.create(name="Calls", type="USAGE", billable_metric_id=metric_id)
    sync_client.rate_cards.rates.add(
        card, product_id=product_id, starting_at=START, entitled=True, rate_type="FLAT", price=3
    )
    [rate] = list(sync_client.rate_cards.rates.list(card, at=LATER))
    assert (rate.product_name, rate.rate.price) == ("Calls", 3)
    assert [p.current.name for p in sync_client.products.list()] == ["Calls"]


async def test_custom_fields_of_a_product_or_a_metric_need_it_to_exist(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    fake.add_custom_field_key("product", "team")
    fake.add_custom_field_key("billable_metric", "team")
    product_id = await client.products.create(name="Support", type="FIXED")
    metric_id = await client.billable_metrics.create(name="Calls", aggregation_type="COUNT")
    await client.custom_fields.set_values(
        entity="product", entity_id=product_id, custom_fields={"team": "core"}
    )
    await client.custom_fields.set_values(
        entity="billable_metric", entity_id=metric_id, custom_fields={"team": "ml"}
    )
    assert (await client.products.retrieve(product_id)).custom_fields == {"team": "core"}
    assert (await client.billable_metrics.retrieve(metric_id)).custom_fields == {"team": "ml"}
    for entity in ("product", "billable_metric"):
        with pytest.raises(NotFoundError, match=f"{entity} {UNKNOWN} not found"):
            await client.custom_fields.set_values(
                entity=entity, entity_id=UNKNOWN, custom_fields={"team": "x"}
            )
