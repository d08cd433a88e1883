"""``customers.offboard`` against the embedded Metronome: a leaving customer's contracts end at a boundary,
those already ending or not started are left alone, the balances left are reported, and nothing is archived;
a dry run changes nothing; a rerun is safe; bad arguments fail before anything is sent."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, Metronome, OffboardReport
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _boundary(fake: FakeMetronome) -> datetime:
    """The first of next month, on the fake's clock."""
    now = fake.now()
    return (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) + timedelta(days=32)).replace(day=1)


async def _customer_with_contracts(client: AsyncMetronome, fake: FakeMetronome) -> dict[str, Any]:
    """A customer with a running contract, one already ending before the boundary, and one starting after
    it; and a credit with a balance left."""
    rate_card_id = fake.create_rate_card("Standard")
    boundary = _boundary(fake)
    customer = await client.customers.create(name="Leaving", ingest_aliases=["leaving"])
    running = await client.contracts.create(customer.id, starting_at=JAN, rate_card_id=rate_card_id)
    ending = await client.contracts.create(
        customer.id, starting_at=JAN, ending_before=boundary - timedelta(days=1), rate_card_id=rate_card_id
    )
    later = await client.contracts.create(
        customer.id, starting_at=boundary + timedelta(days=31), rate_card_id=rate_card_id
    )
    product_id = fake.create_product("Credits")
    schedule = {"schedule_items": [{"amount": 700, "starting_at": JAN, "ending_before": boundary}]}
    credit = await client.customers.credits.create(
        customer.id, priority=1, product_id=product_id, access_schedule=schedule, name="Welcome"
    )
    return {
        "customer_id": customer.id,
        "running": running,
        "ending": ending,
        "later": later,
        "credit": credit,
        "boundary": boundary,
    }


async def test_offboard_ends_the_running_contracts_at_the_boundary_and_archives_nothing(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    made = await _customer_with_contracts(client, fake)
    customer_id, boundary = made["customer_id"], made["boundary"]
    report = await client.customers.offboard(customer_id, ending_before=boundary)
    assert isinstance(report, OffboardReport) and not report.dry_run
    assert report.ended_contracts == [made["running"]]
    assert report.already_ending == [made["ending"]] and report.not_started == [made["later"]]
    assert [(item.id, item.balance) for item in report.balances] == [(made["credit"], 700)]
    contracts = {c.id: c for c in await client.contracts.list(customer_id)}
    assert contracts[made["running"]].ending_before == boundary
    assert contracts[made["later"]].ending_before is None, "a contract not started is left as it is"
    assert not (await client.customers.retrieve(customer_id)).archived
    data = report.to_dict()
    assert data["ended_contracts"] == [made["running"]] and data["ending_before"] == boundary.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )

    again = await client.customers.offboard(customer_id, ending_before=boundary)
    assert again.ended_contracts == [] and sorted(again.already_ending) == sorted(
        [made["running"], made["ending"]]
    )


async def test_a_dry_run_changes_nothing(client: AsyncMetronome, fake: FakeMetronome) -> None:
    made = await _customer_with_contracts(client, fake)
    writes = fake.count("POST", "/v1/contracts/updateEndDate")
    report = await client.customers.offboard(
        made["customer_id"], ending_before=made["boundary"], dry_run=True
    )
    assert report.dry_run and report.ended_contracts == [made["running"]]
    assert fake.count("POST", "/v1/contracts/updateEndDate") == writes
    (running,) = [c for c in await client.contracts.list(made["customer_id"]) if c.id == made["running"]]
    assert running.ending_before is None


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"ending_before": datetime(2025, 7, 1)}, ValueError, "ending_before must be timezone-aware"),
        ({"ending_before": "July"}, ValueError, "ending_before must be an RFC 3339 timestamp"),
        ({"ending_before": JAN, "dry_run": "yes"}, TypeError, "dry_run"),
    ],
)
async def test_bad_arguments_fail_before_anything_is_sent(
    client: AsyncMetronome,
    fake: FakeMetronome,
    arguments: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        await client.customers.offboard("c1", **arguments)
    assert fake.exchanges == []


def test_offboard_through_the_blocking_client(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    rate_card_id = thread_fake.create_rate_card("Standard")
    customer = sync_client.customers.create(name="Blocking", ingest_aliases=["blocking"])
    contract_id = sync_client.contracts.create(customer.id, starting_at=JAN, rate_card_id=rate_card_id)
    boundary = _boundary(thread_fake)
    report = sync_client.customers.offboard(customer.id, ending_before=boundary)
    assert report.ended_contracts == [contract_id] and report.settled == (not report.open_invoices)
