"""Wrong arguments fail before anything is sent, with an error that names the argument."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome

CID = "00000000-0000-4000-8000-000000000000"
MIDNIGHT = datetime(2025, 1, 1, tzinfo=timezone.utc)

Call = Callable[[AsyncMetronome], Awaitable[Any]]


async def _drain(pager: Any) -> Any:
    return [item async for item in pager]


BAD_CALLS: list[tuple[str, Call, type[Exception], str]] = [
    ("empty name", lambda c: c.customers.create(name="  "), ValueError, "name"),
    ("name not a string", lambda c: c.customers.create(name=7), TypeError, "name"),
    (
        "aliases as one string",
        lambda c: c.customers.create(name="A", ingest_aliases="a@b.c"),
        TypeError,
        "ingest_aliases",
    ),
    (
        "an empty alias",
        lambda c: c.customers.create(name="A", ingest_aliases=["ok", ""]),
        ValueError,
        r"ingest_aliases\[1\]",
    ),
    (
        "too many aliases",
        lambda c: c.customers.create(name="A", ingest_aliases=[f"a{i}" for i in range(2001)]),
        ValueError,
        "ingest_aliases",
    ),
    (
        "alias too long",
        lambda c: c.customers.create(name="A", ingest_aliases=["x" * 129]),
        ValueError,
        r"ingest_aliases\[0\]",
    ),
    (
        "custom field value too long",
        lambda c: c.customers.create(name="A", custom_fields={"k": "v" * 201}),
        ValueError,
        r"custom_fields\['k'\]",
    ),
    (
        "custom field value not a string",
        lambda c: c.customers.create(name="A", custom_fields={"k": 1}),
        TypeError,
        r"custom_fields\['k'\]",
    ),
    (
        "billing_config without provider",
        lambda c: c.customers.create(name="A", billing_config={"billing_provider_customer_id": "cus_1"}),
        ValueError,
        "billing_provider_type",
    ),
    (
        "provider configuration without delivery",
        lambda c: c.customers.create(
            name="A", customer_billing_provider_configurations=[{"billing_provider": "stripe"}]
        ),
        ValueError,
        "delivery_method",
    ),
    (
        "provider not allowed in a configuration",
        lambda c: c.customers.create(
            name="A",
            customer_billing_provider_configurations=[
                {"billing_provider": "workday", "delivery_method": "direct_to_billing_provider"}
            ],
        ),
        ValueError,
        "billing_provider",
    ),
    ("empty customer id", lambda c: c.customers.retrieve(""), ValueError, "customer_id"),
    ("dot segment id", lambda c: c.customers.retrieve(".."), ValueError, "customer_id"),
    ("limit 0", lambda c: _drain(c.customers.list(limit=0)), ValueError, "limit"),
    ("limit 101", lambda c: _drain(c.customers.list(limit=101)), ValueError, "limit"),
    ("limit not a number", lambda c: _drain(c.customers.list(limit="10")), TypeError, "limit"),
    (
        "only_archived not a bool",
        lambda c: _drain(c.customers.list(only_archived="yes")),
        TypeError,
        "only_archived",
    ),
    (
        "over 100 customer ids",
        lambda c: _drain(c.customers.list(customer_ids=[CID] * 101)),
        ValueError,
        "customer_ids",
    ),
    ("update with nothing", lambda c: c.customers.update(CID), ValueError, "update"),
    (
        "unknown billing provider",
        lambda c: c.customers.set_billing_config(
            CID, billing_provider_type="paypal", billing_provider_customer_id="x"
        ),
        ValueError,
        "billing_provider_type",
    ),
    (
        "empty provider customer id",
        lambda c: c.customers.set_billing_config(
            CID, billing_provider_type="stripe", billing_provider_customer_id=""
        ),
        ValueError,
        "billing_provider_customer_id",
    ),
    (
        "plan start not midnight",
        lambda c: c.customers.plans.add(
            CID, plan_id=CID, starting_on=datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
        ),
        ValueError,
        "starting_on",
    ),
    (
        "plan start naive",
        lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on=datetime(2025, 1, 1)),
        ValueError,
        "starting_on",
    ),
    (
        "plan start string not midnight",
        lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on="2025-01-01T00:00:01Z"),
        ValueError,
        "starting_on",
    ),
    (
        "plan start not a date",
        lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on="tomorrow"),
        ValueError,
        "starting_on",
    ),
    (
        "plan end before start",
        lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on=MIDNIGHT, ending_before=MIDNIGHT),
        ValueError,
        "ending_before",
    ),
    (
        "plan end not midnight",
        lambda c: c.customers.plans.end(CID, CID, ending_before="2025-02-01T12:00:00Z"),
        ValueError,
        "ending_before",
    ),
    (
        "void stripe without void",
        lambda c: c.customers.plans.end(CID, CID, void_stripe_invoices=True),
        ValueError,
        "void_invoices",
    ),
    (
        "unknown custom field entity",
        lambda c: c.custom_fields.add_key(entity="person", key="k", enforce_uniqueness=False),
        ValueError,
        "entity",
    ),
    (
        "enforce_uniqueness not a bool",
        lambda c: c.custom_fields.add_key(entity="customer", key="k", enforce_uniqueness="no"),
        TypeError,
        "enforce_uniqueness",
    ),
    (
        "set values too long",
        lambda c: c.custom_fields.set_values(
            entity="customer", entity_id=CID, custom_fields={"k": "v" * 201}
        ),
        ValueError,
        r"custom_fields\['k'\]",
    ),
    (
        "event without transaction id",
        lambda c: c.usage.ingest(
            [{"customer_id": "c", "event_type": "e", "timestamp": "2025-01-01T00:00:00Z"}]
        ),
        ValueError,
        r"events\[0\]\['transaction_id'\]",
    ),
    (
        "event with a naive timestamp",
        lambda c: c.usage.ingest(
            [
                {
                    "transaction_id": "t1",
                    "customer_id": "c",
                    "event_type": "e",
                    "timestamp": "2025-01-01T00:00:00Z",
                },
                {
                    "transaction_id": "t2",
                    "customer_id": "c",
                    "event_type": "e",
                    "timestamp": datetime(2025, 1, 1),
                },
            ]
        ),
        ValueError,
        r"events\[1\]\['timestamp'\]",
    ),
    (
        "event with an unknown field",
        lambda c: c.usage.ingest(
            [
                {
                    "transaction_id": "t",
                    "customer_id": "c",
                    "event_type": "e",
                    "timestamp": "2025-01-01T00:00:00Z",
                    "quantity": 3,
                }
            ]
        ),
        ValueError,
        r"events\[0\]",
    ),
    (
        "a single event not in a list",
        lambda c: c.usage.ingest(
            {
                "transaction_id": "t",
                "customer_id": "c",
                "event_type": "e",
                "timestamp": "2025-01-01T00:00:00Z",
            }
        ),
        TypeError,
        "events",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "names"), [case[1:] for case in BAD_CALLS], ids=[c[0] for c in BAD_CALLS]
)
async def test_bad_arguments_are_refused_before_sending(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(client)
    assert fake.exchanges == [], "nothing may reach the server"


async def test_a_big_batch_with_one_bad_event_sends_nothing(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    events = [
        {
            "transaction_id": f"t{i}",
            "customer_id": "c",
            "event_type": "e",
            "timestamp": "2025-01-01T00:00:00Z",
        }
        for i in range(450)
    ]
    events[377]["event_type"] = ""
    with pytest.raises(ValueError, match=r"events\[377\]\['event_type'\]"):
        await client.usage.ingest(events)
    assert fake.exchanges == []


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "timeout must be a number greater than 0, not True"),
        ("60", ValueError, "timeout must be a number greater than 0, not '60'"),
        (0, ValueError, "timeout must be a number greater than 0, not 0"),
        (float("nan"), ValueError, "timeout must be a finite number"),
    ],
)
def test_numeric_settings_are_checked_naming_the_argument(value: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        AsyncMetronome(api_key="k", base_url="http://127.0.0.1:1", timeout=value)


EVENT = {"transaction_id": "t", "customer_id": "c", "event_type": "e"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on="2025-01-01T00:00:01Z"),
            "starting_on must be at midnight UTC (00:00:00Z), not '2025-01-01T00:00:01Z'",
        ),
        (
            lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on="2025-01-01T00:00:00+02:00"),
            "starting_on must be at midnight UTC (00:00:00Z), not '2025-01-01T00:00:00+02:00', "
            "2024-12-31T22:00:00Z in UTC",
        ),
        (
            lambda c: c.customers.plans.add(
                CID, plan_id=CID, starting_on=datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
            ),
            "starting_on must be at midnight UTC (00:00:00Z), not 2025-01-01T09:00:00+00:00",
        ),
        (lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on=None), "starting_on is required"),
        (lambda c: c.usage.ingest([EVENT]), "events[0]['timestamp'] is required"),
        (lambda c: c.usage.ingest([{**EVENT, "timestamp": None}]), "events[0]['timestamp'] is required"),
    ],
)
async def test_a_time_is_quoted_as_given_and_a_missing_one_is_required(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        await call(client)
    assert str(caught.value) == message
    assert fake.exchanges == []
