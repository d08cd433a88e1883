"""Provisioning on contracts (create, provider configuration, contract) and retiring customers with contracts,
over HTTP against the embedded Metronome; and the natural key: provision never touches another customer."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, ConflictError, Metronome
from metronome_async.testing import FakeMetronome
from metronome_async.workflows.churn import ActivePlanError
from metronome_async.workflows.provision import (
    IngestAliasConflictError,
    ProvisionError,
    ProvisionSpec,
    ProvisionState,
    _ensure_contract,
    _no_save,
    _Progress,
)

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
NEXT_YEAR = datetime(datetime.now(timezone.utc).year + 1, 1, 1, tzinfo=timezone.utc)
RATE_CARD = "11111111-2222-4333-8444-555555555555"  # any id of the right form: nothing is sent


def _item(n: int, rate_card_id: str, prefix: str = "k") -> dict[str, Any]:
    return {
        "name": f"{prefix} customer {n}",
        "ingest_aliases": [f"{prefix}-{n}@example.com"],
        "billing_provider_type": "stripe",
        "billing_provider_customer_id": f"cus_{prefix}_{n}",
        "contract": {"rate_card_id": rate_card_id, "starting_at": JAN},
    }


def _writes(fake: FakeMetronome) -> list[Any]:
    return [ex for ex in fake.exchanges if ex.method == "POST" and ex.idempotency_key]


async def test_provision_on_a_contract_does_all_three_steps(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    result = await client.customers.provision(**_item(0, rate_card_id))
    assert result.created and result.contract_id and result.customer_plan_id is None
    [config] = await client.customers.retrieve_billing_provider_configurations(result.customer_id)
    assert config.billing_provider == "stripe" and config.configuration["stripe_customer_id"] == "cus_k_0"
    [contract] = await client.contracts.list(result.customer_id)
    assert contract.id == result.contract_id and contract.rate_card_id == rate_card_id
    assert contract.starting_at == JAN and contract.uniqueness_key
    assert contract.customer_billing_provider_configuration is not None
    assert contract.customer_billing_provider_configuration.id == config.id, "the contract bills through it"
    assert [p async for p in client.customers.plans.list(result.customer_id)] == []


async def test_provision_on_a_contract_again_writes_nothing(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    item = _item(0, fake.create_rate_card(name="Standard"))
    first = await client.customers.provision(**item)
    writes = [ex for ex in _writes(fake) if ex.status == 200]
    again = await client.customers.provision(**item)
    assert not again.created and (again.customer_id, again.contract_id) == (
        first.customer_id,
        first.contract_id,
    )
    assert [ex for ex in _writes(fake) if ex.status == 200] == writes, "the second call only read (and a 409)"
    assert len(await client.contracts.list(first.customer_id)) == 1


async def test_a_409_on_the_uniqueness_key_means_already_done(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """The contract exists but the state does not know it (its answer was lost): the create is refused
    with 409, and a read-back confirms it is the contract asked for."""
    item = _item(0, fake.create_rate_card(name="Standard"))
    first = await client.customers.provision(**item)
    spec = ProvisionSpec.build(item)
    state = ProvisionState(customer_id=first.customer_id, billing_config_done=True)
    progress = _Progress(state, _no_save, fresh=True)  # fresh: write first
    contract_id = await _ensure_contract(client.customers, spec, progress)
    assert contract_id == first.contract_id
    assert fake.count("POST", "/v1/contracts/create", status=409) == 1
    assert len(await client.contracts.list(first.customer_id)) == 1


async def test_a_409_for_another_contract_is_not_taken_for_done(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    customer = await client.customers.create(name="k customer 0", ingest_aliases=["k-0@example.com"])
    item = _item(0, rate_card_id)
    item["contract"]["uniqueness_key"] = "taken"
    await client.contracts.create(
        customer.id, starting_at=JAN, rate_card_id=rate_card_id, uniqueness_key="taken"
    )
    await client.contracts.archive(
        customer.id, (await client.contracts.list(customer.id))[0].id, void_invoices=False
    )
    with pytest.raises(ProvisionError) as caught:
        await client.customers.provision(**item)
    assert caught.value.step_failed == "contract" and isinstance(caught.value.cause, ConflictError)


def test_the_derived_uniqueness_key_follows_the_natural_key_and_the_terms() -> None:
    item = _item(0, RATE_CARD)
    key = ProvisionSpec.build(item).contract["uniqueness_key"]  # type: ignore[index]
    assert key == ProvisionSpec.build(_item(0, RATE_CARD)).contract["uniqueness_key"]  # type: ignore[index]
    assert 1 <= len(key) <= 128
    other_terms = {**item, "contract": {**item["contract"], "starting_at": JAN + timedelta(days=1)}}
    assert ProvisionSpec.build(other_terms).contract["uniqueness_key"] != key  # type: ignore[index]
    assert ProvisionSpec.build(_item(1, RATE_CARD)).contract["uniqueness_key"] != key  # type: ignore[index]
    given = {**item, "contract": {**item["contract"], "uniqueness_key": "mine"}}
    assert ProvisionSpec.build(given).contract["uniqueness_key"] == "mine"  # type: ignore[index]


@pytest.mark.parametrize(
    ("change", "error", "names"),
    [
        ({"plan_id": "p", "starting_on": JAN}, ValueError, "plan_id and contract are exclusive"),
        ({"contract": {"rate_card_id": RATE_CARD}}, ValueError, r"contract\['starting_at'\] is required"),
        (
            {"contract": {"starting_at": JAN, "ending_before": JAN}},
            ValueError,
            r"contract\['ending_before'\]",
        ),
        ({"contract": {"starting_at": datetime(2025, 1, 1)}}, ValueError, r"contract\['starting_at'\]"),
        (
            {"contract": {"starting_at": JAN, "rate_card_id": RATE_CARD, "rate_card_alias": "a"}},
            ValueError,
            "one of",
        ),
        ({"contract": {"starting_at": JAN, "customer_id": "c"}}, TypeError, r"contract\['customer_id'\]"),
        ({"contract": "card"}, TypeError, "contract must be a mapping"),
        ({"billing_provider_type": "custom"}, ValueError, "billing_provider_type"),
    ],
)
async def test_provision_checks_the_contract_first(
    client: AsyncMetronome, fake: FakeMetronome, change: dict[str, Any], error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await client.customers.provision(**{**_item(0, RATE_CARD), **change})
    assert fake.exchanges == []


def test_flat_contract_columns_make_the_contract() -> None:
    spec = ProvisionSpec.build(
        {
            "name": "A",
            "ingest_aliases": ["a"],
            "rate_card_alias": "standard",
            "contract_starting_at": "2025-01-01",
            "contract_ending_before": "2026-01-01T00:00:00+01:00",
        }
    )
    assert spec.contract is not None
    assert spec.contract["rate_card_alias"] == "standard"
    assert spec.contract["starting_at"] == "2025-01-01T00:00:00Z", "a bare date is midnight UTC"
    assert spec.contract["ending_before"] == "2025-12-31T23:00:00Z", "RFC 3339 with Z on the wire"
    with pytest.raises(ValueError, match="contract or rate_card_id"):
        ProvisionSpec.build(
            {
                "name": "A",
                "ingest_aliases": ["a"],
                "contract": {"starting_at": JAN},
                "rate_card_id": RATE_CARD,
            }
        )
    with pytest.raises(ValueError, match="contract_ending_before"):
        ProvisionSpec.build(
            {
                "name": "A",
                "ingest_aliases": ["a"],
                "rate_card_id": RATE_CARD,
                "contract_starting_at": "2025-02-01",
                "contract_ending_before": "2025-01-01",
            }
        )


# --- the natural key: the first alias -----------------------------------------------------------------------


async def test_an_alias_of_another_customer_with_the_same_name_is_refused_untouched(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    plan_id = fake.create_plan(name="Pro")
    other = await client.customers.create(name="Acme", ingest_aliases=["shared"])
    writes = len(_writes(fake))
    with pytest.raises(ProvisionError) as caught:
        await client.customers.provision(
            name="Acme",
            ingest_aliases=["acme-new", "shared"],
            billing_provider_type="stripe",
            billing_provider_customer_id="cus_new",
            plan_id=plan_id,
            starting_on=JAN,
        )
    cause = caught.value.cause
    assert isinstance(cause, IngestAliasConflictError) and isinstance(cause, ConflictError)
    assert cause.alias == "shared" and cause.other_customer_id == other.id
    assert "'shared'" in str(caught.value) and other.id in str(caught.value)
    assert caught.value.steps_done == []
    assert len(_writes(fake)) == writes + 1, "only the refused create was sent"
    assert [p async for p in client.customers.plans.list(other.id)] == []
    assert await client.customers.retrieve_billing_provider_configurations(other.id) == []
    assert [c["name"] for c in fake.customers()] == ["Acme"]


async def test_the_customer_with_the_first_alias_must_hold_every_alias(client: AsyncMetronome) -> None:
    ours = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    with pytest.raises(ProvisionError, match="'acme-eu'") as caught:
        await client.customers.provision(name="Acme", ingest_aliases=["acme", "acme-eu"])
    assert isinstance(caught.value.cause, IngestAliasConflictError)
    assert caught.value.cause.other_customer_id == ours.id
    assert (await client.customers.retrieve(ours.id)).ingest_aliases == ["acme"], "not changed"


async def test_the_customer_with_the_first_alias_is_ours_with_more_aliases(client: AsyncMetronome) -> None:
    ours = await client.customers.create(name="Acme", ingest_aliases=["acme", "acme-eu", "acme-us"])
    result = await client.customers.provision(name="Acme", ingest_aliases=["acme", "acme-us"])
    assert result.customer_id == ours.id and not result.created


async def test_an_archived_holder_is_named(client: AsyncMetronome) -> None:
    gone = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    await client.customers.archive(gone.id)
    with pytest.raises(ProvisionError, match="archived") as caught:
        await client.customers.provision(name="Acme", ingest_aliases=["acme"])
    assert isinstance(caught.value.cause, IngestAliasConflictError)
    assert caught.value.cause.other_customer_id == gone.id


async def test_provision_many_refuses_the_alias_of_another_customer(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    other = await client.customers.create(name="k customer 1", ingest_aliases=["elsewhere"])
    items = [_item(n, rate_card_id) for n in range(3)]
    items[1]["ingest_aliases"] = ["k-1@example.com", "elsewhere"]
    report = await client.customers.provision_many(items)
    assert report.count("created") == 2 and report.count("failed") == 1
    [failure] = report.failures
    assert failure.index == 1 and other.id in str(failure.error) and "'elsewhere'" in str(failure.error)
    assert await client.contracts.list(other.id) == []
    assert await client.customers.retrieve_billing_provider_configurations(other.id) == []


# --- provision_many on contracts ----------------------------------------------------------------------------


async def _contracts_of(client: AsyncMetronome, customer_ids: Any) -> dict[str, list[str]]:
    found = {}
    for customer_id in customer_ids:
        found[customer_id] = [c.id for c in await client.contracts.list(customer_id, include_archived=True)]
    return found


async def test_provision_many_on_contracts_with_a_journal(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Any
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    items = [_item(n, rate_card_id) for n in range(25)]
    journal = tmp_path / "job.sqlite"
    seen: dict[int, str | None] = {}
    first = await client.customers.provision_many(
        items,
        journal=journal,
        on_progress=lambda outcome, *_: seen.__setitem__(outcome.index, outcome.customer_id),
    )
    assert first.count("created") == 25
    contracts = await _contracts_of(client, seen.values())
    assert len(contracts) == 25 and all(len(ids) == 1 for ids in contracts.values()), contracts
    requests = len(fake.exchanges)
    second = await client.customers.provision_many(items, journal=journal)
    assert second.count("done_earlier") == 25 and len(fake.exchanges) == requests
    third = await client.customers.provision_many(items)
    assert third.count("existed") == 25
    assert await _contracts_of(client, seen.values()) == contracts, "no contract made twice"


async def test_provision_many_on_contracts_through_faults(fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    fake.configure(error_rate=0.05, disconnect_rate=0.02, seed=12)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=6) as client:
        report = await client.customers.provision_many([_item(n, rate_card_id, "f") for n in range(2000)])
    assert report.ok, [str(f.error) for f in report.failures[:5]]
    assert report.count("created") + report.count("existed") == 2000
    for path in ("/v1/contracts/create", "/v1/setCustomerBillingProviderConfigurations"):
        faults = {ex.fault for ex in fake.exchanges if ex.path == path}
        assert {"error", "disconnect"} <= faults, f"the faults did happen on {path}"
    customers = fake.customers()
    assert len(customers) == 2000 and len({c["ingest_aliases"][0] for c in customers}) == 2000
    fake.configure(error_rate=0, disconnect_rate=0)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as reader:
        contracts = await _contracts_of(reader, (c["id"] for c in customers))
        wrong = {customer_id: ids for customer_id, ids in contracts.items() if len(ids) != 1}
        assert not wrong, f"{len(wrong)} customers without exactly one contract"
        for customer in customers[::100]:
            configs = await reader.customers.retrieve_billing_provider_configurations(customer["id"])
            assert len(configs) == 1, f"{customer['id']} has {len(configs)} provider configurations"


def test_provision_on_a_contract_through_the_blocking_client(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    rate_card_id = thread_fake.create_rate_card(name="Standard", aliases=["standard"])
    item = _item(0, rate_card_id)
    item["contract"] = {"rate_card_alias": "standard", "starting_at": JAN}
    result = sync_client.customers.provision(**item)
    assert sync_client.contracts.list(result.customer_id).to_list()[0].rate_card_id == rate_card_id
    report = sync_client.customers.provision_many([_item(n, rate_card_id) for n in range(1, 6)])
    assert report.count("created") == 5


# --- archive_churned with contracts -------------------------------------------------------------------------


async def test_archive_churned_refuses_while_a_contract_runs(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    result = await client.customers.provision(**_item(0, fake.create_rate_card(name="Standard")))
    with pytest.raises(ActivePlanError, match=result.contract_id or "") as caught:
        await client.customers.archive_churned(result.customer_id)
    assert [c.id for c in caught.value.contracts] == [result.contract_id] and caught.value.plans == []
    assert "end_contracts=True" in str(caught.value)
    with pytest.raises(ActivePlanError):
        await client.customers.archive_churned(result.customer_id, end_plans=True)
    assert not (await client.customers.retrieve(result.customer_id)).archived


async def test_archive_churned_dry_run_reports_contracts(client: AsyncMetronome, fake: FakeMetronome) -> None:
    result = await client.customers.provision(**_item(0, fake.create_rate_card(name="Standard")))
    writes = _writes(fake)
    refused = await client.customers.archive_churned(result.customer_id, dry_run=True)
    assert not refused.archived and [c.id for c in refused.open_contracts] == [result.contract_id]
    would = await client.customers.archive_churned(result.customer_id, end_contracts=True, dry_run=True)
    assert would.archived and would.ended_contracts == [result.contract_id]
    assert _writes(fake) == writes, "a dry run changes nothing"


async def test_archive_churned_ends_contracts_then_archives(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    result = await client.customers.provision(**_item(0, rate_card_id))
    future = await client.contracts.create(
        result.customer_id, starting_at=NEXT_YEAR, rate_card_id=rate_card_id
    )
    ended = await client.contracts.create(
        result.customer_id, starting_at=JAN, ending_before=JAN + timedelta(days=31), rate_card_id=rate_card_id
    )
    report = await client.customers.archive_churned(result.customer_id, end_contracts=True)
    assert report.archived and set(report.ended_contracts) == {result.contract_id, future}
    assert ended not in report.ended_contracts, "a contract that already ended is left alone"
    contracts = {c.id: c for c in await client.contracts.list(result.customer_id, include_archived=True)}
    assert contracts[result.contract_id].ending_before is not None
    assert contracts[future].ending_before == NEXT_YEAR + timedelta(days=1)
    assert all(c.archived for c in contracts.values()), "archiving the customer archived its contracts"
    assert [c.id async for c in client.customers.list()] == []


async def test_each_outcome_names_its_contract(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    outcomes: list[Any] = []
    await client.customers.provision_many(
        [_item(n, rate_card_id, "named") for n in range(3)], on_progress=lambda o, *_: outcomes.append(o)
    )
    for outcome in outcomes:
        [contract] = fake.contracts(outcome.customer_id)
        assert outcome.contract_id == contract["id"] and outcome.customer_plan_id is None


async def test_workflows_call_deprecated_operations_without_warning_the_caller(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    """``archive_churned`` reads the customer's plans (a deprecated operation) to end them, and ``provision``
    with ``billing_provider_type`` uses the legacy billing configuration: the caller asked for neither
    operation, so neither warns; the same operation called directly does."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.customers.provision(
            name="Legacy", ingest_aliases=["legacy"], billing_provider_type="stripe",
            billing_provider_customer_id="cus_legacy",
        )  # fmt: skip
        await client.customers.archive_churned(result.customer_id)
        assert not [w for w in caught if issubclass(w.category, DeprecationWarning)]
        await client.customers.plans.list(result.customer_id).to_list()
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert warning.filename == __file__
