"""Custom fields over HTTP: keys must be registered, values are checked, set_values is all or none."""

from __future__ import annotations

import pytest

from metronome_async import APIStatusError, AsyncMetronome, BadRequestError, CustomFieldEntity
from metronome_async.testing import FakeMetronome


async def test_keys_registered_values_set_and_deleted(client: AsyncMetronome) -> None:
    await client.custom_fields.add_key(entity="customer", key="tier", enforce_uniqueness=False)
    await client.custom_fields.add_key(entity=CustomFieldEntity.PLAN, key="family", enforce_uniqueness=False)
    keys = await client.custom_fields.list_keys()
    assert {(k.entity, k.key) for k in keys} == {
        (CustomFieldEntity.CUSTOMER, "tier"),
        (CustomFieldEntity.PLAN, "family"),
    }
    only_customer = [k.key async for k in client.custom_fields.list_keys(entities=["customer"])]
    assert only_customer == ["tier"]
    customer = await client.customers.create(name="Fielded")
    await client.custom_fields.set_values(
        entity="customer", entity_id=customer.id, custom_fields={"tier": "gold"}
    )
    assert (await client.customers.retrieve(customer.id)).custom_fields == {"tier": "gold"}
    await client.custom_fields.delete_values(entity="customer", entity_id=customer.id, keys=["tier"])
    assert (await client.customers.retrieve(customer.id)).custom_fields == {}
    await client.custom_fields.remove_key(entity="customer", key="tier")
    assert [k.key async for k in client.custom_fields.list_keys(entities=["customer"])] == []


async def test_an_unregistered_key_is_refused_and_nothing_changes(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    fake.add_custom_field_key("customer", "tier")
    customer = await client.customers.create(name="Strict", custom_fields={"tier": "silver"})
    with pytest.raises(BadRequestError):
        await client.custom_fields.set_values(
            entity="customer", entity_id=customer.id, custom_fields={"tier": "gold", "unknown": "x"}
        )
    assert (await client.customers.retrieve(customer.id)).custom_fields == {"tier": "silver"}
    with pytest.raises(BadRequestError):
        await client.customers.create(name="Also strict", custom_fields={"unknown": "x"})


async def test_unique_keys_refuse_a_value_in_use(client: AsyncMetronome) -> None:
    await client.custom_fields.add_key(entity="customer", key="account", enforce_uniqueness=True)
    first = await client.customers.create(name="One")
    second = await client.customers.create(name="Two")
    await client.custom_fields.set_values(
        entity="customer", entity_id=first.id, custom_fields={"account": "A-1"}
    )
    with pytest.raises(APIStatusError) as caught:
        await client.custom_fields.set_values(
            entity="customer", entity_id=second.id, custom_fields={"account": "A-1"}
        )
    assert caught.value.status_code in (400, 409)
