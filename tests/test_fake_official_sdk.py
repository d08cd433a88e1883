"""The official Python SDK (metronome-sdk 4.12, strict response validation) runs the contracts lifecycle
against the embedded Metronome: every answer must parse into its models, required fields included. The
`thread_fake` fixture also checks every exchange against the official spec."""

from __future__ import annotations

from datetime import datetime, timezone

import metronome
import pytest

from metronome_async.testing import FakeMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_the_contracts_lifecycle_parses_in_the_official_sdk(
    thread_fake: FakeMetronome, official: metronome.Metronome
) -> None:
    card = official.v1.contracts.rate_cards.create(name="Standard", aliases=[{"name": "standard"}])
    for k in range(3):
        official.v1.contracts.rate_cards.create(name=f"Other {k}")
    rate_card = official.v1.contracts.rate_cards.retrieve(id=card.data.id).data
    assert (rate_card.name, [a.name for a in rate_card.aliases or []]) == ("Standard", ["standard"])
    listed = official.v1.contracts.rate_cards.list(limit=2)
    assert [c.name for c in listed] == ["Standard", "Other 0", "Other 1", "Other 2"]  # across two pages

    customer_id = official.v1.customers.create(name="Acme", ingest_aliases=["acme"]).data.id
    [config] = official.v1.customers.set_billing_configurations(
        data=[
            {
                "customer_id": customer_id,
                "billing_provider": "stripe",
                "configuration": {
                    "stripe_customer_id": "cus_1",
                    "stripe_collection_method": "charge_automatically",
                },
                "delivery_method": "direct_to_billing_provider",
            }
        ]
    ).data
    created = official.v1.contracts.create(
        customer_id=customer_id,
        starting_at=START,
        rate_card_alias="standard",
        uniqueness_key="acme-standard-2025",
        billing_provider_configuration={"billing_provider_configuration_id": config.id},
    ).data
    assert created.contract is not None and created.contract.rate_card_id == card.data.id
    contract = official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data
    assert (contract.starting_at, contract.ending_before, contract.archived_at) == (START, None, None)
    assert contract.usage_statement_schedule.frequency == "MONTHLY" and contract.commits == []
    assert contract.customer_billing_provider_configuration is not None
    assert contract.customer_billing_provider_configuration.id == config.id

    with pytest.raises(metronome.ConflictError):
        official.v1.contracts.create(
            customer_id=customer_id, starting_at=START, uniqueness_key="acme-standard-2025"
        )
    for month in range(2, 12):
        official.v1.contracts.create(customer_id=customer_id, starting_at=START.replace(month=month))
    every = list(official.v2.contracts.list(customer_id=customer_id, limit=4))  # follows the body cursor
    assert len(every) == 11 and every[0].id == created.id

    official.v1.contracts.update_end_date(customer_id=customer_id, contract_id=created.id, ending_before=END)
    assert (
        official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data.ending_before
        == END
    )
    official.v1.contracts.update_end_date(customer_id=customer_id, contract_id=created.id)
    assert (
        official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data.ending_before
        is None
    )
    covering = official.v2.contracts.list(customer_id=customer_id, covering_date=START)
    assert [c.id for c in covering] == [created.id]

    official.v1.contracts.archive(customer_id=customer_id, contract_id=created.id, void_invoices=False)
    assert len(list(official.v2.contracts.list(customer_id=customer_id))) == 10
    archived = official.v2.contracts.list(customer_id=customer_id, include_archived=True)
    assert [c.archived_at is not None for c in archived] == [True] + [False] * 10

    official.post(
        "/v1/customers/setBillableStatus",
        body={
            "customer_id": customer_id,
            "billable_status": "unbillable",
            "effective_at": "2025-01-01T00:00:00Z",
        },
        cast_to=object,
    )
    status = official.v1.customers.retrieve(customer_id=customer_id).data.current_billable_status
    assert status is not None and (status.value, status.effective_at) == ("unbillable", START)

    official.v1.customers.archive(id=customer_id)
    after = official.v2.contracts.list(customer_id=customer_id, include_archived=True)
    assert all(c.archived_at is not None for c in after)
    assert list(official.v2.contracts.list(customer_id=customer_id)) == []


# ---------------------------------------------------------------------- every area of the API


def test_a_sample_of_every_area_parses_in_the_official_sdk(
    thread_fake: FakeMetronome, official: metronome.Metronome
) -> None:
    """At least one call per area of the API, served by the generic layer (the spec's checks and answers,
    the objects kept per collection): what a create made, a retrieve or a listing gives back."""
    [customer_id] = thread_fake.seed_customers(1)
    plan_id = thread_fake.create_plan("Pro")
    card_id = official.v1.contracts.rate_cards.create(name="Standard").data.id
    contract_id = official.v1.contracts.create(customer_id=customer_id, starting_at=START).data.id
    v1 = official.v1

    # products, and rates on a rate card
    calls = v1.billable_metrics.create(name="API calls", aggregation_type="COUNT").data.id
    product_id = v1.contracts.products.create(
        name="API calls", type="USAGE", billable_metric_id=calls
    ).data.id
    product = v1.contracts.products.retrieve(id=product_id).data
    assert (product.id, product.type, product.initial.name) == (product_id, "USAGE", "API calls")
    v1.contracts.products.update(product_id=product_id, starting_at=START, name="Calls")
    assert [p.current.name for p in v1.contracts.products.list()] == ["Calls"]
    v1.contracts.rate_cards.rates.add(
        rate_card_id=card_id,
        product_id=product_id,
        entitled=True,
        rate_type="FLAT",
        price=2.5,
        starting_at=START,
    )
    [rate] = v1.contracts.rate_cards.rates.list(rate_card_id=card_id, at=START)
    assert (rate.product_id, rate.entitled, rate.rate.rate_type, rate.rate.price) == (
        product_id,
        True,
        "FLAT",
        2.5,
    )
    assert v1.contracts.rate_cards.update(rate_card_id=card_id, name="Renamed").data.id == card_id

    # billable metrics
    metric_id = v1.billable_metrics.create(
        name="Calls", event_type_filter={"in_values": ["call"]}, aggregation_type="COUNT"
    ).data.id
    metric = v1.billable_metrics.retrieve(billable_metric_id=metric_id).data
    assert (metric.name, metric.aggregation_type, metric.event_type_filter.in_values) == (
        "Calls",
        "COUNT",
        ["call"],
    )
    v1.billable_metrics.archive(id=metric_id)
    assert [m.id for m in v1.billable_metrics.list()] == [calls]
    assert [m.id for m in v1.billable_metrics.list(include_archived=True)] == [calls, metric_id]

    # alerts, and a customer's alerts
    alert_id = v1.alerts.create(
        alert_type="spend_threshold_reached", name="Spend", threshold=100, customer_id=customer_id
    ).data.id
    assert v1.alerts.archive(id=alert_id).data.id == alert_id
    assert list(v1.customers.alerts.list(customer_id=customer_id)) == []

    # credit grants
    amount = {"amount": 10, "credit_type_id": card_id}
    grant_id = v1.credit_grants.create(
        customer_id=customer_id,
        grant_amount=amount,
        paid_amount={**amount, "amount": 0},
        name="Welcome",
        expires_at=END,
        priority=1,
    ).data.id
    v1.credit_grants.edit(id=grant_id, name="Welcome credit")
    [grant] = v1.credit_grants.list(customer_ids=[customer_id])
    assert (grant.id, grant.name, grant.customer_id, grant.expires_at) == (
        grant_id,
        "Welcome credit",
        customer_id,
        END,
    )
    assert v1.credit_grants.void(id=grant_id).data.id == grant_id

    # a customer's commits, credits and invoices
    schedule = {"schedule_items": [{"amount": 100, "starting_at": START, "ending_before": END}]}
    commit_id = v1.customers.commits.create(
        customer_id=customer_id, type="PREPAID", priority=1, product_id=product_id, access_schedule=schedule
    ).data.id
    [commit] = v1.customers.commits.list(customer_id=customer_id).data
    assert (commit.id, commit.type, commit.product.id) == (commit_id, "PREPAID", product_id)
    assert commit.access_schedule is not None and commit.access_schedule.schedule_items[0].amount == 100
    credit_id = v1.customers.credits.create(
        customer_id=customer_id, priority=1, product_id=product_id, access_schedule=schedule, name="Promo"
    ).data.id
    assert [(c.id, c.name) for c in v1.customers.credits.list(customer_id=customer_id).data] == [
        (credit_id, "Promo")
    ]
    official.v2.contracts.edit_credit(customer_id=customer_id, credit_id=credit_id, name="Promotion")
    assert [c.name for c in v1.customers.credits.list(customer_id=customer_id).data] == ["Promotion"]
    invoices = list(v1.customers.invoices.list(customer_id=customer_id))  # one per month of its contract
    assert invoices and {(i.type, i.contract_id) for i in invoices} == {("USAGE", contract_id)}
    invoice_id = invoices[0].id
    invoice = v1.customers.invoices.retrieve(customer_id=customer_id, invoice_id=invoice_id).data
    assert (invoice.id, invoice.customer_id, invoice.status) == (invoice_id, customer_id, "FINALIZED")
    assert v1.invoices.void(id=invoice_id).data is not None
    regenerated = v1.invoices.regenerate(id=invoice_id).data
    assert regenerated is not None and regenerated.id != invoice_id

    # contracts' other operations
    contract = v1.contracts.retrieve(customer_id=customer_id, contract_id=contract_id).data
    assert (contract.id, contract.customer_id) == (contract_id, customer_id)
    edit_id = official.v2.contracts.edit(customer_id=customer_id, contract_id=contract_id).data.id
    history = official.v2.contracts.get_edit_history(customer_id=customer_id, contract_id=contract_id).data
    assert [e.id for e in history] == [edit_id]
    balance = v1.contracts.get_net_balance(customer_id=customer_id, credit_type_id=card_id).data
    assert (balance.balance, balance.credit_type_id) == (0, card_id)

    # packages
    package_id = v1.packages.create(name="Starter", rate_card_id=card_id).data.id
    package = v1.packages.retrieve(package_id=package_id).data
    assert (package.id, package.name, package.rate_card_id) == (package_id, "Starter", card_id)
    v1.packages.archive(package_id=package_id)
    assert list(v1.packages.list()) == [] and len(list(v1.packages.list(archive_filter="ALL"))) == 1

    # notifications
    policy = {"type": "contract.start", "offset": "P1D"}
    notification_id = official.v2.notifications.offset.create(name="Heads up", policy=policy).data.id
    found = official.v2.notifications.offset.retrieve(id=notification_id).data
    assert (found.id, found.name, found.archived_at) == (notification_id, "Heads up", None)
    assert [n.name for n in official.v2.notifications.offset.list()] == ["Heads up"]
    with pytest.raises(metronome.NotFoundError):
        official.v2.notifications.offset.retrieve(id=invoice_id)

    # plans, pricing units, services, settings, dashboards, usage, audit logs
    assert v1.plans.get_details(plan_id=plan_id).data.id == plan_id
    assert list(v1.plans.list_charges(plan_id=plan_id)) == []
    assert list(v1.pricing_units.list()) == []
    assert v1.services.list().services == []
    assert list(v1.settings.billing_providers.list().data) == []
    url = v1.dashboards.get_embeddable_url(customer_id=customer_id, dashboard="invoices").data.url
    assert url is None or isinstance(url, str)
    assert list(v1.usage.list(window_size="DAY", starting_on=START, ending_before=END)) == []
    assert {"contract", "rate_card", "product", "billable_metric", "package"} <= {
        entry.resource_type for entry in v1.audit_logs.list()
    }

    # payments: not in the official Python SDK 4.12, so through its raw post
    payments = official.post(
        "/v1/payments/list", body={"customer_id": customer_id, "invoice_id": invoice_id}, cast_to=object
    )
    assert payments == {"data": []}
