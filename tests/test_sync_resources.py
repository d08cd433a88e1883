"""Every call of the resources table through the blocking client, against the threaded embedded Metronome."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from metronome_async import Metronome, NotFoundError
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2025, 2, 1, tzinfo=timezone.utc)


def test_customers(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    thread_fake.add_custom_field_key("customer", "tier")
    customer = sync_client.customers.create(name="Sync", ingest_aliases=["sync"], custom_fields={"tier": "a"})
    assert sync_client.customers.set_name(customer.id, name="Renamed").name == "Renamed"
    sync_client.customers.set_ingest_aliases(customer.id, ingest_aliases=["sync-2"])
    sync_client.customers.update_config(customer.id, salesforce_account_id="sf-1")
    updated = sync_client.customers.update(customer.id, custom_fields={"tier": "b"})
    assert updated.ingest_aliases == ["sync-2"] and updated.custom_fields == {"tier": "b"}
    assert updated.customer_config is not None and updated.customer_config.salesforce_account_id == "sf-1"
    assert [c.id for c in sync_client.customers.list(ingest_alias="sync-2")] == [customer.id]
    sync_client.customers.archive(customer.id)
    assert sync_client.customers.retrieve(customer.id).archived


def test_billing(sync_client: Metronome) -> None:
    customer = sync_client.customers.create(name="Billing")
    sync_client.customers.set_billing_config(
        customer.id, billing_provider_type="stripe", billing_provider_customer_id="cus_s"
    )
    assert (
        sync_client.customers.retrieve_billing_config(customer.id, "stripe").billing_provider_customer_id
        == "cus_s"
    )
    sync_client.customers.delete_billing_config(customer.id, "stripe")
    with pytest.raises(NotFoundError):
        sync_client.customers.retrieve_billing_config(customer.id, "stripe")
    [config] = sync_client.customers.set_billing_provider_configurations(
        data=[
            {
                "customer_id": customer.id,
                "billing_provider": "stripe",
                "delivery_method": "direct_to_billing_provider",
                "configuration": {"stripe_customer_id": "cus_s"},
            }
        ]
    )
    assert [c.id for c in sync_client.customers.retrieve_billing_provider_configurations(customer.id)] == [
        config.id
    ]
    assert config.id is not None
    sync_client.customers.archive_billing_provider_configurations(
        customer.id, customer_billing_provider_configuration_ids=[config.id]
    )
    assert sync_client.customers.retrieve_billing_provider_configurations(customer.id) == []


def test_plans(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    plan_id = thread_fake.create_plan(name="Pro")
    assert [p.id for p in sync_client.plans.list()] == [plan_id]
    customer = sync_client.customers.create(name="Planned")
    customer_plan_id = sync_client.customers.plans.add(customer.id, plan_id=plan_id, starting_on=JAN)
    sync_client.customers.plans.end(customer.id, customer_plan_id, ending_before=FEB)
    [plan] = sync_client.customers.plans.list(customer.id)
    assert plan.id == customer_plan_id and plan.ending_before == FEB


def test_custom_fields_and_usage(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    sync_client.custom_fields.add_key(entity="customer", key="region", enforce_uniqueness=False)
    assert [k.key for k in sync_client.custom_fields.list_keys()] == ["region"]
    customer = sync_client.customers.create(name="Fields", ingest_aliases=["fields"])
    sync_client.custom_fields.set_values(
        entity="customer", entity_id=customer.id, custom_fields={"region": "eu"}
    )
    sync_client.custom_fields.delete_values(entity="customer", entity_id=customer.id, keys=["region"])
    sync_client.custom_fields.remove_key(entity="customer", key="region")
    events = [
        {
            "transaction_id": f"s{i}",
            "customer_id": "fields",
            "event_type": "e",
            "timestamp": "2025-01-01T00:00:00Z",
        }
        for i in range(120)
    ]
    assert sync_client.usage.ingest(events).events_sent == 120
    assert len(thread_fake.events()) == 120
