"""Every area of the API on both clients, as a type checker sees it: a sample call of each, its answer's
type pinned by ``assert_type`` and a mistake pinned by a ``type: ignore[...]`` (``mypy --strict``, ``nox -s
typing``); never run."""

from __future__ import annotations

from datetime import datetime, timezone

from typing_extensions import assert_type

from metronome_async import AsyncMetronome, AsyncPager, Metronome, SyncPager
from metronome_async.models import (
    ApprovalRequest,
    AuditLog,
    Balance,
    BillableMetricV1,
    BillingProviderDeliveryMethod,
    Commit,
    CreditGrant,
    CustomerAlert,
    EmbeddableUrl,
    Invoice,
    LifecycleEventOffsetNotificationConfig,
    NetBalance,
    Package,
    Payment,
    PlanDetail,
    PricingUnit,
    ProductListItem,
    RateSchedule,
    SearchedEvent,
    Services,
)
from metronome_async.pagination import Page

WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)
ID = "8deed800-1b7a-495d-a207-6c52bac54dc9"


async def every_area(client: AsyncMetronome) -> None:
    assert_type(await client.alerts.create(alert_type="spend_threshold_reached", name="n", threshold=1), str)
    assert_type(client.audit_logs.list(), AsyncPager[AuditLog])
    assert_type(await client.billable_metrics.retrieve(ID), BillableMetricV1)
    assert_type(await client.contracts.get_net_balance(ID), NetBalance)
    assert_type(client.contracts.list_balances(ID), AsyncPager[Balance])
    assert_type(client.credit_grants.list(), AsyncPager[CreditGrant])
    assert_type(client.customers.invoices.list(ID, starting_on=WHEN), AsyncPager[Invoice])
    assert_type(await client.customers.invoices.retrieve(ID, ID), Invoice)
    assert_type(await client.customers.alerts.retrieve(ID, ID), CustomerAlert)
    assert_type(client.customers.commits.list(ID), AsyncPager[Commit])
    assert_type(
        await client.customers.credits.create(
            ID, priority=1, product_id=ID, access_schedule={"schedule_items": []}
        ),
        str,
    )
    assert_type(await client.dashboards.get_embeddable_url(ID, dashboard="invoices"), EmbeddableUrl)
    assert_type(await client.integrations.log(service_name="s", metric_name="m", dimensions=[]), None)
    assert_type(await client.invoices.void(ID), str)
    created = await client.notifications.offset.create(name="n", policy={})
    assert_type(created, LifecycleEventOffsetNotificationConfig)
    assert_type(await client.packages.retrieve(ID), Package)
    assert_type(client.payments.list(ID, invoice_id=ID), AsyncPager[Payment])
    assert_type(await client.plans.get_details(ID), PlanDetail)
    assert_type(client.pricing_units.list(), AsyncPager[PricingUnit])
    assert_type(await client.products.retrieve(ID), ProductListItem)
    assert_type(client.rate_cards.rates.list(ID, at=WHEN), AsyncPager[RateSchedule])
    assert_type(await client.services.list(), Services)
    assert_type(client.settings.billing_providers.list(), AsyncPager[BillingProviderDeliveryMethod])
    assert_type(await client.threshold_billing.update_active_recharge_config(ID), None)
    assert_type(await client.usage.search(transactionIds=["t"]), list[SearchedEvent])
    submitted = await client.approval_requests.submit(
        name="n", description="d", method="POST", request_type="t", request_payload={}
    )
    assert_type(submitted, ApprovalRequest)
    page = await client.with_raw_response.customers.invoices.list(ID)
    assert_type(page.parse(), Page[Invoice])

    await client.invoices.void(invoice_id=ID, reason="x")  # type: ignore[call-arg]
    await client.products.create(name="n")  # type: ignore[call-arg]
    await client.customers.invoices.retrieve(ID)  # type: ignore[call-arg]
    client.customers.invoices.list(ID, starting_on=1)  # type: ignore[arg-type]


def blocking(client: Metronome) -> None:
    assert_type(client.invoices.void(ID), str)
    assert_type(client.customers.invoices.list(ID), SyncPager[Invoice])
    assert_type(client.contracts.get_net_balance(ID), NetBalance)
    assert_type(client.with_raw_response.invoices.void(ID).parse(), str)
    client.packages.retrieve()  # type: ignore[call-arg]
