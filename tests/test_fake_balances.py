"""Balances on the embedded Metronome: `customerBalances/list` and `getNetBalance`, computed from the access
schedules minus what was drawn (manual entries here; usage deductions in test_fake_ledger), at the fake's
clock. Over loopback through the SDK's generated methods; the `fake` fixture checks every exchange."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.errors import BadRequestError, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._wire import format_rfc3339

PRODUCT = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
EUROS = "1f6e0a43-4a39-4d6b-8d0c-4b1f7a110f2b"
PAST = "2020-01-01T00:00:00Z"
FAR = "2090-01-01T00:00:00Z"


@pytest.fixture(autouse=True)
def _products(fake: FakeMetronome) -> None:
    """The FIXED products the commits and credits are made of (the fake checks that a product exists)."""
    fake.create_product("Credits", product_id=PRODUCT)


def schedule(amount: float, start: str = PAST, end: str = FAR, **extra: Any) -> dict[str, Any]:
    return {"schedule_items": [{"amount": amount, "starting_at": start, "ending_before": end}], **extra}


async def balances(client: AsyncMetronome, customer_id: str, **filters: Any) -> list[dict[str, Any]]:
    return [b.to_dict() async for b in client.contracts.list_balances(customer_id, **filters)]


async def net(client: AsyncMetronome, customer_id: str, **options: Any) -> float:
    return (await client.contracts.get_net_balance(customer_id, **options)).balance


async def test_the_balances_of_commits_and_credits(client: AsyncMetronome) -> None:
    who = (await client.customers.create(name="Acme")).id
    contract_id = await client.contracts.create(
        who, starting_at=PAST, credits=[{"product_id": PRODUCT, "access_schedule": schedule(7)}]
    )
    credit_id = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(100)
    )
    commit_id = await client.customers.commits.create(
        who, type="PREPAID", priority=2, product_id=PRODUCT, access_schedule=schedule(300)
    )
    expired = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(40, end="2021-01-01T00:00:00Z")
    )
    euros = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(9, credit_type_id=EUROS)
    )

    found = await balances(client, who, include_balance=True)
    assert [(b["id"], b["type"], b["balance"]) for b in found] == [
        (credit_id, "CREDIT", 100),
        (commit_id, "PREPAID", 300),
        (expired, "CREDIT", 0),
        (euros, "CREDIT", 9),
    ]
    assert "ledger" not in found[0]
    assert [b["id"] for b in await balances(client, who, exclude_zero_balances=True)] == [
        credit_id,
        commit_id,
        euros,
    ]
    with_contracts = await balances(
        client, who, include_contract_balances=True, limit=2
    )  # pages by body cursor
    assert len(with_contracts) == 5 and with_contracts[0]["contract"] == {"id": contract_id}
    assert [b["id"] for b in await balances(client, who, contract_id=commit_id)] == [commit_id]

    assert await net(client, who) == 100 + 300 + 7  # in USD cents: the expired credit counts 0
    assert await net(client, who, credit_type_id=EUROS) == 9
    assert await net(client, who, filters=[{"balance_types": ["CREDIT"]}]) == 107
    assert await net(client, who, filters=[{"ids": [commit_id]}, {"ids": [credit_id]}]) == 400  # OR'd
    assert await net(client, who, filters=[{"ids": [commit_id], "balance_types": ["CREDIT"]}]) == 0  # AND'd


async def test_manual_entries_draw_a_balance_down_and_time_expires_it(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    who = (await client.customers.create(name="Acme")).id
    soon = format_rfc3339((fake.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0))
    credit_id = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(100, end=soon)
    )
    [credit] = await balances(client, who)
    segment_id = credit["access_schedule"]["schedule_items"][0]["id"]
    await client.contracts.add_manual_balance_entry(
        who, id=credit_id, segment_id=segment_id, amount=-30, reason="Outage goodwill, reversed"
    )
    [credit] = await balances(client, who, include_balance=True, include_ledgers=True)
    assert credit["balance"] == 70
    assert [(e["type"], e["amount"]) for e in credit["ledger"]] == [
        ("CREDIT_SEGMENT_START", 100),
        ("CREDIT_MANUAL", -30),
    ]
    assert credit["ledger"][1]["reason"] == "Outage goodwill, reversed"
    await client.contracts.add_manual_balance_entry(
        who, id=credit_id, segment_id=segment_id, amount=-500, reason="More than is left"
    )
    assert await net(client, who) == 0  # a segment below 0 counts 0

    await client.contracts.add_manual_balance_entry(
        who, id=credit_id, segment_id=segment_id, amount=530, reason="Put back"
    )
    fake.advance_clock(3 * 24 * 3600)
    [credit] = await balances(client, who, include_balance=True, include_ledgers=True)
    assert credit["balance"] == 0 and credit["ledger"][-1]["type"] == "CREDIT_EXPIRATION"
    assert credit["ledger"][-1]["amount"] == -100 and credit["ledger"][-1]["timestamp"] == soon


async def test_the_rules_of_a_balance_read(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await net(client, "6f4b7a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b")
    who = (await client.customers.create(name="Acme")).id
    credit_id = await client.customers.credits.create(
        who, priority=1, product_id=PRODUCT, access_schedule=schedule(5)
    )
    with pytest.raises(BadRequestError, match=r"segment_id: .* is not a segment"):
        await client.contracts.add_manual_balance_entry(
            who, id=credit_id, segment_id=credit_id, amount=-1, reason="Wrong segment"
        )
