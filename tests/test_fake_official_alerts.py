"""Alerts of the embedded Metronome in the official Python SDK (metronome-sdk 4.12, strict response
validation): a customer's alerts, ok, in alarm, evaluating and archived, must parse into its models. Then a
low-balance flow through this SDK's blocking client, its webhook received by a plain http.server. The
`thread_fake` fixture checks every exchange against the official spec."""

from __future__ import annotations

from datetime import datetime, timezone

import metronome
import pytest
from test_fake_webhooks import blocking_receiver

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome
from metronome_async.webhooks import AlertEvent

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
END = datetime(2090, 1, 1, tzinfo=timezone.utc)
SCHEDULE = {"schedule_items": [{"amount": 100, "starting_at": START, "ending_before": END}]}


@pytest.fixture(autouse=True)
def _products(thread_fake: FakeMetronome) -> None:
    thread_fake.create_product("Credits", product_id=PRODUCT)


def test_customer_alerts_parse_in_the_official_sdk(official: metronome.Metronome) -> None:
    v1 = official.v1
    customer_id = v1.customers.create(name="Acme").data.id
    v1.customers.credits.create(
        customer_id=customer_id, priority=1, product_id=PRODUCT, access_schedule=SCHEDULE
    )
    low = v1.alerts.create(
        alert_type="low_remaining_contract_credit_balance_reached",
        name="Credit low",
        threshold=100,
        customer_id=customer_id,
        uniqueness_key="low-acme",
        custom_field_filters=[{"entity": "ContractCredit", "key": "pool", "value": "a"}],
    ).data.id
    spend = v1.alerts.create(
        alert_type="spend_threshold_reached",
        name="Spend",
        threshold=1000,
        group_values=[{"key": "region", "value": "eu"}],
    ).data.id
    seats = v1.alerts.create(
        alert_type="low_remaining_seat_balance_reached",
        name="Seats",
        threshold=1,
        customer_id=customer_id,
        seat_filter={"seat_group_key": "user_id"},
    ).data.id

    found = v1.customers.alerts.retrieve(customer_id=customer_id, alert_id=low).data
    assert (found.customer_status, found.triggered_by) == ("in_alarm", None)  # no credit in pool a
    assert (found.alert.type, found.alert.status, found.alert.uniqueness_key) == (
        "low_remaining_contract_credit_balance_reached",
        "enabled",
        "low-acme",
    )
    assert found.alert.credit_type is not None and found.alert.credit_type.name == "USD (cents)"
    listed = {a.alert.id: a for a in v1.customers.alerts.list(customer_id=customer_id)}
    assert [(i, a.customer_status) for i, a in listed.items()] == [
        (low, "in_alarm"),
        (spend, "ok"),
        (seats, "evaluating"),
    ]
    assert listed[spend].alert.group_values is not None and listed[spend].alert.group_values[0].value == "eu"
    assert listed[seats].alert.seat_filter is not None

    v1.customers.alerts.reset(customer_id=customer_id, alert_id=low)
    assert v1.alerts.archive(id=low, release_uniqueness_key=True).data.id == low
    archived = v1.customers.alerts.retrieve(customer_id=customer_id, alert_id=low).data
    assert (archived.customer_status, archived.alert.status) == (None, "archived")
    every = v1.customers.alerts.list(customer_id=customer_id, alert_statuses=["ENABLED", "ARCHIVED"])
    assert [a.alert.id for a in every] == [low, spend, seats]
    with pytest.raises(metronome.NotFoundError):
        v1.customers.alerts.retrieve(customer_id=customer_id, alert_id=PRODUCT)


def test_a_low_balance_alert_through_the_blocking_client(thread_fake: FakeMetronome) -> None:
    thread_fake.set_webhook("http://127.0.0.1:9/unused")  # makes the secret
    assert thread_fake.webhook_secret is not None
    with (
        blocking_receiver(thread_fake.webhook_secret) as (url, events),
        Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url) as client,
    ):
        thread_fake.set_webhook(url)
        customer_id = client.customers.create(name="Acme").id
        credit_id = client.customers.credits.create(
            customer_id, priority=1, product_id=PRODUCT, access_schedule=SCHEDULE
        )
        alert_id = client.alerts.create(
            alert_type="low_credit_balance_reached", name="Low", threshold=20, customer_id=customer_id
        )
        assert client.customers.alerts.retrieve(customer_id, alert_id).customer_status == "ok"
        [found] = client.customers.credits.list(customer_id)
        segment_id = found.access_schedule.schedule_items[0].id
        client.contracts.add_manual_balance_entry(
            customer_id, id=credit_id, segment_id=segment_id, amount=-85, reason="usage"
        )
        [delivery] = thread_fake.wait_for_webhooks_blocking()
        assert [a.alert.id for a in client.customers.alerts.list(customer_id)] == [alert_id]
        assert client.customers.alerts.retrieve(customer_id, alert_id).customer_status == "in_alarm"
    [event] = events
    assert isinstance(event, AlertEvent) and event.id == delivery.id
    assert (event.alert_id, event.customer_id, event.remaining_balance) == (alert_id, customer_id, 15)
