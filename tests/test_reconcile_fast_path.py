"""Planning tells the customers already as asked apart inside its store, without reading them back: that
shortcut must never hide a change. Random accounts and sources are planned twice, once as shipped and once
with every desired customer read back and compared in full; the two plans must be the same."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.models import Customer
from metronome_async.resources._generated.custom_fields import CustomFieldsResource
from metronome_async.testing import FakeMetronome
from metronome_async.workflows import reconcile, reconcile_store
from metronome_async.workflows.provision import ProvisionSpec
from metronome_async.workflows.reconcile_store import Store

OWNER = "crm"
FIELDS = ("tier", "region")


async def _account(client: AsyncMetronome, fake: FakeMetronome, rng: random.Random) -> list[dict[str, Any]]:
    """Customers of every kind (owned or not, archived, with an external id, with custom fields), each
    with its own aliases; returns what was made."""
    for key in ("managed_by", *FIELDS):
        fake.add_custom_field_key("customer", key)
    made = []
    for n in range(40):
        aliases = [f"a{n}"] + [f"a{n}-{k}" for k in range(rng.randrange(3))]
        fields = {key: rng.choice(["x", "y"]) for key in FIELDS if rng.random() < 0.5}
        mark = rng.choice([OWNER, OWNER, OWNER, "other", None])
        if mark is not None:
            fields["managed_by"] = mark
        external_id = f"ext-{n}" if rng.random() < 0.3 else None
        if external_id is None and rng.random() < 0.2:
            aliases.append(f"ext-{n}")  # an alias that looks like an external id, which it is not
        customer = await client.customers.create(
            name=f"Customer {n}",
            ingest_aliases=aliases,
            custom_fields=fields or None,
            external_id=external_id,
        )
        if rng.random() < 0.1:
            await client.customers.archive(customer.id)
        made.append(
            {"name": f"Customer {n}", "aliases": aliases, "fields": fields, "external_id": external_id}
        )
    return made


def _source(made: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """A source that keeps, changes, splits, merges and adds customers, and repeats keys and aliases."""
    desired = []
    for n, customer in enumerate(made):
        if rng.random() < 0.1:
            continue  # missing from the source
        aliases = list(customer["aliases"])
        item: dict[str, Any] = {
            "name": customer["name"],
            "ingest_aliases": aliases,
            "external_id": customer["external_id"],
        }
        if rng.random() < 0.15:  # as listed, but billing is not in the listing: it is read
            desired.append(
                dict(item, billing_provider_type="stripe", billing_provider_customer_id=f"cus_{n}")
            )
            continue
        roll = rng.random()
        if roll < 0.1:
            item["name"] += " (renamed)"
        elif roll < 0.2:
            aliases.append(f"new-{n}")
        elif roll < 0.3 and len(aliases) > 1:
            aliases.pop()
        elif roll < 0.35 and len(aliases) > 1:
            aliases.reverse()  # the same set, another key: no change of aliases
        elif roll < 0.4:
            aliases.append(f"a{(n + 1) % len(made)}")  # holds another customer's alias
        fields = {key: value for key, value in customer["fields"].items() if key in FIELDS}
        if rng.random() < 0.3:
            fields[rng.choice(FIELDS)] = rng.choice(["x", "y", "z"])
        if rng.random() < 0.05:
            fields["unregistered"] = "v"
        if fields and rng.random() < 0.8:
            item["custom_fields"] = fields
        if rng.random() < 0.2:
            item["external_id"] = rng.choice([None, f"ext-{n}", "ext-other"])
        if rng.random() < 0.03:
            item["name"] = "n" * 161
        desired.append(item)
        if rng.random() < 0.05:
            desired.append(dict(item, name="again"))  # the same key twice
    desired += [{"name": f"New {k}", "ingest_aliases": [f"fresh-{k}"]} for k in range(5)]
    desired.append({"name": "Shares", "ingest_aliases": ["fresh-0-b", "fresh-1"]})
    rng.shuffle(desired)
    return desired


class _Unlisted(CustomFieldsResource):
    """Custom field keys as listed while ``region`` is being registered: customers hold values of it that the
    list of keys does not show yet."""

    async def list_keys(self, **arguments: Any) -> AsyncIterator[Any]:  # type: ignore[override]
        async for field in super().list_keys(**arguments):
            if field.key != "region":
                yield field


@pytest.mark.parametrize("seed", range(6))
async def test_the_shortcut_plans_what_a_full_comparison_plans(
    client: AsyncMetronome, fake: FakeMetronome, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    desired = _source(await _account(client, fake, rng), rng)
    if seed % 2:
        monkeypatch.setattr(reconcile, "CustomFieldsResource", _Unlisted)
    fast = await client.customers.reconcile(desired, owner=OWNER, archive_missing=True, max_archive_share=1)
    monkeypatch.setattr(reconcile_store, "_AS_ASKED", "0")  # no desired customer is taken as settled
    full = await client.customers.reconcile(desired, owner=OWNER, archive_missing=True, max_archive_share=1)
    assert fast.to_dict() == full.to_dict()
    assert fast.counts["create"] and fast.counts["update"] and fast.counts["conflict"], fast.counts
    changed = {change.key for change in fast.changes}
    unchanged = {item["ingest_aliases"][0] for item in desired} - changed
    if seed % 2:
        reasons = [change.reason or "" for change in fast.changes]
        assert any("region not registered" in reason for reason in reasons)
    else:
        assert unchanged, "some customers are as asked: the shortcut is taken"


def test_a_listing_that_shows_an_alias_twice_is_never_taken_as_settled() -> None:
    """Aliases are unique across an account, but a listing is not a snapshot: an alias moved while it ran
    shows on two customers. The desired customer is then planned in full (two holders: a conflict)."""
    store = Store(mark=("managed_by", OWNER))
    try:
        spec = ProvisionSpec.build({"name": "One", "ingest_aliases": ["a"]})
        store.add_desired([(0, spec, False)])
        store.loaded()
        owned = {"managed_by": OWNER}
        before = Customer(id="c-1", name="One", ingest_aliases=["a"], custom_fields=owned)
        after = Customer(id="c-2", name="Two", ingest_aliases=["a"], custom_fields=owned)
        store.add_current([before, after])
        store.link()
        [[(planned, holders)]] = list(store.desired_pages())
        assert planned == spec and sorted(customer.id for customer, _ in holders) == ["c-1", "c-2"]
    finally:
        store.close()


def test_a_customer_listed_twice_is_what_the_last_listing_saw() -> None:
    """Archived between the listing of active customers and that of archived ones, a customer shows in both:
    it is planned as archived (a conflict: archived customers keep their aliases), never twice."""
    store = Store(mark=("managed_by", OWNER))
    try:
        spec = ProvisionSpec.build({"name": "One", "ingest_aliases": ["a"]})
        store.add_desired([(0, spec, False)])
        store.loaded()
        owned = {"managed_by": OWNER}
        store.add_current([Customer(id="c-1", name="One", ingest_aliases=["a"], custom_fields=owned)])
        archived = Customer(
            id="c-1",
            name="One",
            ingest_aliases=["a", "b"],
            custom_fields=owned,
            archived_at=datetime.now(timezone.utc),
        )
        store.add_current([archived])
        store.link()
        [[(_, [(customer, items)])]] = list(store.desired_pages())
        assert customer.archived and customer.ingest_aliases == ("a", "b") and items == 1
        assert customer.custom_fields == owned and store.owned_count() == 0
    finally:
        store.close()
