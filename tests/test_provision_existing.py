"""A rerun meets customers that are already there: each is compared with its item, and what differs is
reported ("differs", with field -> (current, desired)) and left as it is, never silently kept and never
doubled (a second contract, plan or billing provider configuration). The report counts what this run did.
Over loopback, against the embedded Metronome."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.provision import ProvisionSpec

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2025, 2, 1, tzinfo=timezone.utc)
RATE_CARD = "11111111-2222-4333-8444-555555555555"  # any id of the right form: nothing is sent


def _item(n: int, **extra: Any) -> dict[str, Any]:
    return {"name": f"Existing {n}", "ingest_aliases": [f"e-{n}"], **extra}


async def test_a_rerun_with_edited_contract_terms_never_adds_a_second_contract(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    items = [_item(n, contract={"rate_card_id": rate_card_id, "starting_at": JAN}) for n in range(3)]
    journal = tmp_path / "job.journal"
    assert (await client.customers.provision_many(items, journal=journal)).count("created") == 3

    items[1] = _item(1, contract={"rate_card_id": rate_card_id, "starting_at": FEB})  # edited terms
    for rerun_journal in (journal, None):  # with the journal, and as a fresh run without one
        report = await client.customers.provision_many(items, journal=rerun_journal)
        [differing] = report.differing
        assert differing.index == 1 and differing.status == "differs" and not report.ok
        [(field, (current, desired))] = differing.differences.items()
        assert field == "contract" and desired["starting_at"] == "2025-02-01T00:00:00Z"
        assert [c["starting_at"] for c in current] == ["2025-01-01T00:00:00+00:00"]
    for customer in fake.customers():
        assert len(fake.contracts(customer["id"])) == 1, "never a second contract"


async def test_a_single_provision_reports_how_the_existing_customer_differs(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    fake.add_custom_field_key("customer", "tier")
    first = await client.customers.provision(**_item(0, external_id="ext-0"))
    again = await client.customers.provision(
        **_item(0, external_id="ext-other", custom_fields={"tier": "gold"})
    )
    assert again.customer_id == first.customer_id and not again.created and again.differs
    assert again.differences == {
        "external_id": ("ext-0", "ext-other"),
        "custom_fields.tier": (None, "gold"),
    }
    [customer] = fake.customers()
    assert customer["external_id"] == "ext-0" and customer["custom_fields"] == {}, "left as it was"
    same = await client.customers.provision(**_item(0, external_id="ext-0"))
    assert not same.differs and same.differences == {}


async def test_a_csv_rerun_with_a_new_custom_field_column_reports_every_customer_as_differing(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    fake.add_custom_field_key("customer", "tier")
    journal = tmp_path / "job.journal"
    await client.customers.provision_many([_item(n) for n in range(3)], journal=journal)
    with_tier = [_item(n, custom_fields={"tier": "gold"}) for n in range(3)]
    report = await client.customers.provision_many(with_tier, journal=journal)
    assert report.counts["differs"] == 3 and report.count("created") == 0, str(report)
    assert all(o.differences == {"custom_fields.tier": (None, "gold")} for o in report.differing)
    again = await client.customers.provision_many(with_tier, journal=journal)
    assert again.count("differs") == 3, "a differing item is not recorded as done: a rerun says it again"


async def test_customers_made_elsewhere_are_counted_as_existing_not_created(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    for n in range(3):
        await client.customers.create(name=f"Existing {n}", ingest_aliases=[f"e-{n}"])
    report = await client.customers.provision_many(
        [_item(n) for n in range(3)], journal=tmp_path / "default.journal"
    )
    assert report.count("existed") == 3 and report.count("created") == 0 and report.ok, str(report)


async def test_a_customer_on_another_plan_gets_no_second_plan(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    plan_id = fake.create_plan(name="Pro")
    await client.customers.provision(**_item(0, plan_id=plan_id, starting_on=JAN))
    moved = await client.customers.provision(**_item(0, plan_id=plan_id, starting_on=FEB))
    assert moved.customer_plan_id is None
    assert list(moved.differences) == ["plan"] and moved.differences["plan"][1].endswith(
        "2025-02-01T00:00:00+00:00"
    )
    assert len([p async for p in client.customers.plans.list(moved.customer_id)]) == 1


async def test_another_provider_customer_id_gets_no_second_configuration(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    terms = {"rate_card_id": rate_card_id, "starting_at": JAN}
    stripe = {"billing_provider_type": "stripe", "billing_provider_customer_id": "cus_1"}
    first = await client.customers.provision(**_item(0), **stripe, contract=terms)
    other = {**stripe, "billing_provider_customer_id": "cus_2"}
    again = await client.customers.provision(**_item(0), **other, contract=terms)
    assert again.differences == {"billing_provider_customer_id": ("cus_1", "cus_2")}
    assert again.contract_id is None, "the contract step waits: it would bill through the configuration"
    configs = await client.customers.retrieve_billing_provider_configurations(first.customer_id)
    assert [c.configuration["stripe_customer_id"] for c in configs] == ["cus_1"]
    assert [c["id"] for c in fake.contracts(first.customer_id)] == [first.contract_id]


async def test_a_resumed_item_is_reported_as_resumed(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    """An earlier run created the customer and stopped before the contract (here: an unknown rate card);
    the rerun finishes it and says so, rather than counting it as created again."""
    journal = tmp_path / "job.journal"
    missing = "00000000-0000-4000-8000-000000000000"
    first = await client.customers.provision_many(
        [_item(0, contract={"rate_card_id": missing, "starting_at": JAN})], journal=journal
    )
    assert first.count("failed") == 1
    rate_card_id = fake.create_rate_card(name="Standard")
    fixed = await client.customers.provision_many(
        [_item(0, contract={"rate_card_id": rate_card_id, "starting_at": JAN})], journal=journal
    )
    assert fixed.count("resumed") == 1, str(fixed)
    assert fixed.count("created") == 0 and fixed.ok, str(fixed)
    [customer] = fake.customers()
    assert len(fake.contracts(customer["id"])) == 1


def test_only_the_contract_date_columns_take_a_bare_date() -> None:
    spec = ProvisionSpec.build(
        {
            "name": "Dated",
            "ingest_aliases": ["d"],
            "rate_card_id": RATE_CARD,
            "contract_starting_at": "2025-01-01",
            "contract_name": "2025-01-01",
            "contract_uniqueness_key": "2025-02-01",
        }
    )
    assert spec.contract is not None
    assert spec.contract["starting_at"] == "2025-01-01T00:00:00Z"
    assert (spec.contract["name"], spec.contract["uniqueness_key"]) == ("2025-01-01", "2025-02-01")
    with pytest.raises(ValueError, match="contract_starting_at"):
        ProvisionSpec.build(
            {
                "name": "D",
                "ingest_aliases": ["d"],
                "rate_card_id": RATE_CARD,
                "contract_starting_at": "\uff12\uff10\uff12\uff15-01-01",
            }
        )
