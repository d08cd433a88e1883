"""The blocking client, generated from the async one by ``python -m metronome_async._sync.gen``.

Do not edit by hand: change the async resources and regenerate."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from ssl import SSLContext
from typing import TYPE_CHECKING, Any

from metronome_async._client import AsyncMetronome, RawClient
from metronome_async._core.serde import UNSET, Unset
from metronome_async._sync.options import LazyAreas, SharedLoop, SyncRawView
from metronome_async._sync.runtime import LoopThread, SyncClientBase, SyncPager
from metronome_async.pagination import Page
from metronome_async.resources._raw import APIResponse
from metronome_async.resources._raw_views import RawContracts, RawCustomers, RawUsage
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.usage import IngestBatch, IngestReport, Usage
from metronome_async.webhooks import Webhooks
from metronome_async.workflows.bulk import Progress, ProvisionReport
from metronome_async.workflows.churn import ArchiveReport
from metronome_async.workflows.customers import Customers
from metronome_async.workflows.offboard import OffboardReport
from metronome_async.workflows.provision import ProvisionResult, ProvisionSpec
from metronome_async.workflows.reconcile import ReconcilePlan
from metronome_async.workflows.reconcile_apply import ApplyProgress, ReconcileReport

if TYPE_CHECKING:  # each area, and its models, load when first used
    from metronome_async.models import (
        AnrokApiTokenResult,
        ApprovalRequest,
        AuditLog,
        Balance,
        BillableMetricV1,
        BillableMetricWithDeprecatedFields,
        BillingConfig,
        BillingProviderConfiguration,
        BillingProviderDeliveryMethod,
        BillingProviderSetup,
        BreakdownInvoice,
        Commit,
        Contract,
        ContractEdit,
        ContractProjectionSummary,
        ContractRateSchedule,
        ContractSchema,
        Costs,
        Credit,
        CreditGrant,
        CreditGrantMigration,
        Customer,
        CustomerAlert,
        CustomerAndPlanDetail,
        CustomerBillingProviderArchivePayload,
        CustomerContractNamedSchedule,
        CustomerCreditTypeLedger,
        CustomerPlan,
        CustomerRevenueSystemArchivePayload,
        CustomerRevenueSystemConfiguration,
        CustomersSetBillableStatus,
        CustomerWithContract,
        CustomFieldKey,
        DeltaStreamSecret,
        EmbeddableUrl,
        GetRechargeSettingsPayload,
        Invoice,
        LifecycleEventOffsetNotificationConfig,
        LifecycleEventSystemNotificationConfig,
        NamedScheduleSegment,
        NetBalance,
        NotificationConfig,
        Package,
        PagedUsageAggregate,
        Payment,
        Plan,
        PlanCharge,
        PlanDetail,
        PrepaidGrant,
        PriceAdjustment,
        PricingUnit,
        ProductListItem,
        PurchasedSeats,
        RateCard,
        RateSchedule,
        RateWithCommitRate,
        RechargeSetting,
        RetireCommitsResponse,
        SearchedEvent,
        SeatBalance,
        SeatsUsageAggregate,
        Services,
        SpendBreakdownInvoice,
        SubscriptionQuantityHistory,
        SubscriptionSeatsScheduleEntry,
        UsageBatchAggregate,
        UsageEvent,
    )
    from metronome_async.resources._generated.alerts import AlertsResource, RawAlertsResource
    from metronome_async.resources._generated.approval_requests import (
        ApprovalRequestsResource,
        RawApprovalRequestsResource,
    )
    from metronome_async.resources._generated.audit_logs import AuditLogsResource, RawAuditLogsResource
    from metronome_async.resources._generated.billable_metrics import (
        BillableMetricsResource,
        RawBillableMetricsResource,
    )
    from metronome_async.resources._generated.contracts import (
        ContractsNamedSchedulesResource,
        RawContractsNamedSchedulesResource,
    )
    from metronome_async.resources._generated.credit_grants import (
        CreditGrantsRechargeSettingsResource,
        CreditGrantsResource,
        RawCreditGrantsRechargeSettingsResource,
        RawCreditGrantsResource,
    )
    from metronome_async.resources._generated.custom_fields import (
        CustomFieldsResource,
        RawCustomFieldsResource,
    )
    from metronome_async.resources._generated.customers import (
        CustomersAlertsResource,
        CustomersCommitsResource,
        CustomersCreditsResource,
        CustomersInvoicesResource,
        CustomersNamedSchedulesResource,
        CustomersPlansResource,
        RawCustomersAlertsResource,
        RawCustomersCommitsResource,
        RawCustomersCreditsResource,
        RawCustomersInvoicesResource,
        RawCustomersNamedSchedulesResource,
        RawCustomersPlansResource,
    )
    from metronome_async.resources._generated.dashboards import DashboardsResource, RawDashboardsResource
    from metronome_async.resources._generated.integrations import (
        IntegrationsResource,
        RawIntegrationsResource,
    )
    from metronome_async.resources._generated.invoices import InvoicesResource, RawInvoicesResource
    from metronome_async.resources._generated.notifications import (
        NotificationsOffsetResource,
        NotificationsResource,
        NotificationsSystemResource,
        RawNotificationsOffsetResource,
        RawNotificationsResource,
        RawNotificationsSystemResource,
    )
    from metronome_async.resources._generated.packages import PackagesResource, RawPackagesResource
    from metronome_async.resources._generated.payments import PaymentsResource, RawPaymentsResource
    from metronome_async.resources._generated.plans import PlansResource, RawPlansResource
    from metronome_async.resources._generated.pricing_units import (
        PricingUnitsResource,
        RawPricingUnitsResource,
    )
    from metronome_async.resources._generated.products import ProductsResource, RawProductsResource
    from metronome_async.resources._generated.rate_cards import (
        RateCardsNamedSchedulesResource,
        RateCardsProductOrdersResource,
        RateCardsRatesResource,
        RateCardsResource,
        RawRateCardsNamedSchedulesResource,
        RawRateCardsProductOrdersResource,
        RawRateCardsRatesResource,
        RawRateCardsResource,
    )
    from metronome_async.resources._generated.services import RawServicesResource, ServicesResource
    from metronome_async.resources._generated.settings import (
        RawSettingsBillingProvidersResource,
        RawSettingsResource,
        SettingsBillingProvidersResource,
        SettingsResource,
    )
    from metronome_async.resources._generated.threshold_billing import (
        RawThresholdBillingResource,
        ThresholdBillingResource,
    )

__all__ = ["Metronome"]


class SyncAlertsResource:
    """The blocking twin of ``AlertsResource``."""

    def __init__(self, resource: AlertsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(
        self,
        alert_id: str,
        *,
        release_uniqueness_key: bool | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Archive a threshold notification.

        Permanently disable a threshold notification and remove it from active monitoring across all
        customers.

        ``POST /v1/alerts/archive``"""
        return self._loop.call(
            self._async.archive,
            alert_id,
            release_uniqueness_key=release_uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        *,
        alert_type: str,
        name: str,
        threshold: float,
        uniqueness_key: str | None = None,
        credit_type_id: str | None = None,
        customer_id: str | None = None,
        plan_id: str | None = None,
        billable_metric_id: str | None = None,
        credit_grant_type_filters: Sequence[str] | None = None,
        evaluate_on_create: bool | None = None,
        custom_field_filters: Sequence[Mapping[str, Any]] | None = None,
        group_key_filter: Mapping[str, Any] | None = None,
        invoice_types_filter: Sequence[str] | None = None,
        group_values: Sequence[Mapping[str, Any]] | None = None,
        seat_filter: Mapping[str, Any] | None = None,
        alert_specifiers: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a threshold notification.

        Create a new threshold notification to monitor customer spending, balances, and billing metrics in
        real-time.

        ``POST /v1/alerts/create``"""
        return self._loop.call(
            self._async.create,
            alert_type=alert_type,
            name=name,
            threshold=threshold,
            uniqueness_key=uniqueness_key,
            credit_type_id=credit_type_id,
            customer_id=customer_id,
            plan_id=plan_id,
            billable_metric_id=billable_metric_id,
            credit_grant_type_filters=credit_grant_type_filters,
            evaluate_on_create=evaluate_on_create,
            custom_field_filters=custom_field_filters,
            group_key_filter=group_key_filter,
            invoice_types_filter=invoice_types_filter,
            group_values=group_values,
            seat_filter=seat_filter,
            alert_specifiers=alert_specifiers,
            idempotency_key=idempotency_key,
        )


class SyncApprovalRequestsResource:
    """The blocking twin of ``ApprovalRequestsResource``."""

    def __init__(self, resource: ApprovalRequestsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def submit(
        self,
        *,
        name: str,
        description: str,
        method: str,
        request_type: str,
        request_payload: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> ApprovalRequest:
        """Submit a write operation for human approval.

        Queues a write operation for human review when an agentic token is in use.

        ``POST /v1/approval_requests/submit``"""
        return self._loop.call(
            self._async.submit,
            name=name,
            description=description,
            method=method,
            request_type=request_type,
            request_payload=request_payload,
            idempotency_key=idempotency_key,
        )


class SyncAuditLogsResource:
    """The blocking twin of ``AuditLogsResource``."""

    def __init__(self, resource: AuditLogsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(
        self,
        *,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        sort: str | None = None,
        resource_id: str | None = None,
        resource_type: str | None = None,
    ) -> SyncPager[AuditLog]:
        """Get audit logs.

        Get a comprehensive audit trail of all operations performed in your Metronome account, whether
        initiated through the API, web interface, or automated processes.

        Every item, following the cursor to the end (the first empty page: this cursor never ends, so as to
        read what comes later); ``limit`` is the page size.

        ``GET /v1/auditLogs``"""
        pager = self._async.list(
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            sort=sort,
            resource_id=resource_id,
            resource_type=resource_type,
        )
        return SyncPager(pager, self._loop)


class SyncBillableMetricsResource:
    """The blocking twin of ``BillableMetricsResource``."""

    def __init__(self, resource: BillableMetricsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(self, billable_metric_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a billable metric.

        Use this endpoint to retire billable metrics that are no longer used.

        ``POST /v1/billable-metrics/archive``"""
        return self._loop.call(self._async.archive, billable_metric_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        sql: str | None = None,
        event_type_filter: Mapping[str, Any] | None = None,
        property_filters: Sequence[Mapping[str, Any]] | None = None,
        aggregation_type: str | None = None,
        aggregation_key: str | None = None,
        group_keys: Sequence[Sequence[str]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a billable metric.

        Create billable metrics programmatically with this endpoint—an essential step in configuring your
        pricing and packaging in Metronome.

        ``POST /v1/billable-metrics/create``"""
        return self._loop.call(
            self._async.create,
            name=name,
            sql=sql,
            event_type_filter=event_type_filter,
            property_filters=property_filters,
            aggregation_type=aggregation_type,
            aggregation_key=aggregation_key,
            group_keys=group_keys,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_legacy(
        self,
        *,
        name: str,
        aggregate: str,
        filter: Mapping[str, Any],
        aggregate_key: str | None = None,
        group_keys: Sequence[str] | None = None,
        group_values: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a billable metric.

        Create a new billable metric

        ``POST /v1/billable-metrics``"""
        return self._loop.call(
            self._async.create_legacy,
            name=name,
            aggregate=aggregate,
            filter=filter,
            aggregate_key=aggregate_key,
            group_keys=group_keys,
            group_values=group_values,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        include_archived: bool | None = None,
    ) -> SyncPager[BillableMetricV1]:
        """List all billable metrics.

        Retrieves all billable metrics with their complete configurations.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/billable-metrics``"""
        pager = self._async.list(limit=limit, include_archived=include_archived)
        return SyncPager(pager, self._loop)

    def retrieve(self, billable_metric_id: str) -> BillableMetricV1:
        """Get a billable metric.

        Retrieves the complete configuration for a specific billable metric by its ID.

        ``GET /v1/billable-metrics/{billable_metric_id}``"""
        return self._loop.call(self._async.retrieve, billable_metric_id)

    def update(self, billable_metric_id: str, *, name: str) -> str:
        """Update a billable metric.

        Updates only the display name of an existing billable metric.

        ``PUT /v1/billable-metrics/{billable_metric_id}``"""
        return self._loop.call(self._async.update, billable_metric_id, name=name)


class SyncCreditGrantsRechargeSettingsResource:
    """The blocking twin of ``CreditGrantsRechargeSettingsResource``."""

    def __init__(self, resource: CreditGrantsRechargeSettingsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        recharge_to_amount: float,
        recharge_threshold: float,
        name: str,
        priority: float,
        grant_duration: float,
        credit_type_id: str,
        prepaid_options: Mapping[str, Any],
        enabled: bool | None = None,
        recharge_now: bool | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> RechargeSetting:
        """Create a recharge setting.

        Creates a new recharge setting for the customer.

        Deprecated: credit_grants.recharge_settings.create is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/{customer_id}/rechargeSettings``"""
        return self._loop.call(
            self._async.create,
            customer_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            name=name,
            priority=priority,
            grant_duration=grant_duration,
            credit_type_id=credit_type_id,
            prepaid_options=prepaid_options,
            enabled=enabled,
            recharge_now=recharge_now,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )

    def list(self, customer_id: str) -> builtins.list[GetRechargeSettingsPayload]:
        """Get the recharge settings.

        Gets the recharge settings for the customer.

        Deprecated: credit_grants.recharge_settings.list is deprecated by Metronome: use contracts instead.

        ``GET /v1/credits/{customer_id}/rechargeSettings``"""
        return self._loop.call(self._async.list, customer_id)

    def update(
        self,
        customer_id: str,
        recharge_settings_id: str,
        *,
        recharge_to_amount: float,
        recharge_threshold: float,
        name: str,
        priority: float,
        grant_duration: float,
        credit_type_id: str,
        prepaid_options: Mapping[str, Any],
        enabled: bool | None = None,
        recharge_now: bool | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> RechargeSetting:
        """Update the recharge setting.

        Update an existing recharge setting for the customer.

        Deprecated: credit_grants.recharge_settings.update is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/{customer_id}/rechargeSettings/{recharge_settings_id}``"""
        return self._loop.call(
            self._async.update,
            customer_id,
            recharge_settings_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            name=name,
            priority=priority,
            grant_duration=grant_duration,
            credit_type_id=credit_type_id,
            prepaid_options=prepaid_options,
            enabled=enabled,
            recharge_now=recharge_now,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )


class SyncCreditGrantsResource:
    """The blocking twin of ``CreditGrantsResource``."""

    recharge_settings: SyncCreditGrantsRechargeSettingsResource

    def __init__(self, resource: CreditGrantsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.recharge_settings = SyncCreditGrantsRechargeSettingsResource(resource.recharge_settings, loop)

    def create(
        self,
        customer_id: str,
        *,
        grant_amount: Mapping[str, Any],
        paid_amount: Mapping[str, Any],
        name: str,
        expires_at: datetime | str,
        priority: float,
        uniqueness_key: str | None = None,
        effective_at: datetime | str | None = None,
        invoice_date: datetime | str | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        rollover_settings: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a credit grant.

        Create a new credit grant.

        Deprecated: credit_grants.create is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/createGrant``"""
        return self._loop.call(
            self._async.create,
            customer_id,
            grant_amount=grant_amount,
            paid_amount=paid_amount,
            name=name,
            expires_at=expires_at,
            priority=priority,
            uniqueness_key=uniqueness_key,
            effective_at=effective_at,
            invoice_date=invoice_date,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            rollover_settings=rollover_settings,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_prepaid(
        self,
        customer_id: str,
        *,
        grant_amount: Mapping[str, Any],
        paid_amount: Mapping[str, Any],
        name: str,
        expires_at: datetime | str,
        invoice_date: datetime | str,
        priority: float,
        prepaid_options: Mapping[str, Any],
        effective_at: datetime | str | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> PrepaidGrant:
        """Create a prepaid credit grant.

        Create a new prepaid credit grant.

        Deprecated: credit_grants.create_prepaid is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/createPrepaidGrant``"""
        return self._loop.call(
            self._async.create_prepaid,
            customer_id,
            grant_amount=grant_amount,
            paid_amount=paid_amount,
            name=name,
            expires_at=expires_at,
            invoice_date=invoice_date,
            priority=priority,
            prepaid_options=prepaid_options,
            effective_at=effective_at,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        credit_grant_id: str,
        *,
        name: str | None = None,
        expires_at: datetime | str | None = None,
        credit_grant_type: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Update a credit grant.

        Edit an existing credit grant.

        Deprecated: credit_grants.edit is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/editGrant``"""
        return self._loop.call(
            self._async.edit,
            credit_grant_id,
            name=name,
            expires_at=expires_at,
            credit_grant_type=credit_grant_type,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        credit_type_ids: Sequence[str] | None = None,
        customer_ids: Sequence[str] | None = None,
        credit_grant_ids: Sequence[str] | None = None,
        not_expiring_before: datetime | str | None = None,
        effective_before: datetime | str | None = None,
    ) -> SyncPager[CreditGrant]:
        """List credit grants.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: credit_grants.list is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/listGrants``"""
        pager = self._async.list(
            limit=limit,
            credit_type_ids=credit_type_ids,
            customer_ids=customer_ids,
            credit_grant_ids=credit_grant_ids,
            not_expiring_before=not_expiring_before,
            effective_before=effective_before,
        )
        return SyncPager(pager, self._loop)

    def list_entries(
        self,
        *,
        sort: str | None = None,
        customer_ids: Sequence[str] | None = None,
        credit_type_ids: Sequence[str] | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
    ) -> SyncPager[CustomerCreditTypeLedger]:
        """List credit ledger entries.

        Fetches a list of credit ledger entries.

        Every item, following the cursor to the end.

        Deprecated: credit_grants.list_entries is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/listEntries``"""
        pager = self._async.list_entries(
            sort=sort,
            customer_ids=customer_ids,
            credit_type_ids=credit_type_ids,
            starting_on=starting_on,
            ending_before=ending_before,
        )
        return SyncPager(pager, self._loop)

    def migrate_to_contracts(
        self,
        customer_id: str,
        *,
        cutover_date: datetime | str,
        contract_credits_product_id: str,
        contract_prepaid_commits_product_id: str,
        contract_credits_priority_override: float | None = None,
        contract_prepaid_commits_priority_override: float | None = None,
        grant_to_contract_commit_mapping: Sequence[Mapping[str, Any]] | None = None,
        dry_run: bool | None = None,
        batch_size: float | None = None,
        idempotency_key: str | None = None,
    ) -> CreditGrantMigration:
        """Migrate plans credit grants to contracts credits and commits.

        Migrates a given customer's plan credit grants to contract credits and commits in batches.

        Deprecated: credit_grants.migrate_to_contracts is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/migrateToContracts``"""
        return self._loop.call(
            self._async.migrate_to_contracts,
            customer_id,
            cutover_date=cutover_date,
            contract_credits_product_id=contract_credits_product_id,
            contract_prepaid_commits_product_id=contract_prepaid_commits_product_id,
            contract_credits_priority_override=contract_credits_priority_override,
            contract_prepaid_commits_priority_override=contract_prepaid_commits_priority_override,
            grant_to_contract_commit_mapping=grant_to_contract_commit_mapping,
            dry_run=dry_run,
            batch_size=batch_size,
            idempotency_key=idempotency_key,
        )

    def void(
        self,
        credit_grant_id: str,
        *,
        void_credit_purchase_invoice: bool | None = None,
        release_uniqueness_key: bool | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Void a credit grant.

        Deprecated: credit_grants.void is deprecated by Metronome: use contracts instead.

        ``POST /v1/credits/voidGrant``"""
        return self._loop.call(
            self._async.void,
            credit_grant_id,
            void_credit_purchase_invoice=void_credit_purchase_invoice,
            release_uniqueness_key=release_uniqueness_key,
            idempotency_key=idempotency_key,
        )


class SyncCustomFieldsResource:
    """The blocking twin of ``CustomFieldsResource``."""

    def __init__(self, resource: CustomFieldsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add_key(
        self,
        *,
        entity: str,
        key: str,
        enforce_uniqueness: bool,
        idempotency_key: str | None = None,
    ) -> None:
        """Create a custom field key.

        Creates a new custom field key for a given entity (e.g.

        ``POST /v1/customFields/addKey``"""
        return self._loop.call(
            self._async.add_key,
            entity=entity,
            key=key,
            enforce_uniqueness=enforce_uniqueness,
            idempotency_key=idempotency_key,
        )

    def delete_values(
        self,
        *,
        entity: str,
        entity_id: str,
        keys: Sequence[str],
        idempotency_key: str | None = None,
    ) -> None:
        """Delete custom fields.

        Remove specific custom field values from a Metronome entity instance by specifying the field keys to
        delete.

        ``POST /v1/customFields/deleteValues``"""
        return self._loop.call(
            self._async.delete_values,
            entity=entity,
            entity_id=entity_id,
            keys=keys,
            idempotency_key=idempotency_key,
        )

    def list_keys(self, *, entities: Sequence[str] | None = None) -> SyncPager[CustomFieldKey]:
        """List custom field keys.

        Retrieve all your active custom field keys, with optional filtering by entity type (customer,
        contract, product, etc.).

        Every item, following the cursor to the end.

        ``POST /v1/customFields/listKeys``"""
        pager = self._async.list_keys(entities=entities)
        return SyncPager(pager, self._loop)

    def remove_key(self, *, entity: str, key: str, idempotency_key: str | None = None) -> None:
        """Delete a custom field key.

        Removes a custom field key from the allowlist for a specific entity type, preventing future use of
        that key across all instances of the entity.

        ``POST /v1/customFields/removeKey``"""
        return self._loop.call(
            self._async.remove_key,
            entity=entity,
            key=key,
            idempotency_key=idempotency_key,
        )

    def set_values(
        self,
        *,
        entity: str,
        entity_id: str,
        custom_fields: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> None:
        """Set custom field values.

        Sets custom field values on a specific Metronome entity instance.

        ``POST /v1/customFields/setValues``"""
        return self._loop.call(
            self._async.set_values,
            entity=entity,
            entity_id=entity_id,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )


class SyncDashboardsResource:
    """The blocking twin of ``DashboardsResource``."""

    def __init__(self, resource: DashboardsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def get_embeddable_url(
        self,
        customer_id: str,
        *,
        dashboard: str,
        dashboard_options: Sequence[Mapping[str, Any]] | None = None,
        color_overrides: Sequence[Mapping[str, Any]] | None = None,
        bm_group_key_overrides: Sequence[Mapping[str, Any]] | None = None,
    ) -> EmbeddableUrl:
        """Get an embeddable customer dashboard.

        Generate secure, embeddable dashboard URLs that allow you to seamlessly integrate Metronome's billing
        visualizations directly into your application.

        ``POST /v1/dashboards/getEmbeddableUrl``"""
        return self._loop.call(
            self._async.get_embeddable_url,
            customer_id,
            dashboard=dashboard,
            dashboard_options=dashboard_options,
            color_overrides=color_overrides,
            bm_group_key_overrides=bm_group_key_overrides,
        )


class SyncIntegrationsResource:
    """The blocking twin of ``IntegrationsResource``."""

    def __init__(self, resource: IntegrationsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def log(
        self,
        *,
        service_name: str,
        metric_name: str,
        dimensions: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> None:
        """Log events from integration services to Cloudwatch.

        ``POST /v1/integrations/log``"""
        return self._loop.call(
            self._async.log,
            service_name=service_name,
            metric_name=metric_name,
            dimensions=dimensions,
            idempotency_key=idempotency_key,
        )


class SyncInvoicesResource:
    """The blocking twin of ``InvoicesResource``."""

    def __init__(self, resource: InvoicesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def regenerate(self, invoice_id: str, *, idempotency_key: str | None = None) -> str:
        """Regenerate an invoice.

        This endpoint regenerates a voided invoice and recalculates the invoice based on up-to-date rates,
        available balances, and other fees regardless of the billing period.

        ``POST /v1/invoices/regenerate``"""
        return self._loop.call(self._async.regenerate, invoice_id, idempotency_key=idempotency_key)

    def void(self, invoice_id: str, *, idempotency_key: str | None = None) -> str:
        """Void an invoice.

        Permanently cancels an invoice by setting its status to voided, preventing collection and removing it
        from customer billing.

        ``POST /v1/invoices/void``"""
        return self._loop.call(self._async.void, invoice_id, idempotency_key=idempotency_key)


class SyncNotificationsOffsetResource:
    """The blocking twin of ``NotificationsOffsetResource``."""

    def __init__(self, resource: NotificationsOffsetResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(
        self,
        notification_id: str,
        *,
        idempotency_key: str | None = None,
    ) -> LifecycleEventOffsetNotificationConfig:
        """Archive an offset lifecycle event notification configuration.

        ``POST /v2/notifications/archive``"""
        return self._loop.call(self._async.archive, notification_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        policy: Mapping[str, Any],
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> LifecycleEventOffsetNotificationConfig:
        """Create an offset lifecycle event notification configuration.

        ``POST /v2/notifications/create``"""
        return self._loop.call(
            self._async.create,
            name=name,
            policy=policy,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        *,
        policy: Any,
        notification_id: str | None = None,
        is_enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> NotificationConfig:
        """Edit an offset lifecycle event notification configuration.

        Edit an existing offset lifecycle event notification configuration.

        ``POST /v2/notifications/edit``"""
        return self._loop.call(
            self._async.edit,
            policy=policy,
            notification_id=notification_id,
            is_enabled=is_enabled,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: float | None = None,
        archive_filter: str | None = None,
    ) -> SyncPager[LifecycleEventOffsetNotificationConfig]:
        """List offset lifecycle event notification configurations.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v2/notifications/offset/list``"""
        pager = self._async.list(limit=limit, archive_filter=archive_filter)
        return SyncPager(pager, self._loop)

    def retrieve(self, notification_id: str) -> LifecycleEventOffsetNotificationConfig:
        """Get an offset lifecycle event notification configuration.

        Retrieve a specific offset lifecycle event notification configuration by ID.

        ``POST /v2/notifications/get``"""
        return self._loop.call(self._async.retrieve, notification_id)


class SyncNotificationsSystemResource:
    """The blocking twin of ``NotificationsSystemResource``."""

    def __init__(self, resource: NotificationsSystemResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(self) -> builtins.list[LifecycleEventSystemNotificationConfig]:
        """List system notification event types.

        List available system lifecycle event types for notifications.

        ``POST /v2/notifications/system/list``"""
        return self._loop.call(self._async.list)


class SyncNotificationsResource:
    """The blocking twin of ``NotificationsResource``."""

    offset: SyncNotificationsOffsetResource
    system: SyncNotificationsSystemResource

    def __init__(self, resource: NotificationsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.offset = SyncNotificationsOffsetResource(resource.offset, loop)
        self.system = SyncNotificationsSystemResource(resource.system, loop)


class SyncPackagesResource:
    """The blocking twin of ``PackagesResource``."""

    def __init__(self, resource: PackagesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(self, package_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a package.

        ``POST /v1/packages/archive``"""
        return self._loop.call(self._async.archive, package_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        contract_name: str | None = None,
        uniqueness_key: str | None = None,
        net_payment_terms_days: float | None = None,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        duration: Mapping[str, Any] | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        multiplier_override_prioritization: str | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        billing_provider: str | None = None,
        delivery_method: str | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a package.

        Create a package that defines a set of reusable, time-relative contract terms that can be used across
        cohorts of customers.

        ``POST /v1/packages/create``"""
        return self._loop.call(
            self._async.create,
            name=name,
            contract_name=contract_name,
            uniqueness_key=uniqueness_key,
            net_payment_terms_days=net_payment_terms_days,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            aliases=aliases,
            duration=duration,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            multiplier_override_prioritization=multiplier_override_prioritization,
            overrides=overrides,
            scheduled_charges=scheduled_charges,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            usage_statement_schedule=usage_statement_schedule,
            billing_provider=billing_provider,
            delivery_method=delivery_method,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            spend_trackers=spend_trackers,
            subscriptions=subscriptions,
            idempotency_key=idempotency_key,
        )

    def list(self, *, limit: int | None = None, archive_filter: str | None = None) -> SyncPager[Package]:
        """List all packages.

        Lists all packages with details including name, aliases, duration, and terms.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/packages/list``"""
        pager = self._async.list(limit=limit, archive_filter=archive_filter)
        return SyncPager(pager, self._loop)

    def list_contracts_on_package(
        self,
        package_id: str,
        *,
        limit: int | None = None,
        starting_at: datetime | str | None = None,
        covering_date: datetime | str | None = None,
        include_archived: bool | None = None,
    ) -> SyncPager[ContractProjectionSummary]:
        """List contracts associated with a package.

        For a given package, returns all contract IDs and customer IDs associated with the package over a
        specific time period.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/packages/listContractsOnPackage``"""
        pager = self._async.list_contracts_on_package(
            package_id,
            limit=limit,
            starting_at=starting_at,
            covering_date=covering_date,
            include_archived=include_archived,
        )
        return SyncPager(pager, self._loop)

    def retrieve(self, package_id: str) -> Package:
        """Get a package.

        Gets the details for a specific package, including name, aliases, duration, and terms.

        ``POST /v1/packages/get``"""
        return self._loop.call(self._async.retrieve, package_id)


class SyncPaymentsResource:
    """The blocking twin of ``PaymentsResource``."""

    def __init__(self, resource: PaymentsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def attempt(self, customer_id: str, *, invoice_id: str, idempotency_key: str | None = None) -> Payment:
        """Attempt payment for an invoice.

        Trigger a new attempt by canceling any existing attempts for this invoice and creating a new Payment.

        ``POST /v1/payments/attempt``"""
        return self._loop.call(
            self._async.attempt,
            customer_id,
            invoice_id=invoice_id,
            idempotency_key=idempotency_key,
        )

    def cancel(self, customer_id: str, *, invoice_id: str, idempotency_key: str | None = None) -> Payment:
        """Cancel a payment for an invoice.

        Cancel an existing payment attempt for an invoice.

        ``POST /v1/payments/cancel``"""
        return self._loop.call(
            self._async.cancel,
            customer_id,
            invoice_id=invoice_id,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        invoice_id: str,
        statuses: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> SyncPager[Payment]:
        """List payments for an invoice.

        Fetch all payment attempts for the given invoice.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/payments/list``"""
        pager = self._async.list(customer_id, invoice_id=invoice_id, statuses=statuses, limit=limit)
        return SyncPager(pager, self._loop)


class SyncPlansResource:
    """The blocking twin of ``PlansResource``."""

    def __init__(self, resource: PlansResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def get_details(self, plan_id: str) -> PlanDetail:
        """Get plan details.

        Fetch high level details of a specific plan.

        Deprecated: plans.get_details is deprecated by Metronome: use contracts instead.

        ``GET /v1/planDetails/{plan_id}``"""
        return self._loop.call(self._async.get_details, plan_id)

    def list(self, *, limit: int = 100) -> SyncPager[Plan]:
        """List plans.

        List all available plans.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: plans.list is deprecated by Metronome: use contracts instead.

        ``GET /v1/plans``"""
        pager = self._async.list(limit=limit)
        return SyncPager(pager, self._loop)

    def list_charges(self, plan_id: str, *, limit: int | None = None) -> SyncPager[PlanCharge]:
        """List plan charges.

        Fetches a list of charges of a specific plan.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: plans.list_charges is deprecated by Metronome: use contracts instead.

        ``GET /v1/planDetails/{plan_id}/charges``"""
        pager = self._async.list_charges(plan_id, limit=limit)
        return SyncPager(pager, self._loop)

    def list_customers(
        self,
        plan_id: str,
        *,
        limit: int | None = None,
        status: str | None = None,
    ) -> SyncPager[CustomerAndPlanDetail]:
        """List customers on a plan.

        Fetches a list of customers on a specific plan (by default, only currently active plans are
        included).

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: plans.list_customers is deprecated by Metronome: use contracts instead.

        ``GET /v1/planDetails/{plan_id}/customers``"""
        pager = self._async.list_customers(plan_id, limit=limit, status=status)
        return SyncPager(pager, self._loop)


class SyncPricingUnitsResource:
    """The blocking twin of ``PricingUnitsResource``."""

    def __init__(self, resource: PricingUnitsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(self, *, limit: int | None = None) -> SyncPager[PricingUnit]:
        """List pricing units.

        List all pricing units.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/credit-types/list``"""
        pager = self._async.list(limit=limit)
        return SyncPager(pager, self._loop)


class SyncProductsResource:
    """The blocking twin of ``ProductsResource``."""

    def __init__(self, resource: ProductsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(self, product_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a product.

        ``POST /v1/contract-pricing/products/archive``"""
        return self._loop.call(self._async.archive, product_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        type: str,
        netsuite_internal_item_id: str | None = None,
        netsuite_overage_item_id: str | None = None,
        billable_metric_id: str | None = None,
        sql_breakdown_granularity: str | None = None,
        composite_product_ids: Sequence[str] | None = None,
        composite_tags: Sequence[str] | None = None,
        is_refundable: bool | None = None,
        composite_scope: str | None = None,
        exclude_free_usage: bool | None = None,
        include_composite_spend: bool | None = None,
        tags: Sequence[str] | None = None,
        pricing_group_key: Sequence[str] | None = None,
        presentation_group_key: Sequence[str] | None = None,
        quantity_conversion: Mapping[str, Any] | None | Unset = UNSET,
        quantity_rounding: Mapping[str, Any] | None | Unset = UNSET,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a product.

        Create a new product object.

        ``POST /v1/contract-pricing/products/create``"""
        return self._loop.call(
            self._async.create,
            name=name,
            type=type,
            netsuite_internal_item_id=netsuite_internal_item_id,
            netsuite_overage_item_id=netsuite_overage_item_id,
            billable_metric_id=billable_metric_id,
            sql_breakdown_granularity=sql_breakdown_granularity,
            composite_product_ids=composite_product_ids,
            composite_tags=composite_tags,
            is_refundable=is_refundable,
            composite_scope=composite_scope,
            exclude_free_usage=exclude_free_usage,
            include_composite_spend=include_composite_spend,
            tags=tags,
            pricing_group_key=pricing_group_key,
            presentation_group_key=presentation_group_key,
            quantity_conversion=quantity_conversion,
            quantity_rounding=quantity_rounding,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        archive_filter: str | None = None,
    ) -> SyncPager[ProductListItem]:
        """List products.

        Get a paginated list of all products in your organization with their complete configuration, version
        history, and metadata.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contract-pricing/products/list``"""
        pager = self._async.list(limit=limit, archive_filter=archive_filter)
        return SyncPager(pager, self._loop)

    def retrieve(self, product_id: str) -> ProductListItem:
        """Get a product.

        Retrieve a product by its ID, including all metadata and historical changes.

        ``POST /v1/contract-pricing/products/get``"""
        return self._loop.call(self._async.retrieve, product_id)

    def update(
        self,
        product_id: str,
        *,
        starting_at: datetime | str,
        name: str | None = None,
        is_refundable: bool | None = None,
        exclude_free_usage: bool | None = None,
        include_composite_spend: bool | None = None,
        billable_metric_id: str | None = None,
        sql_breakdown_granularity: str | None = None,
        netsuite_internal_item_id: str | None = None,
        netsuite_overage_item_id: str | None = None,
        composite_product_ids: Sequence[str] | None = None,
        quantity_conversion: Mapping[str, Any] | None | Unset = UNSET,
        quantity_rounding: Mapping[str, Any] | None | Unset = UNSET,
        tags: Sequence[str] | None = None,
        composite_tags: Sequence[str] | None = None,
        pricing_group_key: Sequence[str] | None = None,
        presentation_group_key: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Update a product.

        Updates a product's configuration while maintaining billing continuity for active customers.

        ``POST /v1/contract-pricing/products/update``"""
        return self._loop.call(
            self._async.update,
            product_id,
            starting_at=starting_at,
            name=name,
            is_refundable=is_refundable,
            exclude_free_usage=exclude_free_usage,
            include_composite_spend=include_composite_spend,
            billable_metric_id=billable_metric_id,
            sql_breakdown_granularity=sql_breakdown_granularity,
            netsuite_internal_item_id=netsuite_internal_item_id,
            netsuite_overage_item_id=netsuite_overage_item_id,
            composite_product_ids=composite_product_ids,
            quantity_conversion=quantity_conversion,
            quantity_rounding=quantity_rounding,
            tags=tags,
            composite_tags=composite_tags,
            pricing_group_key=pricing_group_key,
            presentation_group_key=presentation_group_key,
            idempotency_key=idempotency_key,
        )


class SyncRateCardsNamedSchedulesResource:
    """The blocking twin of ``RateCardsNamedSchedulesResource``."""

    def __init__(self, resource: RateCardsNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def retrieve(
        self,
        rate_card_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
    ) -> builtins.list[NamedScheduleSegment]:
        """Get a rate card's named schedule.

        Get a named schedule for the given rate card.

        ``POST /v1/contract-pricing/rate-cards/getNamedSchedule``"""
        return self._loop.call(
            self._async.retrieve,
            rate_card_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
        )

    def update(
        self,
        rate_card_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Update a rate card's named schedule.

        Update a named schedule for the given rate card.

        ``POST /v1/contract-pricing/rate-cards/updateNamedSchedule``"""
        return self._loop.call(
            self._async.update,
            rate_card_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            idempotency_key=idempotency_key,
        )


class SyncRateCardsProductOrdersResource:
    """The blocking twin of ``RateCardsProductOrdersResource``."""

    def __init__(self, resource: RateCardsProductOrdersResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def set(
        self,
        rate_card_id: str,
        *,
        product_order: Sequence[str],
        idempotency_key: str | None = None,
    ) -> str:
        """Set the rate card products order.

        The ordering of products on a rate card determines the order in which the products will appear on
        customers' invoices.

        ``POST /v1/contract-pricing/rate-cards/setRateCardProductsOrder``"""
        return self._loop.call(
            self._async.set,
            rate_card_id,
            product_order=product_order,
            idempotency_key=idempotency_key,
        )

    def update(
        self,
        rate_card_id: str,
        *,
        product_moves: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> str:
        """Update the rate card products order.

        The ordering of products on a rate card determines the order in which the products will appear on
        customers' invoices.

        ``POST /v1/contract-pricing/rate-cards/moveRateCardProducts``"""
        return self._loop.call(
            self._async.update,
            rate_card_id,
            product_moves=product_moves,
            idempotency_key=idempotency_key,
        )


class SyncRateCardsRatesResource:
    """The blocking twin of ``RateCardsRatesResource``."""

    def __init__(self, resource: RateCardsRatesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add(
        self,
        rate_card_id: str,
        *,
        product_id: str,
        starting_at: datetime | str,
        entitled: bool,
        rate_type: str,
        pricing_group_values: Mapping[str, Any] | None = None,
        billing_frequency: str | None = None,
        ending_before: datetime | str | None = None,
        price: float | None = None,
        credit_type_id: str | None = None,
        quantity: float | None = None,
        is_prorated: bool | None = None,
        tiers: Sequence[Mapping[str, Any]] | None = None,
        minimum_config: Mapping[str, Any] | None = None,
        custom_rate: Mapping[str, Any] | None = None,
        commit_rate: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> RateWithCommitRate:
        """Add a rate.

        Add a new rate This endpoint is heavily rate limited.

        ``POST /v1/contract-pricing/rate-cards/addRate``"""
        return self._loop.call(
            self._async.add,
            rate_card_id,
            product_id=product_id,
            starting_at=starting_at,
            entitled=entitled,
            rate_type=rate_type,
            pricing_group_values=pricing_group_values,
            billing_frequency=billing_frequency,
            ending_before=ending_before,
            price=price,
            credit_type_id=credit_type_id,
            quantity=quantity,
            is_prorated=is_prorated,
            tiers=tiers,
            minimum_config=minimum_config,
            custom_rate=custom_rate,
            commit_rate=commit_rate,
            idempotency_key=idempotency_key,
        )

    def add_many(
        self,
        rate_card_id: str,
        *,
        rates: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> str:
        """Add rates.

        Add new rates

        ``POST /v1/contract-pricing/rate-cards/addRates``"""
        return self._loop.call(
            self._async.add_many,
            rate_card_id,
            rates=rates,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        rate_card_id: str,
        *,
        at: datetime | str,
        limit: int | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> SyncPager[RateSchedule]:
        """Get rates.

        Understand the rate schedule at a given timestamp, optionally filtering the list of rates returned
        based on properties such as `product_id` and `pricing_group_values`.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contract-pricing/rate-cards/getRates``"""
        pager = self._async.list(rate_card_id, at=at, limit=limit, selectors=selectors)
        return SyncPager(pager, self._loop)


class SyncRateCardsResource:
    """The blocking twin of ``RateCardsResource``."""

    named_schedules: SyncRateCardsNamedSchedulesResource
    product_orders: SyncRateCardsProductOrdersResource
    rates: SyncRateCardsRatesResource

    def __init__(self, resource: RateCardsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.named_schedules = SyncRateCardsNamedSchedulesResource(resource.named_schedules, loop)
        self.product_orders = SyncRateCardsProductOrdersResource(resource.product_orders, loop)
        self.rates = SyncRateCardsRatesResource(resource.rates, loop)

    def archive(self, rate_card_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a rate card.

        Permanently disable a rate card by archiving it, preventing use in new contracts while preserving
        existing contract pricing.

        ``POST /v1/contract-pricing/rate-cards/archive``"""
        return self._loop.call(self._async.archive, rate_card_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        fiat_credit_type_id: str | None = None,
        credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a rate card.

        In Metronome, the rate card is the central location for your pricing.

        ``POST /v1/contract-pricing/rate-cards/create``"""
        return self._loop.call(
            self._async.create,
            name=name,
            description=description,
            fiat_credit_type_id=fiat_credit_type_id,
            credit_type_conversions=credit_type_conversions,
            aliases=aliases,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(self, *, limit: int = 100) -> SyncPager[RateCard]:
        """List rate cards.

        List all rate cards.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contract-pricing/rate-cards/list``"""
        pager = self._async.list(limit=limit)
        return SyncPager(pager, self._loop)

    def retrieve(self, rate_card_id: str) -> RateCard:
        """Get a rate card.

        Return details for a specific rate card including name, description, and aliases.

        ``POST /v1/contract-pricing/rate-cards/get``"""
        return self._loop.call(self._async.retrieve, rate_card_id)

    def retrieve_rate_schedule(
        self,
        rate_card_id: str,
        *,
        starting_at: datetime | str,
        limit: int | None = None,
        ending_before: datetime | str | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> SyncPager[RateSchedule]:
        """Get a rate schedule.

        A rate card defines the prices that you charge for your products.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contract-pricing/rate-cards/getRateSchedule``"""
        pager = self._async.retrieve_rate_schedule(
            rate_card_id,
            starting_at=starting_at,
            limit=limit,
            ending_before=ending_before,
            selectors=selectors,
        )
        return SyncPager(pager, self._loop)

    def update(
        self,
        rate_card_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        add_credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Update a rate card.

        Update a rate card's name, description, aliases, and credit type conversion rates.

        ``POST /v1/contract-pricing/rate-cards/update``"""
        return self._loop.call(
            self._async.update,
            rate_card_id,
            name=name,
            description=description,
            aliases=aliases,
            add_credit_type_conversions=add_credit_type_conversions,
            idempotency_key=idempotency_key,
        )


class SyncServicesResource:
    """The blocking twin of ``ServicesResource``."""

    def __init__(self, resource: ServicesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(self) -> Services:
        """Get services.

        Gets Metronome's service registry with associated IP addresses for security allowlisting and firewall
        configuration.

        ``GET /v1/services``"""
        return self._loop.call(self._async.list)


class SyncSettingsBillingProvidersResource:
    """The blocking twin of ``SettingsBillingProvidersResource``."""

    def __init__(self, resource: SettingsBillingProvidersResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def create(
        self,
        *,
        billing_provider: str,
        delivery_method: str,
        configuration: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> BillingProviderSetup:
        """Set up account-level billing provider.

        Set up account-level configuration for a billing provider.

        ``POST /v1/setUpBillingProvider``"""
        return self._loop.call(
            self._async.create,
            billing_provider=billing_provider,
            delivery_method=delivery_method,
            configuration=configuration,
            idempotency_key=idempotency_key,
        )

    def list(self) -> SyncPager[BillingProviderDeliveryMethod]:
        """List account-level billing providers.

        Lists all configured billing providers and their delivery method configurations for your account.

        Every item, following the cursor to the end.

        ``POST /v1/listConfiguredBillingProviders``"""
        pager = self._async.list()
        return SyncPager(pager, self._loop)


class SyncSettingsResource:
    """The blocking twin of ``SettingsResource``."""

    billing_providers: SyncSettingsBillingProvidersResource

    def __init__(self, resource: SettingsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.billing_providers = SyncSettingsBillingProvidersResource(resource.billing_providers, loop)

    def create_stripe_billing_settings(
        self,
        *,
        stripe_api_key: str,
        anrok_api_key: str | None | Unset = UNSET,
        idempotency_key: str | None = None,
    ) -> None:
        """Create Stripe billing settings.

        Create billing settings for Stripe.

        ``POST /v1/client/billing-config/stripe``"""
        return self._loop.call(
            self._async.create_stripe_billing_settings,
            stripe_api_key=stripe_api_key,
            anrok_api_key=anrok_api_key,
            idempotency_key=idempotency_key,
        )

    def delete_stripe_billing_settings(self) -> None:
        """Delete Stripe billing settings.

        Delete all billing settings for Stripe

        ``DELETE /v1/client/billing-config/stripe``"""
        return self._loop.call(self._async.delete_stripe_billing_settings)

    def rotate_delta_stream_secret(
        self,
        *,
        starting_on: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> DeltaStreamSecret:
        """Rotate the HMAC secret used to sign delta stream messages.

        ``POST /v1/rotateDeltaStreamSecret``"""
        return self._loop.call(
            self._async.rotate_delta_stream_secret,
            starting_on=starting_on,
            idempotency_key=idempotency_key,
        )

    def set_billing_provider_api_key(
        self,
        billing_provider_type: str,
        *,
        api_key: str,
        idempotency_key: str | None = None,
    ) -> None:
        """Set the billing provider API key.

        (**Deprecated:** use Create Stripe billing settings instead) Sets the api key for the billing
        provider.

        Deprecated: settings.set_billing_provider_api_key is deprecated by Metronome: use what its docs name
        instead.

        ``POST /v1/client/billing-config/{billing_provider_type}/apiKey``"""
        return self._loop.call(
            self._async.set_billing_provider_api_key,
            billing_provider_type,
            api_key=api_key,
            idempotency_key=idempotency_key,
        )

    def set_webhook_secret(self, *, webhook_secret: str, idempotency_key: str | None = None) -> None:
        """Set the client webhook secret.

        Sets the webhook secret for the client.

        ``POST /v1/client/config/webhook_secret``"""
        return self._loop.call(
            self._async.set_webhook_secret,
            webhook_secret=webhook_secret,
            idempotency_key=idempotency_key,
        )

    def update_stripe_billing_settings(
        self,
        *,
        stripe_api_key: str | None = None,
        anrok_api_key: str | None | Unset = UNSET,
    ) -> None:
        """Update Stripe billing settings.

        Apply partial updates to billing settings for Stripe.

        ``PATCH /v1/client/billing-config/stripe``"""
        return self._loop.call(
            self._async.update_stripe_billing_settings,
            stripe_api_key=stripe_api_key,
            anrok_api_key=anrok_api_key,
        )

    def upsert_anrok_api_token(
        self,
        *,
        delivery_method_ids: Sequence[str],
        anrok_api_token: str,
        idempotency_key: str | None = None,
    ) -> AnrokApiTokenResult:
        """Upsert Anrok API token.

        Set the Anrok API token for some specified delivery_method_ids, which can be found in the
        `/listConfiguredBillingProviders` response.

        ``POST /v1/upsertAnrokApiToken``"""
        return self._loop.call(
            self._async.upsert_anrok_api_token,
            delivery_method_ids=delivery_method_ids,
            anrok_api_token=anrok_api_token,
            idempotency_key=idempotency_key,
        )

    def upsert_avalara_credentials(
        self,
        *,
        delivery_method_ids: Sequence[str],
        avalara_environment: str,
        avalara_username: str,
        avalara_password: str,
        commit_transactions: bool | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Upsert Avalara credentials.

        Set the Avalara credentials for some specified `delivery_method_ids`, which can be found in the
        `/listConfiguredBillingProviders` response.

        ``POST /v1/upsertAvalaraCredentials``"""
        return self._loop.call(
            self._async.upsert_avalara_credentials,
            delivery_method_ids=delivery_method_ids,
            avalara_environment=avalara_environment,
            avalara_username=avalara_username,
            avalara_password=avalara_password,
            commit_transactions=commit_transactions,
            idempotency_key=idempotency_key,
        )


class SyncThresholdBillingResource:
    """The blocking twin of ``ThresholdBillingResource``."""

    def __init__(self, resource: ThresholdBillingResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def update_active_recharge_config(
        self,
        customer_id: str,
        *,
        recharge_to_amount: float | None = None,
        recharge_threshold: float | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Update a customer's active recharge or prepaid balance threshold config.

        A unified API for updating prepaid balance threshold configs for clients who are migrating customers
        from Metronome 1.0 and 2.0.

        ``POST /v1/threshold-billing/update-active-recharge-config``"""
        return self._loop.call(
            self._async.update_active_recharge_config,
            customer_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )


class SyncCustomersAlertsResource:
    """The blocking twin of ``CustomersAlertsResource``."""

    def __init__(self, resource: CustomersAlertsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(
        self,
        customer_id: str,
        *,
        alert_statuses: Sequence[str] | None = None,
    ) -> SyncPager[CustomerAlert]:
        """Get all threshold notifications.

        Retrieve all threshold notification configurations and their current statuses for a specific customer
        in a single API call.

        Every item, following the cursor to the end.

        ``POST /v1/customer-alerts/list``"""
        pager = self._async.list(customer_id, alert_statuses=alert_statuses)
        return SyncPager(pager, self._loop)

    def reset(self, customer_id: str, alert_id: str, *, idempotency_key: str | None = None) -> None:
        """Reset a threshold notification.

        Force an immediate re-evaluation of a specific threshold notification for a customer, clearing any
        previous state and triggering a fresh assessment against current thresholds.

        ``POST /v1/customer-alerts/reset``"""
        return self._loop.call(self._async.reset, customer_id, alert_id, idempotency_key=idempotency_key)

    def retrieve(
        self,
        customer_id: str,
        alert_id: str,
        *,
        plans_or_contracts: str | None = None,
        group_values: Sequence[Mapping[str, Any]] | None = None,
        seat_filter: Mapping[str, Any] | None = None,
        alert_specifiers: Sequence[Mapping[str, Any]] | None = None,
        custom_field_filters: Sequence[Mapping[str, Any]] | None = None,
        webhook_notification_id: str | None = None,
    ) -> CustomerAlert:
        """Get a threshold notification.

        Retrieve the real-time evaluation status for a specific threshold notification-customer pair.

        ``POST /v1/customer-alerts/get``"""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            alert_id,
            plans_or_contracts=plans_or_contracts,
            group_values=group_values,
            seat_filter=seat_filter,
            alert_specifiers=alert_specifiers,
            custom_field_filters=custom_field_filters,
            webhook_notification_id=webhook_notification_id,
        )


class SyncCustomersCommitsResource:
    """The blocking twin of ``CustomersCommitsResource``."""

    def __init__(self, resource: CustomersCommitsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        type: str,
        priority: float,
        product_id: str,
        access_schedule: Mapping[str, Any],
        rate_type: str | None = None,
        name: str | None = None,
        description: str | None = None,
        invoice_schedule: Mapping[str, Any] | None = None,
        invoice_contract_id: str | None = None,
        applicable_product_ids: Sequence[str] | None = None,
        applicable_product_tags: Sequence[str] | None = None,
        applicable_contract_ids: Sequence[str] | None = None,
        specifiers: Sequence[Mapping[str, Any]] | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a commit.

        ⚠️ For most contract amendments, use `contracts/edit` directly.

        ``POST /v1/contracts/customerCommits/create``"""
        return self._loop.call(
            self._async.create,
            customer_id,
            type=type,
            priority=priority,
            product_id=product_id,
            access_schedule=access_schedule,
            rate_type=rate_type,
            name=name,
            description=description,
            invoice_schedule=invoice_schedule,
            invoice_contract_id=invoice_contract_id,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            custom_fields=custom_fields,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        commit_id: str | None = None,
        access_type: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_commits: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
    ) -> SyncPager[Commit]:
        """List commits.

        Retrieve all commit agreements for a customer, including both prepaid and postpaid commitments.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/customerCommits/list``"""
        pager = self._async.list(
            customer_id,
            commit_id=commit_id,
            access_type=access_type,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_commits=include_contract_commits,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def update_end_date(
        self,
        customer_id: str,
        commit_id: str,
        *,
        access_ending_before: datetime | str | None = None,
        invoices_ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Update the commit end date.

        Shortens the end date of a prepaid commit to terminate it earlier than originally scheduled.

        ``POST /v1/contracts/customerCommits/updateEndDate``"""
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            commit_id,
            access_ending_before=access_ending_before,
            invoices_ending_before=invoices_ending_before,
            idempotency_key=idempotency_key,
        )


class SyncCustomersCreditsResource:
    """The blocking twin of ``CustomersCreditsResource``."""

    def __init__(self, resource: CustomersCreditsResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        priority: float,
        product_id: str,
        access_schedule: Mapping[str, Any],
        name: str | None = None,
        description: str | None = None,
        applicable_product_ids: Sequence[str] | None = None,
        applicable_product_tags: Sequence[str] | None = None,
        specifiers: Sequence[Mapping[str, Any]] | None = None,
        applicable_contract_ids: Sequence[str] | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        rate_type: str | None = None,
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a credit.

        ⚠️ For most contract amendments, use `contracts/edit` directly.

        ``POST /v1/contracts/customerCredits/create``"""
        return self._loop.call(
            self._async.create,
            customer_id,
            priority=priority,
            product_id=product_id,
            access_schedule=access_schedule,
            name=name,
            description=description,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            specifiers=specifiers,
            applicable_contract_ids=applicable_contract_ids,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            custom_fields=custom_fields,
            rate_type=rate_type,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        credit_id: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_credits: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
    ) -> SyncPager[Credit]:
        """List credits.

        Retrieve a detailed list of all credits available to a customer, including promotional credits and
        contract-specific credits.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/customerCredits/list``"""
        pager = self._async.list(
            customer_id,
            credit_id=credit_id,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_credits=include_contract_credits,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def update_end_date(
        self,
        customer_id: str,
        credit_id: str,
        *,
        access_ending_before: datetime | str,
        idempotency_key: str | None = None,
    ) -> str:
        """Update the credit end date.

        Shortens the end date of an existing customer credit to terminate it earlier than originally
        scheduled.

        ``POST /v1/contracts/customerCredits/updateEndDate``"""
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            credit_id,
            access_ending_before=access_ending_before,
            idempotency_key=idempotency_key,
        )


class SyncCustomersInvoicesResource:
    """The blocking twin of ``CustomersInvoicesResource``."""

    def __init__(self, resource: CustomersInvoicesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add_charge(
        self,
        customer_id: str,
        *,
        charge_id: str,
        price: float,
        quantity: float,
        description: str,
        customer_plan_id: str,
        invoice_start_timestamp: datetime | str,
        idempotency_key: str | None = None,
    ) -> None:
        """Add a one time charge.

        Add a one time charge to the specified invoice.

        Deprecated: customers.invoices.add_charge is deprecated by Metronome: use contracts instead.

        ``POST /v1/customers/{customer_id}/addCharge``"""
        return self._loop.call(
            self._async.add_charge,
            customer_id,
            charge_id=charge_id,
            price=price,
            quantity=quantity,
            description=description,
            customer_plan_id=customer_plan_id,
            invoice_start_timestamp=invoice_start_timestamp,
            idempotency_key=idempotency_key,
        )

    def invoice_seats(
        self,
        customer_id: str,
        *,
        seat_charges: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> Invoice:
        """Invoice seats.

        Creates an prorated invoice for a seat addition.

        ``POST /v1/customers/{customer_id}/invoices/invoice_seats``"""
        return self._loop.call(
            self._async.invoice_seats,
            customer_id,
            seat_charges=seat_charges,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        limit: int | None = None,
        status: str | None = None,
        type: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
        sort: str | None = None,
        credit_type_id: str | None = None,
        contract_id: str | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        webhook_notification_id: str | None = None,
    ) -> SyncPager[Invoice]:
        """List invoices.

        Retrieves a paginated list of invoices for a specific customer, with flexible filtering options to
        narrow results by status, date range, credit type, and more.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/customers/{customer_id}/invoices``"""
        pager = self._async.list(
            customer_id,
            limit=limit,
            status=status,
            type=type,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            sort=sort,
            credit_type_id=credit_type_id,
            contract_id=contract_id,
            starting_on=starting_on,
            ending_before=ending_before,
            webhook_notification_id=webhook_notification_id,
        )
        return SyncPager(pager, self._loop)

    def list_breakdowns(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        status: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
        limit: int | None = None,
        window_size: str | None = None,
        sort: str | None = None,
        credit_type_id: str | None = None,
    ) -> SyncPager[BreakdownInvoice]:
        """List invoice breakdowns.

        Retrieve granular time-series breakdowns of invoice data at hourly or daily intervals.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/customers/{customer_id}/invoices/breakdowns``"""
        pager = self._async.list_breakdowns(
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            status=status,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            limit=limit,
            window_size=window_size,
            sort=sort,
            credit_type_id=credit_type_id,
        )
        return SyncPager(pager, self._loop)

    def list_spend_breakdowns(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        include_list_prices: bool | None = None,
        skip_zero_qty_line_items: bool | None = None,
        credit_type_id: str | None = None,
        sort: str | None = None,
        window_size: str | None = None,
        group_keys: Sequence[str] | None = None,
        group_filters: Mapping[str, Any] | None = None,
        limit: int | None = None,
    ) -> SyncPager[SpendBreakdownInvoice]:
        """List spend invoice breakdowns.

        Granularly analyze customer spend patterns by dynamically slicing and dicing costs across any
        dimension.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/customers/{customer_id}/invoices/spend-breakdowns``"""
        pager = self._async.list_spend_breakdowns(
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            include_list_prices=include_list_prices,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            credit_type_id=credit_type_id,
            sort=sort,
            window_size=window_size,
            group_keys=group_keys,
            group_filters=group_filters,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def retrieve(
        self,
        customer_id: str,
        invoice_id: str,
        *,
        skip_zero_qty_line_items: bool | None = None,
    ) -> Invoice:
        """Get an invoice.

        Retrieve detailed information for a specific invoice by its unique identifier.

        ``GET /v1/customers/{customer_id}/invoices/{invoice_id}``"""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            invoice_id,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
        )

    def retrieve_pdf(self, customer_id: str, invoice_id: str) -> bytes:
        """Get an invoice PDF.

        Retrieve a PDF version of a specific invoice by its unique identifier.

        ``GET /v1/customers/{customer_id}/invoices/{invoice_id}/pdf``"""
        return self._loop.call(self._async.retrieve_pdf, customer_id, invoice_id)


class SyncCustomersNamedSchedulesResource:
    """The blocking twin of ``CustomersNamedSchedulesResource``."""

    def __init__(self, resource: CustomersNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def retrieve(
        self,
        customer_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
    ) -> builtins.list[NamedScheduleSegment]:
        """Get a customer's named schedule.

        Get a named schedule for the given customer.

        ``POST /v1/customers/getNamedSchedule``"""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
        )

    def update(
        self,
        customer_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Update a customer's named schedule.

        Update a named schedule for the given customer.

        ``POST /v1/customers/updateNamedSchedule``"""
        return self._loop.call(
            self._async.update,
            customer_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            idempotency_key=idempotency_key,
        )


class SyncCustomersPlansResource:
    """The blocking twin of ``CustomersPlansResource``."""

    def __init__(self, resource: CustomersPlansResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add(
        self,
        customer_id: str,
        plan_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str | None = None,
        net_payment_terms_days: float | None = None,
        price_adjustments: Sequence[Mapping[str, Any]] | None = None,
        trial_spec: Mapping[str, Any] | None = None,
        overage_rate_adjustments: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Add a plan to a customer.

        Associate an existing customer with a plan for a specified date range.

        Deprecated: customers.plans.add is deprecated by Metronome: use contracts instead.

        ``POST /v1/customers/{customer_id}/plans/add``"""
        return self._loop.call(
            self._async.add,
            customer_id,
            plan_id,
            starting_on=starting_on,
            ending_before=ending_before,
            net_payment_terms_days=net_payment_terms_days,
            price_adjustments=price_adjustments,
            trial_spec=trial_spec,
            overage_rate_adjustments=overage_rate_adjustments,
            idempotency_key=idempotency_key,
        )

    def end(
        self,
        customer_id: str,
        customer_plan_id: str,
        *,
        ending_before: datetime | str | None = None,
        void_invoices: bool | None = None,
        void_stripe_invoices: bool | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """End a customer plan.

        Change the end date of a customer's plan.

        Deprecated: customers.plans.end is deprecated by Metronome: use contracts instead.

        ``POST /v1/customers/{customer_id}/plans/{customer_plan_id}/end``"""
        return self._loop.call(
            self._async.end,
            customer_id,
            customer_plan_id,
            ending_before=ending_before,
            void_invoices=void_invoices,
            void_stripe_invoices=void_stripe_invoices,
            idempotency_key=idempotency_key,
        )

    def list(self, customer_id: str, *, limit: int = 100) -> SyncPager[CustomerPlan]:
        """List customer plans.

        List the given customer's plans in reverse-chronological order.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: customers.plans.list is deprecated by Metronome: use contracts instead.

        ``GET /v1/customers/{customer_id}/plans``"""
        pager = self._async.list(customer_id, limit=limit)
        return SyncPager(pager, self._loop)

    def list_price_adjustments(
        self,
        customer_id: str,
        customer_plan_id: str,
        *,
        limit: int | None = None,
    ) -> SyncPager[PriceAdjustment]:
        """Get the plan adjustments for a customer.

        Lists a customer plans adjustments.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: customers.plans.list_price_adjustments is deprecated by Metronome: use contracts instead.

        ``GET /v1/customers/{customer_id}/plans/{customer_plan_id}/priceAdjustments``"""
        pager = self._async.list_price_adjustments(customer_id, customer_plan_id, limit=limit)
        return SyncPager(pager, self._loop)


class SyncCustomers:
    """The blocking twin of ``Customers``."""

    alerts: SyncCustomersAlertsResource
    commits: SyncCustomersCommitsResource
    credits: SyncCustomersCreditsResource
    invoices: SyncCustomersInvoicesResource
    named_schedules: SyncCustomersNamedSchedulesResource
    plans: SyncCustomersPlansResource

    def __init__(self, resource: Customers, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.alerts = SyncCustomersAlertsResource(resource.alerts, loop)
        self.commits = SyncCustomersCommitsResource(resource.commits, loop)
        self.credits = SyncCustomersCreditsResource(resource.credits, loop)
        self.invoices = SyncCustomersInvoicesResource(resource.invoices, loop)
        self.named_schedules = SyncCustomersNamedSchedulesResource(resource.named_schedules, loop)
        self.plans = SyncCustomersPlansResource(resource.plans, loop)

    def apply_plan(
        self,
        plan: ReconcilePlan,
        *,
        journal: str | Path | None = None,
        on_progress: ApplyProgress | None = None,
        void_invoices: bool = False,
    ) -> ReconcileReport:
        """Carry out a plan of ``reconcile`` with ``provision``'s guarantees: a key per write, exactly once
        through failures and retries, and with a ``journal`` file, a rerun after a crash skips what finished
        and resumes what started. Every customer the plan updates or archives is read again first: if one
        changed since the plan was made, nothing is applied (StalePlanError). Conflicts are skipped. An
        archive the plan marked blocked (it would void invoices) is not sent unless ``void_invoices=True``.
        ``on_progress(outcome, done, total)`` is called after each change; the report holds the totals and
        the changes that failed or were blocked."""
        return self._loop.call(
            self._async.apply_plan,
            plan,
            journal=journal,
            on_progress=on_progress,
            void_invoices=void_invoices,
        )

    def archive(self, customer_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a customer.

        Use this endpoint to archive a customer while preserving auditability.

        ``POST /v1/customers/archive``"""
        return self._loop.call(self._async.archive, customer_id, idempotency_key=idempotency_key)

    def archive_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        customer_billing_provider_configuration_ids: Sequence[str],
        idempotency_key: str | None = None,
    ) -> CustomerBillingProviderArchivePayload:
        """Archive billing provider configurations for a customer.

        Deprecate an existing billing configuration for a customer to handle churn or billing and collection
        preference changes.

        ``POST /v1/archiveCustomerBillingProviderConfigurations``"""
        return self._loop.call(
            self._async.archive_billing_provider_configurations,
            customer_id,
            customer_billing_provider_configuration_ids=customer_billing_provider_configuration_ids,
            idempotency_key=idempotency_key,
        )

    def archive_churned(
        self,
        customer_id: str,
        *,
        end_plans: bool = False,
        end_contracts: bool = False,
        void_invoices: bool = False,
        dry_run: bool = False,
    ) -> ArchiveReport:
        """Archive a customer, irreversibly. Metronome voids every invoice of an archived customer (archiving
        is meant for a customer onboarded by mistake), so this refuses while a plan or a contract has not
        ended (ActivePlanError), unless ``end_plans=True`` / ``end_contracts=True`` end them first, and while
        the customer has an invoice of a non-zero total that is not void (OpenInvoicesError: drafts, unpaid
        and paid ones alike), unless ``void_invoices=True``. For a customer who churns, ``offboard`` ends
        the contracts and shows what is still owed; archive, if at all, once that is settled. Confirms the
        customer left the active list. ``dry_run=True`` reports what it would do, the invoices archiving
        would void included, and changes nothing."""
        return self._loop.call(
            self._async.archive_churned,
            customer_id,
            end_plans=end_plans,
            end_contracts=end_contracts,
            void_invoices=void_invoices,
            dry_run=dry_run,
        )

    def archive_revenue_system_configurations(
        self,
        customer_id: str,
        *,
        customer_revenue_system_configuration_ids: Sequence[str],
        idempotency_key: str | None = None,
    ) -> CustomerRevenueSystemArchivePayload:
        """Archive revenue system configurations for a customer.

        Archive existing revenue system configurations for a customer.

        ``POST /v1/archiveCustomerRevenueSystemConfigurations``"""
        return self._loop.call(
            self._async.archive_revenue_system_configurations,
            customer_id,
            customer_revenue_system_configuration_ids=customer_revenue_system_configuration_ids,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str] | None = None,
        external_id: str | None = None,
        billing_config: Mapping[str, Any] | None = None,
        customer_billing_provider_configurations: Sequence[Mapping[str, Any]] | None = None,
        customer_revenue_system_configurations: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Customer:
        """Create a customer.

        Create a new customer in Metronome and optionally the billing configuration (recommended) which
        dictates where invoices for the customer will be sent or where payment will be collected.

        ``POST /v1/customers``"""
        return self._loop.call(
            self._async.create,
            name=name,
            ingest_aliases=ingest_aliases,
            external_id=external_id,
            billing_config=billing_config,
            customer_billing_provider_configurations=customer_billing_provider_configurations,
            customer_revenue_system_configurations=customer_revenue_system_configurations,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_with_contract(
        self,
        *,
        customer: Mapping[str, Any],
        contract: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> CustomerWithContract:
        """Create a customer and provision a contract.

        Create a new customer and provision a contract.

        ``POST /v1/composite/createCustomerWithContract``"""
        return self._loop.call(
            self._async.create_with_contract,
            customer=customer,
            contract=contract,
            idempotency_key=idempotency_key,
        )

    def delete_billing_config(self, customer_id: str, billing_provider_type: str) -> None:
        """Delete a customer billing configuration.

        Delete the billing configuration for a given customer.

        Deprecated: customers.delete_billing_config is deprecated by Metronome: use contracts instead.

        ``DELETE /v1/customers/{customer_id}/billing-config/{billing_provider_type}``"""
        return self._loop.call(self._async.delete_billing_config, customer_id, billing_provider_type)

    def list(
        self,
        *,
        limit: int = 100,
        ingest_alias: str | None = None,
        customer_ids: Sequence[str] | None = None,
        only_archived: bool = False,
        salesforce_account_ids: Sequence[str] | None = None,
    ) -> SyncPager[Customer]:
        """List customers.

        Gets a paginated list of all customers in your Metronome account.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/customers``"""
        pager = self._async.list(
            limit=limit,
            ingest_alias=ingest_alias,
            customer_ids=customer_ids,
            only_archived=only_archived,
            salesforce_account_ids=salesforce_account_ids,
        )
        return SyncPager(pager, self._loop)

    def list_billable_metrics(
        self,
        customer_id: str,
        *,
        limit: int | None = None,
        on_current_plan: bool | None = None,
        include_archived: bool | None = None,
    ) -> SyncPager[BillableMetricWithDeprecatedFields]:
        """Get billable metrics for a customer.

        Get all billable metrics available for a specific customer.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``GET /v1/customers/{customer_id}/billable-metrics``"""
        pager = self._async.list_billable_metrics(
            customer_id,
            limit=limit,
            on_current_plan=on_current_plan,
            include_archived=include_archived,
        )
        return SyncPager(pager, self._loop)

    def list_costs(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        limit: int | None = None,
    ) -> SyncPager[Costs]:
        """Get customer costs.

        Fetch daily pending costs for the specified customer, broken down by credit type and line items.

        Every item, following the cursor to the end; ``limit`` is the page size.

        Deprecated: customers.list_costs is deprecated by Metronome: use contracts instead.

        ``GET /v1/customers/{customer_id}/costs``"""
        pager = self._async.list_costs(
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def list_purchased_seats(self, customer_id: str) -> builtins.list[PurchasedSeats]:
        """Get purchased seats.

        Returns the number of seats purchased for the current period.

        ``GET /v1/customers/{customer_id}/purchasedSeats``"""
        return self._loop.call(self._async.list_purchased_seats, customer_id)

    def offboard(
        self,
        customer_id: str,
        *,
        ending_before: datetime | str,
        dry_run: bool = False,
    ) -> OffboardReport:
        """End a leaving customer's contracts at ``ending_before`` (exclusive: their last billing period ends
        there) and report what is left: the invoices still to come or unpaid (the final usage invoice is a
        draft until its period ends and the grace period after it passes) and the commits and credits with a
        balance left. Archives nothing: once the report is ``settled``, ``archive_churned`` archives without
        voiding what is owed. Contracts already ending by then, or starting at or after it, are left as they
        are (and listed). Safe to run again. ``dry_run=True`` changes nothing."""
        return self._loop.call(
            self._async.offboard,
            customer_id,
            ending_before=ending_before,
            dry_run=dry_run,
        )

    def preview_events(
        self,
        customer_id: str,
        *,
        events: Sequence[Mapping[str, Any]],
        mode: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
    ) -> builtins.list[Invoice]:
        """Preview events.

        Preview how a set of events will affect a customer's invoices.

        ``POST /v1/customers/{customer_id}/previewEvents``"""
        return self._loop.call(
            self._async.preview_events,
            customer_id,
            events=events,
            mode=mode,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
        )

    def provision(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str],
        external_id: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
        billing_provider_type: str | None = None,
        billing_provider_customer_id: str | None = None,
        stripe_collection_method: str | None = None,
        plan_id: str | None = None,
        starting_on: datetime | str | None = None,
        contract: Mapping[str, Any] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
    ) -> ProvisionResult:
        """Create a customer, connect its billing provider, put it on a contract (``contract`` holds
        ``contracts.create``'s keyword arguments without ``customer_id``: a rate card, or a package by
        ``package_alias`` or ``package_id``) or on a plan (``plan_id`` and ``starting_on``; the deprecated
        Plans path), not both, then give it ``credits`` and ``commits`` (each the keyword arguments of
        ``customers.credits.create`` / ``customers.commits.create`` without ``customer_id``: a trial credit,
        say). Safe to call again after a failure or a crash: the first ingest alias identifies the
        customer, so it is found, never made twice, and finished steps are not repeated; the contract's,
        each credit's and each commit's ``uniqueness_key`` (derived from the first alias and the terms
        unless given) means a second one is never made. A customer holding the first alias must be this one
        (same name, every alias asked for), and an alias held by another customer stops provisioning; that
        customer is never changed. A failure part-way raises ProvisionError naming the steps done."""
        return self._loop.call(
            self._async.provision,
            name=name,
            ingest_aliases=ingest_aliases,
            external_id=external_id,
            custom_fields=custom_fields,
            billing_provider_type=billing_provider_type,
            billing_provider_customer_id=billing_provider_customer_id,
            stripe_collection_method=stripe_collection_method,
            plan_id=plan_id,
            starting_on=starting_on,
            contract=contract,
            credits=credits,
            commits=commits,
        )

    def provision_many(
        self,
        items: Iterable[Mapping[str, Any] | ProvisionSpec],
        *,
        journal: str | Path | None = None,
        on_progress: Progress | None = None,
        concurrency: int | None = None,
    ) -> ProvisionReport:
        """``provision`` for many customers, concurrently (``concurrency``, default the client's
        ``max_concurrency``), streamed: ``items`` (mappings of ``provision``'s arguments, from any iterable)
        are read lazily, ``concurrency`` at most in flight. When ``items`` can be read twice (a list, or an
        iterable whose ``__iter__`` starts over) every item is checked before the first request; an iterator
        (a generator, an open file) is checked item by item as it arrives, a bad item becoming a failed
        outcome. With a ``journal`` file, a rerun resumes where the last run stopped; a file that is not a
        journal raises JournalError before anything is sent. ``on_progress(outcome, done, total)`` is
        called after each item (``total`` is ``None`` for an iterator). The report holds the totals and
        every failed item's outcome. If reading ``items`` raises part-way, the items read before are
        finished, then a ``SourceError`` carrying the report is raised."""
        return self._loop.call(
            self._async.provision_many,
            items,
            journal=journal,
            on_progress=on_progress,
            concurrency=concurrency,
        )

    def reconcile(
        self,
        desired: Iterable[Mapping[str, Any] | ProvisionSpec],
        *,
        owner: str,
        archive_missing: bool = False,
        max_archive_share: float = 0.1,
    ) -> ReconcilePlan:
        """Compare the desired customers (``provision``'s items, from any iterable) with Metronome and return
        the plan that would make them equal; read-only. Every customer is listed once, archived ones too, and
        both sides meet in a temporary file, so memory stays flat at any size. Only customers marked as
        owned by ``owner`` (the custom field ``managed_by``) are updated or archived; a customer holding a
        desired alias that is not owned is a conflict, never modified. With ``archive_missing=True``, owned
        customers missing from ``desired`` are archived, unless they are more than ``max_archive_share`` of
        the owned customers (ArchiveShareError: an empty or truncated source is not a mass churn). A bad
        item raises ValueError listing every bad one, before anything is sent."""
        return self._loop.call(
            self._async.reconcile,
            desired,
            owner=owner,
            archive_missing=archive_missing,
            max_archive_share=max_archive_share,
        )

    def retrieve(self, customer_id: str) -> Customer:
        """Get a customer.

        Get detailed information for a specific customer by their Metronome ID.

        ``GET /v1/customers/{customer_id}``"""
        return self._loop.call(self._async.retrieve, customer_id)

    def retrieve_billing_config(self, customer_id: str, billing_provider_type: str) -> BillingConfig:
        """Get a customer billing configuration.

        Fetch the billing configuration for the given customer.

        Deprecated: customers.retrieve_billing_config is deprecated by Metronome: use contracts instead.

        ``GET /v1/customers/{customer_id}/billing-config/{billing_provider_type}``"""
        return self._loop.call(self._async.retrieve_billing_config, customer_id, billing_provider_type)

    def retrieve_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
    ) -> builtins.list[BillingProviderConfiguration]:
        """Fetch billing provider configurations for a customer.

        Returns all billing configurations previously set for the customer.

        ``POST /v1/getCustomerBillingProviderConfigurations``"""
        return self._loop.call(
            self._async.retrieve_billing_provider_configurations,
            customer_id,
            include_archived=include_archived,
        )

    def retrieve_revenue_system_configurations(
        self,
        customer_id: str,
        *,
        provider: str | None = None,
        include_archived: bool | None = None,
    ) -> builtins.list[CustomerRevenueSystemConfiguration]:
        """Fetch revenue system configurations for a customer.

        Returns all revenue system configurations previously set for the customer.

        ``POST /v1/getCustomerRevenueSystemConfigurations``"""
        return self._loop.call(
            self._async.retrieve_revenue_system_configurations,
            customer_id,
            provider=provider,
            include_archived=include_archived,
        )

    def set_billable_status(
        self,
        customer_id: str,
        *,
        billable_status: str,
        effective_at: datetime | str,
        idempotency_key: str | None = None,
    ) -> CustomersSetBillableStatus:
        """Set customer billable status.

        Set a customer's billable status.

        ``POST /v1/customers/setBillableStatus``"""
        return self._loop.call(
            self._async.set_billable_status,
            customer_id,
            billable_status=billable_status,
            effective_at=effective_at,
            idempotency_key=idempotency_key,
        )

    def set_billing_config(
        self,
        customer_id: str,
        billing_provider_type: str,
        *,
        billing_provider_customer_id: str,
        stripe_collection_method: str | None = None,
        aws_product_code: str | None = None,
        aws_customer_id: str | None = None,
        aws_customer_account_id: str | None = None,
        aws_region: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Set a customer billing configuration.

        Set the billing configuration for a given customer.

        Deprecated: customers.set_billing_config is deprecated by Metronome: use contracts instead.

        ``POST /v1/customers/{customer_id}/billing-config/{billing_provider_type}``"""
        return self._loop.call(
            self._async.set_billing_config,
            customer_id,
            billing_provider_type,
            billing_provider_customer_id=billing_provider_customer_id,
            stripe_collection_method=stripe_collection_method,
            aws_product_code=aws_product_code,
            aws_customer_id=aws_customer_id,
            aws_customer_account_id=aws_customer_account_id,
            aws_region=aws_region,
            idempotency_key=idempotency_key,
        )

    def set_billing_provider_configurations(
        self,
        *,
        data: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> builtins.list[BillingProviderConfiguration]:
        """Set billing provider configurations for a customer.

        Create a billing configuration for a customer.

        ``POST /v1/setCustomerBillingProviderConfigurations``"""
        return self._loop.call(
            self._async.set_billing_provider_configurations,
            data=data,
            idempotency_key=idempotency_key,
        )

    def set_ingest_aliases(
        self,
        customer_id: str,
        *,
        ingest_aliases: Sequence[str],
        idempotency_key: str | None = None,
    ) -> None:
        """Create or update customer ingest aliases.

        Sets the ingest aliases for a customer.

        ``POST /v1/customers/{customer_id}/setIngestAliases``"""
        return self._loop.call(
            self._async.set_ingest_aliases,
            customer_id,
            ingest_aliases=ingest_aliases,
            idempotency_key=idempotency_key,
        )

    def set_name(self, customer_id: str, *, name: str, idempotency_key: str | None = None) -> Customer:
        """Update a customer name.

        Updates the display name for a customer record.

        ``POST /v1/customers/{customer_id}/setName``"""
        return self._loop.call(self._async.set_name, customer_id, name=name, idempotency_key=idempotency_key)

    def set_revenue_system_configurations(
        self,
        *,
        data: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> builtins.list[CustomerRevenueSystemConfiguration]:
        """Set revenue system configurations for a customer.

        Create a revenue system configuration for a customer.

        ``POST /v1/setCustomerRevenueSystemConfigurations``"""
        return self._loop.call(
            self._async.set_revenue_system_configurations,
            data=data,
            idempotency_key=idempotency_key,
        )

    def update(
        self,
        customer_id: str,
        *,
        name: str | Unset = UNSET,
        ingest_aliases: Sequence[str] | Unset = UNSET,
        custom_fields: Mapping[str, str] | Unset = UNSET,
        salesforce_account_id: str | None | Unset = UNSET,
    ) -> Customer:
        """Change only the given fields, through the single-purpose endpoints the API has, then return the
        customer as it now is. Every argument is checked before the first request."""
        return self._loop.call(
            self._async.update,
            customer_id,
            name=name,
            ingest_aliases=ingest_aliases,
            custom_fields=custom_fields,
            salesforce_account_id=salesforce_account_id,
        )

    def update_config(
        self,
        customer_id: str,
        *,
        salesforce_account_id: str | None | Unset = UNSET,
        leave_stripe_invoices_in_draft: bool | None | Unset = UNSET,
        idempotency_key: str | None = None,
    ) -> None:
        """Update a customer configuration.

        Update configuration settings for a specific customer, such as external system integrations (e.g.,
        Salesforce account ID) and other customer-specific billing parameters.

        ``POST /v1/customers/{customer_id}/updateConfig``"""
        return self._loop.call(
            self._async.update_config,
            customer_id,
            salesforce_account_id=salesforce_account_id,
            leave_stripe_invoices_in_draft=leave_stripe_invoices_in_draft,
            idempotency_key=idempotency_key,
        )


class SyncUsage:
    """The blocking twin of ``Usage``."""

    def __init__(self, resource: Usage, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def ingest(
        self,
        events: Iterable[UsageEvent | Mapping[str, Any]],
        *,
        on_progress: Callable[[IngestBatch, int, int | None], object] | None = None,
    ) -> IngestReport:
        """Send any number of events from any iterable, in batches of at most 100, at most
        ``max_concurrency`` batches in flight, reading them lazily so memory stays flat; returns an
        ``IngestReport``. When ``events`` can be read twice (a list, a tuple, an object whose ``__iter__``
        starts over), every event is checked before the first request and a bad one raises, naming it. An
        iterator (a generator, an open file) is read once: each batch is checked as it is formed, and one
        holding a bad event is reported as failed, unsent. A batch that still fails after its retries is
        reported too, and the others are sent. Metronome drops an event whose ``transaction_id`` it has
        seen, so sending the failed batches (or everything) again never counts usage twice.
        ``on_progress(batch, done, total)`` is called after each batch: the events done so far, of
        ``total`` (``None`` for an iterator). If reading ``events`` raises part-way, every event read
        before is still sent and reported, then a ``SourceError`` carrying the report is raised.

        ``POST /v1/ingest``"""
        return self._loop.call(self._async.ingest, events, on_progress=on_progress)

    def list(
        self,
        *,
        window_size: str,
        starting_on: datetime | str,
        ending_before: datetime | str,
        customer_ids: Sequence[str] | None = None,
        billable_metrics: Sequence[Mapping[str, Any]] | None = None,
    ) -> SyncPager[UsageBatchAggregate]:
        """Get batched usage data.

        Retrieve aggregated usage data across multiple customers and billable metrics in a single query.

        Every item, following the cursor to the end.

        ``POST /v1/usage``"""
        pager = self._async.list(
            window_size=window_size,
            starting_on=starting_on,
            ending_before=ending_before,
            customer_ids=customer_ids,
            billable_metrics=billable_metrics,
        )
        return SyncPager(pager, self._loop)

    def list_seats(
        self,
        customer_id: str,
        *,
        seat_metric_id: str,
        usage_type: str,
        window_size: str,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        current_period: bool | None = None,
    ) -> SyncPager[SeatsUsageAggregate]:
        """Get seats usage data.

        Fetch seats usage data for the specified customer, broken into intervals of the specified length.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/usage/seats``"""
        pager = self._async.list_seats(
            customer_id,
            seat_metric_id=seat_metric_id,
            usage_type=usage_type,
            window_size=window_size,
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            current_period=current_period,
        )
        return SyncPager(pager, self._loop)

    def list_with_groups(
        self,
        customer_id: str,
        *,
        billable_metric_id: str,
        window_size: str,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        group_by: Mapping[str, Any] | None = None,
        group_key: Sequence[str] | None = None,
        group_filters: Mapping[str, Any] | None = None,
        current_period: bool | None = None,
    ) -> SyncPager[PagedUsageAggregate]:
        """Get usage data with paginated groupings.

        Retrieve granular usage data for a specific customer and billable metric, with the ability to break
        down usage by custom grouping dimensions.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/usage/groups``"""
        pager = self._async.list_with_groups(
            customer_id,
            billable_metric_id=billable_metric_id,
            window_size=window_size,
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            group_by=group_by,
            group_key=group_key,
            group_filters=group_filters,
            current_period=current_period,
        )
        return SyncPager(pager, self._loop)

    def search(self, *, transactionIds: Sequence[str]) -> builtins.list[SearchedEvent]:
        """Search events.

        This endpoint retrieves events by transaction ID for events that occurred within the last 34 days.

        ``POST /v1/events/search``"""
        return self._loop.call(self._async.search, transactionIds=transactionIds)


class SyncContractsNamedSchedulesResource:
    """The blocking twin of ``ContractsNamedSchedulesResource``."""

    def __init__(self, resource: ContractsNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(
        self,
        customer_id: str,
        *,
        contract_id: str | None = None,
        schedule_name: str | None = None,
        properties: Mapping[str, Any] | None = None,
        covering_date: datetime | str | None = None,
        limit: int | None = None,
    ) -> SyncPager[CustomerContractNamedSchedule]:
        """List contract named schedules.

        List contract-level named schedules for a customer, optionally scoped to a single contract.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/listNamedSchedules``"""
        pager = self._async.list(
            customer_id,
            contract_id=contract_id,
            schedule_name=schedule_name,
            properties=properties,
            covering_date=covering_date,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> builtins.list[NamedScheduleSegment]:
        """Get a contract's named schedule.

        Get a named schedule for the given contract.

        ``POST /v1/contracts/getNamedSchedule``"""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
            properties=properties,
        )

    def update(
        self,
        customer_id: str,
        contract_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        properties: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Update a contract's named schedule.

        Update a named schedule for the given contract.

        ``POST /v1/contracts/updateNamedSchedule``"""
        return self._loop.call(
            self._async.update,
            customer_id,
            contract_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            properties=properties,
            idempotency_key=idempotency_key,
        )


class SyncContracts:
    """The blocking twin of ``Contracts``."""

    named_schedules: SyncContractsNamedSchedulesResource

    def __init__(self, resource: Contracts, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.named_schedules = SyncContractsNamedSchedulesResource(resource.named_schedules, loop)

    def add_manual_balance_entry(
        self,
        customer_id: str,
        *,
        id: str,
        segment_id: str,
        amount: float,
        reason: str,
        contract_id: str | None = None,
        per_group_amounts: Mapping[str, Any] | None = None,
        timestamp: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Add a manual balance entry.

        Manually adjust the available balance on a commit or credit.

        ``POST /v1/contracts/addManualBalanceLedgerEntry``"""
        return self._loop.call(
            self._async.add_manual_balance_entry,
            customer_id,
            id=id,
            segment_id=segment_id,
            amount=amount,
            reason=reason,
            contract_id=contract_id,
            per_group_amounts=per_group_amounts,
            timestamp=timestamp,
            idempotency_key=idempotency_key,
        )

    def amend(
        self,
        customer_id: str,
        contract_id: str,
        *,
        starting_at: datetime | str,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        total_contract_value: float | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Amend a contract.

        Amendments will be replaced by Contract editing.

        ``POST /v1/contracts/amend``"""
        return self._loop.call(
            self._async.amend,
            customer_id,
            contract_id,
            starting_at=starting_at,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            total_contract_value=total_contract_value,
            commits=commits,
            credits=credits,
            overrides=overrides,
            discounts=discounts,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            scheduled_charges=scheduled_charges,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def archive(
        self,
        customer_id: str,
        contract_id: str,
        *,
        void_invoices: bool,
        idempotency_key: str | None = None,
    ) -> str:
        """Archive a contract.

        Permanently end and archive a contract along with all its terms.

        ``POST /v1/contracts/archive``"""
        return self._loop.call(
            self._async.archive,
            customer_id,
            contract_id,
            void_invoices=void_invoices,
            idempotency_key=idempotency_key,
        )

    def archive_commit(self, customer_id: str, commit_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a commit.

        Archive a contract-level or customer-level commit.

        ``POST /v2/contracts/commits/archive``"""
        return self._loop.call(
            self._async.archive_commit,
            customer_id,
            commit_id,
            idempotency_key=idempotency_key,
        )

    def archive_credit(self, customer_id: str, credit_id: str, *, idempotency_key: str | None = None) -> str:
        """Archive a credit.

        Archive a contract-level or customer-level credit.

        ``POST /v2/contracts/credits/archive``"""
        return self._loop.call(
            self._async.archive_credit,
            customer_id,
            credit_id,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        customer_id: str,
        *,
        starting_at: datetime | str,
        package_id: str | None = None,
        package_alias: str | None = None,
        name: str | None = None,
        uniqueness_key: str | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        net_payment_terms_days: float | None = None,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        total_contract_value: float | None = None,
        ending_before: datetime | str | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        multiplier_override_prioritization: str | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        transition: Mapping[str, Any] | None = None,
        usage_filter: Mapping[str, Any] | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        billing_provider_configuration: Mapping[str, Any] | None = None,
        revenue_system_configuration: Mapping[str, Any] | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a contract.

        Contracts define a customer's products, pricing, discounts, access duration, and billing
        configuration.

        ``POST /v1/contracts/create``"""
        return self._loop.call(
            self._async.create,
            customer_id,
            starting_at=starting_at,
            package_id=package_id,
            package_alias=package_alias,
            name=name,
            uniqueness_key=uniqueness_key,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            net_payment_terms_days=net_payment_terms_days,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            total_contract_value=total_contract_value,
            ending_before=ending_before,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            multiplier_override_prioritization=multiplier_override_prioritization,
            overrides=overrides,
            discounts=discounts,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            scheduled_charges=scheduled_charges,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            transition=transition,
            usage_filter=usage_filter,
            usage_statement_schedule=usage_statement_schedule,
            custom_fields=custom_fields,
            billing_provider_configuration=billing_provider_configuration,
            revenue_system_configuration=revenue_system_configuration,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            spend_trackers=spend_trackers,
            subscriptions=subscriptions,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def create_historical_invoices(
        self,
        *,
        invoices: Sequence[Mapping[str, Any]],
        preview: bool,
        idempotency_key: str | None = None,
    ) -> builtins.list[Invoice]:
        """Create historical invoices.

        Create historical usage invoices for past billing periods on specific contracts.

        ``POST /v1/contracts/createHistoricalInvoices``"""
        return self._loop.call(
            self._async.create_historical_invoices,
            invoices=invoices,
            preview=preview,
            idempotency_key=idempotency_key,
        )

    def disable_commit_trueup(
        self,
        customer_id: str,
        contract_id: str,
        commit_id: str,
        *,
        amendment_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Disable trueup for commit.

        Disable the true-up invoice for a postpaid commit.

        ``POST /v1/contracts/commits/disableTrueup``"""
        return self._loop.call(
            self._async.disable_commit_trueup,
            customer_id,
            contract_id,
            commit_id,
            amendment_id=amendment_id,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        customer_id: str,
        contract_id: str,
        *,
        uniqueness_key: str | None = None,
        add_commits: Sequence[Mapping[str, Any]] | None = None,
        add_credits: Sequence[Mapping[str, Any]] | None = None,
        add_recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        add_recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        add_discounts: Sequence[Mapping[str, Any]] | None = None,
        add_overrides: Sequence[Mapping[str, Any]] | None = None,
        add_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        add_professional_services: Sequence[Mapping[str, Any]] | None = None,
        add_reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        add_subscriptions: Sequence[Mapping[str, Any]] | None = None,
        add_spend_threshold_configuration: Mapping[str, Any] | None = None,
        add_prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        add_billing_provider_configuration_update: Mapping[str, Any] | None = None,
        add_revenue_system_configuration_update: Mapping[str, Any] | None = None,
        add_spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        update_contract_name: str | None | Unset = UNSET,
        update_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        update_commits: Sequence[Mapping[str, Any]] | None = None,
        update_credits: Sequence[Mapping[str, Any]] | None = None,
        update_recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        update_recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        update_subscriptions: Sequence[Mapping[str, Any]] | None = None,
        update_spend_threshold_configuration: Mapping[str, Any] | None = None,
        update_prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        update_contract_end_date: datetime | str | None | Unset = UNSET,
        update_net_payment_terms_days: float | None | Unset = UNSET,
        allow_contract_ending_before_finalized_invoice: bool | None = None,
        archive_commits: Sequence[Mapping[str, Any]] | None = None,
        archive_credits: Sequence[Mapping[str, Any]] | None = None,
        archive_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        archive_spend_trackers: Sequence[str] | None = None,
        remove_overrides: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Edit a contract.

        The ability to edit a contract helps you react quickly to the needs of your customers and your
        business.

        ``POST /v2/contracts/edit``"""
        return self._loop.call(
            self._async.edit,
            customer_id,
            contract_id,
            uniqueness_key=uniqueness_key,
            add_commits=add_commits,
            add_credits=add_credits,
            add_recurring_commits=add_recurring_commits,
            add_recurring_credits=add_recurring_credits,
            add_discounts=add_discounts,
            add_overrides=add_overrides,
            add_scheduled_charges=add_scheduled_charges,
            add_professional_services=add_professional_services,
            add_reseller_royalties=add_reseller_royalties,
            add_subscriptions=add_subscriptions,
            add_spend_threshold_configuration=add_spend_threshold_configuration,
            add_prepaid_balance_threshold_configuration=add_prepaid_balance_threshold_configuration,
            add_billing_provider_configuration_update=add_billing_provider_configuration_update,
            add_revenue_system_configuration_update=add_revenue_system_configuration_update,
            add_spend_trackers=add_spend_trackers,
            update_contract_name=update_contract_name,
            update_scheduled_charges=update_scheduled_charges,
            update_commits=update_commits,
            update_credits=update_credits,
            update_recurring_commits=update_recurring_commits,
            update_recurring_credits=update_recurring_credits,
            update_subscriptions=update_subscriptions,
            update_spend_threshold_configuration=update_spend_threshold_configuration,
            update_prepaid_balance_threshold_configuration=update_prepaid_balance_threshold_configuration,
            update_contract_end_date=update_contract_end_date,
            update_net_payment_terms_days=update_net_payment_terms_days,
            allow_contract_ending_before_finalized_invoice=allow_contract_ending_before_finalized_invoice,
            archive_commits=archive_commits,
            archive_credits=archive_credits,
            archive_scheduled_charges=archive_scheduled_charges,
            archive_spend_trackers=archive_spend_trackers,
            remove_overrides=remove_overrides,
            idempotency_key=idempotency_key,
        )

    def edit_commit(
        self,
        customer_id: str,
        commit_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        access_schedule: Mapping[str, Any] | None = None,
        invoice_schedule: Mapping[str, Any] | None = None,
        invoice_contract_id: str | None = None,
        applicable_product_ids: Sequence[str] | None | Unset = UNSET,
        applicable_product_tags: Sequence[str] | None | Unset = UNSET,
        applicable_contract_ids: Sequence[str] | None | Unset = UNSET,
        specifiers: Sequence[Mapping[str, Any]] | None | Unset = UNSET,
        product_id: str | None = None,
        priority: float | None | Unset = UNSET,
        rate_type: str | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Edit a commit.

        Edit specific details for a contract-level or customer-level commit.

        ``POST /v2/contracts/commits/edit``"""
        return self._loop.call(
            self._async.edit_commit,
            customer_id,
            commit_id,
            name=name,
            description=description,
            access_schedule=access_schedule,
            invoice_schedule=invoice_schedule,
            invoice_contract_id=invoice_contract_id,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            product_id=product_id,
            priority=priority,
            rate_type=rate_type,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def edit_credit(
        self,
        customer_id: str,
        credit_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        access_schedule: Mapping[str, Any] | None = None,
        applicable_product_ids: Sequence[str] | None | Unset = UNSET,
        applicable_product_tags: Sequence[str] | None | Unset = UNSET,
        applicable_contract_ids: Sequence[str] | None | Unset = UNSET,
        specifiers: Sequence[Mapping[str, Any]] | None | Unset = UNSET,
        product_id: str | None = None,
        priority: float | None | Unset = UNSET,
        rate_type: str | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Edit a credit.

        Edit details for a contract-level or customer-level credit.

        ``POST /v2/contracts/credits/edit``"""
        return self._loop.call(
            self._async.edit_credit,
            customer_id,
            credit_id,
            name=name,
            description=description,
            access_schedule=access_schedule,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            product_id=product_id,
            priority=priority,
            rate_type=rate_type,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def get_edit_history(self, customer_id: str, contract_id: str) -> builtins.list[ContractEdit]:
        """Get contract edit history.

        List all the edits made to a contract over time.

        ``POST /v2/contracts/getEditHistory``"""
        return self._loop.call(self._async.get_edit_history, customer_id, contract_id)

    def get_net_balance(
        self,
        customer_id: str,
        *,
        credit_type_id: str | None = None,
        filters: Sequence[Mapping[str, Any]] | None = None,
        invoice_inclusion_mode: str | None = None,
    ) -> NetBalance:
        """Get the net balance of a customer.

        Retrieve the combined current balance across any grouping of credits and commits for a customer in a
        single API call.

        ``POST /v1/contracts/customerBalances/getNetBalance``"""
        return self._loop.call(
            self._async.get_net_balance,
            customer_id,
            credit_type_id=credit_type_id,
            filters=filters,
            invoice_inclusion_mode=invoice_inclusion_mode,
        )

    def get_subscription_seats_history(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_id: str,
        limit: int | None | Unset = UNSET,
        covering_date: datetime | str | None | Unset = UNSET,
        starting_at: datetime | str | None | Unset = UNSET,
        ending_before: datetime | str | None | Unset = UNSET,
    ) -> SyncPager[SubscriptionSeatsScheduleEntry]:
        """Get subscription seats history.

        Get the history of subscription seats schedule over time for a given `subscription_id`.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/getSubscriptionSeatsHistory``"""
        pager = self._async.get_subscription_seats_history(
            customer_id,
            contract_id,
            subscription_id=subscription_id,
            limit=limit,
            covering_date=covering_date,
            starting_at=starting_at,
            ending_before=ending_before,
        )
        return SyncPager(pager, self._loop)

    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> SyncPager[Contract]:
        """The customer's contracts in chronological order, following ``cursor`` to the end; ``await`` it or
        ``.to_list()`` for a list. ``covering_date``: only those active then; ``starting_at``: only those
        starting then or later (not both). Archived contracts only with ``include_archived=True``.

        ``POST /v2/contracts/list``"""
        pager = self._async.list(
            customer_id,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
            limit=limit,
            include_balance=include_balance,
            include_ledgers=include_ledgers,
        )
        return SyncPager(pager, self._loop)

    def list_balances(
        self,
        customer_id: str,
        *,
        contract_id: str | None = None,
        access_type: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_balances: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
        exclude_zero_balances: bool | None = None,
        webhook_notification_id: str | None = None,
    ) -> SyncPager[Balance]:
        """List balances.

        Retrieve a comprehensive view of all available balances (commits and credits) for a customer.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/customerBalances/list``"""
        pager = self._async.list_balances(
            customer_id,
            contract_id=contract_id,
            access_type=access_type,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_balances=include_contract_balances,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
            exclude_zero_balances=exclude_zero_balances,
            webhook_notification_id=webhook_notification_id,
        )
        return SyncPager(pager, self._loop)

    def list_seat_balances(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_ids: Sequence[str] | None = None,
        seat_ids: Sequence[str] | None = None,
        skip_missing_seat_ids: bool | None = None,
        include_credits_and_commits: bool | None = None,
        include_ledgers: bool | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        covering_date: datetime | str | None = None,
        limit: int | None = None,
    ) -> SyncPager[SeatBalance]:
        """List seat balances.

        Retrieve detailed balance for seat-based credits and commits from the contract's subscriptions,
        broken down by individual seats.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/seatBalances/list``"""
        pager = self._async.list_seat_balances(
            customer_id,
            contract_id,
            subscription_ids=subscription_ids,
            seat_ids=seat_ids,
            skip_missing_seat_ids=skip_missing_seat_ids,
            include_credits_and_commits=include_credits_and_commits,
            include_ledgers=include_ledgers,
            starting_at=starting_at,
            effective_before=effective_before,
            covering_date=covering_date,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def list_v1(
        self,
        customer_id: str,
        *,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        include_archived: bool | None = None,
        starting_at: datetime | str | None = None,
        covering_date: datetime | str | None = None,
    ) -> builtins.list[ContractSchema]:
        """List customer contracts (v1).

        Retrieves all contracts for a specific customer, including pricing, terms, credits, and commitments.

        ``POST /v1/contracts/list``"""
        return self._loop.call(
            self._async.list_v1,
            customer_id,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            include_archived=include_archived,
            starting_at=starting_at,
            covering_date=covering_date,
        )

    def release_threshold_commit(
        self,
        *,
        workflow_id: str,
        outcome: str,
        idempotency_key: str | None = None,
    ) -> None:
        """Release external payment gate threshold commit.

        If using threshold billing with an external payment gateway, Metronome does not facilitate the
        payment gating process on behalf of the client.

        ``POST /v1/contracts/commits/threshold-billing/release``"""
        return self._loop.call(
            self._async.release_threshold_commit,
            workflow_id=workflow_id,
            outcome=outcome,
            idempotency_key=idempotency_key,
        )

    def retire_commits(
        self,
        customer_id: str,
        contract_id: str,
        *,
        commit_ids: Sequence[str],
        dry_run: bool | None = None,
        idempotency_key: str | None = None,
    ) -> RetireCommitsResponse:
        """Retire commits.

        Retire one or more commits on a contract.

        ``POST /v2/contracts/commits/retire``"""
        return self._loop.call(
            self._async.retire_commits,
            customer_id,
            contract_id,
            commit_ids=commit_ids,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
        )

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        include_ledgers: bool = False,
        as_of_date: datetime | str | None = None,
        include_balance: bool = False,
        webhook_notification_id: str | None = None,
    ) -> Contract:
        """Get a contract (v2).

        Gets the details for a specific contract, including contract term, rate card information, credits and
        commits, and more.

        ``POST /v2/contracts/get``"""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            include_ledgers=include_ledgers,
            as_of_date=as_of_date,
            include_balance=include_balance,
            webhook_notification_id=webhook_notification_id,
        )

    def retrieve_rate_schedule(
        self,
        customer_id: str,
        contract_id: str,
        *,
        limit: int | None = None,
        at: datetime | str | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> SyncPager[ContractRateSchedule]:
        """Get the rate schedule for a contract.

        For a specific customer and contract, get the rates at a specific point in time.

        Every item, following the cursor to the end; ``limit`` is the page size.

        ``POST /v1/contracts/getContractRateSchedule``"""
        pager = self._async.retrieve_rate_schedule(
            customer_id,
            contract_id,
            limit=limit,
            at=at,
            selectors=selectors,
        )
        return SyncPager(pager, self._loop)

    def retrieve_subscription_quantity_history(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_id: str,
    ) -> SubscriptionQuantityHistory:
        """Get subscription quantity history.

        Get the history of subscription quantities and prices over time for a given `subscription_id`.

        ``POST /v1/contracts/getSubscriptionQuantityHistory``"""
        return self._loop.call(
            self._async.retrieve_subscription_quantity_history,
            customer_id,
            contract_id,
            subscription_id=subscription_id,
        )

    def retrieve_v1(
        self,
        customer_id: str,
        contract_id: str,
        *,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
    ) -> ContractSchema:
        """Get a contract (v1).

        This is the v1 endpoint to get a contract.

        ``POST /v1/contracts/get``"""
        return self._loop.call(
            self._async.retrieve_v1,
            customer_id,
            contract_id,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
        )

    def schedule_pro_services_invoice(
        self,
        customer_id: str,
        contract_id: str,
        *,
        issued_at: datetime | str,
        line_items: Sequence[Mapping[str, Any]],
        netsuite_invoice_header_start: datetime | str | None = None,
        netsuite_invoice_header_end: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> builtins.list[Invoice]:
        """Schedule ProService invoice.

        Create a new scheduled invoice for Professional Services terms on a contract.

        ``POST /v1/contracts/scheduleProServicesInvoice``"""
        return self._loop.call(
            self._async.schedule_pro_services_invoice,
            customer_id,
            contract_id,
            issued_at=issued_at,
            line_items=line_items,
            netsuite_invoice_header_start=netsuite_invoice_header_start,
            netsuite_invoice_header_end=netsuite_invoice_header_end,
            idempotency_key=idempotency_key,
        )

    def set_usage_filter(
        self,
        customer_id: str,
        contract_id: str,
        *,
        group_key: str,
        group_values: Sequence[str],
        starting_at: datetime | str,
        idempotency_key: str | None = None,
    ) -> None:
        """Set a contract usage filter.

        If a customer has multiple contracts with overlapping rates, the usage filter routes usage to the
        appropriate contract based on a predefined group key.

        ``POST /v1/contracts/setUsageFilter``"""
        return self._loop.call(
            self._async.set_usage_filter,
            customer_id,
            contract_id,
            group_key=group_key,
            group_values=group_values,
            starting_at=starting_at,
            idempotency_key=idempotency_key,
        )

    def update_end_date(
        self,
        customer_id: str,
        contract_id: str,
        *,
        ending_before: datetime | str | None = None,
        allow_ending_before_finalized_invoice: bool | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Update the contract end date.

        Update or add an end date to a contract.

        ``POST /v1/contracts/updateEndDate``"""
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            contract_id,
            ending_before=ending_before,
            allow_ending_before_finalized_invoice=allow_ending_before_finalized_invoice,
            idempotency_key=idempotency_key,
        )

    def update_invoice_issue_date(
        self,
        *,
        invoice_id: str,
        issue_date: datetime | str,
        idempotency_key: str | None = None,
    ) -> str:
        """Update invoice issue date.

        Updates the issue date of a specific DRAFT invoice within a contract.

        ``POST /v1/contracts/updateInvoiceIssueDate``"""
        return self._loop.call(
            self._async.update_invoice_issue_date,
            invoice_id=invoice_id,
            issue_date=issue_date,
            idempotency_key=idempotency_key,
        )


class SyncRawAlertsResource(SyncRawView):
    """The blocking twin of ``RawAlertsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawAlertsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(
        self,
        alert_id: str,
        *,
        release_uniqueness_key: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.archive,
            alert_id,
            release_uniqueness_key=release_uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        *,
        alert_type: str,
        name: str,
        threshold: float,
        uniqueness_key: str | None = None,
        credit_type_id: str | None = None,
        customer_id: str | None = None,
        plan_id: str | None = None,
        billable_metric_id: str | None = None,
        credit_grant_type_filters: Sequence[str] | None = None,
        evaluate_on_create: bool | None = None,
        custom_field_filters: Sequence[Mapping[str, Any]] | None = None,
        group_key_filter: Mapping[str, Any] | None = None,
        invoice_types_filter: Sequence[str] | None = None,
        group_values: Sequence[Mapping[str, Any]] | None = None,
        seat_filter: Mapping[str, Any] | None = None,
        alert_specifiers: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            alert_type=alert_type,
            name=name,
            threshold=threshold,
            uniqueness_key=uniqueness_key,
            credit_type_id=credit_type_id,
            customer_id=customer_id,
            plan_id=plan_id,
            billable_metric_id=billable_metric_id,
            credit_grant_type_filters=credit_grant_type_filters,
            evaluate_on_create=evaluate_on_create,
            custom_field_filters=custom_field_filters,
            group_key_filter=group_key_filter,
            invoice_types_filter=invoice_types_filter,
            group_values=group_values,
            seat_filter=seat_filter,
            alert_specifiers=alert_specifiers,
            idempotency_key=idempotency_key,
        )


class SyncRawApprovalRequestsResource(SyncRawView):
    """The blocking twin of ``RawApprovalRequestsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawApprovalRequestsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def submit(
        self,
        *,
        name: str,
        description: str,
        method: str,
        request_type: str,
        request_payload: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> APIResponse[ApprovalRequest]:
        return self._loop.call(
            self._async.submit,
            name=name,
            description=description,
            method=method,
            request_type=request_type,
            request_payload=request_payload,
            idempotency_key=idempotency_key,
        )


class SyncRawAuditLogsResource(SyncRawView):
    """The blocking twin of ``RawAuditLogsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawAuditLogsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(
        self,
        *,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        sort: str | None = None,
        resource_id: str | None = None,
        resource_type: str | None = None,
    ) -> APIResponse[Page[AuditLog]]:
        return self._loop.call(
            self._async.list,
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            sort=sort,
            resource_id=resource_id,
            resource_type=resource_type,
        )


class SyncRawBillableMetricsResource(SyncRawView):
    """The blocking twin of ``RawBillableMetricsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawBillableMetricsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(self, billable_metric_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.archive, billable_metric_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        sql: str | None = None,
        event_type_filter: Mapping[str, Any] | None = None,
        property_filters: Sequence[Mapping[str, Any]] | None = None,
        aggregation_type: str | None = None,
        aggregation_key: str | None = None,
        group_keys: Sequence[Sequence[str]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            name=name,
            sql=sql,
            event_type_filter=event_type_filter,
            property_filters=property_filters,
            aggregation_type=aggregation_type,
            aggregation_key=aggregation_key,
            group_keys=group_keys,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_legacy(
        self,
        *,
        name: str,
        aggregate: str,
        filter: Mapping[str, Any],
        aggregate_key: str | None = None,
        group_keys: Sequence[str] | None = None,
        group_values: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create_legacy,
            name=name,
            aggregate=aggregate,
            filter=filter,
            aggregate_key=aggregate_key,
            group_keys=group_keys,
            group_values=group_values,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        include_archived: bool | None = None,
    ) -> APIResponse[Page[BillableMetricV1]]:
        return self._loop.call(self._async.list, limit=limit, include_archived=include_archived)

    def retrieve(self, billable_metric_id: str) -> APIResponse[BillableMetricV1]:
        return self._loop.call(self._async.retrieve, billable_metric_id)

    def update(self, billable_metric_id: str, *, name: str) -> APIResponse[str]:
        return self._loop.call(self._async.update, billable_metric_id, name=name)


class SyncRawCreditGrantsRechargeSettingsResource(SyncRawView):
    """The blocking twin of ``RawCreditGrantsRechargeSettingsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCreditGrantsRechargeSettingsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        recharge_to_amount: float,
        recharge_threshold: float,
        name: str,
        priority: float,
        grant_duration: float,
        credit_type_id: str,
        prepaid_options: Mapping[str, Any],
        enabled: bool | None = None,
        recharge_now: bool | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[RechargeSetting]:
        return self._loop.call(
            self._async.create,
            customer_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            name=name,
            priority=priority,
            grant_duration=grant_duration,
            credit_type_id=credit_type_id,
            prepaid_options=prepaid_options,
            enabled=enabled,
            recharge_now=recharge_now,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )

    def list(self, customer_id: str) -> APIResponse[builtins.list[GetRechargeSettingsPayload]]:
        return self._loop.call(self._async.list, customer_id)

    def update(
        self,
        customer_id: str,
        recharge_settings_id: str,
        *,
        recharge_to_amount: float,
        recharge_threshold: float,
        name: str,
        priority: float,
        grant_duration: float,
        credit_type_id: str,
        prepaid_options: Mapping[str, Any],
        enabled: bool | None = None,
        recharge_now: bool | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[RechargeSetting]:
        return self._loop.call(
            self._async.update,
            customer_id,
            recharge_settings_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            name=name,
            priority=priority,
            grant_duration=grant_duration,
            credit_type_id=credit_type_id,
            prepaid_options=prepaid_options,
            enabled=enabled,
            recharge_now=recharge_now,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )


class SyncRawCreditGrantsResource(SyncRawView):
    """The blocking twin of ``RawCreditGrantsResource``:
    each call answers an ``APIResponse``."""

    recharge_settings: SyncRawCreditGrantsRechargeSettingsResource

    def __init__(self, raw: RawCreditGrantsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.recharge_settings = SyncRawCreditGrantsRechargeSettingsResource(raw.recharge_settings, loop)

    def create(
        self,
        customer_id: str,
        *,
        grant_amount: Mapping[str, Any],
        paid_amount: Mapping[str, Any],
        name: str,
        expires_at: datetime | str,
        priority: float,
        uniqueness_key: str | None = None,
        effective_at: datetime | str | None = None,
        invoice_date: datetime | str | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        rollover_settings: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            customer_id,
            grant_amount=grant_amount,
            paid_amount=paid_amount,
            name=name,
            expires_at=expires_at,
            priority=priority,
            uniqueness_key=uniqueness_key,
            effective_at=effective_at,
            invoice_date=invoice_date,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            rollover_settings=rollover_settings,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_prepaid(
        self,
        customer_id: str,
        *,
        grant_amount: Mapping[str, Any],
        paid_amount: Mapping[str, Any],
        name: str,
        expires_at: datetime | str,
        invoice_date: datetime | str,
        priority: float,
        prepaid_options: Mapping[str, Any],
        effective_at: datetime | str | None = None,
        reason: str | None = None,
        credit_grant_type: str | None = None,
        product_ids: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[PrepaidGrant]:
        return self._loop.call(
            self._async.create_prepaid,
            customer_id,
            grant_amount=grant_amount,
            paid_amount=paid_amount,
            name=name,
            expires_at=expires_at,
            invoice_date=invoice_date,
            priority=priority,
            prepaid_options=prepaid_options,
            effective_at=effective_at,
            reason=reason,
            credit_grant_type=credit_grant_type,
            product_ids=product_ids,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        credit_grant_id: str,
        *,
        name: str | None = None,
        expires_at: datetime | str | None = None,
        credit_grant_type: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.edit,
            credit_grant_id,
            name=name,
            expires_at=expires_at,
            credit_grant_type=credit_grant_type,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        credit_type_ids: Sequence[str] | None = None,
        customer_ids: Sequence[str] | None = None,
        credit_grant_ids: Sequence[str] | None = None,
        not_expiring_before: datetime | str | None = None,
        effective_before: datetime | str | None = None,
    ) -> APIResponse[Page[CreditGrant]]:
        return self._loop.call(
            self._async.list,
            limit=limit,
            credit_type_ids=credit_type_ids,
            customer_ids=customer_ids,
            credit_grant_ids=credit_grant_ids,
            not_expiring_before=not_expiring_before,
            effective_before=effective_before,
        )

    def list_entries(
        self,
        *,
        sort: str | None = None,
        customer_ids: Sequence[str] | None = None,
        credit_type_ids: Sequence[str] | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
    ) -> APIResponse[Page[CustomerCreditTypeLedger]]:
        return self._loop.call(
            self._async.list_entries,
            sort=sort,
            customer_ids=customer_ids,
            credit_type_ids=credit_type_ids,
            starting_on=starting_on,
            ending_before=ending_before,
        )

    def migrate_to_contracts(
        self,
        customer_id: str,
        *,
        cutover_date: datetime | str,
        contract_credits_product_id: str,
        contract_prepaid_commits_product_id: str,
        contract_credits_priority_override: float | None = None,
        contract_prepaid_commits_priority_override: float | None = None,
        grant_to_contract_commit_mapping: Sequence[Mapping[str, Any]] | None = None,
        dry_run: bool | None = None,
        batch_size: float | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[CreditGrantMigration]:
        return self._loop.call(
            self._async.migrate_to_contracts,
            customer_id,
            cutover_date=cutover_date,
            contract_credits_product_id=contract_credits_product_id,
            contract_prepaid_commits_product_id=contract_prepaid_commits_product_id,
            contract_credits_priority_override=contract_credits_priority_override,
            contract_prepaid_commits_priority_override=contract_prepaid_commits_priority_override,
            grant_to_contract_commit_mapping=grant_to_contract_commit_mapping,
            dry_run=dry_run,
            batch_size=batch_size,
            idempotency_key=idempotency_key,
        )

    def void(
        self,
        credit_grant_id: str,
        *,
        void_credit_purchase_invoice: bool | None = None,
        release_uniqueness_key: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.void,
            credit_grant_id,
            void_credit_purchase_invoice=void_credit_purchase_invoice,
            release_uniqueness_key=release_uniqueness_key,
            idempotency_key=idempotency_key,
        )


class SyncRawCustomFieldsResource(SyncRawView):
    """The blocking twin of ``RawCustomFieldsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomFieldsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add_key(
        self,
        *,
        entity: str,
        key: str,
        enforce_uniqueness: bool,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.add_key,
            entity=entity,
            key=key,
            enforce_uniqueness=enforce_uniqueness,
            idempotency_key=idempotency_key,
        )

    def delete_values(
        self,
        *,
        entity: str,
        entity_id: str,
        keys: Sequence[str],
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.delete_values,
            entity=entity,
            entity_id=entity_id,
            keys=keys,
            idempotency_key=idempotency_key,
        )

    def list_keys(self, *, entities: Sequence[str] | None = None) -> APIResponse[Page[CustomFieldKey]]:
        return self._loop.call(self._async.list_keys, entities=entities)

    def remove_key(self, *, entity: str, key: str, idempotency_key: str | None = None) -> APIResponse[None]:
        return self._loop.call(
            self._async.remove_key,
            entity=entity,
            key=key,
            idempotency_key=idempotency_key,
        )

    def set_values(
        self,
        *,
        entity: str,
        entity_id: str,
        custom_fields: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_values,
            entity=entity,
            entity_id=entity_id,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )


class SyncRawDashboardsResource(SyncRawView):
    """The blocking twin of ``RawDashboardsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawDashboardsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def get_embeddable_url(
        self,
        customer_id: str,
        *,
        dashboard: str,
        dashboard_options: Sequence[Mapping[str, Any]] | None = None,
        color_overrides: Sequence[Mapping[str, Any]] | None = None,
        bm_group_key_overrides: Sequence[Mapping[str, Any]] | None = None,
    ) -> APIResponse[EmbeddableUrl]:
        return self._loop.call(
            self._async.get_embeddable_url,
            customer_id,
            dashboard=dashboard,
            dashboard_options=dashboard_options,
            color_overrides=color_overrides,
            bm_group_key_overrides=bm_group_key_overrides,
        )


class SyncRawIntegrationsResource(SyncRawView):
    """The blocking twin of ``RawIntegrationsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawIntegrationsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def log(
        self,
        *,
        service_name: str,
        metric_name: str,
        dimensions: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.log,
            service_name=service_name,
            metric_name=metric_name,
            dimensions=dimensions,
            idempotency_key=idempotency_key,
        )


class SyncRawInvoicesResource(SyncRawView):
    """The blocking twin of ``RawInvoicesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawInvoicesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def regenerate(self, invoice_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.regenerate, invoice_id, idempotency_key=idempotency_key)

    def void(self, invoice_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.void, invoice_id, idempotency_key=idempotency_key)


class SyncRawNotificationsOffsetResource(SyncRawView):
    """The blocking twin of ``RawNotificationsOffsetResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawNotificationsOffsetResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(
        self,
        notification_id: str,
        *,
        idempotency_key: str | None = None,
    ) -> APIResponse[LifecycleEventOffsetNotificationConfig]:
        return self._loop.call(self._async.archive, notification_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        policy: Mapping[str, Any],
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[LifecycleEventOffsetNotificationConfig]:
        return self._loop.call(
            self._async.create,
            name=name,
            policy=policy,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        *,
        policy: Any,
        notification_id: str | None = None,
        is_enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[NotificationConfig]:
        return self._loop.call(
            self._async.edit,
            policy=policy,
            notification_id=notification_id,
            is_enabled=is_enabled,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: float | None = None,
        archive_filter: str | None = None,
    ) -> APIResponse[Page[LifecycleEventOffsetNotificationConfig]]:
        return self._loop.call(self._async.list, limit=limit, archive_filter=archive_filter)

    def retrieve(self, notification_id: str) -> APIResponse[LifecycleEventOffsetNotificationConfig]:
        return self._loop.call(self._async.retrieve, notification_id)


class SyncRawNotificationsSystemResource(SyncRawView):
    """The blocking twin of ``RawNotificationsSystemResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawNotificationsSystemResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(self) -> APIResponse[builtins.list[LifecycleEventSystemNotificationConfig]]:
        return self._loop.call(self._async.list)


class SyncRawNotificationsResource(SyncRawView):
    """The blocking twin of ``RawNotificationsResource``:
    each call answers an ``APIResponse``."""

    offset: SyncRawNotificationsOffsetResource
    system: SyncRawNotificationsSystemResource

    def __init__(self, raw: RawNotificationsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.offset = SyncRawNotificationsOffsetResource(raw.offset, loop)
        self.system = SyncRawNotificationsSystemResource(raw.system, loop)


class SyncRawPackagesResource(SyncRawView):
    """The blocking twin of ``RawPackagesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawPackagesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(self, package_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.archive, package_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        contract_name: str | None = None,
        uniqueness_key: str | None = None,
        net_payment_terms_days: float | None = None,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        duration: Mapping[str, Any] | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        multiplier_override_prioritization: str | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        billing_provider: str | None = None,
        delivery_method: str | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            name=name,
            contract_name=contract_name,
            uniqueness_key=uniqueness_key,
            net_payment_terms_days=net_payment_terms_days,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            aliases=aliases,
            duration=duration,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            multiplier_override_prioritization=multiplier_override_prioritization,
            overrides=overrides,
            scheduled_charges=scheduled_charges,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            usage_statement_schedule=usage_statement_schedule,
            billing_provider=billing_provider,
            delivery_method=delivery_method,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            spend_trackers=spend_trackers,
            subscriptions=subscriptions,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        archive_filter: str | None = None,
    ) -> APIResponse[Page[Package]]:
        return self._loop.call(self._async.list, limit=limit, archive_filter=archive_filter)

    def list_contracts_on_package(
        self,
        package_id: str,
        *,
        limit: int | None = None,
        starting_at: datetime | str | None = None,
        covering_date: datetime | str | None = None,
        include_archived: bool | None = None,
    ) -> APIResponse[Page[ContractProjectionSummary]]:
        return self._loop.call(
            self._async.list_contracts_on_package,
            package_id,
            limit=limit,
            starting_at=starting_at,
            covering_date=covering_date,
            include_archived=include_archived,
        )

    def retrieve(self, package_id: str) -> APIResponse[Package]:
        return self._loop.call(self._async.retrieve, package_id)


class SyncRawPaymentsResource(SyncRawView):
    """The blocking twin of ``RawPaymentsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawPaymentsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def attempt(
        self,
        customer_id: str,
        *,
        invoice_id: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[Payment]:
        return self._loop.call(
            self._async.attempt,
            customer_id,
            invoice_id=invoice_id,
            idempotency_key=idempotency_key,
        )

    def cancel(
        self,
        customer_id: str,
        *,
        invoice_id: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[Payment]:
        return self._loop.call(
            self._async.cancel,
            customer_id,
            invoice_id=invoice_id,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        invoice_id: str,
        statuses: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[Payment]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            invoice_id=invoice_id,
            statuses=statuses,
            limit=limit,
        )


class SyncRawPlansResource(SyncRawView):
    """The blocking twin of ``RawPlansResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawPlansResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def get_details(self, plan_id: str) -> APIResponse[PlanDetail]:
        return self._loop.call(self._async.get_details, plan_id)

    def list(self, *, limit: int = 100) -> APIResponse[Page[Plan]]:
        return self._loop.call(self._async.list, limit=limit)

    def list_charges(self, plan_id: str, *, limit: int | None = None) -> APIResponse[Page[PlanCharge]]:
        return self._loop.call(self._async.list_charges, plan_id, limit=limit)

    def list_customers(
        self,
        plan_id: str,
        *,
        limit: int | None = None,
        status: str | None = None,
    ) -> APIResponse[Page[CustomerAndPlanDetail]]:
        return self._loop.call(self._async.list_customers, plan_id, limit=limit, status=status)


class SyncRawPricingUnitsResource(SyncRawView):
    """The blocking twin of ``RawPricingUnitsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawPricingUnitsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(self, *, limit: int | None = None) -> APIResponse[Page[PricingUnit]]:
        return self._loop.call(self._async.list, limit=limit)


class SyncRawProductsResource(SyncRawView):
    """The blocking twin of ``RawProductsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawProductsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(self, product_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.archive, product_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        type: str,
        netsuite_internal_item_id: str | None = None,
        netsuite_overage_item_id: str | None = None,
        billable_metric_id: str | None = None,
        sql_breakdown_granularity: str | None = None,
        composite_product_ids: Sequence[str] | None = None,
        composite_tags: Sequence[str] | None = None,
        is_refundable: bool | None = None,
        composite_scope: str | None = None,
        exclude_free_usage: bool | None = None,
        include_composite_spend: bool | None = None,
        tags: Sequence[str] | None = None,
        pricing_group_key: Sequence[str] | None = None,
        presentation_group_key: Sequence[str] | None = None,
        quantity_conversion: Mapping[str, Any] | None | Unset = UNSET,
        quantity_rounding: Mapping[str, Any] | None | Unset = UNSET,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            name=name,
            type=type,
            netsuite_internal_item_id=netsuite_internal_item_id,
            netsuite_overage_item_id=netsuite_overage_item_id,
            billable_metric_id=billable_metric_id,
            sql_breakdown_granularity=sql_breakdown_granularity,
            composite_product_ids=composite_product_ids,
            composite_tags=composite_tags,
            is_refundable=is_refundable,
            composite_scope=composite_scope,
            exclude_free_usage=exclude_free_usage,
            include_composite_spend=include_composite_spend,
            tags=tags,
            pricing_group_key=pricing_group_key,
            presentation_group_key=presentation_group_key,
            quantity_conversion=quantity_conversion,
            quantity_rounding=quantity_rounding,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        *,
        limit: int | None = None,
        archive_filter: str | None = None,
    ) -> APIResponse[Page[ProductListItem]]:
        return self._loop.call(self._async.list, limit=limit, archive_filter=archive_filter)

    def retrieve(self, product_id: str) -> APIResponse[ProductListItem]:
        return self._loop.call(self._async.retrieve, product_id)

    def update(
        self,
        product_id: str,
        *,
        starting_at: datetime | str,
        name: str | None = None,
        is_refundable: bool | None = None,
        exclude_free_usage: bool | None = None,
        include_composite_spend: bool | None = None,
        billable_metric_id: str | None = None,
        sql_breakdown_granularity: str | None = None,
        netsuite_internal_item_id: str | None = None,
        netsuite_overage_item_id: str | None = None,
        composite_product_ids: Sequence[str] | None = None,
        quantity_conversion: Mapping[str, Any] | None | Unset = UNSET,
        quantity_rounding: Mapping[str, Any] | None | Unset = UNSET,
        tags: Sequence[str] | None = None,
        composite_tags: Sequence[str] | None = None,
        pricing_group_key: Sequence[str] | None = None,
        presentation_group_key: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update,
            product_id,
            starting_at=starting_at,
            name=name,
            is_refundable=is_refundable,
            exclude_free_usage=exclude_free_usage,
            include_composite_spend=include_composite_spend,
            billable_metric_id=billable_metric_id,
            sql_breakdown_granularity=sql_breakdown_granularity,
            netsuite_internal_item_id=netsuite_internal_item_id,
            netsuite_overage_item_id=netsuite_overage_item_id,
            composite_product_ids=composite_product_ids,
            quantity_conversion=quantity_conversion,
            quantity_rounding=quantity_rounding,
            tags=tags,
            composite_tags=composite_tags,
            pricing_group_key=pricing_group_key,
            presentation_group_key=presentation_group_key,
            idempotency_key=idempotency_key,
        )


class SyncRawRateCardsNamedSchedulesResource(SyncRawView):
    """The blocking twin of ``RawRateCardsNamedSchedulesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawRateCardsNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def retrieve(
        self,
        rate_card_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
    ) -> APIResponse[builtins.list[NamedScheduleSegment]]:
        return self._loop.call(
            self._async.retrieve,
            rate_card_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
        )

    def update(
        self,
        rate_card_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update,
            rate_card_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            idempotency_key=idempotency_key,
        )


class SyncRawRateCardsProductOrdersResource(SyncRawView):
    """The blocking twin of ``RawRateCardsProductOrdersResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawRateCardsProductOrdersResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def set(
        self,
        rate_card_id: str,
        *,
        product_order: Sequence[str],
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.set,
            rate_card_id,
            product_order=product_order,
            idempotency_key=idempotency_key,
        )

    def update(
        self,
        rate_card_id: str,
        *,
        product_moves: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update,
            rate_card_id,
            product_moves=product_moves,
            idempotency_key=idempotency_key,
        )


class SyncRawRateCardsRatesResource(SyncRawView):
    """The blocking twin of ``RawRateCardsRatesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawRateCardsRatesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add(
        self,
        rate_card_id: str,
        *,
        product_id: str,
        starting_at: datetime | str,
        entitled: bool,
        rate_type: str,
        pricing_group_values: Mapping[str, Any] | None = None,
        billing_frequency: str | None = None,
        ending_before: datetime | str | None = None,
        price: float | None = None,
        credit_type_id: str | None = None,
        quantity: float | None = None,
        is_prorated: bool | None = None,
        tiers: Sequence[Mapping[str, Any]] | None = None,
        minimum_config: Mapping[str, Any] | None = None,
        custom_rate: Mapping[str, Any] | None = None,
        commit_rate: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[RateWithCommitRate]:
        return self._loop.call(
            self._async.add,
            rate_card_id,
            product_id=product_id,
            starting_at=starting_at,
            entitled=entitled,
            rate_type=rate_type,
            pricing_group_values=pricing_group_values,
            billing_frequency=billing_frequency,
            ending_before=ending_before,
            price=price,
            credit_type_id=credit_type_id,
            quantity=quantity,
            is_prorated=is_prorated,
            tiers=tiers,
            minimum_config=minimum_config,
            custom_rate=custom_rate,
            commit_rate=commit_rate,
            idempotency_key=idempotency_key,
        )

    def add_many(
        self,
        rate_card_id: str,
        *,
        rates: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.add_many,
            rate_card_id,
            rates=rates,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        rate_card_id: str,
        *,
        at: datetime | str,
        limit: int | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> APIResponse[Page[RateSchedule]]:
        return self._loop.call(self._async.list, rate_card_id, at=at, limit=limit, selectors=selectors)


class SyncRawRateCardsResource(SyncRawView):
    """The blocking twin of ``RawRateCardsResource``:
    each call answers an ``APIResponse``."""

    named_schedules: SyncRawRateCardsNamedSchedulesResource
    product_orders: SyncRawRateCardsProductOrdersResource
    rates: SyncRawRateCardsRatesResource

    def __init__(self, raw: RawRateCardsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.named_schedules = SyncRawRateCardsNamedSchedulesResource(raw.named_schedules, loop)
        self.product_orders = SyncRawRateCardsProductOrdersResource(raw.product_orders, loop)
        self.rates = SyncRawRateCardsRatesResource(raw.rates, loop)

    def archive(self, rate_card_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.archive, rate_card_id, idempotency_key=idempotency_key)

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        fiat_credit_type_id: str | None = None,
        credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            name=name,
            description=description,
            fiat_credit_type_id=fiat_credit_type_id,
            credit_type_conversions=credit_type_conversions,
            aliases=aliases,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(self, *, limit: int = 100) -> APIResponse[Page[RateCard]]:
        return self._loop.call(self._async.list, limit=limit)

    def retrieve(self, rate_card_id: str) -> APIResponse[RateCard]:
        return self._loop.call(self._async.retrieve, rate_card_id)

    def retrieve_rate_schedule(
        self,
        rate_card_id: str,
        *,
        starting_at: datetime | str,
        limit: int | None = None,
        ending_before: datetime | str | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> APIResponse[Page[RateSchedule]]:
        return self._loop.call(
            self._async.retrieve_rate_schedule,
            rate_card_id,
            starting_at=starting_at,
            limit=limit,
            ending_before=ending_before,
            selectors=selectors,
        )

    def update(
        self,
        rate_card_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        aliases: Sequence[Mapping[str, Any]] | None = None,
        add_credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update,
            rate_card_id,
            name=name,
            description=description,
            aliases=aliases,
            add_credit_type_conversions=add_credit_type_conversions,
            idempotency_key=idempotency_key,
        )


class SyncRawServicesResource(SyncRawView):
    """The blocking twin of ``RawServicesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawServicesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(self) -> APIResponse[Services]:
        return self._loop.call(self._async.list)


class SyncRawSettingsBillingProvidersResource(SyncRawView):
    """The blocking twin of ``RawSettingsBillingProvidersResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawSettingsBillingProvidersResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def create(
        self,
        *,
        billing_provider: str,
        delivery_method: str,
        configuration: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> APIResponse[BillingProviderSetup]:
        return self._loop.call(
            self._async.create,
            billing_provider=billing_provider,
            delivery_method=delivery_method,
            configuration=configuration,
            idempotency_key=idempotency_key,
        )

    def list(self) -> APIResponse[Page[BillingProviderDeliveryMethod]]:
        return self._loop.call(self._async.list)


class SyncRawSettingsResource(SyncRawView):
    """The blocking twin of ``RawSettingsResource``:
    each call answers an ``APIResponse``."""

    billing_providers: SyncRawSettingsBillingProvidersResource

    def __init__(self, raw: RawSettingsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.billing_providers = SyncRawSettingsBillingProvidersResource(raw.billing_providers, loop)

    def create_stripe_billing_settings(
        self,
        *,
        stripe_api_key: str,
        anrok_api_key: str | None | Unset = UNSET,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.create_stripe_billing_settings,
            stripe_api_key=stripe_api_key,
            anrok_api_key=anrok_api_key,
            idempotency_key=idempotency_key,
        )

    def delete_stripe_billing_settings(self) -> APIResponse[None]:
        return self._loop.call(self._async.delete_stripe_billing_settings)

    def rotate_delta_stream_secret(
        self,
        *,
        starting_on: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[DeltaStreamSecret]:
        return self._loop.call(
            self._async.rotate_delta_stream_secret,
            starting_on=starting_on,
            idempotency_key=idempotency_key,
        )

    def set_billing_provider_api_key(
        self,
        billing_provider_type: str,
        *,
        api_key: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_billing_provider_api_key,
            billing_provider_type,
            api_key=api_key,
            idempotency_key=idempotency_key,
        )

    def set_webhook_secret(
        self,
        *,
        webhook_secret: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_webhook_secret,
            webhook_secret=webhook_secret,
            idempotency_key=idempotency_key,
        )

    def update_stripe_billing_settings(
        self,
        *,
        stripe_api_key: str | None = None,
        anrok_api_key: str | None | Unset = UNSET,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update_stripe_billing_settings,
            stripe_api_key=stripe_api_key,
            anrok_api_key=anrok_api_key,
        )

    def upsert_anrok_api_token(
        self,
        *,
        delivery_method_ids: Sequence[str],
        anrok_api_token: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[AnrokApiTokenResult]:
        return self._loop.call(
            self._async.upsert_anrok_api_token,
            delivery_method_ids=delivery_method_ids,
            anrok_api_token=anrok_api_token,
            idempotency_key=idempotency_key,
        )

    def upsert_avalara_credentials(
        self,
        *,
        delivery_method_ids: Sequence[str],
        avalara_environment: str,
        avalara_username: str,
        avalara_password: str,
        commit_transactions: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.upsert_avalara_credentials,
            delivery_method_ids=delivery_method_ids,
            avalara_environment=avalara_environment,
            avalara_username=avalara_username,
            avalara_password=avalara_password,
            commit_transactions=commit_transactions,
            idempotency_key=idempotency_key,
        )


class SyncRawThresholdBillingResource(SyncRawView):
    """The blocking twin of ``RawThresholdBillingResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawThresholdBillingResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def update_active_recharge_config(
        self,
        customer_id: str,
        *,
        recharge_to_amount: float | None = None,
        recharge_threshold: float | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update_active_recharge_config,
            customer_id,
            recharge_to_amount=recharge_to_amount,
            recharge_threshold=recharge_threshold,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )


class SyncRawCustomersAlertsResource(SyncRawView):
    """The blocking twin of ``RawCustomersAlertsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersAlertsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(
        self,
        customer_id: str,
        *,
        alert_statuses: Sequence[str] | None = None,
    ) -> APIResponse[Page[CustomerAlert]]:
        return self._loop.call(self._async.list, customer_id, alert_statuses=alert_statuses)

    def reset(
        self,
        customer_id: str,
        alert_id: str,
        *,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(self._async.reset, customer_id, alert_id, idempotency_key=idempotency_key)

    def retrieve(
        self,
        customer_id: str,
        alert_id: str,
        *,
        plans_or_contracts: str | None = None,
        group_values: Sequence[Mapping[str, Any]] | None = None,
        seat_filter: Mapping[str, Any] | None = None,
        alert_specifiers: Sequence[Mapping[str, Any]] | None = None,
        custom_field_filters: Sequence[Mapping[str, Any]] | None = None,
        webhook_notification_id: str | None = None,
    ) -> APIResponse[CustomerAlert]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            alert_id,
            plans_or_contracts=plans_or_contracts,
            group_values=group_values,
            seat_filter=seat_filter,
            alert_specifiers=alert_specifiers,
            custom_field_filters=custom_field_filters,
            webhook_notification_id=webhook_notification_id,
        )


class SyncRawCustomersCommitsResource(SyncRawView):
    """The blocking twin of ``RawCustomersCommitsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersCommitsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        type: str,
        priority: float,
        product_id: str,
        access_schedule: Mapping[str, Any],
        rate_type: str | None = None,
        name: str | None = None,
        description: str | None = None,
        invoice_schedule: Mapping[str, Any] | None = None,
        invoice_contract_id: str | None = None,
        applicable_product_ids: Sequence[str] | None = None,
        applicable_product_tags: Sequence[str] | None = None,
        applicable_contract_ids: Sequence[str] | None = None,
        specifiers: Sequence[Mapping[str, Any]] | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            customer_id,
            type=type,
            priority=priority,
            product_id=product_id,
            access_schedule=access_schedule,
            rate_type=rate_type,
            name=name,
            description=description,
            invoice_schedule=invoice_schedule,
            invoice_contract_id=invoice_contract_id,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            custom_fields=custom_fields,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        commit_id: str | None = None,
        access_type: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_commits: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[Commit]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            commit_id=commit_id,
            access_type=access_type,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_commits=include_contract_commits,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
        )

    def update_end_date(
        self,
        customer_id: str,
        commit_id: str,
        *,
        access_ending_before: datetime | str | None = None,
        invoices_ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            commit_id,
            access_ending_before=access_ending_before,
            invoices_ending_before=invoices_ending_before,
            idempotency_key=idempotency_key,
        )


class SyncRawCustomersCreditsResource(SyncRawView):
    """The blocking twin of ``RawCustomersCreditsResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersCreditsResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def create(
        self,
        customer_id: str,
        *,
        priority: float,
        product_id: str,
        access_schedule: Mapping[str, Any],
        name: str | None = None,
        description: str | None = None,
        applicable_product_ids: Sequence[str] | None = None,
        applicable_product_tags: Sequence[str] | None = None,
        specifiers: Sequence[Mapping[str, Any]] | None = None,
        applicable_contract_ids: Sequence[str] | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        rate_type: str | None = None,
        uniqueness_key: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            customer_id,
            priority=priority,
            product_id=product_id,
            access_schedule=access_schedule,
            name=name,
            description=description,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            specifiers=specifiers,
            applicable_contract_ids=applicable_contract_ids,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            custom_fields=custom_fields,
            rate_type=rate_type,
            uniqueness_key=uniqueness_key,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        credit_id: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_credits: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[Credit]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            credit_id=credit_id,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_credits=include_contract_credits,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
        )

    def update_end_date(
        self,
        customer_id: str,
        credit_id: str,
        *,
        access_ending_before: datetime | str,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            credit_id,
            access_ending_before=access_ending_before,
            idempotency_key=idempotency_key,
        )


class SyncRawCustomersInvoicesResource(SyncRawView):
    """The blocking twin of ``RawCustomersInvoicesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersInvoicesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add_charge(
        self,
        customer_id: str,
        *,
        charge_id: str,
        price: float,
        quantity: float,
        description: str,
        customer_plan_id: str,
        invoice_start_timestamp: datetime | str,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.add_charge,
            customer_id,
            charge_id=charge_id,
            price=price,
            quantity=quantity,
            description=description,
            customer_plan_id=customer_plan_id,
            invoice_start_timestamp=invoice_start_timestamp,
            idempotency_key=idempotency_key,
        )

    def invoice_seats(
        self,
        customer_id: str,
        *,
        seat_charges: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[Invoice]:
        return self._loop.call(
            self._async.invoice_seats,
            customer_id,
            seat_charges=seat_charges,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        limit: int | None = None,
        status: str | None = None,
        type: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
        sort: str | None = None,
        credit_type_id: str | None = None,
        contract_id: str | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        webhook_notification_id: str | None = None,
    ) -> APIResponse[Page[Invoice]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            limit=limit,
            status=status,
            type=type,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            sort=sort,
            credit_type_id=credit_type_id,
            contract_id=contract_id,
            starting_on=starting_on,
            ending_before=ending_before,
            webhook_notification_id=webhook_notification_id,
        )

    def list_breakdowns(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        status: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
        limit: int | None = None,
        window_size: str | None = None,
        sort: str | None = None,
        credit_type_id: str | None = None,
    ) -> APIResponse[Page[BreakdownInvoice]]:
        return self._loop.call(
            self._async.list_breakdowns,
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            status=status,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            limit=limit,
            window_size=window_size,
            sort=sort,
            credit_type_id=credit_type_id,
        )

    def list_spend_breakdowns(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        include_list_prices: bool | None = None,
        skip_zero_qty_line_items: bool | None = None,
        credit_type_id: str | None = None,
        sort: str | None = None,
        window_size: str | None = None,
        group_keys: Sequence[str] | None = None,
        group_filters: Mapping[str, Any] | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[SpendBreakdownInvoice]]:
        return self._loop.call(
            self._async.list_spend_breakdowns,
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            include_list_prices=include_list_prices,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
            credit_type_id=credit_type_id,
            sort=sort,
            window_size=window_size,
            group_keys=group_keys,
            group_filters=group_filters,
            limit=limit,
        )

    def retrieve(
        self,
        customer_id: str,
        invoice_id: str,
        *,
        skip_zero_qty_line_items: bool | None = None,
    ) -> APIResponse[Invoice]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            invoice_id,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
        )

    def retrieve_pdf(self, customer_id: str, invoice_id: str) -> APIResponse[bytes]:
        return self._loop.call(self._async.retrieve_pdf, customer_id, invoice_id)


class SyncRawCustomersNamedSchedulesResource(SyncRawView):
    """The blocking twin of ``RawCustomersNamedSchedulesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def retrieve(
        self,
        customer_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
    ) -> APIResponse[builtins.list[NamedScheduleSegment]]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
        )

    def update(
        self,
        customer_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update,
            customer_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            idempotency_key=idempotency_key,
        )


class SyncRawCustomersPlansResource(SyncRawView):
    """The blocking twin of ``RawCustomersPlansResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomersPlansResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add(
        self,
        customer_id: str,
        plan_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str | None = None,
        net_payment_terms_days: float | None = None,
        price_adjustments: Sequence[Mapping[str, Any]] | None = None,
        trial_spec: Mapping[str, Any] | None = None,
        overage_rate_adjustments: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.add,
            customer_id,
            plan_id,
            starting_on=starting_on,
            ending_before=ending_before,
            net_payment_terms_days=net_payment_terms_days,
            price_adjustments=price_adjustments,
            trial_spec=trial_spec,
            overage_rate_adjustments=overage_rate_adjustments,
            idempotency_key=idempotency_key,
        )

    def end(
        self,
        customer_id: str,
        customer_plan_id: str,
        *,
        ending_before: datetime | str | None = None,
        void_invoices: bool | None = None,
        void_stripe_invoices: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.end,
            customer_id,
            customer_plan_id,
            ending_before=ending_before,
            void_invoices=void_invoices,
            void_stripe_invoices=void_stripe_invoices,
            idempotency_key=idempotency_key,
        )

    def list(self, customer_id: str, *, limit: int = 100) -> APIResponse[Page[CustomerPlan]]:
        return self._loop.call(self._async.list, customer_id, limit=limit)

    def list_price_adjustments(
        self,
        customer_id: str,
        customer_plan_id: str,
        *,
        limit: int | None = None,
    ) -> APIResponse[Page[PriceAdjustment]]:
        return self._loop.call(self._async.list_price_adjustments, customer_id, customer_plan_id, limit=limit)


class SyncRawCustomers(SyncRawView):
    """The blocking twin of ``RawCustomers``:
    each call answers an ``APIResponse``."""

    alerts: SyncRawCustomersAlertsResource
    commits: SyncRawCustomersCommitsResource
    credits: SyncRawCustomersCreditsResource
    invoices: SyncRawCustomersInvoicesResource
    named_schedules: SyncRawCustomersNamedSchedulesResource
    plans: SyncRawCustomersPlansResource

    def __init__(self, raw: RawCustomers, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.alerts = SyncRawCustomersAlertsResource(raw.alerts, loop)
        self.commits = SyncRawCustomersCommitsResource(raw.commits, loop)
        self.credits = SyncRawCustomersCreditsResource(raw.credits, loop)
        self.invoices = SyncRawCustomersInvoicesResource(raw.invoices, loop)
        self.named_schedules = SyncRawCustomersNamedSchedulesResource(raw.named_schedules, loop)
        self.plans = SyncRawCustomersPlansResource(raw.plans, loop)

    def archive(self, customer_id: str, *, idempotency_key: str | None = None) -> APIResponse[str]:
        return self._loop.call(self._async.archive, customer_id, idempotency_key=idempotency_key)

    def archive_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        customer_billing_provider_configuration_ids: Sequence[str],
        idempotency_key: str | None = None,
    ) -> APIResponse[CustomerBillingProviderArchivePayload]:
        return self._loop.call(
            self._async.archive_billing_provider_configurations,
            customer_id,
            customer_billing_provider_configuration_ids=customer_billing_provider_configuration_ids,
            idempotency_key=idempotency_key,
        )

    def archive_revenue_system_configurations(
        self,
        customer_id: str,
        *,
        customer_revenue_system_configuration_ids: Sequence[str],
        idempotency_key: str | None = None,
    ) -> APIResponse[CustomerRevenueSystemArchivePayload]:
        return self._loop.call(
            self._async.archive_revenue_system_configurations,
            customer_id,
            customer_revenue_system_configuration_ids=customer_revenue_system_configuration_ids,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str] | None = None,
        external_id: str | None = None,
        billing_config: Mapping[str, Any] | None = None,
        customer_billing_provider_configurations: Sequence[Mapping[str, Any]] | None = None,
        customer_revenue_system_configurations: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[Customer]:
        return self._loop.call(
            self._async.create,
            name=name,
            ingest_aliases=ingest_aliases,
            external_id=external_id,
            billing_config=billing_config,
            customer_billing_provider_configurations=customer_billing_provider_configurations,
            customer_revenue_system_configurations=customer_revenue_system_configurations,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def create_with_contract(
        self,
        *,
        customer: Mapping[str, Any],
        contract: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> APIResponse[CustomerWithContract]:
        return self._loop.call(
            self._async.create_with_contract,
            customer=customer,
            contract=contract,
            idempotency_key=idempotency_key,
        )

    def delete_billing_config(self, customer_id: str, billing_provider_type: str) -> APIResponse[None]:
        return self._loop.call(self._async.delete_billing_config, customer_id, billing_provider_type)

    def list(
        self,
        *,
        limit: int = 100,
        ingest_alias: str | None = None,
        customer_ids: Sequence[str] | None = None,
        only_archived: bool = False,
        salesforce_account_ids: Sequence[str] | None = None,
    ) -> APIResponse[Page[Customer]]:
        return self._loop.call(
            self._async.list,
            limit=limit,
            ingest_alias=ingest_alias,
            customer_ids=customer_ids,
            only_archived=only_archived,
            salesforce_account_ids=salesforce_account_ids,
        )

    def list_billable_metrics(
        self,
        customer_id: str,
        *,
        limit: int | None = None,
        on_current_plan: bool | None = None,
        include_archived: bool | None = None,
    ) -> APIResponse[Page[BillableMetricWithDeprecatedFields]]:
        return self._loop.call(
            self._async.list_billable_metrics,
            customer_id,
            limit=limit,
            on_current_plan=on_current_plan,
            include_archived=include_archived,
        )

    def list_costs(
        self,
        customer_id: str,
        *,
        starting_on: datetime | str,
        ending_before: datetime | str,
        limit: int | None = None,
    ) -> APIResponse[Page[Costs]]:
        return self._loop.call(
            self._async.list_costs,
            customer_id,
            starting_on=starting_on,
            ending_before=ending_before,
            limit=limit,
        )

    def list_purchased_seats(self, customer_id: str) -> APIResponse[builtins.list[PurchasedSeats]]:
        return self._loop.call(self._async.list_purchased_seats, customer_id)

    def preview_events(
        self,
        customer_id: str,
        *,
        events: Sequence[Mapping[str, Any]],
        mode: str | None = None,
        skip_zero_qty_line_items: bool | None = None,
    ) -> APIResponse[builtins.list[Invoice]]:
        return self._loop.call(
            self._async.preview_events,
            customer_id,
            events=events,
            mode=mode,
            skip_zero_qty_line_items=skip_zero_qty_line_items,
        )

    def retrieve(self, customer_id: str) -> APIResponse[Customer]:
        return self._loop.call(self._async.retrieve, customer_id)

    def retrieve_billing_config(
        self,
        customer_id: str,
        billing_provider_type: str,
    ) -> APIResponse[BillingConfig]:
        return self._loop.call(self._async.retrieve_billing_config, customer_id, billing_provider_type)

    def retrieve_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
    ) -> APIResponse[builtins.list[BillingProviderConfiguration]]:
        return self._loop.call(
            self._async.retrieve_billing_provider_configurations,
            customer_id,
            include_archived=include_archived,
        )

    def retrieve_revenue_system_configurations(
        self,
        customer_id: str,
        *,
        provider: str | None = None,
        include_archived: bool | None = None,
    ) -> APIResponse[builtins.list[CustomerRevenueSystemConfiguration]]:
        return self._loop.call(
            self._async.retrieve_revenue_system_configurations,
            customer_id,
            provider=provider,
            include_archived=include_archived,
        )

    def set_billable_status(
        self,
        customer_id: str,
        *,
        billable_status: str,
        effective_at: datetime | str,
        idempotency_key: str | None = None,
    ) -> APIResponse[CustomersSetBillableStatus]:
        return self._loop.call(
            self._async.set_billable_status,
            customer_id,
            billable_status=billable_status,
            effective_at=effective_at,
            idempotency_key=idempotency_key,
        )

    def set_billing_config(
        self,
        customer_id: str,
        billing_provider_type: str,
        *,
        billing_provider_customer_id: str,
        stripe_collection_method: str | None = None,
        aws_product_code: str | None = None,
        aws_customer_id: str | None = None,
        aws_customer_account_id: str | None = None,
        aws_region: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_billing_config,
            customer_id,
            billing_provider_type,
            billing_provider_customer_id=billing_provider_customer_id,
            stripe_collection_method=stripe_collection_method,
            aws_product_code=aws_product_code,
            aws_customer_id=aws_customer_id,
            aws_customer_account_id=aws_customer_account_id,
            aws_region=aws_region,
            idempotency_key=idempotency_key,
        )

    def set_billing_provider_configurations(
        self,
        *,
        data: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[builtins.list[BillingProviderConfiguration]]:
        return self._loop.call(
            self._async.set_billing_provider_configurations,
            data=data,
            idempotency_key=idempotency_key,
        )

    def set_ingest_aliases(
        self,
        customer_id: str,
        *,
        ingest_aliases: Sequence[str],
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_ingest_aliases,
            customer_id,
            ingest_aliases=ingest_aliases,
            idempotency_key=idempotency_key,
        )

    def set_name(
        self,
        customer_id: str,
        *,
        name: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[Customer]:
        return self._loop.call(self._async.set_name, customer_id, name=name, idempotency_key=idempotency_key)

    def set_revenue_system_configurations(
        self,
        *,
        data: Sequence[Mapping[str, Any]],
        idempotency_key: str | None = None,
    ) -> APIResponse[builtins.list[CustomerRevenueSystemConfiguration]]:
        return self._loop.call(
            self._async.set_revenue_system_configurations,
            data=data,
            idempotency_key=idempotency_key,
        )

    def update(
        self,
        customer_id: str,
        *,
        name: str | Unset = UNSET,
        ingest_aliases: Sequence[str] | Unset = UNSET,
        custom_fields: Mapping[str, str] | Unset = UNSET,
        salesforce_account_id: str | None | Unset = UNSET,
    ) -> APIResponse[Customer]:
        return self._loop.call(
            self._async.update,
            customer_id,
            name=name,
            ingest_aliases=ingest_aliases,
            custom_fields=custom_fields,
            salesforce_account_id=salesforce_account_id,
        )

    def update_config(
        self,
        customer_id: str,
        *,
        salesforce_account_id: str | None | Unset = UNSET,
        leave_stripe_invoices_in_draft: bool | None | Unset = UNSET,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update_config,
            customer_id,
            salesforce_account_id=salesforce_account_id,
            leave_stripe_invoices_in_draft=leave_stripe_invoices_in_draft,
            idempotency_key=idempotency_key,
        )


class SyncRawUsage(SyncRawView):
    """The blocking twin of ``RawUsage``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawUsage, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def ingest(
        self,
        events: Iterable[UsageEvent | Mapping[str, Any]],
        *,
        on_progress: Callable[[IngestBatch, int, int | None], object] | None = None,
    ) -> APIResponse[IngestReport]:
        return self._loop.call(self._async.ingest, events, on_progress=on_progress)

    def list(
        self,
        *,
        window_size: str,
        starting_on: datetime | str,
        ending_before: datetime | str,
        customer_ids: Sequence[str] | None = None,
        billable_metrics: Sequence[Mapping[str, Any]] | None = None,
    ) -> APIResponse[Page[UsageBatchAggregate]]:
        return self._loop.call(
            self._async.list,
            window_size=window_size,
            starting_on=starting_on,
            ending_before=ending_before,
            customer_ids=customer_ids,
            billable_metrics=billable_metrics,
        )

    def list_seats(
        self,
        customer_id: str,
        *,
        seat_metric_id: str,
        usage_type: str,
        window_size: str,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        current_period: bool | None = None,
    ) -> APIResponse[Page[SeatsUsageAggregate]]:
        return self._loop.call(
            self._async.list_seats,
            customer_id,
            seat_metric_id=seat_metric_id,
            usage_type=usage_type,
            window_size=window_size,
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            current_period=current_period,
        )

    def list_with_groups(
        self,
        customer_id: str,
        *,
        billable_metric_id: str,
        window_size: str,
        limit: int | None = None,
        starting_on: datetime | str | None = None,
        ending_before: datetime | str | None = None,
        group_by: Mapping[str, Any] | None = None,
        group_key: Sequence[str] | None = None,
        group_filters: Mapping[str, Any] | None = None,
        current_period: bool | None = None,
    ) -> APIResponse[Page[PagedUsageAggregate]]:
        return self._loop.call(
            self._async.list_with_groups,
            customer_id,
            billable_metric_id=billable_metric_id,
            window_size=window_size,
            limit=limit,
            starting_on=starting_on,
            ending_before=ending_before,
            group_by=group_by,
            group_key=group_key,
            group_filters=group_filters,
            current_period=current_period,
        )

    def search(self, *, transactionIds: Sequence[str]) -> APIResponse[builtins.list[SearchedEvent]]:
        return self._loop.call(self._async.search, transactionIds=transactionIds)


class SyncRawContractsNamedSchedulesResource(SyncRawView):
    """The blocking twin of ``RawContractsNamedSchedulesResource``:
    each call answers an ``APIResponse``."""

    def __init__(self, raw: RawContractsNamedSchedulesResource, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(
        self,
        customer_id: str,
        *,
        contract_id: str | None = None,
        schedule_name: str | None = None,
        properties: Mapping[str, Any] | None = None,
        covering_date: datetime | str | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[CustomerContractNamedSchedule]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            contract_id=contract_id,
            schedule_name=schedule_name,
            properties=properties,
            covering_date=covering_date,
            limit=limit,
        )

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        schedule_name: str,
        covering_date: datetime | str | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> APIResponse[builtins.list[NamedScheduleSegment]]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            schedule_name=schedule_name,
            covering_date=covering_date,
            properties=properties,
        )

    def update(
        self,
        customer_id: str,
        contract_id: str,
        *,
        schedule_name: str,
        starting_at: datetime | str,
        value: Any,
        ending_before: datetime | str | None = None,
        properties: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update,
            customer_id,
            contract_id,
            schedule_name=schedule_name,
            starting_at=starting_at,
            value=value,
            ending_before=ending_before,
            properties=properties,
            idempotency_key=idempotency_key,
        )


class SyncRawContracts(SyncRawView):
    """The blocking twin of ``RawContracts``:
    each call answers an ``APIResponse``."""

    named_schedules: SyncRawContractsNamedSchedulesResource

    def __init__(self, raw: RawContracts, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.named_schedules = SyncRawContractsNamedSchedulesResource(raw.named_schedules, loop)

    def add_manual_balance_entry(
        self,
        customer_id: str,
        *,
        id: str,
        segment_id: str,
        amount: float,
        reason: str,
        contract_id: str | None = None,
        per_group_amounts: Mapping[str, Any] | None = None,
        timestamp: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.add_manual_balance_entry,
            customer_id,
            id=id,
            segment_id=segment_id,
            amount=amount,
            reason=reason,
            contract_id=contract_id,
            per_group_amounts=per_group_amounts,
            timestamp=timestamp,
            idempotency_key=idempotency_key,
        )

    def amend(
        self,
        customer_id: str,
        contract_id: str,
        *,
        starting_at: datetime | str,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        total_contract_value: float | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.amend,
            customer_id,
            contract_id,
            starting_at=starting_at,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            total_contract_value=total_contract_value,
            commits=commits,
            credits=credits,
            overrides=overrides,
            discounts=discounts,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            scheduled_charges=scheduled_charges,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def archive(
        self,
        customer_id: str,
        contract_id: str,
        *,
        void_invoices: bool,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.archive,
            customer_id,
            contract_id,
            void_invoices=void_invoices,
            idempotency_key=idempotency_key,
        )

    def archive_commit(
        self,
        customer_id: str,
        commit_id: str,
        *,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.archive_commit,
            customer_id,
            commit_id,
            idempotency_key=idempotency_key,
        )

    def archive_credit(
        self,
        customer_id: str,
        credit_id: str,
        *,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.archive_credit,
            customer_id,
            credit_id,
            idempotency_key=idempotency_key,
        )

    def create(
        self,
        customer_id: str,
        *,
        starting_at: datetime | str,
        package_id: str | None = None,
        package_alias: str | None = None,
        name: str | None = None,
        uniqueness_key: str | None = None,
        netsuite_sales_order_id: str | None = None,
        salesforce_opportunity_id: str | None = None,
        net_payment_terms_days: float | None = None,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        total_contract_value: float | None = None,
        ending_before: datetime | str | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        multiplier_override_prioritization: str | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        transition: Mapping[str, Any] | None = None,
        usage_filter: Mapping[str, Any] | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, Any] | None = None,
        billing_provider_configuration: Mapping[str, Any] | None = None,
        revenue_system_configuration: Mapping[str, Any] | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            customer_id,
            starting_at=starting_at,
            package_id=package_id,
            package_alias=package_alias,
            name=name,
            uniqueness_key=uniqueness_key,
            netsuite_sales_order_id=netsuite_sales_order_id,
            salesforce_opportunity_id=salesforce_opportunity_id,
            net_payment_terms_days=net_payment_terms_days,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            total_contract_value=total_contract_value,
            ending_before=ending_before,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            multiplier_override_prioritization=multiplier_override_prioritization,
            overrides=overrides,
            discounts=discounts,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            scheduled_charges=scheduled_charges,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            transition=transition,
            usage_filter=usage_filter,
            usage_statement_schedule=usage_statement_schedule,
            custom_fields=custom_fields,
            billing_provider_configuration=billing_provider_configuration,
            revenue_system_configuration=revenue_system_configuration,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            spend_trackers=spend_trackers,
            subscriptions=subscriptions,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def create_historical_invoices(
        self,
        *,
        invoices: Sequence[Mapping[str, Any]],
        preview: bool,
        idempotency_key: str | None = None,
    ) -> APIResponse[builtins.list[Invoice]]:
        return self._loop.call(
            self._async.create_historical_invoices,
            invoices=invoices,
            preview=preview,
            idempotency_key=idempotency_key,
        )

    def disable_commit_trueup(
        self,
        customer_id: str,
        contract_id: str,
        commit_id: str,
        *,
        amendment_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.disable_commit_trueup,
            customer_id,
            contract_id,
            commit_id,
            amendment_id=amendment_id,
            idempotency_key=idempotency_key,
        )

    def edit(
        self,
        customer_id: str,
        contract_id: str,
        *,
        uniqueness_key: str | None = None,
        add_commits: Sequence[Mapping[str, Any]] | None = None,
        add_credits: Sequence[Mapping[str, Any]] | None = None,
        add_recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        add_recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        add_discounts: Sequence[Mapping[str, Any]] | None = None,
        add_overrides: Sequence[Mapping[str, Any]] | None = None,
        add_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        add_professional_services: Sequence[Mapping[str, Any]] | None = None,
        add_reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        add_subscriptions: Sequence[Mapping[str, Any]] | None = None,
        add_spend_threshold_configuration: Mapping[str, Any] | None = None,
        add_prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        add_billing_provider_configuration_update: Mapping[str, Any] | None = None,
        add_revenue_system_configuration_update: Mapping[str, Any] | None = None,
        add_spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        update_contract_name: str | None | Unset = UNSET,
        update_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        update_commits: Sequence[Mapping[str, Any]] | None = None,
        update_credits: Sequence[Mapping[str, Any]] | None = None,
        update_recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        update_recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        update_subscriptions: Sequence[Mapping[str, Any]] | None = None,
        update_spend_threshold_configuration: Mapping[str, Any] | None = None,
        update_prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        update_contract_end_date: datetime | str | None | Unset = UNSET,
        update_net_payment_terms_days: float | None | Unset = UNSET,
        allow_contract_ending_before_finalized_invoice: bool | None = None,
        archive_commits: Sequence[Mapping[str, Any]] | None = None,
        archive_credits: Sequence[Mapping[str, Any]] | None = None,
        archive_scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        archive_spend_trackers: Sequence[str] | None = None,
        remove_overrides: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.edit,
            customer_id,
            contract_id,
            uniqueness_key=uniqueness_key,
            add_commits=add_commits,
            add_credits=add_credits,
            add_recurring_commits=add_recurring_commits,
            add_recurring_credits=add_recurring_credits,
            add_discounts=add_discounts,
            add_overrides=add_overrides,
            add_scheduled_charges=add_scheduled_charges,
            add_professional_services=add_professional_services,
            add_reseller_royalties=add_reseller_royalties,
            add_subscriptions=add_subscriptions,
            add_spend_threshold_configuration=add_spend_threshold_configuration,
            add_prepaid_balance_threshold_configuration=add_prepaid_balance_threshold_configuration,
            add_billing_provider_configuration_update=add_billing_provider_configuration_update,
            add_revenue_system_configuration_update=add_revenue_system_configuration_update,
            add_spend_trackers=add_spend_trackers,
            update_contract_name=update_contract_name,
            update_scheduled_charges=update_scheduled_charges,
            update_commits=update_commits,
            update_credits=update_credits,
            update_recurring_commits=update_recurring_commits,
            update_recurring_credits=update_recurring_credits,
            update_subscriptions=update_subscriptions,
            update_spend_threshold_configuration=update_spend_threshold_configuration,
            update_prepaid_balance_threshold_configuration=update_prepaid_balance_threshold_configuration,
            update_contract_end_date=update_contract_end_date,
            update_net_payment_terms_days=update_net_payment_terms_days,
            allow_contract_ending_before_finalized_invoice=allow_contract_ending_before_finalized_invoice,
            archive_commits=archive_commits,
            archive_credits=archive_credits,
            archive_scheduled_charges=archive_scheduled_charges,
            archive_spend_trackers=archive_spend_trackers,
            remove_overrides=remove_overrides,
            idempotency_key=idempotency_key,
        )

    def edit_commit(
        self,
        customer_id: str,
        commit_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        access_schedule: Mapping[str, Any] | None = None,
        invoice_schedule: Mapping[str, Any] | None = None,
        invoice_contract_id: str | None = None,
        applicable_product_ids: Sequence[str] | None | Unset = UNSET,
        applicable_product_tags: Sequence[str] | None | Unset = UNSET,
        applicable_contract_ids: Sequence[str] | None | Unset = UNSET,
        specifiers: Sequence[Mapping[str, Any]] | None | Unset = UNSET,
        product_id: str | None = None,
        priority: float | None | Unset = UNSET,
        rate_type: str | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.edit_commit,
            customer_id,
            commit_id,
            name=name,
            description=description,
            access_schedule=access_schedule,
            invoice_schedule=invoice_schedule,
            invoice_contract_id=invoice_contract_id,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            product_id=product_id,
            priority=priority,
            rate_type=rate_type,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def edit_credit(
        self,
        customer_id: str,
        credit_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        access_schedule: Mapping[str, Any] | None = None,
        applicable_product_ids: Sequence[str] | None | Unset = UNSET,
        applicable_product_tags: Sequence[str] | None | Unset = UNSET,
        applicable_contract_ids: Sequence[str] | None | Unset = UNSET,
        specifiers: Sequence[Mapping[str, Any]] | None | Unset = UNSET,
        product_id: str | None = None,
        priority: float | None | Unset = UNSET,
        rate_type: str | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.edit_credit,
            customer_id,
            credit_id,
            name=name,
            description=description,
            access_schedule=access_schedule,
            applicable_product_ids=applicable_product_ids,
            applicable_product_tags=applicable_product_tags,
            applicable_contract_ids=applicable_contract_ids,
            specifiers=specifiers,
            product_id=product_id,
            priority=priority,
            rate_type=rate_type,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def get_edit_history(
        self,
        customer_id: str,
        contract_id: str,
    ) -> APIResponse[builtins.list[ContractEdit]]:
        return self._loop.call(self._async.get_edit_history, customer_id, contract_id)

    def get_net_balance(
        self,
        customer_id: str,
        *,
        credit_type_id: str | None = None,
        filters: Sequence[Mapping[str, Any]] | None = None,
        invoice_inclusion_mode: str | None = None,
    ) -> APIResponse[NetBalance]:
        return self._loop.call(
            self._async.get_net_balance,
            customer_id,
            credit_type_id=credit_type_id,
            filters=filters,
            invoice_inclusion_mode=invoice_inclusion_mode,
        )

    def get_subscription_seats_history(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_id: str,
        limit: int | None | Unset = UNSET,
        covering_date: datetime | str | None | Unset = UNSET,
        starting_at: datetime | str | None | Unset = UNSET,
        ending_before: datetime | str | None | Unset = UNSET,
    ) -> APIResponse[Page[SubscriptionSeatsScheduleEntry]]:
        return self._loop.call(
            self._async.get_subscription_seats_history,
            customer_id,
            contract_id,
            subscription_id=subscription_id,
            limit=limit,
            covering_date=covering_date,
            starting_at=starting_at,
            ending_before=ending_before,
        )

    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> APIResponse[Page[Contract]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
            limit=limit,
            include_balance=include_balance,
            include_ledgers=include_ledgers,
        )

    def list_balances(
        self,
        customer_id: str,
        *,
        contract_id: str | None = None,
        access_type: str | None = None,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        include_contract_balances: bool | None = None,
        include_archived: bool | None = None,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        limit: int | None = None,
        exclude_zero_balances: bool | None = None,
        webhook_notification_id: str | None = None,
    ) -> APIResponse[Page[Balance]]:
        return self._loop.call(
            self._async.list_balances,
            customer_id,
            contract_id=contract_id,
            access_type=access_type,
            covering_date=covering_date,
            starting_at=starting_at,
            effective_before=effective_before,
            include_contract_balances=include_contract_balances,
            include_archived=include_archived,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            limit=limit,
            exclude_zero_balances=exclude_zero_balances,
            webhook_notification_id=webhook_notification_id,
        )

    def list_seat_balances(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_ids: Sequence[str] | None = None,
        seat_ids: Sequence[str] | None = None,
        skip_missing_seat_ids: bool | None = None,
        include_credits_and_commits: bool | None = None,
        include_ledgers: bool | None = None,
        starting_at: datetime | str | None = None,
        effective_before: datetime | str | None = None,
        covering_date: datetime | str | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[SeatBalance]]:
        return self._loop.call(
            self._async.list_seat_balances,
            customer_id,
            contract_id,
            subscription_ids=subscription_ids,
            seat_ids=seat_ids,
            skip_missing_seat_ids=skip_missing_seat_ids,
            include_credits_and_commits=include_credits_and_commits,
            include_ledgers=include_ledgers,
            starting_at=starting_at,
            effective_before=effective_before,
            covering_date=covering_date,
            limit=limit,
        )

    def list_v1(
        self,
        customer_id: str,
        *,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
        include_archived: bool | None = None,
        starting_at: datetime | str | None = None,
        covering_date: datetime | str | None = None,
    ) -> APIResponse[builtins.list[ContractSchema]]:
        return self._loop.call(
            self._async.list_v1,
            customer_id,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
            include_archived=include_archived,
            starting_at=starting_at,
            covering_date=covering_date,
        )

    def release_threshold_commit(
        self,
        *,
        workflow_id: str,
        outcome: str,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.release_threshold_commit,
            workflow_id=workflow_id,
            outcome=outcome,
            idempotency_key=idempotency_key,
        )

    def retire_commits(
        self,
        customer_id: str,
        contract_id: str,
        *,
        commit_ids: Sequence[str],
        dry_run: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[RetireCommitsResponse]:
        return self._loop.call(
            self._async.retire_commits,
            customer_id,
            contract_id,
            commit_ids=commit_ids,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
        )

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        include_ledgers: bool = False,
        as_of_date: datetime | str | None = None,
        include_balance: bool = False,
        webhook_notification_id: str | None = None,
    ) -> APIResponse[Contract]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            include_ledgers=include_ledgers,
            as_of_date=as_of_date,
            include_balance=include_balance,
            webhook_notification_id=webhook_notification_id,
        )

    def retrieve_rate_schedule(
        self,
        customer_id: str,
        contract_id: str,
        *,
        limit: int | None = None,
        at: datetime | str | None = None,
        selectors: Sequence[Mapping[str, Any]] | None = None,
    ) -> APIResponse[Page[ContractRateSchedule]]:
        return self._loop.call(
            self._async.retrieve_rate_schedule,
            customer_id,
            contract_id,
            limit=limit,
            at=at,
            selectors=selectors,
        )

    def retrieve_subscription_quantity_history(
        self,
        customer_id: str,
        contract_id: str,
        *,
        subscription_id: str,
    ) -> APIResponse[SubscriptionQuantityHistory]:
        return self._loop.call(
            self._async.retrieve_subscription_quantity_history,
            customer_id,
            contract_id,
            subscription_id=subscription_id,
        )

    def retrieve_v1(
        self,
        customer_id: str,
        contract_id: str,
        *,
        include_ledgers: bool | None = None,
        include_balance: bool | None = None,
    ) -> APIResponse[ContractSchema]:
        return self._loop.call(
            self._async.retrieve_v1,
            customer_id,
            contract_id,
            include_ledgers=include_ledgers,
            include_balance=include_balance,
        )

    def schedule_pro_services_invoice(
        self,
        customer_id: str,
        contract_id: str,
        *,
        issued_at: datetime | str,
        line_items: Sequence[Mapping[str, Any]],
        netsuite_invoice_header_start: datetime | str | None = None,
        netsuite_invoice_header_end: datetime | str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[builtins.list[Invoice]]:
        return self._loop.call(
            self._async.schedule_pro_services_invoice,
            customer_id,
            contract_id,
            issued_at=issued_at,
            line_items=line_items,
            netsuite_invoice_header_start=netsuite_invoice_header_start,
            netsuite_invoice_header_end=netsuite_invoice_header_end,
            idempotency_key=idempotency_key,
        )

    def set_usage_filter(
        self,
        customer_id: str,
        contract_id: str,
        *,
        group_key: str,
        group_values: Sequence[str],
        starting_at: datetime | str,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_usage_filter,
            customer_id,
            contract_id,
            group_key=group_key,
            group_values=group_values,
            starting_at=starting_at,
            idempotency_key=idempotency_key,
        )

    def update_end_date(
        self,
        customer_id: str,
        contract_id: str,
        *,
        ending_before: datetime | str | None = None,
        allow_ending_before_finalized_invoice: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            contract_id,
            ending_before=ending_before,
            allow_ending_before_finalized_invoice=allow_ending_before_finalized_invoice,
            idempotency_key=idempotency_key,
        )

    def update_invoice_issue_date(
        self,
        *,
        invoice_id: str,
        issue_date: datetime | str,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.update_invoice_issue_date,
            invoice_id=invoice_id,
            issue_date=issue_date,
            idempotency_key=idempotency_key,
        )


class SyncRawClient(LazyAreas, SyncRawView):
    """The blocking twin of ``RawClient``:
    each call answers an ``APIResponse``."""

    alerts: SyncRawAlertsResource
    approval_requests: SyncRawApprovalRequestsResource
    audit_logs: SyncRawAuditLogsResource
    billable_metrics: SyncRawBillableMetricsResource
    credit_grants: SyncRawCreditGrantsResource
    custom_fields: SyncRawCustomFieldsResource
    dashboards: SyncRawDashboardsResource
    integrations: SyncRawIntegrationsResource
    invoices: SyncRawInvoicesResource
    notifications: SyncRawNotificationsResource
    packages: SyncRawPackagesResource
    payments: SyncRawPaymentsResource
    plans: SyncRawPlansResource
    pricing_units: SyncRawPricingUnitsResource
    products: SyncRawProductsResource
    rate_cards: SyncRawRateCardsResource
    services: SyncRawServicesResource
    settings: SyncRawSettingsResource
    threshold_billing: SyncRawThresholdBillingResource
    customers: SyncRawCustomers
    usage: SyncRawUsage
    contracts: SyncRawContracts

    _areas = {
        "alerts": SyncRawAlertsResource,
        "approval_requests": SyncRawApprovalRequestsResource,
        "audit_logs": SyncRawAuditLogsResource,
        "billable_metrics": SyncRawBillableMetricsResource,
        "credit_grants": SyncRawCreditGrantsResource,
        "custom_fields": SyncRawCustomFieldsResource,
        "dashboards": SyncRawDashboardsResource,
        "integrations": SyncRawIntegrationsResource,
        "invoices": SyncRawInvoicesResource,
        "notifications": SyncRawNotificationsResource,
        "packages": SyncRawPackagesResource,
        "payments": SyncRawPaymentsResource,
        "plans": SyncRawPlansResource,
        "pricing_units": SyncRawPricingUnitsResource,
        "products": SyncRawProductsResource,
        "rate_cards": SyncRawRateCardsResource,
        "services": SyncRawServicesResource,
        "settings": SyncRawSettingsResource,
        "threshold_billing": SyncRawThresholdBillingResource,
    }

    def __init__(self, raw: RawClient, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.customers = SyncRawCustomers(raw.customers, loop)
        self.usage = SyncRawUsage(raw.usage, loop)
        self.contracts = SyncRawContracts(raw.contracts, loop)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | int | float | bool] | None = None,
        body: Any = None,
        idempotent: bool = True,
        idempotency_key: str | None = None,
    ) -> APIResponse[Any]:
        return self._loop.call(
            self._async.request,
            method,
            path,
            query=query,
            body=body,
            idempotent=idempotent,
            idempotency_key=idempotency_key,
        )


class Metronome(LazyAreas, SyncClientBase):
    """The blocking client: the arguments and methods of ``AsyncMetronome``, without ``await``.

    It keeps one event loop, run by the threads that call it; it is safe to share between
    threads. Close it with ``close()`` or a ``with`` block."""

    alerts: SyncAlertsResource
    approval_requests: SyncApprovalRequestsResource
    audit_logs: SyncAuditLogsResource
    billable_metrics: SyncBillableMetricsResource
    credit_grants: SyncCreditGrantsResource
    custom_fields: SyncCustomFieldsResource
    dashboards: SyncDashboardsResource
    integrations: SyncIntegrationsResource
    invoices: SyncInvoicesResource
    notifications: SyncNotificationsResource
    packages: SyncPackagesResource
    payments: SyncPaymentsResource
    plans: SyncPlansResource
    pricing_units: SyncPricingUnitsResource
    products: SyncProductsResource
    rate_cards: SyncRateCardsResource
    services: SyncServicesResource
    settings: SyncSettingsResource
    threshold_billing: SyncThresholdBillingResource
    customers: SyncCustomers
    usage: SyncUsage
    contracts: SyncContracts
    webhooks: Webhooks

    _areas = {
        "alerts": SyncAlertsResource,
        "approval_requests": SyncApprovalRequestsResource,
        "audit_logs": SyncAuditLogsResource,
        "billable_metrics": SyncBillableMetricsResource,
        "credit_grants": SyncCreditGrantsResource,
        "custom_fields": SyncCustomFieldsResource,
        "dashboards": SyncDashboardsResource,
        "integrations": SyncIntegrationsResource,
        "invoices": SyncInvoicesResource,
        "notifications": SyncNotificationsResource,
        "packages": SyncPackagesResource,
        "payments": SyncPaymentsResource,
        "plans": SyncPlansResource,
        "pricing_units": SyncPricingUnitsResource,
        "products": SyncProductsResource,
        "rate_cards": SyncRateCardsResource,
        "services": SyncServicesResource,
        "settings": SyncSettingsResource,
        "threshold_billing": SyncThresholdBillingResource,
    }

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        max_concurrency: int = 32,
        webhook_secret: str | None = None,
        allow_insecure_http: bool = False,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | bool = True,
    ) -> None:
        client = AsyncMetronome(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            webhook_secret=webhook_secret,
            allow_insecure_http=allow_insecure_http,
            proxy=proxy,
            trust_env=trust_env,
            ssl=ssl,
        )
        self._bind(client, LoopThread(client.close))

    def _bind(self, client: AsyncMetronome, loop: LoopThread) -> None:
        self._async = client
        self._loop = loop
        self.customers = SyncCustomers(client.customers, loop)
        self.usage = SyncUsage(client.usage, loop)
        self.contracts = SyncContracts(client.contracts, loop)
        self.webhooks = client.webhooks

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | int | float | bool] | None = None,
        body: Any = None,
        idempotent: bool = True,
        idempotency_key: str | None = None,
    ) -> Any:
        """Call any endpoint, such as one newer than this SDK, and return the parsed JSON (``None`` for an
        empty answer). It goes through the same transport as every other call: the API key, the concurrency
        pool, retries, pacing and typed errors. A POST carries an Idempotency-Key, ``idempotency_key`` or a
        fresh one, unless ``idempotent=False`` (for reads spelled as POST). ``path`` starts with ``/``:
        ``/v1/contracts/customerBalances/list``."""
        return self._loop.call(
            self._async.request,
            method,
            path,
            query=query,
            body=body,
            idempotent=idempotent,
            idempotency_key=idempotency_key,
        )

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Metronome:
        """A client that differs from this one only in these settings (``extra_headers`` are added to every
        request), sharing its connection pool, its concurrency pool and its pacing; this client is unchanged.
        Closing the new client does nothing: the pool stays this client's to close."""
        client = self._async.with_options(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )
        shared = _SharedMetronome.__new__(_SharedMetronome)
        shared._bind(client, self._loop)
        return shared

    @functools.cached_property
    def with_raw_response(self) -> SyncRawClient:
        """The same resources and ``request``, each call returning an ``APIResponse``: ``status_code``,
        ``headers`` and ``parse()`` for what the plain call returns (a listing's first page)."""
        return SyncRawClient(self._async.with_raw_response, self._loop)

    @property
    def base_url(self) -> str:
        """The API's address, without a trailing slash."""
        return self._async.base_url

    @property
    def max_concurrency(self) -> int:
        """The most requests this client (and those made from it by ``with_options``) has in flight."""
        return self._async.max_concurrency

    @property
    def webhook_secret(self) -> str | None:
        """The secret ``webhooks`` verifies signatures with, if any."""
        return self._async.webhook_secret


class _SharedMetronome(SharedLoop, Metronome):
    """A blocking client made by ``with_options``, on the loop thread of the one it came from."""
