"""Provisioning a customer on a package with a trial credit and a commit, in one call, against the embedded
Metronome: each step is keyed (a ``uniqueness_key`` derived from the first alias and the terms), so a rerun,
faults on the way, or a crash then a rerun never make a second credit or commit."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
NEXT_YEAR = datetime(2026, 1, 1, tzinfo=timezone.utc)
CREDITS, COMMITS = "/v1/contracts/customerCredits/create", "/v1/contracts/customerCommits/create"


def _credit(product_id: str, amount: float = 1000, name: str = "Trial") -> dict[str, Any]:
    schedule = [{"amount": amount, "starting_at": JAN, "ending_before": NEXT_YEAR}]
    return {
        "product_id": product_id,
        "priority": 1,
        "name": name,
        "access_schedule": {"schedule_items": schedule},
    }


def _commit(product_id: str) -> dict[str, Any]:
    return {**_credit(product_id, 5000, "Prepaid"), "type": "PREPAID", "priority": 2}


def _item(n: int, product_id: str, prefix: str = "m") -> dict[str, Any]:
    return {
        "name": f"{prefix} customer {n}",
        "ingest_aliases": [f"{prefix}-{n}@example.com"],
        "contract": {"package_alias": "startup", "starting_at": JAN},
        "credits": [_credit(product_id)],
        "commits": [_commit(product_id)],
    }


async def _startup_package(client: AsyncMetronome, fake: FakeMetronome) -> str:
    """A package (alias ``startup``) on a rate card; returns a FIXED product for credits and commits."""
    rate_card_id = fake.create_rate_card("Standard")
    await client.packages.create(name="Startup", aliases=[{"name": "startup"}], rate_card_id=rate_card_id)
    return fake.create_product("Credits and commits")


def _posts(fake: FakeMetronome, path: str) -> int:
    return fake.count("POST", path, status=200)


async def test_a_customer_on_a_package_with_a_trial_credit_and_a_commit_in_one_call(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    product_id = await _startup_package(client, fake)
    result = await client.customers.provision(**_item(0, product_id))
    assert result.created and result.contract_id and len(result.credit_ids) == len(result.commit_ids) == 1
    (contract,) = await client.contracts.list(result.customer_id)
    assert contract.to_dict()["package_id"] is not None
    (credit,) = await client.customers.credits.list(result.customer_id)
    (commit,) = await client.customers.commits.list(result.customer_id)
    assert (credit.id, credit.name, commit.id, commit.name) == (
        *result.credit_ids,
        "Trial",
        *result.commit_ids,
        "Prepaid",
    )
    assert credit.uniqueness_key and credit.uniqueness_key.startswith("metronome-async-credit-")

    again = await client.customers.provision(**_item(0, product_id))
    assert not again.created
    assert (again.contract_id, again.credit_ids, again.commit_ids) == (
        result.contract_id,
        result.credit_ids,
        result.commit_ids,
    )
    assert _posts(fake, CREDITS) == _posts(fake, COMMITS) == 1, "the rerun made nothing anew"


async def test_two_alike_credits_make_two_and_reordering_makes_none_anew(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    product_id = await _startup_package(client, fake)
    trial, bonus = _credit(product_id), _credit(product_id, 250, "Bonus")
    first = await client.customers.provision(
        name="Alike", ingest_aliases=["alike"], credits=[trial, trial, bonus]
    )
    assert len(set(first.credit_ids)) == 3
    again = await client.customers.provision(
        name="Alike", ingest_aliases=["alike"], credits=[bonus, trial, trial]
    )
    assert sorted(again.credit_ids) == sorted(first.credit_ids)
    assert len(await client.customers.credits.list(first.customer_id).to_list()) == 3


@pytest.mark.parametrize(
    ("credits", "error", "message"),
    [
        ({"priority": 1}, TypeError, "credits must be a list of mappings"),
        (["trial"], TypeError, r"credits\[0\] must be a mapping"),
        ([{"priority": 1}], ValueError, r"credits\[0\]\['product_id'\] is required"),
        ([{"priority": "high"}], TypeError, r"credits\[0\]\['priority'\] must be a number"),
        ([{"amount": 5}], TypeError, r"unknown field\(s\): credits\[0\]\['amount'\]"),
        ([{"customer_id": "c"}], TypeError, r"credits\[0\]\['customer_id'\]"),
    ],
)
async def test_a_bad_credit_is_refused_naming_it_before_anything_is_sent(
    client: AsyncMetronome, fake: FakeMetronome, credits: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        await client.customers.provision(name="Bad", ingest_aliases=["bad"], credits=credits)
    assert fake.exchanges == []


async def test_a_bad_field_inside_a_credit_is_named_as_written(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    credit = _credit("11111111-2222-4333-8444-555555555555")
    credit["access_schedule"]["schedule_items"][0]["amount"] = "lots"
    with pytest.raises(
        TypeError, match=r"credits\[0\]\['access_schedule'\]\['schedule_items'\]\[0\]\['amount'\]"
    ):
        await client.customers.provision(name="Bad", ingest_aliases=["bad"], credits=[credit])
    assert fake.exchanges == []


async def _one_each(client: AsyncMetronome, customer_ids: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """Per customer whose contracts, credits or commits are not exactly one: how many of each it has."""
    wrong = {}
    for customer_id in customer_ids:
        counts = (
            len(await client.contracts.list(customer_id, include_archived=True).to_list()),
            len(await client.customers.credits.list(customer_id, include_archived=True).to_list()),
            len(await client.customers.commits.list(customer_id, include_archived=True).to_list()),
        )
        if counts != (1, 1, 1):
            wrong[customer_id] = counts
    return wrong


async def test_provision_many_on_a_package_with_credits_through_faults(fake: FakeMetronome) -> None:
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as setup:
        product_id = await _startup_package(setup, fake)
    fake.configure(error_rate=0.05, disconnect_rate=0.02, seed=21)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=6) as client:
        report = await client.customers.provision_many([_item(n, product_id, "f") for n in range(600)])
    assert report.ok, [str(f.error) for f in report.failures[:5]]
    for path in (CREDITS, COMMITS, "/v1/contracts/create"):
        faults = {ex.fault for ex in fake.exchanges if ex.path == path}
        assert {"error", "disconnect"} <= faults, f"the faults did happen on {path}"
    customers = fake.customers()
    assert len(customers) == 600 and len({c["ingest_aliases"][0] for c in customers}) == 600
    fake.configure(error_rate=0, disconnect_rate=0)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as reader:
        wrong = await _one_each(reader, (c["id"] for c in customers))
    assert not wrong, f"{len(wrong)} customers without exactly one contract, credit and commit: {wrong}"


async def test_a_csv_row_names_the_package_and_holds_its_credits_as_json(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Any
) -> None:
    from metronome_async.cli._items import provision_rows

    product_id = await _startup_package(client, fake)
    schedule = {
        "schedule_items": [
            {"amount": 100, "starting_at": "2025-01-01T00:00:00Z", "ending_before": "2026-01-01T00:00:00Z"}
        ]
    }
    credits = json.dumps([{"product_id": product_id, "priority": 1, "access_schedule": schedule}]).replace(
        '"', '""'
    )
    path = tmp_path / "customers.csv"
    path.write_text(
        "name,ingest_aliases,package_alias,contract_starting_at,credits\n"
        f'Row,row@example.com,startup,2025-01-01,"{credits}"\n'
    )
    with path.open() as handle:
        (row,) = list(provision_rows(handle, str(path), "csv"))
    report = await client.customers.provision_many([row.values])  # type: ignore[union-attr]
    assert report.ok and report.count("created") == 1
    (customer,) = fake.customers()
    (contract,) = await client.contracts.list(customer["id"])
    assert contract.to_dict()["package_id"] is not None
    (credit,) = await client.customers.credits.list(customer["id"])
    assert credit.uniqueness_key and credit.uniqueness_key.startswith("metronome-async-credit-")


def test_provision_on_a_package_with_a_credit_through_the_blocking_client(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    rate_card_id = thread_fake.create_rate_card("Standard")
    sync_client.packages.create(name="Startup", aliases=[{"name": "startup"}], rate_card_id=rate_card_id)
    product_id = thread_fake.create_product("Credits")
    result = sync_client.customers.provision(**_item(0, product_id, "sync"))
    assert len(result.credit_ids) == 1
    again = sync_client.customers.provision(**_item(0, product_id, "sync"))
    assert again.credit_ids == result.credit_ids and again.commit_ids == result.commit_ids
