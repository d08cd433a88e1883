"""Seeding the embedded Metronome directly, and inspecting what it recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from metronome_async import AsyncMetronome
from metronome_async.errors import ConflictError, NotFoundError
from metronome_async.testing import FakeMetronome


async def test_seeded_customers_are_real_customers(fake: FakeMetronome, client: AsyncMetronome) -> None:
    ids = fake.seed_customers(5, archived=2)
    assert len(ids) == len(set(ids)) == 5

    active = [c async for c in client.customers.list()]
    archived = [c async for c in client.customers.list(only_archived=True)]
    assert [c.id for c in active] == ids[:3] and [c.id for c in archived] == ids[3:]
    assert [c.name for c in active] == ["Customer 1", "Customer 2", "Customer 3"]
    assert all(c.archived_at is not None for c in archived)

    renamed = await client.customers.set_name(ids[0], name="Renamed")
    assert renamed.name == "Renamed"
    customer = await client.customers.retrieve(ids[0])
    assert customer.external_id == ids[0] and customer.ingest_aliases == []
    assert fake.count("POST", "/v1/customers") == 0  # seeding made no request


async def test_numbering_continues_and_aliases_are_claimed(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    await client.customers.create(name="By the API", ingest_aliases=["acct-3"])
    with pytest.raises(ValueError, match="'acct-3' is already in use"):
        fake.seed_customers(3, alias_prefix="acct-")  # would be acct-2 .. acct-4
    assert len(fake.customers()) == 1  # all or nothing

    first, second = fake.seed_customers(2, name_prefix="Tenant", alias_prefix="tenant-")
    assert [(c["name"], c["ingest_aliases"], c["external_id"]) for c in fake.customers()[1:]] == [
        ("Tenant 2", ["tenant-2"], "tenant-2"),
        ("Tenant 3", ["tenant-3"], "tenant-3"),
    ]
    [found] = [c async for c in client.customers.list(ingest_alias="tenant-3")]
    assert found.id == second
    with pytest.raises(ConflictError):  # the seeded alias is taken, as for any customer
        await client.customers.create(name="Copycat", ingest_aliases=["tenant-2"])
    assert first in {c["id"] for c in fake.customers()}


def test_seeding_checks_its_arguments() -> None:
    fake = FakeMetronome()
    for kwargs, message in [
        ({"n": -1}, "n must be a whole number"),
        ({"n": True}, "n must be a whole number"),
        ({"n": 2, "archived": 3}, r"archived \(3\) cannot be more than n \(2\)"),
        ({"n": 2, "archived": -1}, "archived must be a whole number"),
    ]:
        with pytest.raises(ValueError, match=message):
            fake.seed_customers(**kwargs)  # type: ignore[arg-type]
    assert fake.seed_customers(0) == []


def test_seeding_many_customers_makes_no_requests() -> None:
    with FakeMetronome() as fake:
        ids = fake.seed_customers(20_000, archived=20_000)
        assert len(ids) == 20_000 and fake.exchanges == []
        assert fake.customers(include_archived=False) == []


@pytest.fixture
async def bounded() -> AsyncIterator[tuple[FakeMetronome, AsyncMetronome]]:
    async with (
        FakeMetronome(record_limit=3) as fake,
        AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=0) as client,
    ):
        yield fake, client


async def test_record_limit_keeps_the_most_recent(bounded: tuple[FakeMetronome, AsyncMetronome]) -> None:
    fake, client = bounded
    exchanges = fake.exchanges
    for i in range(5):
        await client.customers.create(name=f"C{i}")
    assert [ex.request_body["name"] for ex in fake.exchanges] == ["C2", "C3", "C4"]
    with pytest.raises(NotFoundError):
        await client.customers.retrieve("missing")
    assert fake.count() == 3 and fake.count(status=404) == 1 and fake.count("POST", status=200) == 2
    fake.reset_exchanges()
    assert fake.exchanges == [] and fake.exchanges is exchanges  # emptied in place
    assert [p async for p in client.plans.list()] == []
    assert fake.count("GET", "/v1/plans", status=200) == 1


async def test_record_limit_zero_records_nothing() -> None:
    async with FakeMetronome(record_limit=0) as fake:
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            await client.customers.create(name="Acme")
        assert fake.exchanges == [] and len(fake.customers()) == 1
    for bad in (-1, 1.5, True, "10"):
        with pytest.raises(ValueError, match="record_limit"):
            FakeMetronome(record_limit=bad)  # type: ignore[arg-type]


async def test_count_filters_by_status(fake: FakeMetronome, client: AsyncMetronome) -> None:
    created = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    with pytest.raises(ConflictError):
        await client.customers.create(name="Acme again", ingest_aliases=["acme"])
    await client.customers.retrieve(created.id)
    assert fake.count(status=409) == 1
    assert fake.count("post", "/v1/customers", status=200) == 1
    assert fake.count(path="/v1/customers/{customer_id}", status=200) == 1
    assert fake.count(status=500) == 0
