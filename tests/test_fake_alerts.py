"""Alerts on the embedded Metronome: a balance, a usage and a spend threshold evaluated as the books and usage
change, one signed `alerts.<type>` webhook per crossing, archive, uniqueness keys and reset. Over loopback
through the SDK's generated methods; the `fake` fixture checks every exchange against the official spec,
and the webhooks go to a `WebhookReceiver` that verifies their signatures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from test_fake_webhooks import receiver_for, serve

from metronome_async import AsyncMetronome
from metronome_async.errors import BadRequestError, ConflictError, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._alert_rules import _statement_period
from metronome_async.testing._contracts import Contract, ContractTerms
from metronome_async.testing._wire import format_rfc3339
from metronome_async.webhooks import AlertEvent, WebhookEvent

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
USD = "2714e483-4ff1-48e4-9e25-ac732e8f24f2"
PAST = "2020-01-01T00:00:00Z"
FAR = "2090-01-01T00:00:00Z"
CREDIT_LOW = "low_remaining_contract_credit_balance_reached"


@pytest.fixture(autouse=True)
def _products(fake: FakeMetronome) -> None:
    fake.create_product("Credits", product_id=PRODUCT)


@pytest.fixture
async def seen(fake: FakeMetronome) -> AsyncIterator[list[WebhookEvent]]:
    """The webhooks the fake delivers, as a receiver with its secret verified and parsed them."""
    fake.set_webhook("http://127.0.0.1:9/unused")  # makes the secret the receiver needs
    receiver, events = receiver_for(fake)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url)
        yield events


async def sent(fake: FakeMetronome) -> list[dict[str, Any]]:
    """Every alert's webhook payload sent so far, once all are delivered (invoices send theirs too)."""
    deliveries = await fake.wait_for_webhooks()
    assert all(d.state == "delivered" for d in deliveries)
    return [d.payload for d in deliveries if d.payload["type"].startswith("alerts.")]


def hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


async def credit(client: AsyncMetronome, customer_id: str, amount: float, **extra: Any) -> tuple[str, str]:
    """A customer credit: (its id, its segment's id)."""
    schedule = {"schedule_items": [{"amount": amount, "starting_at": PAST, "ending_before": FAR}]}
    credit_id = await client.customers.credits.create(
        customer_id, priority=1, product_id=PRODUCT, access_schedule=schedule, **extra
    )
    [found] = [c async for c in client.customers.credits.list(customer_id, credit_id=credit_id)]
    return credit_id, found.access_schedule.schedule_items[0].id


async def status(client: AsyncMetronome, customer_id: str, alert_id: str) -> str | None:
    found = await client.customers.alerts.retrieve(customer_id, alert_id)
    return None if found.customer_status is None else str(found.customer_status)


async def test_a_credit_drawn_below_the_threshold_sends_one_webhook_per_crossing(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who = (await client.customers.create(name="Acme")).id
    credit_id, segment = await credit(client, who, 1000)

    async def draw(amount: float) -> None:
        await client.contracts.add_manual_balance_entry(
            who, id=credit_id, segment_id=segment, amount=-amount, reason="usage"
        )

    alert_id = await client.alerts.create(
        alert_type=CREDIT_LOW, name="Credit low", threshold=200, customer_id=who
    )
    assert await status(client, who, alert_id) == "ok"
    await draw(500)  # 500 left: still ok
    assert await sent(fake) == []
    await draw(300)  # 200 left: reaching the threshold is enough
    await draw(50)  # still in alarm: no second webhook
    [payload] = await sent(fake)
    properties = payload["properties"]
    assert payload["type"] == f"alerts.{CREDIT_LOW}"
    assert properties == {
        "customer_id": who,
        "alert_id": alert_id,
        "timestamp": properties["timestamp"],
        "threshold": 200,
        "alert_name": "Credit low",
        "credit_type_id": USD,
        "remaining_balance": 200,
        "triggered_by": None,
    }
    found = await client.customers.alerts.retrieve(who, alert_id)
    assert (found.customer_status, found.triggered_by) == ("in_alarm", None)
    assert (found.alert.type, found.alert.threshold, found.alert.status) == (CREDIT_LOW, 200, "enabled")
    assert found.alert.credit_type is not None and found.alert.credit_type.id == USD

    await draw(-1000)  # topped up: back to ok, silently
    assert await status(client, who, alert_id) == "ok" and len(await sent(fake)) == 1
    await draw(1000)  # down again: a second crossing, a second webhook
    payloads = await sent(fake)
    assert [p["properties"]["remaining_balance"] for p in payloads] == [200, 150]
    [first, second] = seen
    assert isinstance(first, AlertEvent) and first.alert_type == CREDIT_LOW
    assert (first.alert_id, first.remaining_balance, first.threshold) == (alert_id, 200, 200)
    assert second.id != first.id


async def test_each_balance_type_sums_what_it_names(fake: FakeMetronome, client: AsyncMetronome) -> None:
    who = (await client.customers.create(name="Acme")).id
    await credit(client, who, 100)
    commit = {"schedule_items": [{"amount": 300, "starting_at": PAST, "ending_before": FAR}]}
    await client.customers.commits.create(
        who, type="PREPAID", priority=1, product_id=PRODUCT, access_schedule=commit
    )
    alerts = {
        kind: await client.alerts.create(alert_type=kind, name=kind, threshold=threshold, customer_id=who)
        for kind, threshold in [
            ("low_remaining_contract_credit_balance_reached", 100),  # 100 of credits
            ("low_remaining_commit_balance_reached", 299),  # 300 of commits
            ("low_remaining_contract_credit_and_commit_balance_reached", 400),  # 400 in all
            ("low_credit_balance_reached", 399),
            ("low_remaining_commit_percentage_reached", 10),  # not measured by the fake
        ]
    }
    assert [await status(client, who, a) for a in alerts.values()] == [
        "in_alarm",
        "ok",
        "in_alarm",
        "ok",
        "evaluating",
    ]


async def test_custom_field_filters_narrow_a_balance_alert(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    fake.add_custom_field_key("contract_credit", "pool")
    who = (await client.customers.create(name="Acme")).id
    pooled, segment = await credit(client, who, 100, custom_fields={"pool": "a"})
    await credit(client, who, 1000)
    alert_id = await client.alerts.create(
        alert_type=CREDIT_LOW,
        name="Pool a low",
        threshold=50,
        customer_id=who,
        custom_field_filters=[{"entity": "ContractCredit", "key": "pool", "value": "a"}],
    )
    assert await status(client, who, alert_id) == "ok"
    await client.contracts.add_manual_balance_entry(
        who, id=pooled, segment_id=segment, amount=-60, reason="usage"
    )
    assert await status(client, who, alert_id) == "in_alarm"  # 40 left in pool a, 1040 in all
    found = await client.customers.alerts.retrieve(who, alert_id)
    assert found.alert.custom_field_filters is not None
    assert found.alert.custom_field_filters[0].to_dict() == {
        "entity": "ContractCredit",
        "key": "pool",
        "value": "a",
    }


async def _mid_period_contract(
    client: AsyncMetronome, fake: FakeMetronome, **terms: Any
) -> tuple[str, datetime]:
    """A customer whose contract's monthly billing periods start 45 days ago, so its current one started
    about 15 days ago and ends in about two weeks: (customer id, the contract's start)."""
    who = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
    start = hour(fake.now() - timedelta(days=45))
    schedule = {"frequency": "MONTHLY", "day": "CUSTOM_DATE", "billing_anchor_date": start}
    await client.contracts.create(who, starting_at=start, usage_statement_schedule=schedule, **terms)
    return who, start


def event(n: int, moment: datetime, **properties: Any) -> dict[str, Any]:
    return {
        "transaction_id": f"t{n}",
        "customer_id": "acme",
        "event_type": "call",
        "timestamp": format_rfc3339(moment),
        "properties": properties,
    }


async def test_usage_in_the_billing_period_reaching_the_threshold(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who, start = await _mid_period_contract(client, fake)
    metric_id = await client.billable_metrics.create(
        name="Calls", event_type_filter={"in_values": ["call"]}, aggregation_type="COUNT"
    )
    await client.usage.ingest([event(0, start + timedelta(days=1))])  # the previous period: not counted
    alert_id = await client.alerts.create(
        alert_type="usage_threshold_reached",
        name="3 calls",
        threshold=3,
        customer_id=who,
        billable_metric_id=metric_id,
    )
    now = fake.now()
    await client.usage.ingest([event(1, now), event(2, now)])
    assert await status(client, who, alert_id) == "ok"
    await client.usage.ingest([event(3, now)])
    [payload] = await sent(fake)
    assert payload["type"] == "alerts.usage_threshold_reached"
    properties = payload["properties"]
    assert (properties["billable_metric_id"], properties["current_usage"]) == (metric_id, 3)
    assert (properties["threshold"], properties["triggered_by"]) == (3, "usage")
    found = await client.customers.alerts.retrieve(who, alert_id)
    assert (found.customer_status, found.triggered_by) == ("in_alarm", "usage")


async def test_spend_in_the_billing_period_reaching_the_threshold(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    card = fake.create_rate_card("Standard")
    metric_id = await client.billable_metrics.create(
        name="Tokens",
        event_type_filter={"in_values": ["call"]},
        property_filters=[{"name": "tokens", "exists": True}],
        aggregation_type="SUM",
        aggregation_key="tokens",
    )
    product_id = await client.products.create(name="Tokens", type="USAGE", billable_metric_id=metric_id)
    await client.rate_cards.rates.add(
        card, product_id=product_id, starting_at=PAST, entitled=True, rate_type="FLAT", price=2
    )
    who, start = await _mid_period_contract(client, fake, rate_card_id=card)
    await client.usage.ingest([event(0, start + timedelta(days=1), tokens=1000)])  # the previous period
    alert_id = await client.alerts.create(
        alert_type="spend_threshold_reached", name="$1", threshold=100, customer_id=who
    )
    now = fake.now()
    await client.usage.ingest([event(1, now, tokens=40)])  # 80 cents
    assert await status(client, who, alert_id) == "ok"
    await client.usage.ingest([event(2, now, tokens=10)])  # 100 cents
    [payload] = await sent(fake)
    assert payload["type"] == "alerts.spend_threshold_reached"
    properties = payload["properties"]
    assert (properties["current_spend"], properties["credit_type_id"], properties["alert_id"]) == (
        100,
        USD,
        alert_id,
    )
    assert [e.type for e in seen if e.type.startswith("alerts.")] == ["alerts.spend_threshold_reached"]
    assert {e.type for e in seen} <= {"alerts.spend_threshold_reached", "invoice.finalized"}


async def test_evaluate_on_create(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who = (await client.customers.create(name="Acme")).id
    credit_id, segment = await credit(client, who, 10)
    loud = await client.alerts.create(alert_type=CREDIT_LOW, name="Loud", threshold=50, customer_id=who)
    quiet = await client.alerts.create(
        alert_type=CREDIT_LOW, name="Quiet", threshold=50, customer_id=who, evaluate_on_create=False
    )
    assert [p["properties"]["alert_id"] for p in await sent(fake)] == [loud]  # already past it: at once
    assert await status(client, who, quiet) == "in_alarm"  # known, but nobody was told
    for amount in (100, -100):  # back above the threshold, then below: now both notify
        await client.contracts.add_manual_balance_entry(
            who, id=credit_id, segment_id=segment, amount=amount, reason="top-up and back"
        )
    assert [p["properties"]["alert_id"] for p in await sent(fake)] == [loud, loud, quiet]


async def test_reset_evaluates_again_and_notifies_again(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who = (await client.customers.create(name="Acme")).id
    await credit(client, who, 10)
    alert_id = await client.alerts.create(alert_type=CREDIT_LOW, name="Low", threshold=50, customer_id=who)
    ok_id = await client.alerts.create(alert_type=CREDIT_LOW, name="Fine", threshold=5, customer_id=who)
    assert len(await sent(fake)) == 1
    assert await client.customers.alerts.reset(who, alert_id) is None
    assert await client.customers.alerts.reset(who, ok_id) is None
    assert [p["properties"]["alert_id"] for p in await sent(fake)] == [alert_id, alert_id]
    assert await status(client, who, alert_id) == "in_alarm"
    assert await status(client, who, ok_id) == "ok"


async def test_archive_stops_the_evaluation_and_may_release_the_uniqueness_key(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who = (await client.customers.create(name="Acme")).id
    credit_id, segment = await credit(client, who, 100)
    alert_id = await client.alerts.create(
        alert_type=CREDIT_LOW, name="Low", threshold=50, customer_id=who, uniqueness_key="low-acme"
    )
    with pytest.raises(ConflictError):
        await client.alerts.create(
            alert_type=CREDIT_LOW, name="Again", threshold=50, customer_id=who, uniqueness_key="low-acme"
        )
    assert await client.alerts.archive(alert_id) == alert_id
    with pytest.raises(ConflictError):  # archived, but the key is still taken
        await client.alerts.create(
            alert_type=CREDIT_LOW, name="Again", threshold=50, customer_id=who, uniqueness_key="low-acme"
        )
    await client.alerts.archive(alert_id, release_uniqueness_key=True)
    again = await client.alerts.create(
        alert_type=CREDIT_LOW, name="Again", threshold=5, customer_id=who, uniqueness_key="low-acme"
    )
    await client.contracts.add_manual_balance_entry(
        who, id=credit_id, segment_id=segment, amount=-60, reason="usage"
    )
    assert await sent(fake) == []  # 40 left: under the archived alert's threshold, not the new one's

    archived = await client.customers.alerts.retrieve(who, alert_id)
    assert (archived.customer_status, archived.alert.status) == (None, "archived")
    assert archived.alert.uniqueness_key == "low-acme"
    assert [a.alert.id async for a in client.customers.alerts.list(who)] == [again]
    listed = client.customers.alerts.list(who, alert_statuses=["ARCHIVED", "ENABLED"])
    assert [a.alert.id async for a in listed] == [alert_id, again]
    with pytest.raises(BadRequestError, match="is archived"):
        await client.customers.alerts.reset(who, alert_id)
    with pytest.raises(NotFoundError):
        await client.alerts.archive("6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b")


async def test_an_alert_for_every_customer(fake: FakeMetronome, client: AsyncMetronome) -> None:
    rich, poor = [(await client.customers.create(name=name)).id for name in ("Rich", "Poor")]
    await credit(client, rich, 500)
    alert_ids = [
        await client.alerts.create(alert_type=CREDIT_LOW, name=f"Low {n}", threshold=100) for n in range(101)
    ]
    assert await status(client, rich, alert_ids[0]) == "ok"
    assert await status(client, poor, alert_ids[0]) == "in_alarm"  # nothing left is below any threshold
    listed = [a async for a in client.customers.alerts.list(poor)]  # two pages of 100 and 1
    assert [a.alert.id for a in listed] == alert_ids
    later = (await client.customers.create(name="Later")).id  # watched too, once something names it
    await credit(client, later, 1000)
    assert await status(client, later, alert_ids[-1]) == "ok"


async def test_time_moves_a_balance_alert(
    fake: FakeMetronome, client: AsyncMetronome, seen: list[WebhookEvent]
) -> None:
    who = (await client.customers.create(name="Acme")).id
    soon = hour(fake.now() + timedelta(days=2))
    schedule = {"schedule_items": [{"amount": 100, "starting_at": PAST, "ending_before": soon}]}
    await client.customers.credits.create(who, priority=1, product_id=PRODUCT, access_schedule=schedule)
    alert_id = await client.alerts.create(alert_type=CREDIT_LOW, name="Low", threshold=10, customer_id=who)
    assert await sent(fake) == []
    fake.advance_clock(3 * 24 * 3600)  # the credit expires
    [payload] = await sent(fake)
    assert (payload["properties"]["alert_id"], payload["properties"]["remaining_balance"]) == (alert_id, 0)


async def test_the_rules_of_an_alert(fake: FakeMetronome, client: AsyncMetronome) -> None:
    who = (await client.customers.create(name="Acme")).id
    other = (await client.customers.create(name="Other")).id
    metric_id = await client.billable_metrics.create(name="Calls", aggregation_type="COUNT")
    usage = {"alert_type": "usage_threshold_reached", "name": "Calls", "threshold": 1, "customer_id": who}
    with pytest.raises(BadRequestError, match="billable_metric_id: is required for usage_threshold_reached"):
        await client.alerts.create(**usage)
    with pytest.raises(BadRequestError, match=r"billable_metric_id: billable metric .* not found"):
        await client.alerts.create(**usage, billable_metric_id=other)
    with pytest.raises(BadRequestError, match="billable_metric_id: is for usage_threshold_reached only"):
        await client.alerts.create(alert_type=CREDIT_LOW, name="L", threshold=1, billable_metric_id=metric_id)
    with pytest.raises(BadRequestError, match="group_values: is for spend_threshold_reached only"):
        await client.alerts.create(alert_type=CREDIT_LOW, name="L", threshold=1, group_values=[{"key": "k"}])
    with pytest.raises(NotFoundError):
        await client.alerts.create(
            alert_type=CREDIT_LOW, name="L", threshold=1, customer_id="6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"
        )
    alert_id = await client.alerts.create(alert_type=CREDIT_LOW, name="L", threshold=1, customer_id=who)
    with pytest.raises(NotFoundError):  # an alert of another customer
        await client.customers.alerts.retrieve(other, alert_id)
    with pytest.raises(NotFoundError):
        await client.customers.alerts.reset(other, alert_id)
    with pytest.raises(NotFoundError):
        await client.customers.alerts.retrieve(who, metric_id)
    assert [a async for a in client.customers.alerts.list(other)] == []
    spend = await client.alerts.create(
        alert_type="spend_threshold_reached",
        name="S",
        threshold=1,
        customer_id=who,
        group_values=[{"key": "k"}],
    )
    found = await client.customers.alerts.retrieve(who, spend)
    assert found.customer_status == "ok" and found.alert.group_values is not None  # no contract: no spend


@pytest.mark.parametrize(
    ("day", "now", "period"),
    [
        # the first of the month: the first period starts with the contract
        ("FIRST_OF_MONTH", "2025-01-20", ("2025-01-10", "2025-02-01")),
        ("FIRST_OF_MONTH", "2025-03-01", ("2025-03-01", "2025-04-01")),
        # from the contract's start: the same day of each month (or the month's last day)
        ("CONTRACT_START", "2025-02-28", ("2025-02-10", "2025-03-10")),
    ],
)
def test_the_statement_period_around_a_moment(day: str, now: str, period: tuple[str, str]) -> None:
    start = datetime(2025, 1, 10, tzinfo=timezone.utc)
    terms = ContractTerms(starting_at=start, statement_day=day)
    contract = Contract("c", 1, "who", terms, None, None, start, None)
    found = _statement_period(contract, datetime.fromisoformat(now).replace(tzinfo=timezone.utc))
    assert tuple(d.date().isoformat() for d in found) == period


async def test_custom_fields_of_an_alert_need_it_to_exist(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    fake.add_custom_field_key("alert", "team")
    alert_id = await client.alerts.create(alert_type=CREDIT_LOW, name="Low", threshold=1)
    await client.custom_fields.set_values(entity="alert", entity_id=alert_id, custom_fields={"team": "ops"})
    unknown = "6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"
    with pytest.raises(NotFoundError, match=f"alert {unknown} not found"):
        await client.custom_fields.set_values(entity="alert", entity_id=unknown, custom_fields={"team": "x"})
