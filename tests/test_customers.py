"""The customer lifecycle through AsyncMetronome, over HTTP, against the embedded Metronome."""

from __future__ import annotations

import pytest

from metronome_async import AsyncMetronome, BadRequestError, ConflictError, Customer, NotFoundError
from metronome_async.testing import FakeMetronome


async def test_create_returns_the_customer_as_stored(client: AsyncMetronome, fake: FakeMetronome) -> None:
    fake.add_custom_field_key("customer", "tier")
    customer = await client.customers.create(
        name="Acme", ingest_aliases=["acme@example.com", "acme-1"], custom_fields={"tier": "gold"}
    )
    assert isinstance(customer, Customer)
    assert customer.name == "Acme"
    assert customer.ingest_aliases == ["acme@example.com", "acme-1"]
    assert customer.custom_fields == {"tier": "gold"}
    [stored] = fake.customers()
    assert stored["id"] == customer.id


async def test_retrieve_gives_the_detail_fields(client: AsyncMetronome) -> None:
    created = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    customer = await client.customers.retrieve(created.id)
    assert customer.id == created.id
    assert customer.created_at is not None and customer.created_at.tzinfo is not None
    assert customer.archived_at is None and not customer.archived
    assert customer.customer_config is not None


async def test_retrieve_unknown_customer_is_not_found(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.customers.retrieve("00000000-0000-4000-8000-000000000000")
    error = caught.value
    assert error.status_code == 404
    assert error.message and isinstance(error.body, dict) and error.body["message"] == error.message
    assert error.method == "GET" and "/v1/customers/" in error.path


async def test_an_ingest_alias_belongs_to_one_customer(client: AsyncMetronome, fake: FakeMetronome) -> None:
    await client.customers.create(name="First", ingest_aliases=["shared"])
    with pytest.raises(ConflictError) as caught:
        await client.customers.create(name="Second", ingest_aliases=["shared"])
    assert caught.value.status_code == 409
    assert fake.count("POST", "/v1/customers") == 2, "one request each: a 409 is not retried"
    assert len(fake.customers()) == 1


async def test_an_archived_customer_keeps_its_aliases(client: AsyncMetronome) -> None:
    old = await client.customers.create(name="Old", ingest_aliases=["reused"])
    await client.customers.archive(old.id)
    with pytest.raises(ConflictError):
        await client.customers.create(name="New", ingest_aliases=["reused"])


async def test_list_follows_next_page_to_the_end(client: AsyncMetronome) -> None:
    created = [await client.customers.create(name=f"C{i}", ingest_aliases=[f"c{i}"]) for i in range(7)]
    listed = [customer.id async for customer in client.customers.list(limit=3)]
    assert listed == [customer.id for customer in created]


async def test_pages_yields_whole_pages(client: AsyncMetronome) -> None:
    for i in range(5):
        await client.customers.create(name=f"C{i}")
    sizes = [len(page.data) async for page in client.customers.list(limit=2).pages()]
    assert sizes == [2, 2, 1]


async def test_awaiting_a_listing_collects_it(client: AsyncMetronome) -> None:
    await client.customers.create(name="A")
    await client.customers.create(name="B")
    assert [c.name for c in await client.customers.list()] == ["A", "B"]


async def test_list_filters(client: AsyncMetronome) -> None:
    a = await client.customers.create(name="A", ingest_aliases=["alias-a"])
    b = await client.customers.create(name="B", ingest_aliases=["alias-b"])
    await client.customers.create(name="C")
    assert [c.id async for c in client.customers.list(ingest_alias="alias-b")] == [b.id]
    assert [c.id async for c in client.customers.list(customer_ids=[a.id, b.id])] == [a.id, b.id]


async def test_archived_customers_leave_the_default_list(client: AsyncMetronome) -> None:
    keep = await client.customers.create(name="Keep")
    gone = await client.customers.create(name="Gone")
    await client.customers.archive(gone.id)
    assert [c.id async for c in client.customers.list()] == [keep.id]
    archived = [c async for c in client.customers.list(only_archived=True)]
    assert [c.id for c in archived] == [gone.id]
    assert archived[0].archived
    assert (await client.customers.retrieve(gone.id)).archived_at is not None


async def test_archive_cannot_be_undone_or_repeated(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Once")
    await client.customers.archive(customer.id)
    with pytest.raises(BadRequestError):
        await client.customers.archive(customer.id)


async def test_archive_unknown_customer_is_not_found(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.customers.archive("00000000-0000-4000-8000-000000000000")


async def test_set_name_and_ingest_aliases(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Before", ingest_aliases=["one"])
    renamed = await client.customers.set_name(customer.id, name="After")
    assert renamed.name == "After"
    assert await client.customers.set_ingest_aliases(customer.id, ingest_aliases=["two", "three"]) is None
    assert (await client.customers.retrieve(customer.id)).ingest_aliases == ["two", "three"]


async def test_update_config_sets_and_clears(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Config")
    await client.customers.update_config(customer.id, salesforce_account_id="0015500001WO1ZiAAL")
    config = (await client.customers.retrieve(customer.id)).customer_config
    assert config is not None and config.salesforce_account_id == "0015500001WO1ZiAAL"
    await client.customers.update_config(customer.id, salesforce_account_id=None)
    config = (await client.customers.retrieve(customer.id)).customer_config
    assert config is not None and config.salesforce_account_id is None


async def test_update_changes_only_the_given_fields(client: AsyncMetronome, fake: FakeMetronome) -> None:
    fake.add_custom_field_key("customer", "tier")
    customer = await client.customers.create(name="Old name", ingest_aliases=["keep-me"])
    updated = await client.customers.update(customer.id, name="New name", custom_fields={"tier": "gold"})
    assert updated.name == "New name"
    assert updated.ingest_aliases == ["keep-me"]
    assert updated.custom_fields == {"tier": "gold"}
    paths = [ex.path for ex in fake.exchanges if ex.method == "POST"]
    assert paths[-2:] == [f"/v1/customers/{customer.id}/setName", "/v1/customFields/setValues"]


async def test_update_checks_everything_before_the_first_request(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    customer = await client.customers.create(name="Unchanged")
    before = len(fake.exchanges)
    with pytest.raises(ValueError, match=r"custom_fields\['tier'\]"):
        await client.customers.update(customer.id, name="Changed", custom_fields={"tier": "x" * 201})
    assert len(fake.exchanges) == before
    assert (await client.customers.retrieve(customer.id)).name == "Unchanged"
