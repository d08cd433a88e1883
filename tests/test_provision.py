"""The guide's scenarios as one call each: provision, provision_many, archive_churned, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome, ConflictError, ItemOutcome, Metronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.churn import ActivePlanError
from metronome_async.workflows.provision import ProvisionError

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _items(count: int, plan_id: str | None = None, prefix: str = "bulk") -> list[dict[str, Any]]:
    items = []
    for n in range(count):
        item: dict[str, Any] = {
            "name": f"{prefix} customer {n}",
            "ingest_aliases": [f"{prefix}-{n}@example.com"],
            "billing_provider_type": "stripe",
            "billing_provider_customer_id": f"cus_{prefix}_{n}",
        }
        if plan_id is not None:
            item.update(plan_id=plan_id, starting_on=JAN)
        items.append(item)
    return items


async def test_provision_does_all_three_steps(client: AsyncMetronome, fake: FakeMetronome) -> None:
    plan_id = fake.create_plan(name="Pro")
    result = await client.customers.provision(
        name="Acme",
        ingest_aliases=["acme"],
        billing_provider_type="stripe",
        billing_provider_customer_id="cus_acme",
        plan_id=plan_id,
        starting_on=JAN,
    )
    assert result.created and result.customer_plan_id
    config = await client.customers.retrieve_billing_config(result.customer_id, "stripe")
    assert config.billing_provider_customer_id == "cus_acme"
    [plan] = [p async for p in client.customers.plans.list(result.customer_id)]
    assert plan.id == result.customer_plan_id and plan.plan_id == plan_id


async def test_provision_again_finds_everything_and_writes_nothing(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    plan_id = fake.create_plan(name="Pro")
    args: dict[str, Any] = {
        "name": "Acme",
        "ingest_aliases": ["acme"],
        "billing_provider_type": "stripe",
        "billing_provider_customer_id": "cus_acme",
        "plan_id": plan_id,
        "starting_on": JAN,
    }
    first = await client.customers.provision(**args)
    writes_before = [ex for ex in fake.exchanges if ex.method == "POST" and ex.status == 200]
    again = await client.customers.provision(**args)
    assert not again.created
    assert (again.customer_id, again.customer_plan_id) == (first.customer_id, first.customer_plan_id)
    assert len(fake.customers()) == 1
    writes_after = [ex for ex in fake.exchanges if ex.method == "POST" and ex.status == 200]
    assert writes_after == writes_before, "the second call only read"


async def test_provision_refuses_an_alias_of_another_customer(client: AsyncMetronome) -> None:
    await client.customers.create(name="Someone else", ingest_aliases=["taken"])
    with pytest.raises(ProvisionError) as caught:
        await client.customers.provision(name="Acme", ingest_aliases=["taken"])
    assert caught.value.step_failed == "customer" and caught.value.steps_done == []
    assert isinstance(caught.value.cause, ConflictError)


async def test_a_failure_part_way_says_which_steps_were_done(client: AsyncMetronome) -> None:
    with pytest.raises(ProvisionError) as caught:
        await client.customers.provision(
            name="Acme",
            ingest_aliases=["acme"],
            plan_id="00000000-0000-4000-8000-000000000000",
            starting_on=JAN,
        )
    error = caught.value
    assert error.step_failed == "plan" and error.steps_done == ["customer"] and error.steps_left == ["plan"]
    assert error.customer_id and error.customer_id in str(error)


@pytest.mark.parametrize(
    ("arguments", "names"),
    [
        ({"name": "A", "ingest_aliases": []}, "ingest_aliases"),
        ({"name": "A", "ingest_aliases": ["a"], "plan_id": "p"}, "starting_on"),
        (
            {"name": "A", "ingest_aliases": ["a"], "billing_provider_type": "stripe"},
            "billing_provider_customer_id",
        ),
        ({"name": "", "ingest_aliases": ["a"]}, "name"),
        (
            {"name": "A", "ingest_aliases": ["a"], "plan_id": "p", "starting_on": "2025-01-01T09:00:00Z"},
            "starting_on",
        ),
    ],
)
async def test_provision_checks_arguments_first(
    client: AsyncMetronome, fake: FakeMetronome, arguments: dict[str, Any], names: str
) -> None:
    with pytest.raises(ValueError, match=names):
        await client.customers.provision(**arguments)
    assert fake.exchanges == []


async def test_provision_many_reports_every_item(client: AsyncMetronome, fake: FakeMetronome) -> None:
    plan_id = fake.create_plan(name="Pro")
    seen: list[tuple[ItemOutcome, int, int | None]] = []
    report = await client.customers.provision_many(
        _items(120, plan_id), on_progress=lambda outcome, done, total: seen.append((outcome, done, total))
    )
    assert report.ok and report.count("created") == 120 and report.total == 120, str(report)
    assert sorted(outcome.index for outcome, _, _ in seen) == list(range(120))
    assert [(done, total) for _, done, total in seen] == [(n, 120) for n in range(1, 121)]
    assert len(fake.customers()) == 120
    assert all(outcome.customer_plan_id for outcome, _, _ in seen)


async def test_provision_many_checks_every_item_before_sending(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    items = _items(10)
    items[2]["name"] = ""
    items[5]["ingest_aliases"] = items[1]["ingest_aliases"]
    items[7]["plan_id"] = "p"
    items[8]["colour"] = "blue"
    with pytest.raises(ValueError) as caught:
        await client.customers.provision_many(items)
    message = str(caught.value)
    for index in (2, 5, 7, 8):
        assert f"items[{index}]" in message
    assert "4 problem(s)" in message
    assert fake.exchanges == []


async def test_one_failure_never_stops_the_others(client: AsyncMetronome) -> None:
    await client.customers.create(name="Squatter", ingest_aliases=["bulk-3@example.com"])
    report = await client.customers.provision_many(_items(8))
    assert report.count("created") == 7 and report.count("failed") == 1
    [failure] = report.failures
    assert failure.index == 3 and isinstance(failure.error, ProvisionError)


async def test_a_rerun_with_the_journal_sends_nothing_for_finished_items(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    first = await client.customers.provision_many(_items(30), journal=journal)
    assert first.count("created") == 30
    requests_before = len(fake.exchanges)
    second = await client.customers.provision_many(_items(30), journal=journal)
    assert second.count("done_earlier") == 30
    assert len(fake.exchanges) == requests_before
    third = await client.customers.provision_many(_items(30))
    assert third.count("existed") == 30, "without a journal, everything is found again"
    assert len(fake.customers()) == 30


async def test_a_changed_item_is_checked_against_metronome_again(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    """An item edited since the journal recorded it is compared with what Metronome holds: a billing provider
    customer id that differs is reported, and the customer's configuration is left as it is."""
    journal = tmp_path / "job.sqlite"
    await client.customers.provision_many(_items(3), journal=journal)
    changed = _items(3)
    changed[1]["billing_provider_customer_id"] = "cus_other"
    report = await client.customers.provision_many(changed, journal=journal)
    assert report.count("done_earlier") == 2 and report.count("differs") == 1, str(report)
    assert not report.ok and not report.failures
    [differing] = report.differing
    assert differing.index == 1
    assert differing.differences == {"billing_provider_customer_id": ("cus_bulk_1", "cus_other")}
    [customer] = [c for c in fake.customers() if c["ingest_aliases"] == ["bulk-1@example.com"]]
    config = await client.customers.retrieve_billing_config(customer["id"], "stripe")
    assert config.billing_provider_customer_id == "cus_bulk_1", "left as it was"
    assert len(fake.customers()) == 3


@pytest.mark.usefixtures("metronome_instant_retries")
async def test_provision_many_through_faults_accounts_for_every_item(fake: FakeMetronome) -> None:
    plan_id = fake.create_plan(name="Pro")
    fake.configure(error_rate=0.05, disconnect_rate=0.02, rate_limit=800, seed=11)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=6) as client:
        report = await client.customers.provision_many(_items(2000, plan_id))
    assert report.ok, [str(f.error) for f in report.failures[:5]]
    assert report.count("created") + report.count("existed") == 2000
    customers = fake.customers()
    assert len(customers) == 2000, "no duplicates, none lost"
    assert len({c["ingest_aliases"][0] for c in customers}) == 2000
    faults = {ex.fault for ex in fake.exchanges}
    assert {"error", "disconnect"} <= faults, "the faults did happen"  # 429s: see the rate-limited test below
    fake.configure(error_rate=0, disconnect_rate=0, rate_limit=None)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as reader:
        for customer in customers:
            plans = [p async for p in reader.customers.plans.list(customer["id"])]
            assert len(plans) == 1, f"{customer['id']} has {len(plans)} plans"


async def test_a_rate_limited_job_keeps_429s_rare(fake: FakeMetronome) -> None:
    fake.configure(rate_limit=300)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=10) as client:
        items = [{"name": f"R{n}", "ingest_aliases": [f"r{n}"]} for n in range(900)]
        report = await client.customers.provision_many(items)
    assert report.count("created") == 900
    limited = sum(1 for ex in fake.exchanges if ex.status == 429)
    assert limited / len(fake.exchanges) < 0.10, f"{limited} of {len(fake.exchanges)} answered 429"


def test_provision_many_through_the_blocking_client(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    report = sync_client.customers.provision_many(_items(20))
    assert report.count("created") == 20 and len(thread_fake.customers()) == 20


# --- archive_churned ----------------------------------------------------------------------------------------


def _writes(fake: FakeMetronome) -> list[Any]:
    """The requests that may change something: reads spelled as POST carry no Idempotency-Key."""
    return [ex for ex in fake.exchanges if ex.method == "POST" and ex.idempotency_key]


async def test_archive_churned_refuses_while_a_plan_is_open(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    result = await client.customers.provision(
        name="Leaving", ingest_aliases=["leaving"], plan_id=fake.create_plan(name="Pro"), starting_on=JAN
    )
    with pytest.raises(ActivePlanError) as caught:
        await client.customers.archive_churned(result.customer_id)
    assert [p.id for p in caught.value.plans] == [result.customer_plan_id]
    assert not (await client.customers.retrieve(result.customer_id)).archived


async def test_archive_churned_dry_run_changes_nothing(client: AsyncMetronome, fake: FakeMetronome) -> None:
    result = await client.customers.provision(
        name="Maybe", ingest_aliases=["maybe"], plan_id=fake.create_plan(name="Pro"), starting_on=JAN
    )
    writes = _writes(fake)
    report = await client.customers.archive_churned(result.customer_id, end_plans=True, dry_run=True)
    assert report.dry_run and report.ended_plans == [result.customer_plan_id] and report.archived
    assert _writes(fake) == writes


async def test_archive_churned_ends_plans_archives_and_confirms(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    result = await client.customers.provision(
        name="Gone", ingest_aliases=["gone"], plan_id=fake.create_plan(name="Pro"), starting_on=JAN
    )
    report = await client.customers.archive_churned(result.customer_id, end_plans=True)
    assert report.archived and report.ended_plans == [result.customer_plan_id]
    [plan] = [p async for p in client.customers.plans.list(result.customer_id)]
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    assert plan.ending_before is not None and plan.ending_before <= today + timedelta(days=1)
    assert [c.id async for c in client.customers.list()] == []
    again = await client.customers.archive_churned(result.customer_id)
    assert again.already_archived
