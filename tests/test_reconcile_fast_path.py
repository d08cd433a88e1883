"""Planning tells the customers already as asked apart inside its store, without reading them back: that
shortcut must never hide a change. Random accounts and sources are planned twice, once as shipped and once
with every desired customer read back and compared in full; the two plans must be the same, and once the
plan is applied, the next one (both ways again) must leave nothing to do. The store must give back each
customer as a fresh read sees it (apply compares their fingerprints)."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.models import Customer
from metronome_async.resources._generated.custom_fields import CustomFieldsResource
from metronome_async.testing import FakeMetronome
from metronome_async.workflows import reconcile, reconcile_store
from metronome_async.workflows.provision import ProvisionSpec
from metronome_async.workflows.reconcile_store import Store, seen

OWNER = "crm"
FIELDS = ("tier", "region", "7")  # "7": a key that looks like a number
UNIQUE = "account"  # a key whose values Metronome keeps unique
VALUES = ("x", "X", "", "1", "01", "é", " x")  # case, empty, numbers, non-ASCII, whitespace
NAMES = ("Customer {n}", "0{n}", "Zoë {n}", " Customer {n} ", "Customer\x00{n}", "客户 {n}")
ALIASES = ("a{n}", "é{n}", "{n}", "Z{n}", "a {n}")  # keys that sort oddly: numbers, non-ASCII, spaces


def _seeded() -> int:
    """How many plain customers (not owned) there are besides the ones made here, each in the source: the
    listing and the source take more than a page."""
    return Store.PAGE + 100


async def _account(client: AsyncMetronome, fake: FakeMetronome, rng: random.Random) -> list[dict[str, Any]]:
    """Customers of every kind (owned or not, archived, with an external id, with custom fields, with no
    alias), each with its own aliases; returns what was made."""
    for key in ("managed_by", *FIELDS):
        fake.add_custom_field_key("customer", key)
    fake.add_custom_field_key("customer", UNIQUE, enforce_uniqueness=True)
    fake.seed_customers(_seeded(), alias_prefix="seed-")
    made = []
    for n in range(40):
        first = rng.choice(ALIASES).format(n=n)
        aliases = [first] + [f"{first}-{k}" for k in range(rng.randrange(3))]
        if rng.random() < 0.1:
            aliases = []  # a customer without aliases: never desired, archived when owned and missing
        fields = {key: rng.choice(VALUES) for key in FIELDS if rng.random() < 0.5}
        if n % 2:
            fields[UNIQUE] = f"acct-{n}"
        mark = rng.choice([OWNER, OWNER, OWNER, "other", None])
        if mark is not None:
            fields["managed_by"] = mark
        external_id = f"ext-{n}" if rng.random() < 0.3 else None
        if external_id is None and rng.random() < 0.2:
            aliases.append(f"ext-{n}")  # an alias that looks like an external id, which it is not
        name = rng.choice(NAMES).format(n=n)
        customer = await client.customers.create(
            name=name, ingest_aliases=aliases, custom_fields=fields or None, external_id=external_id
        )
        if rng.random() < 0.1:
            await client.customers.archive(customer.id)
        made.append({"name": name, "aliases": aliases, "fields": fields, "external_id": external_id})
    return made


def _source(made: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """A source that keeps, changes, splits, merges and adds customers, and repeats keys and aliases."""
    desired = []
    for n, customer in enumerate(made):
        if rng.random() < 0.1 or not customer["aliases"]:
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
            item["name"] += rng.choice([" (renamed)", " ", "\x00", "é"])
        elif roll < 0.15:
            item["name"] = item["name"].lstrip("0") or "0"  # "07" becomes "7": text, not a number
        elif roll < 0.2:
            aliases.append(f"new-{n}")
        elif roll < 0.3 and len(aliases) > 1:
            aliases.pop()
        elif roll < 0.35 and len(aliases) > 1:
            aliases.reverse()  # the same set, another key: no change of aliases
        elif roll < 0.4:
            aliases.append((rng.choice(made)["aliases"] or ["a0"])[0])  # may hold another customer's alias
        elif roll < 0.45:
            aliases.append(aliases[-1])  # an alias given twice
        elif roll < 0.5:
            aliases.append(f"seed-{rng.randrange(1, _seeded())}")  # held by a customer not owned
        fields = {key: value for key, value in customer["fields"].items() if key in (*FIELDS, UNIQUE)}
        if rng.random() < 0.3:
            fields[rng.choice(FIELDS)] = rng.choice(VALUES)
        fields.update(_unique_value(made, customer, rng))
        if rng.random() < 0.05:
            fields["unregistered"] = "v"
        if fields and rng.random() < 0.8:
            item["custom_fields"] = fields
        elif rng.random() < 0.5:
            item["custom_fields"] = {}  # asks for no field, as leaving them out does
        if rng.random() < 0.2:
            item["external_id"] = rng.choice(
                [None, f"ext-{n}", "ext-other", aliases[0], (rng.choice(made)["aliases"] or ["z"])[0]]
            )  # its own first alias, or another customer's
        if rng.random() < 0.03:
            item["name"] = "n" * 161
        desired.append(item)
        if rng.random() < 0.05:
            desired.append(dict(item, name="again"))  # the same key twice
    desired += [{"name": f"Customer {k}", "ingest_aliases": [f"seed-{k}"]} for k in range(1, _seeded() + 1)]
    desired += [{"name": f"New {k}", "ingest_aliases": [f"fresh-{k}"]} for k in range(5)]
    desired.append({"name": "Shares", "ingest_aliases": ["fresh-0-b", "fresh-1"]})
    desired.append({"name": "Takes", "ingest_aliases": ["fresh-x"], "external_id": "fresh-2"})
    rng.shuffle(desired)
    return desired


def _unique_value(made: list[dict[str, Any]], customer: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """A value of the unique key that another customer holds, or one that other desired customers may ask
    too, or a new one. A value held is never given up (so a conflict over it stays one once applied): only
    a customer holding none is given a value that can be set."""
    roll = rng.random()
    if roll < 0.15:
        return {UNIQUE: rng.choice(made)["fields"].get(UNIQUE, "acct-0")}
    if UNIQUE in customer["fields"]:
        return {}
    if roll < 0.3:
        return {UNIQUE: "acct-shared"}
    if roll < 0.4:
        return {UNIQUE: f"acct-new-{rng.randrange(1000)}"}
    return {}


class _Unlisted(CustomFieldsResource):
    """Custom field keys as listed while ``region`` is being registered: customers hold values of it that the
    list of keys does not show yet."""

    async def list_keys(self, **arguments: Any) -> AsyncIterator[Any]:  # type: ignore[override]
        async for field in super().list_keys(**arguments):
            if field.key != "region":
                yield field


async def _both_ways(
    client: AsyncMetronome, monkeypatch: pytest.MonkeyPatch, desired: list[dict[str, Any]]
) -> dict[str, Any]:
    """The plan as shipped, checked against the plan with every desired customer compared in full."""
    shortcut = reconcile_store._AS_ASKED
    options: dict[str, Any] = {"owner": OWNER, "archive_missing": True, "max_archive_share": 1}
    fast = (await client.customers.reconcile(desired, **options)).to_dict()
    monkeypatch.setattr(reconcile_store, "_AS_ASKED", "0")  # no desired customer is taken as settled
    full = (await client.customers.reconcile(desired, **options)).to_dict()
    monkeypatch.setattr(reconcile_store, "_AS_ASKED", shortcut)
    assert fast == full
    return fast


@pytest.mark.parametrize("seed", range(6))
async def test_the_shortcut_plans_what_a_full_comparison_plans(
    client: AsyncMetronome, fake: FakeMetronome, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    if seed % 4 != 3:
        monkeypatch.setattr(Store, "PAGE", 7)  # every page boundary crossed many times
    if seed % 2:
        monkeypatch.setattr(reconcile, "CustomFieldsResource", _Unlisted)
    rng = random.Random(seed)
    desired = _source(await _account(client, fake, rng), rng)
    plan = await _both_ways(client, monkeypatch, desired)
    counts = plan["counts"]
    assert counts["create"] and counts["update"] and counts["conflict"], counts
    assert any(f"custom field {UNIQUE!r} is unique" in (change["reason"] or "") for change in plan["changes"])
    changed = {change["key"] for change in plan["changes"]}
    unchanged = {item["ingest_aliases"][0] for item in desired} - changed
    if seed % 2:
        reasons = [change["reason"] or "" for change in plan["changes"]]
        assert any("region not registered" in reason for reason in reasons)
    else:
        assert unchanged, "some customers are as asked: the shortcut is taken"

    report = await client.customers.apply_plan(
        await client.customers.reconcile(desired, owner=OWNER, archive_missing=True, max_archive_share=1)
    )
    assert report.ok, [str(outcome.error) for outcome in report.failures]
    again = await _both_ways(client, monkeypatch, desired)
    assert again["counts"] == dict(counts, create=0, update=0, archive=0), "applied, nothing is left to do"


async def test_the_store_sees_each_customer_as_a_fresh_read_does(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """Apply refuses a plan when a customer's fingerprint read afresh differs from the plan's: what the store
    gives back of each listed customer (the ownership mark put back, archived ones, none without aliases
    or fields lost) is what reading it again sees."""
    await _account(client, fake, random.Random(7))
    store = Store(mark=("managed_by", OWNER))
    try:
        for only_archived in (False, True):
            async for page in client.customers.list(only_archived=only_archived).pages():
                store.add_current(page.data)
        store.link()
        listed = list(store._seen(range(store._listed)).values())
        assert len(listed) == len(fake.customers())
        for customer in listed:
            fresh = seen(await client.customers.retrieve(customer.id))
            assert (customer, customer.fingerprint) == (fresh, fresh.fingerprint)
    finally:
        store.close()


OWNED = {"managed_by": OWNER}


@contextlib.contextmanager
def _linked(desired: list[dict[str, Any]], *listings: list[Customer]) -> Iterator[Store]:
    """A store holding the ``desired`` items and the pages of a listing, linked as planning links them."""
    store = Store(mark=("managed_by", OWNER))
    try:
        store.add_desired([(n, ProvisionSpec.build(item), False) for n, item in enumerate(desired)])
        store.loaded()
        for page in listings:
            store.add_current(page)
        store.link()
        yield store
    finally:
        store.close()


def test_a_listing_that_shows_an_alias_twice_is_never_taken_as_settled() -> None:
    """Aliases are unique across an account, but a listing is not a snapshot: an alias moved while it ran
    shows on two customers. The desired customer is then planned in full (two holders: a conflict)."""
    before = Customer(id="c-1", name="One", ingest_aliases=["a"], custom_fields=OWNED)
    after = Customer(id="c-2", name="Two", ingest_aliases=["a"], custom_fields=OWNED)
    with _linked([{"name": "One", "ingest_aliases": ["a"]}], [before, after]) as store:
        [[(planned, holders)]] = list(store.desired_pages())
        assert planned.key == "a" and sorted(customer.id for customer, _ in holders) == ["c-1", "c-2"]


def test_a_customer_listed_twice_is_what_the_last_listing_saw() -> None:
    """Archived between the listing of active customers and that of archived ones, a customer shows in both:
    it is planned as archived (a conflict: archived customers keep their aliases), never twice."""
    active = Customer(id="c-1", name="One", ingest_aliases=["a"], custom_fields=OWNED)
    archived = Customer(
        id="c-1",
        name="One",
        ingest_aliases=["a", "b"],
        custom_fields=OWNED,
        archived_at=datetime.now(timezone.utc),
    )
    with _linked([{"name": "One", "ingest_aliases": ["a"]}], [active], [archived]) as store:
        [[(_, [(customer, items)])]] = list(store.desired_pages())
        assert customer.archived and customer.ingest_aliases == ("a", "b") and items == 1
        assert customer.custom_fields == OWNED and store.owned_count() == 0


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Connection.setlimit is Python 3.11's")
def test_a_page_held_by_more_customers_than_a_statement_binds() -> None:
    """SQLite before 3.32 (which some systems still ship) binds at most 999 values in a statement: a page of
    desired customers whose aliases are held by more customers than that is read all the same."""
    aliases = [[f"c{n}-{k}" for k in range(3)] for n in range(Store.PAGE)]
    desired = [{"name": "Merged", "ingest_aliases": held} for held in aliases]
    listed = [
        Customer(id=a, name=a, ingest_aliases=[a], custom_fields=OWNED) for held in aliases for a in held
    ]
    with _linked(desired, listed) as store:
        store._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        [page] = list(store.desired_pages())
        assert [sorted(customer.id for customer, _ in holders) for _, holders in page] == aliases
