"""The embedded Metronome's packages over loopback, through the SDK's generated methods: kept with their
terms, never edited, archived one way; a contract created from a package (by id or by an alias resolved
as of the contract's start) takes its terms with dates relative to its start, names the package, and is
listed by listContractsOnPackage. Every exchange is checked against the official spec by the `fake`
fixture."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async import AsyncMetronome, BadRequestError, ConflictError, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._packages import Package, contract_body, shift

START = datetime(2025, 1, 31, tzinfo=timezone.utc)
LATER = datetime(2025, 6, 1, tzinfo=timezone.utc)
UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
STRIPE = {"billing_provider": "stripe", "delivery_method": "direct_to_billing_provider"}


def months(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "MONTHS"}


# ---------------------------------------------------------------------- relative dates, directly


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        ({"value": 3, "unit": "DAYS"}, datetime(2025, 2, 3, tzinfo=timezone.utc)),
        ({"value": 2, "unit": "WEEKS"}, datetime(2025, 2, 14, tzinfo=timezone.utc)),
        (months(1), datetime(2025, 2, 28, tzinfo=timezone.utc)),  # no February 31st: the month's last day
        (months(13), datetime(2026, 2, 28, tzinfo=timezone.utc)),
        ({"value": 1, "unit": "YEARS"}, datetime(2026, 1, 31, tzinfo=timezone.utc)),
        (months(0), START),
    ],
)
def test_a_relative_date_is_added_to_the_start(offset: dict[str, Any], expected: datetime) -> None:
    assert shift(START, offset) == expected


def test_a_package_makes_the_contract_body_with_absolute_dates() -> None:
    package = Package(
        id="p",
        seq=1,
        fields={
            "name": "Pro",
            "contract_name": "Pro plan",
            "rate_card_alias": "standard",
            "net_payment_terms_days": 15,
            "duration": months(12),
            **STRIPE,
            "usage_statement_schedule": {
                "frequency": "MONTHLY",
                "day": "CONTRACT_START",
                "invoice_generation_starting_at_offset": {"value": 1, "unit": "DAYS"},
            },
            "commits": [
                {
                    "id": "template id",
                    "product": {"id": "prod", "name": "Prepaid"},
                    "type": "PREPAID",
                    "product_id": "prod",
                    "priority": 1,
                    "access_schedule": {
                        "credit_type": {"id": "usd", "name": "USD (cents)"},
                        "schedule_items": [
                            {"amount": 1000, "starting_at_offset": months(0), "duration": months(6)},
                            {"amount": 500, "starting_at_offset": months(6), "duration": months(6)},
                        ],
                    },
                    "invoice_schedule": {
                        "schedule_items": [{"unit_price": 1500, "quantity": 1, "date_offset": months(0)}]
                    },
                }
            ],
            "subscriptions": [{"collection_schedule": "ADVANCE", "duration": months(1)}],
        },
        aliases=[],
        created_at=START,
    )
    assert contract_body(package, START) == {
        "starting_at": "2025-01-31T00:00:00.000Z",
        "name": "Pro plan",
        "rate_card_alias": "standard",
        "net_payment_terms_days": 15,
        "ending_before": "2026-01-31T00:00:00.000Z",
        "billing_provider_configuration": STRIPE,
        "usage_statement_schedule": {
            "frequency": "MONTHLY",
            "day": "CONTRACT_START",
            "invoice_generation_starting_at": "2025-02-01T00:00:00.000Z",
        },
        "commits": [
            {
                "type": "PREPAID",
                "product_id": "prod",
                "priority": 1,
                "access_schedule": {
                    "schedule_items": [
                        {
                            "amount": 1000,
                            "starting_at": "2025-01-31T00:00:00.000Z",
                            "ending_before": "2025-07-31T00:00:00.000Z",
                        },
                        {
                            "amount": 500,
                            "starting_at": "2025-07-31T00:00:00.000Z",
                            "ending_before": "2026-01-31T00:00:00.000Z",
                        },
                    ]
                },
                "invoice_schedule": {
                    "schedule_items": [
                        {"unit_price": 1500, "quantity": 1, "timestamp": "2025-01-31T00:00:00.000Z"}
                    ]
                },
            }
        ],
        "subscriptions": [
            {
                "collection_schedule": "ADVANCE",
                "starting_at": "2025-01-31T00:00:00.000Z",
                "ending_before": "2025-02-28T00:00:00.000Z",
            }
        ],
    }


# ---------------------------------------------------------------------- packages over HTTP


async def test_a_package_is_kept_with_its_terms(fake: FakeMetronome, client: AsyncMetronome) -> None:
    card = fake.create_rate_card("Standard")
    prepaid = await client.products.create(name="Prepaid", type="FIXED")
    package_id = await client.packages.create(
        name="Starter",
        contract_name="Starter plan",
        rate_card_id=card,
        duration=months(12),
        net_payment_terms_days=30,
        aliases=[{"name": "starter"}],
        uniqueness_key="starter-2025",
        commits=[
            {
                "type": "PREPAID",
                "product_id": prepaid,
                "access_schedule": {
                    "schedule_items": [
                        {"amount": 100, "starting_at_offset": months(0), "duration": months(12)}
                    ]
                },
            }
        ],
        **STRIPE,
    )
    package = await client.packages.retrieve(package_id)
    assert (package.id, package.name, package.contract_name, package.rate_card_id) == (
        package_id,
        "Starter",
        "Starter plan",
        card,
    )
    assert package.duration.to_dict() == months(12) and package.net_payment_terms_days == 30
    assert [a.name for a in package.aliases or []] == ["starter"]
    [commit] = package.to_dict()["commits"]
    assert (commit["type"], commit["product"]) == ("PREPAID", {"id": prepaid, "name": "Prepaid"})
    assert commit["access_schedule"]["schedule_items"][0]["amount"] == 100
    assert package.to_dict()["usage_statement_schedule"] == {"frequency": "MONTHLY"}

    with pytest.raises(ConflictError):
        await client.packages.create(name="Again", uniqueness_key="starter-2025")
    with pytest.raises(NotFoundError, match=f"rate card {UNKNOWN} not found"):
        await client.packages.create(name="Nowhere", rate_card_id=UNKNOWN)
    with pytest.raises(BadRequestError, match=rf"credits\[0\].product_id: product {UNKNOWN} not found"):
        await client.packages.create(
            name="Nothing",
            credits=[{"product_id": UNKNOWN, "access_schedule": {"schedule_items": []}}],
        )
    with pytest.raises(BadRequestError, match="give rate_card_id or rate_card_alias, not both"):
        await client.packages.create(name="Both", rate_card_id=card, rate_card_alias="standard")

    await client.packages.archive(package_id)
    with pytest.raises(BadRequestError, match="already archived"):
        await client.packages.archive(package_id)
    assert [p async for p in client.packages.list()] == []
    assert [p.id async for p in client.packages.list(archive_filter="ARCHIVED")] == [package_id]
    with pytest.raises(NotFoundError):
        await client.packages.retrieve(UNKNOWN)


async def test_a_contract_is_made_from_a_package(fake: FakeMetronome, client: AsyncMetronome) -> None:
    card = fake.create_rate_card("Standard")
    package_id = await client.packages.create(
        name="Pro",
        contract_name="Pro plan",
        rate_card_id=card,
        duration=months(1),
        net_payment_terms_days=15,
        usage_statement_schedule={"frequency": "MONTHLY", "day": "CONTRACT_START"},
        multiplier_override_prioritization="EXPLICIT",
        **STRIPE,
    )
    customer = await client.customers.create(
        name="Acme",
        customer_billing_provider_configurations=[
            {
                **STRIPE,
                "configuration": {"stripe_customer_id": "cus_1", "stripe_collection_method": "send_invoice"},
            }
        ],
    )
    created = await client.contracts.create(
        customer.id, starting_at=START, package_id=package_id, uniqueness_key="acme-pro", custom_fields={}
    )
    [contract] = fake.contracts(customer.id)
    assert contract["id"] == created
    assert {
        k: contract.get(k) for k in ("package_id", "rate_card_id", "name", "starting_at", "ending_before")
    } == {
        "package_id": package_id,
        "rate_card_id": card,
        "name": "Pro plan",
        "starting_at": "2025-01-31T00:00:00.000Z",
        "ending_before": "2025-02-28T00:00:00.000Z",
    }
    assert (contract["net_payment_terms_days"], contract["multiplier_override_prioritization"]) == (
        15,
        "EXPLICIT",
    )
    assert contract["usage_statement_schedule"] == {
        "billing_anchor_date": "2025-01-31T00:00:00.000Z",
        "frequency": "MONTHLY",
    }
    assert contract["customer_billing_provider_configuration"]["billing_provider"] == "stripe"

    later = await client.contracts.create(customer.id, starting_at=LATER, package_id=package_id)
    listed = [
        (c.contract_id, c.customer_id) async for c in client.packages.list_contracts_on_package(package_id)
    ]
    assert listed == [(created, customer.id), (later, customer.id)]
    covering = client.packages.list_contracts_on_package(package_id, covering_date=START + timedelta(days=1))
    assert [c.contract_id async for c in covering] == [created]
    since = client.packages.list_contracts_on_package(package_id, starting_at=LATER, limit=1)
    assert [c.contract_id async for c in since] == [later]
    await client.contracts.archive(customer.id, later, void_invoices=False)
    assert [c.contract_id async for c in client.packages.list_contracts_on_package(package_id)] == [created]
    archived = client.packages.list_contracts_on_package(package_id, include_archived=True)
    assert [c.archived_at is not None async for c in archived] == [False, True]

    with pytest.raises(BadRequestError) as raised:
        await client.packages.list_contracts_on_package(UNKNOWN).to_list()
    assert raised.value.body == {"code": "PackageNotFound", "message": f"package {UNKNOWN} not found"}


async def test_a_package_alias_names_the_package_most_recently_given_it(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    card = fake.create_rate_card("Standard")
    customer_id = (await client.customers.create(name="Acme")).id
    old = await client.packages.create(name="2024", rate_card_id=card, aliases=[{"name": "self-serve"}])
    new = await client.packages.create(
        name="2025", rate_card_id=card, aliases=[{"name": "self-serve", "starting_at": LATER}]
    )
    early = await client.contracts.create(customer_id, starting_at=START, package_alias="self-serve")
    late = await client.contracts.create(customer_id, starting_at=LATER, package_alias="self-serve")
    by_id = {c["id"]: c["package_id"] for c in fake.contracts(customer_id)}
    assert (by_id[early], by_id[late]) == (old, new)
    assert [a.to_dict() for a in (await client.packages.retrieve(old)).aliases or []] == [
        {"name": "self-serve", "ending_before": "2025-06-01T00:00:00.000Z"}  # its assignment was ended
    ]
    with pytest.raises(BadRequestError, match="package_alias: no package has the alias 'nope'"):
        await client.contracts.create(customer_id, starting_at=START, package_alias="nope")

    await client.packages.archive(new)
    with pytest.raises(
        BadRequestError, match=f"package {new} is archived: it cannot be used for new contracts"
    ):
        await client.contracts.create(customer_id, starting_at=LATER, package_alias="self-serve")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"rate_card_id": UNKNOWN},
            "rate_card_id: cannot be given with a package: the package sets the contract's terms",
        ),
        ({"name": "Mine"}, "name: cannot be given with a package: the package sets the contract's terms"),
    ],
)
async def test_a_contract_from_a_package_takes_no_terms_of_its_own(
    fake: FakeMetronome, client: AsyncMetronome, fields: dict[str, Any], message: str
) -> None:
    package_id = await client.packages.create(name="Pro", rate_card_id=fake.create_rate_card("Standard"))
    customer_id = (await client.customers.create(name="Acme")).id
    with pytest.raises(BadRequestError) as raised:
        await client.contracts.create(customer_id, starting_at=START, package_id=package_id, **fields)
    assert raised.value.message == message
    assert fake.contracts() == []


async def test_a_contract_from_a_package_meets_the_contract_rules(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    """The package's billing provider must match one configuration of the customer; its unknown id is a
    400; terms a contract does not model yet are refused, naming the package's field."""
    card = fake.create_rate_card("Standard")
    customer_id = (await client.customers.create(name="Acme")).id
    stripe_package = await client.packages.create(name="Stripe", rate_card_id=card, **STRIPE)
    with pytest.raises(BadRequestError, match="the customer has no active stripe configuration"):
        await client.contracts.create(customer_id, starting_at=START, package_id=stripe_package)
    with pytest.raises(BadRequestError, match=f"package_id: package {UNKNOWN} not found"):
        await client.contracts.create(customer_id, starting_at=START, package_id=UNKNOWN)
    both = {"customer_id": customer_id, "starting_at": "2025-01-31T00:00:00Z"}  # the SDK refuses this itself
    with pytest.raises(BadRequestError, match="package_alias: give package_id or package_alias, not both"):
        await client.request(
            "POST", "/v1/contracts/create", body={**both, "package_id": UNKNOWN, "package_alias": "p"}
        )
    fixed = await client.products.create(name="Setup", type="FIXED")
    charged = await client.packages.create(
        name="Charged",
        rate_card_id=card,
        scheduled_charges=[
            {
                "product_id": fixed,
                "schedule": {
                    "schedule_items": [{"unit_price": 100, "quantity": 1, "date_offset": months(0)}]
                },
            }
        ],
    )
    with pytest.raises(BadRequestError, match=r"package\.scheduled_charges: FakeMetronome does not model"):
        await client.contracts.create(customer_id, starting_at=START, package_id=charged)
    assert fake.contracts() == []
