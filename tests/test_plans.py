"""Plans and customer plans over HTTP."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from metronome_async import AsyncMetronome, BadRequestError, NotFoundError
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2025, 2, 1, tzinfo=timezone.utc)
MAR = datetime(2025, 3, 1, tzinfo=timezone.utc)


async def test_plans_list_every_plan(client: AsyncMetronome, fake: FakeMetronome) -> None:
    ids = [fake.create_plan(name=f"Plan {i}", description=f"d{i}") for i in range(5)]
    plans = [plan async for plan in client.plans.list(limit=2)]
    assert [plan.id for plan in plans] == ids
    assert plans[0].name == "Plan 0" and plans[0].description == "d0"


async def test_add_list_and_end_a_customer_plan(client: AsyncMetronome, fake: FakeMetronome) -> None:
    pro = fake.create_plan(name="Pro")
    basic = fake.create_plan(name="Basic")
    customer = await client.customers.create(name="Planned")
    first = await client.customers.plans.add(customer.id, plan_id=basic, starting_on=JAN, ending_before=FEB)
    second = await client.customers.plans.add(customer.id, plan_id=pro, starting_on="2025-02-01T00:00:00Z")
    plans = [p async for p in client.customers.plans.list(customer.id)]
    assert [p.id for p in plans] == [second, first], "newest first"
    assert plans[0].plan_name == "Pro" and plans[0].starting_on == FEB and plans[0].ending_before is None
    assert plans[1].ending_before == FEB
    await client.customers.plans.end(customer.id, second, ending_before=MAR)
    [current, _] = [p async for p in client.customers.plans.list(customer.id)]
    assert current.ending_before == MAR
    assert not current.active_at(MAR) and current.active_at(FEB)


async def test_end_without_a_date_clears_the_end(client: AsyncMetronome, fake: FakeMetronome) -> None:
    customer = await client.customers.create(name="Open ended")
    plan = await client.customers.plans.add(
        customer.id, plan_id=fake.create_plan(name="Pro"), starting_on=JAN, ending_before=MAR
    )
    await client.customers.plans.end(customer.id, plan)
    [current] = [p async for p in client.customers.plans.list(customer.id)]
    assert current.ending_before is None


async def test_adding_an_unknown_plan_or_to_an_unknown_customer(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    customer = await client.customers.create(name="Someone")
    with pytest.raises((NotFoundError, BadRequestError)):
        await client.customers.plans.add(
            customer.id, plan_id="00000000-0000-4000-8000-000000000000", starting_on=JAN
        )
    with pytest.raises(NotFoundError):
        await client.customers.plans.add(
            "00000000-0000-4000-8000-000000000000", plan_id=fake.create_plan(name="P"), starting_on=JAN
        )


async def test_the_server_also_refuses_a_plan_date_off_midnight(fake: FakeMetronome) -> None:
    """The emulator enforces the rule by itself, for clients that do not check (here: a raw request)."""
    import aiohttp

    [customer_id] = fake.seed_customers(1)
    async with aiohttp.ClientSession() as session:
        response = await session.post(
            f"{fake.url}/v1/customers/{customer_id}/plans/add",
            json={"plan_id": fake.create_plan(name="P"), "starting_on": "2025-01-01T10:00:00Z"},
            headers={"Authorization": f"Bearer {fake.api_key}"},
        )
        assert response.status == 400
        assert "starting_on" in (await response.json())["message"]
