"""``customers.reconcile`` and ``customers.apply_plan`` against the embedded Metronome: every action and
conflict, the ownership rule, the archive guard, a stale plan, drift from outside, faults, a journal, the
blocking client, and bad input failing before anything is sent."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from hostile import serve

from metronome_async import (
    ArchiveShareError,
    AsyncMetronome,
    Metronome,
    ReconcilePlan,
    ReconcileReport,
    StalePlanError,
)
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
OWNER = "crm"
READS = {"/v1/customFields/listKeys", "/v1/getCustomerBillingProviderConfigurations"}
"""POST paths that only read."""


def _item(n: int, **more: Any) -> dict[str, Any]:
    return {"name": f"Customer {n}", "ingest_aliases": [f"c{n}@example.com"], **more}


def _writes(fake: FakeMetronome, since: int = 0) -> list[str]:
    return [
        f"{ex.method} {ex.path}"
        for ex in fake.exchanges[since:]
        if ex.method != "GET" and ex.path not in READS
    ]


def _actions(plan: ReconcilePlan) -> list[tuple[str, str | None]]:
    return [(change.action, change.key) for change in plan.changes]


async def _owned(client: AsyncMetronome, fake: FakeMetronome, n: int, owner: str = OWNER, **more: Any) -> str:
    """A customer made as an earlier apply would have made it (``owner`` marks it)."""
    fake.add_custom_field_key("customer", "managed_by")
    item = _item(n, **more)
    customer = await client.customers.create(
        name=item["name"], ingest_aliases=item["ingest_aliases"], custom_fields={"managed_by": owner}
    )
    return customer.id


async def test_a_plan_changes_nothing_then_apply_creates_and_the_next_plan_is_empty(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    fake.add_custom_field_key("customer", "tier")
    desired = [_item(1, custom_fields={"tier": "gold"}), _item(2, ingest_aliases=["c2@example.com", "c2b"])]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert _writes(fake) == [] and fake.customers() == []
    assert plan.counts == {"create": 2, "update": 0, "archive": 0, "conflict": 0}
    assert plan.register_owner_field and plan.has_changes and not plan.has_conflicts
    first = plan.changes[0]
    assert (first.action, first.key, first.customer_id) == ("create", "c1@example.com", None)
    assert first.diff["custom_fields.tier"] == (None, "gold")
    assert len(plan.changes) == 2 and plan.changes[-1].key == "c2@example.com"
    data = plan.to_dict()
    assert json.loads(json.dumps(data)) == data and data["changes"][0]["diff"]["name"] == [None, "Customer 1"]

    seen: list[tuple[str, int, int]] = []
    report = await client.customers.apply_plan(
        plan, on_progress=lambda outcome, done, total: seen.append((outcome.status, done, total))
    )
    assert isinstance(report, ReconcileReport) and report.ok and report.count("applied") == 2
    assert sorted(seen) == [("applied", 1, 2), ("applied", 2, 2)]
    customers = {c["ingest_aliases"][0]: c for c in fake.customers()}
    assert customers["c1@example.com"]["custom_fields"] == {"tier": "gold", "managed_by": OWNER}
    assert customers["c2@example.com"]["ingest_aliases"] == ["c2@example.com", "c2b"]

    again = await client.customers.reconcile(desired, owner=OWNER)
    assert list(again.changes) == [] and not again.has_changes and again.owned == 2


async def test_drift_from_outside_shows_as_an_update_and_apply_puts_it_back(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    fake.add_custom_field_key("customer", "tier")
    desired = [_item(1, ingest_aliases=["a1", "a2"], custom_fields={"tier": "gold"}), _item(2)]
    await client.customers.apply_plan(await client.customers.reconcile(desired, owner=OWNER))
    ids = {c["ingest_aliases"][0]: c["id"] for c in fake.customers()}
    # someone renames a customer in the dashboard, removes an alias and edits a field
    await client.customers.set_name(ids["a1"], name="Renamed by hand")
    await client.customers.set_ingest_aliases(ids["a1"], ingest_aliases=["a1"])
    await client.custom_fields.set_values(entity="customer", entity_id=ids["a1"], custom_fields={"tier": "x"})

    plan = await client.customers.reconcile(desired, owner=OWNER)
    [change] = plan.changes
    assert (change.action, change.key, change.customer_id) == ("update", "a1", ids["a1"])
    assert change.diff == {
        "name": ("Renamed by hand", "Customer 1"),
        "ingest_aliases": (["a1"], ["a1", "a2"]),
        "custom_fields.tier": ("x", "gold"),
    }
    report = await client.customers.apply_plan(plan)
    assert report.ok and str(report) == "1 change: 1 applied"
    customer = await client.customers.retrieve(ids["a1"])
    assert (customer.name, customer.ingest_aliases) == ("Customer 1", ["a1", "a2"])
    assert customer.custom_fields["tier"] == "gold"
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []

    # the source changes: aliases added and removed, a new name
    desired[0] = _item(1, name="Customer One", ingest_aliases=["a1", "a3"], custom_fields={"tier": "gold"})
    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert [change.diff for change in plan.changes] == [
        {"name": ("Customer 1", "Customer One"), "ingest_aliases": (["a1", "a2"], ["a1", "a3"])}
    ]
    await client.customers.apply_plan(plan)
    assert (await client.customers.retrieve(ids["a1"])).ingest_aliases == ["a1", "a3"]
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []


async def test_an_external_id_counts_as_an_alias(client: AsyncMetronome, fake: FakeMetronome) -> None:
    """Metronome keeps an external id among the customer's ingest aliases: the plan after an apply is empty,
    an alias update keeps it, and two desired customers cannot share it."""
    desired = [_item(1, external_id="crm-1"), _item(2, external_id="crm-2")]
    await client.customers.apply_plan(await client.customers.reconcile(desired, owner=OWNER))
    customers = {c["external_id"]: c for c in fake.customers()}
    assert customers["crm-1"]["ingest_aliases"] == ["crm-1", "c1@example.com"]
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []

    desired[0] = _item(1, external_id="crm-1", ingest_aliases=["c1@example.com", "c1b"])
    [change] = (plan := await client.customers.reconcile(desired, owner=OWNER)).changes
    assert change.diff == {
        "ingest_aliases": (["crm-1", "c1@example.com"], ["c1@example.com", "c1b", "crm-1"])
    }
    await client.customers.apply_plan(plan)
    customer = await client.customers.retrieve(customers["crm-1"]["id"])
    assert sorted(customer.ingest_aliases) == ["c1@example.com", "c1b", "crm-1"]
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []

    desired.append(_item(3, external_id="crm-2"))
    reasons = [
        change.reason or "" for change in (await client.customers.reconcile(desired, owner=OWNER)).changes
    ]
    assert len(reasons) == 2 and all("'crm-2' is in 2 desired customers" in reason for reason in reasons)


async def test_a_customer_not_owned_is_a_conflict_and_never_modified(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    outsider = await client.customers.create(name="Made by hand", ingest_aliases=["c1@example.com"])
    other_owner = await _owned(client, fake, 2, owner="billing-team")
    archived = await client.customers.create(name="Gone", ingest_aliases=["c3@example.com"])
    await client.customers.archive(archived.id)
    desired = [_item(1), _item(2), _item(3, ingest_aliases=["c3b", "c3@example.com"])]

    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert plan.counts["conflict"] == 3 and not plan.has_changes and plan.has_conflicts
    by_key = {change.key: change for change in plan.changes}
    assert by_key["c1@example.com"].customer_id == outsider.id
    assert "not managed by 'crm' (no owner)" in (by_key["c1@example.com"].reason or "")
    assert "managed_by='billing-team'" in (by_key["c2@example.com"].reason or "")
    assert by_key["c3b"].customer_id == archived.id and "archived" in (by_key["c3b"].reason or "")

    since = len(fake.exchanges)
    report = await client.customers.apply_plan(plan)
    assert report.count("skipped") == 3 and report.ok
    assert _writes(fake, since) == [], "a conflict is never applied"
    assert (await client.customers.retrieve(outsider.id)).name == "Made by hand"
    assert (await client.customers.retrieve(other_owner)).custom_fields["managed_by"] == "billing-team"


async def test_conflicts_found_in_the_source_and_across_customers(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    await _owned(client, fake, 5, ingest_aliases=["five"])
    await _owned(client, fake, 6, ingest_aliases=["six"])
    await _owned(client, fake, 7, ingest_aliases=["seven", "seven-b"])
    desired = [
        _item(1, ingest_aliases=["one", "shared"]),
        _item(2, ingest_aliases=["two", "shared"]),  # two desired items share an alias
        _item(3, name="n" * 161),  # longer than Metronome keeps
        _item(4, custom_fields={"unregistered": "x"}),
        _item(5, ingest_aliases=["five", "six"]),  # its aliases are held by two customers
        _item(7, ingest_aliases=["seven"]),
        _item(8, ingest_aliases=["seven-b"]),  # one customer holds aliases of two desired items
        _item(9),
        _item(10),
        _item(10, name="Customer 10 again"),  # the same key twice
    ]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    reasons = {change.key: change.reason or "" for change in plan.changes if change.action == "conflict"}
    assert reasons["c10@example.com"] == "desired[8] and desired[9] are both keyed 'c10@example.com'"
    assert "ingest alias 'shared' is in 2 desired customers: 'one', 'two'" in reasons["one"]
    assert "ingest alias 'shared' is in 2 desired customers: 'one', 'two'" in reasons["two"]
    assert "name is 161 characters; Metronome keeps 160" in reasons["c3@example.com"]
    assert "custom field key(s) unregistered not registered" in reasons["c4@example.com"]
    assert "held by 2 customers" in reasons["five"]
    assert "holds ingest aliases of 2 desired customers" in reasons["seven"]
    assert "holds ingest aliases of 2 desired customers" in reasons["seven-b"]
    assert _actions(plan)[0] == ("create", "c9@example.com") and plan.counts["create"] == 1
    report = await client.customers.apply_plan(plan)
    assert report.count("applied") == 1 and report.count("skipped") == 8
    assert not [c for c in fake.customers() if c["ingest_aliases"][0] in ("one", "two")]


async def test_archive_missing_archives_owned_customers_only_within_the_share(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    ids = [await _owned(client, fake, n) for n in range(10)]
    outsider = await client.customers.create(name="Not ours", ingest_aliases=["outsider"])
    desired = [_item(n) for n in range(1, 10)]  # customer 0 left the source

    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert not plan.has_changes and (plan.owned, plan.missing) == (10, 1), "not archived unless asked"

    plan = await client.customers.reconcile(desired, owner=OWNER, archive_missing=True)
    [change] = plan.changes
    assert (change.action, change.key, change.customer_id) == ("archive", "c0@example.com", ids[0])
    assert change.diff["archived"] == (False, True) and not change.blocked
    report = await client.customers.apply_plan(plan)
    assert report.count("applied") == 1
    assert (await client.customers.retrieve(ids[0])).archived
    assert not (await client.customers.retrieve(outsider.id)).archived, "a customer not owned stays"
    again = await client.customers.reconcile(desired, owner=OWNER, archive_missing=True)
    assert list(again.changes) == []

    since = len(fake.exchanges)
    with pytest.raises(ArchiveShareError, match=r"9 of the 9 owned customers are missing") as refused:
        await client.customers.reconcile([], owner=OWNER, archive_missing=True)  # an empty source
    assert (refused.value.missing, refused.value.owned) == (9, 9)
    with pytest.raises(ArchiveShareError, match="2 of the 9"):
        await client.customers.reconcile(desired[2:], owner=OWNER, archive_missing=True)
    assert _writes(fake, since) == []
    plan = await client.customers.reconcile(
        desired[2:], owner=OWNER, archive_missing=True, max_archive_share=0.25
    )
    assert plan.counts["archive"] == 2


async def test_archives_of_customers_without_aliases_keep_the_listing_order(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """Archives are ordered by key, and customers without aliases share one (none): they keep the listing's
    order, however fast each customer's check answers."""
    fake.add_custom_field_key("customer", "managed_by")
    owned = {"managed_by": OWNER}
    ids = [(await client.customers.create(name=f"C{n}", custom_fields=owned)).id for n in range(4)]
    options: dict[str, Any] = {"owner": OWNER, "archive_missing": True, "max_archive_share": 1}
    plan = await client.customers.reconcile([], **options)
    assert [(change.key, change.customer_id) for change in plan.changes] == [(None, i) for i in ids]
    fake.configure(latency=0.2, fault_paths=[f"/v1/customers/{ids[0]}"])  # its checks answer last
    plan = await client.customers.reconcile([], **options)
    assert [change.customer_id for change in plan.changes] == ids


@pytest.fixture
async def invoicing(fake: FakeMetronome) -> AsyncIterator[tuple[str, set[str]]]:
    """The embedded Metronome behind a proxy that gives the customers in the set a draft invoice (the
    embedded one issues none)."""
    billed: set[str] = set()

    async with aiohttp.ClientSession() as session:

        async def handler(request: web.Request) -> web.StreamResponse:
            parts = request.path.split("/")
            if request.method == "GET" and parts[-1] == "invoices" and parts[-2] in billed:
                invoice = {
                    "id": "99999999-2222-4333-8444-555555555555",
                    "customer_id": parts[-2],
                    "credit_type": {"id": "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "name": "USD (cents)"},
                    "line_items": [],
                    "status": "DRAFT",
                    "total": 1200,
                    "type": "USAGE",
                }
                return web.json_response({"data": [invoice], "next_page": None})
            async with session.request(
                request.method,
                fake.url + request.path_qs,
                headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
                data=await request.read(),
            ) as answer:
                return web.Response(
                    status=answer.status, body=await answer.read(), content_type=answer.content_type
                )

        async with serve(handler) as url:
            yield url, billed


async def test_an_archive_that_would_void_invoices_is_blocked_unless_asked(
    fake: FakeMetronome, invoicing: tuple[str, set[str]]
) -> None:
    url, billed = invoicing
    async with AsyncMetronome(api_key=fake.api_key, base_url=url) as client:
        ids = [await _owned(client, fake, n) for n in range(2)]
        billed.add(ids[0])
        plan = await client.customers.reconcile([], owner=OWNER, archive_missing=True, max_archive_share=1)
        by_id = {change.customer_id: change for change in plan.changes}
        assert by_id[ids[0]].blocked and "voids its 1 invoice(s) (1 still owed)" in (
            by_id[ids[0]].reason or ""
        )
        assert by_id[ids[0]].diff["invoices_voided"] == (["99999999-2222-4333-8444-555555555555"], [])
        assert not by_id[ids[1]].blocked

        report = await client.customers.apply_plan(plan)
        assert report.count("applied") == 1 and [o.customer_id for o in report.blocked] == [ids[0]]
        assert not report.ok and not (await client.customers.retrieve(ids[0])).archived

        plan = await client.customers.reconcile([], owner=OWNER, archive_missing=True, max_archive_share=1)
        report = await client.customers.apply_plan(plan, void_invoices=True)
        assert report.ok and (await client.customers.retrieve(ids[0])).archived


async def test_a_plan_whose_customers_changed_is_refused_and_nothing_is_applied(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    ids = [await _owned(client, fake, n) for n in range(3)]
    desired = [_item(0, name="New name"), _item(1, name="Also new"), _item(3)]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert plan.counts == {"create": 1, "update": 2, "archive": 0, "conflict": 0}
    await client.customers.set_name(ids[1], name="Changed meanwhile")

    since = len(fake.exchanges)
    with pytest.raises(StalePlanError, match=r"1 customer\(s\) changed since the plan") as refused:
        await client.customers.apply_plan(plan)
    assert refused.value.changed == [f"{ids[1]} ('c1@example.com') changed"]
    assert _writes(fake, since) == [], "nothing is applied"
    assert (await client.customers.retrieve(ids[0])).name == "Customer 0"

    fresh = await client.customers.reconcile(desired, owner=OWNER)
    assert {c.key: c.diff.get("name") for c in fresh.changes if c.action == "update"} == {
        "c0@example.com": ("Customer 0", "New name"),
        "c1@example.com": ("Changed meanwhile", "Also new"),
    }
    assert (await client.customers.apply_plan(fresh)).ok


async def test_contracts_and_billing_provider_configurations(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card = fake.create_rate_card("Standard")
    other_card = fake.create_rate_card("Legacy")

    def item(n: int, **more: Any) -> dict[str, Any]:
        billing = {"billing_provider_type": "stripe", "billing_provider_customer_id": f"cus_{n}"}
        return _item(n, contract={"rate_card_id": rate_card, "starting_at": JAN}, **{**billing, **more})

    desired = [item(n) for n in range(4)]
    await client.customers.apply_plan(await client.customers.reconcile(desired, owner=OWNER))
    customers = {c["ingest_aliases"][0]: c["id"] for c in fake.customers()}
    assert all(len(fake.contracts(customer_id)) == 1 for customer_id in customers.values())
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []

    bare = await _owned(client, fake, 4)  # owned, no configuration, no contract
    other = await _owned(client, fake, 5)  # owned, on another rate card
    await client.contracts.create(other, starting_at=JAN, rate_card_id=other_card)
    desired += [item(4), item(5), item(0, billing_provider_customer_id="cus_new")]
    del desired[0]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    by_key = {change.key: change for change in plan.changes}
    assert by_key["c4@example.com"].action == "update"
    assert by_key["c4@example.com"].diff["contract"][0] is None
    assert by_key["c4@example.com"].diff["billing_provider_customer_id"] == (None, "cus_4")
    assert by_key["c5@example.com"].action == "conflict"
    assert "another active contract" in (by_key["c5@example.com"].reason or "")
    assert by_key["c0@example.com"].action == "conflict", "its contract bills through the old configuration"
    assert "cannot move a contract" in (by_key["c0@example.com"].reason or "")

    report = await client.customers.apply_plan(plan)
    assert report.ok and report.count("applied") == 1
    [contract] = fake.contracts(bare)
    assert contract["rate_card_id"] == rate_card
    [config] = await client.customers.retrieve_billing_provider_configurations(bare)
    assert config.configuration["stripe_customer_id"] == "cus_4"
    assert contract["customer_billing_provider_configuration"]["id"] == config.id
    assert len(fake.contracts(other)) == 1, "a contract is never replaced"


async def test_a_contract_made_for_the_source_is_never_asked_again(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """A contract made under the uniqueness key asked is the contract asked, whatever became of it: ended as
    the source says, the plan is empty; archived, or ended before the source ends it, it is a conflict (the
    key takes no second contract), never an update that apply cannot carry out."""
    rate_card = fake.create_rate_card("Standard")
    terms = {"rate_card_id": rate_card, "starting_at": JAN}
    desired = [
        _item(0, contract={**terms, "ending_before": datetime(2025, 2, 1, tzinfo=timezone.utc)}),
        _item(1, contract=terms),
        _item(2, contract=terms),
        _item(3, contract={**terms, "ending_before": datetime(2025, 6, 1, tzinfo=timezone.utc)}),
    ]
    await client.customers.apply_plan(await client.customers.reconcile(desired, owner=OWNER))
    ids = {c["ingest_aliases"][0]: c["id"] for c in fake.customers()}
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == [], "ended as asked"

    contracts = {key: fake.contracts(customer_id)[0]["id"] for key, customer_id in ids.items()}
    await client.contracts.archive(ids["c1@example.com"], contracts["c1@example.com"], void_invoices=True)
    for key in ("c2@example.com", "c3@example.com"):  # ended early by hand
        await client.contracts.update_end_date(ids[key], contracts[key], ending_before="2025-03-01T00:00:00Z")
    plan = await client.customers.reconcile(desired, owner=OWNER)
    reasons = {change.key: change.reason or "" for change in plan.changes}
    assert plan.counts == {"create": 0, "update": 0, "archive": 0, "conflict": 3}, reasons
    assert f"its contract {contracts['c1@example.com']}" in reasons["c1@example.com"]
    assert "is archived" in reasons["c1@example.com"]
    assert "ended on 2025-03-01" in reasons["c2@example.com"]
    assert "ended on 2025-03-01" in reasons["c3@example.com"]
    since = len(fake.exchanges)
    assert (await client.customers.apply_plan(plan)).count("skipped") == 3
    assert _writes(fake, since) == []


async def test_a_billing_provider_configuration_no_contract_bills_through_is_replaced(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card = fake.create_rate_card("Standard")
    customer_id = await _owned(client, fake, 1)
    old = await client.customers.set_billing_provider_configurations(
        data=[
            {
                "customer_id": customer_id,
                "billing_provider": "stripe",
                "delivery_method": "direct_to_billing_provider",
                "configuration": {
                    "stripe_customer_id": "cus_old",
                    "stripe_collection_method": "send_invoice",
                },
            }
        ]
    )
    desired = [
        _item(
            1,
            billing_provider_type="stripe",
            billing_provider_customer_id="cus_new",
            contract={"rate_card_id": rate_card, "starting_at": JAN},
        )
    ]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    [change] = plan.changes
    assert change.action == "update" and change.diff["billing_provider_customer_id"] == ("cus_old", "cus_new")
    assert (await client.customers.apply_plan(plan)).ok
    configs = await client.customers.retrieve_billing_provider_configurations(
        customer_id, include_archived=True
    )
    active = [c for c in configs if c.archived_at is None]
    assert [c.configuration["stripe_customer_id"] for c in active] == ["cus_new"]
    assert [c.id for c in configs if c.archived_at is not None] == [old[0].id], "the old one is archived"
    [contract] = fake.contracts(customer_id)
    assert contract["customer_billing_provider_configuration"]["id"] == active[0].id
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []


async def test_a_stripe_collection_method_is_compared_as_provision_compares_it(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """Another Stripe collection method than asked is an update where setting the billing configuration
    replaces it, and a conflict where a billing provider configuration holds it (provisioning never changes
    one, nor makes a second beside it): never an update that apply fails on."""
    rate_card = fake.create_rate_card("Standard")
    stripe = {"billing_provider_type": "stripe", "billing_provider_customer_id": "cus_0"}
    desired = [_item(0, **stripe, stripe_collection_method="send_invoice")]
    await client.customers.apply_plan(await client.customers.reconcile(desired, owner=OWNER))
    [customer] = fake.customers()
    desired = [_item(0, **stripe, stripe_collection_method="charge_automatically")]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert [change.diff for change in plan.changes] == [
        {"stripe_collection_method": ("send_invoice", "charge_automatically")}
    ]
    assert (await client.customers.apply_plan(plan)).ok
    config = await client.customers.retrieve_billing_config(customer["id"], "stripe")
    assert str(config.stripe_collection_method) == "charge_automatically"
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []

    customer_id = await _owned(client, fake, 1)
    await client.customers.set_billing_provider_configurations(
        data=[
            {
                "customer_id": customer_id,
                "billing_provider": "stripe",
                "delivery_method": "direct_to_billing_provider",
                "configuration": {
                    "stripe_customer_id": "cus_1",
                    "stripe_collection_method": "charge_automatically",
                },
            }
        ]
    )
    contract = {"rate_card_id": rate_card, "starting_at": JAN}
    stripe["billing_provider_customer_id"] = "cus_1"
    desired = [_item(1, **stripe, stripe_collection_method="send_invoice", contract=contract)]
    [change] = (plan := await client.customers.reconcile(desired, owner=OWNER)).changes
    assert change.action == "conflict", change
    assert change.diff["stripe_collection_method"] == ("charge_automatically", "send_invoice")
    assert "collects by 'charge_automatically'" in (change.reason or "")
    assert (await client.customers.apply_plan(plan)).count("skipped") == 1


async def test_faults_leave_every_customer_exactly_once(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card = fake.create_rate_card("Standard")
    desired = [
        _item(n, contract={"rate_card_id": rate_card, "starting_at": JAN}, custom_fields={"tier": "a"})
        for n in range(40)
    ]
    fake.add_custom_field_key("customer", "tier")
    await client.customers.apply_plan(await client.customers.reconcile(desired[:20], owner=OWNER))
    for item in desired[:20:2]:
        item["name"] += " renamed"
        item["custom_fields"] = {"tier": "b"}
    fake.configure(error_rate=0.05, disconnect_rate=0.02, seed=7)
    plan = await client.customers.reconcile(desired, owner=OWNER)
    assert plan.counts == {"create": 20, "update": 10, "archive": 0, "conflict": 0}
    report = await client.customers.apply_plan(plan)
    fake.configure(error_rate=0, disconnect_rate=0)
    assert report.ok, [str(o.error) for o in report.failures]
    customers = fake.customers()
    assert sorted(c["ingest_aliases"][0] for c in customers) == sorted(
        i["ingest_aliases"][0] for i in desired
    )
    assert all(len(fake.contracts(c["id"])) == 1 for c in customers)
    assert list((await client.customers.reconcile(desired, owner=OWNER)).changes) == []


async def test_a_journal_makes_a_second_apply_of_the_plan_send_nothing(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Any
) -> None:
    await _owned(client, fake, 0)
    desired = [_item(0, name="Renamed"), _item(1)]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    journal = tmp_path / "reconcile.sqlite"
    assert (await client.customers.apply_plan(plan, journal=journal)).count("applied") == 2
    since = len(fake.exchanges)
    again = await client.customers.apply_plan(plan, journal=journal)
    assert again.count("done_earlier") == 2 and _writes(fake, since) == []


async def test_bad_input_fails_before_anything_is_sent(client: AsyncMetronome, fake: FakeMetronome) -> None:
    cases: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
        ([{"name": "x"}], {}, ValueError, r"desired\[0\]: ingest_aliases is required"),
        ([_item(1), {"name": "y", "ingest_aliases": "y"}], {}, TypeError, "ingest_aliases"),
        ([_item(1, custom_fields={"managed_by": "me"})], {}, ValueError, r"custom_fields.managed_by"),
        ([_item(1, bogus=1)], {}, ValueError, "unknown fields: bogus"),
        (_item(1), {}, TypeError, "desired must be an iterable"),
        ([_item(1)], {"owner": ""}, ValueError, "owner"),
        ([_item(1)], {"max_archive_share": 2}, ValueError, "max_archive_share"),
        ([_item(1)], {"archive_missing": "yes"}, TypeError, "archive_missing"),
    ]
    for desired, options, error, message in cases:
        with pytest.raises((ValueError, TypeError), match=message) as raised:
            await client.customers.reconcile(desired, **{"owner": OWNER, **options})
        if error is ValueError:
            assert isinstance(raised.value, ValueError)
    with pytest.raises(TypeError, match="plan must be a ReconcilePlan"):
        await client.customers.apply_plan({"changes": []})  # type: ignore[arg-type]
    plan = await client.customers.reconcile([], owner=OWNER)
    with pytest.raises(TypeError, match="void_invoices"):
        await client.customers.apply_plan(plan, void_invoices="yes")  # type: ignore[arg-type]
    assert [ex.path for ex in fake.exchanges if ex.path != "/v1/customFields/listKeys"] == [
        "/v1/customers",
        "/v1/customers",
    ], "only the valid plan read anything"


def test_the_blocking_client(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    desired = [_item(1), _item(2)]
    plan = sync_client.customers.reconcile(desired, owner=OWNER)
    assert plan.counts["create"] == 2
    assert sync_client.customers.apply_plan(plan).count("applied") == 2
    assert list(sync_client.customers.reconcile(desired, owner=OWNER).changes) == []
    plan = sync_client.customers.reconcile(
        desired[:1], owner=OWNER, archive_missing=True, max_archive_share=1
    )
    assert _actions(plan) == [("archive", "c2@example.com")]


async def test_a_unique_custom_field_value_in_two_desired_items_is_a_conflict_for_both(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """Metronome refuses a value of a key registered with ``enforce_uniqueness`` that a customer holds
    already: two desired items asking the same one are both conflicts (neither is made, on any run), while
    values of a key that is not unique may be shared."""
    fake.add_custom_field_key("customer", "account", enforce_uniqueness=True)
    fake.add_custom_field_key("customer", "tier")
    desired = [
        _item(1, custom_fields={"account": "A-1"}),
        _item(2, custom_fields={"account": "A-1", "tier": "gold"}),
        _item(3, custom_fields={"account": "A-3", "tier": "gold"}),
        _item(4, custom_fields={"tier": "gold"}),
    ]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    reasons = {change.key: change.reason for change in plan.changes if change.action == "conflict"}
    shared = (
        "custom field 'account' is unique, and 'A-1' is in 2 desired customers: "
        "'c1@example.com', 'c2@example.com'"
    )
    assert reasons == {"c1@example.com": shared, "c2@example.com": shared}
    assert plan.counts["create"] == 2

    report = await client.customers.apply_plan(plan)
    assert report.ok and report.count("applied") == 2, [str(outcome.error) for outcome in report.failures]
    again = await client.customers.reconcile(desired, owner=OWNER)
    assert _actions(again) == [("conflict", "c1@example.com"), ("conflict", "c2@example.com")]


async def test_a_unique_custom_field_value_held_by_another_customer_is_a_conflict(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """A value of a unique key that a customer holds (owned or not, archived too: Metronome counts them) may
    only be asked of that customer; on it, the same value is no change."""
    fake.add_custom_field_key("customer", "account", enforce_uniqueness=True)
    fake.add_custom_field_key("customer", "tier")
    outsider = await client.customers.create(
        name="Made by hand", ingest_aliases=["hand"], custom_fields={"account": "OUT", "tier": "gold"}
    )
    gone = await client.customers.create(
        name="Gone", ingest_aliases=["gone"], custom_fields={"account": "GONE"}
    )
    await client.customers.archive(gone.id)
    mine = await _owned(client, fake, 2)
    await client.custom_fields.set_values(
        entity="customer", entity_id=mine, custom_fields={"account": "MINE"}
    )
    kept = await _owned(client, fake, 5)
    await client.custom_fields.set_values(entity="customer", entity_id=kept, custom_fields={"account": "A-5"})
    await _owned(client, fake, 6)
    desired = [
        _item(1, custom_fields={"account": "OUT"}),  # held by a customer not owned
        _item(2, custom_fields={"account": "MINE", "tier": "gold"}),  # its own: only tier changes
        _item(4, custom_fields={"account": "A-5"}),  # held by an owned customer, which keeps it
        _item(5),
        _item(6, custom_fields={"account": "GONE"}),  # an update to a value an archived customer holds
        _item(7, custom_fields={"tier": "gold"}),  # not unique: shared with the customer made by hand
    ]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    reasons = {change.key: change.reason for change in plan.changes if change.action == "conflict"}
    held = "custom field 'account' is unique, and {value!r} is held by {whom} ({name!r})"
    assert reasons == {
        "c1@example.com": held.format(value="OUT", whom=f"customer {outsider.id}", name="Made by hand"),
        "c4@example.com": held.format(value="A-5", whom=f"customer {kept}", name="Customer 5"),
        "c6@example.com": held.format(value="GONE", whom=f"archived customer {gone.id}", name="Gone"),
    }
    assert {(c.action, c.key) for c in plan.changes if c.action != "conflict"} == {
        ("update", "c2@example.com"),
        ("create", "c7@example.com"),
    }
    assert next(c for c in plan.changes if c.key == "c2@example.com").diff == {
        "custom_fields.tier": (None, "gold")
    }

    report = await client.customers.apply_plan(plan)
    assert report.ok and report.count("applied") == 2, [str(outcome.error) for outcome in report.failures]
    again = await client.customers.reconcile(desired, owner=OWNER)
    assert not again.has_changes and again.counts["conflict"] == 3


async def test_a_contract_uniqueness_key_in_two_desired_items_is_a_conflict_for_both(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """Metronome takes a contract's uniqueness key once in the account: two desired items asking the same
    one are both conflicts, rather than one contract made and the other refused on every run."""
    terms = {"rate_card_id": fake.create_rate_card("Standard"), "starting_at": JAN}
    desired = [
        _item(1, contract={**terms, "uniqueness_key": "deal-1"}),
        _item(2, contract={**terms, "uniqueness_key": "deal-1"}),
        _item(3, contract={**terms, "uniqueness_key": "deal-3"}),
    ]
    plan = await client.customers.reconcile(desired, owner=OWNER)
    reasons = {change.key: change.reason for change in plan.changes if change.action == "conflict"}
    shared = "contract uniqueness_key 'deal-1' is in 2 desired customers: 'c1@example.com', 'c2@example.com'"
    assert reasons == {"c1@example.com": shared, "c2@example.com": shared}

    report = await client.customers.apply_plan(plan)
    assert report.ok and report.count("applied") == 1, [str(outcome.error) for outcome in report.failures]
    again = await client.customers.reconcile(desired, owner=OWNER)
    assert _actions(again) == [("conflict", "c1@example.com"), ("conflict", "c2@example.com")]
