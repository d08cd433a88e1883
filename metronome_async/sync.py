"""The blocking client, generated from the async one by ``python -m metronome_async._sync.gen``.

Do not edit by hand: change the async resources and regenerate."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from ssl import SSLContext
from typing import Any

from metronome_async._client import AsyncMetronome, RawClient
from metronome_async._core.serde import UNSET, Unset
from metronome_async._sync.options import SharedLoop, SyncRawView
from metronome_async._sync.runtime import LoopThread, SyncClientBase, SyncPager
from metronome_async.models import (
    BillableStatusValue,
    BillingConfig,
    BillingProviderConfiguration,
    BillingProviderType,
    Contract,
    Customer,
    CustomerPlan,
    CustomerWithContract,
    CustomFieldEntity,
    CustomFieldKey,
    Plan,
    RateCard,
    StripeCollectionMethod,
    UsageEvent,
)
from metronome_async.pagination import Page
from metronome_async.resources._raw import (
    APIResponse,
    RawContracts,
    RawCustomerPlans,
    RawCustomers,
    RawCustomFields,
    RawPlans,
    RawRateCards,
    RawUsage,
)
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.custom_fields import CustomFields
from metronome_async.resources.customer_plans import CustomerPlans
from metronome_async.resources.plans import Plans
from metronome_async.resources.rate_cards import RateCards
from metronome_async.resources.usage import IngestBatch, IngestReport, Usage
from metronome_async.webhooks import Webhooks
from metronome_async.workflows.bulk import Progress, ProvisionReport
from metronome_async.workflows.churn import ArchiveReport
from metronome_async.workflows.customers import Customers
from metronome_async.workflows.provision import ProvisionResult, ProvisionSpec

__all__ = ["Metronome"]


class SyncCustomerPlans:
    """The blocking twin of ``CustomerPlans``."""

    def __init__(self, resource: CustomerPlans, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add(
        self,
        customer_id: str,
        *,
        plan_id: str,
        starting_on: datetime | str,
        ending_before: datetime | str | None = None,
        net_payment_terms_days: float | None = None,
        price_adjustments: Sequence[Mapping[str, Any]] | None = None,
        trial_spec: Mapping[str, Any] | None = None,
        overage_rate_adjustments: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Put the customer on a plan from ``starting_on`` (midnight UTC); returns the customer-plan id."""
        return self._loop.call(
            self._async.add,
            customer_id,
            plan_id=plan_id,
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
    ) -> None:
        """End a customer plan before ``ending_before`` (midnight UTC); without it the end date is cleared."""
        return self._loop.call(
            self._async.end,
            customer_id,
            customer_plan_id,
            ending_before=ending_before,
            void_invoices=void_invoices,
            void_stripe_invoices=void_stripe_invoices,
        )

    def list(self, customer_id: str, *, limit: int = 100) -> SyncPager[CustomerPlan]:
        """The customer's plans, newest first; ``limit`` is the page size."""
        pager = self._async.list(customer_id, limit=limit)
        return SyncPager(pager, self._loop)


class SyncCustomers:
    """The blocking twin of ``Customers``."""

    plans: SyncCustomerPlans

    def __init__(self, resource: Customers, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop
        self.plans = SyncCustomerPlans(resource.plans, loop)

    def archive(self, customer_id: str) -> None:
        """Archive a customer, irreversibly (its contracts too). Its ingest aliases stay reserved."""
        return self._loop.call(self._async.archive, customer_id)

    def archive_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        customer_billing_provider_configuration_ids: Iterable[str],
    ) -> None:
        """Archive configurations at once, all or none."""
        return self._loop.call(
            self._async.archive_billing_provider_configurations,
            customer_id,
            customer_billing_provider_configuration_ids=customer_billing_provider_configuration_ids,
        )

    def archive_churned(
        self,
        customer_id: str,
        *,
        end_plans: bool = False,
        end_contracts: bool = False,
        dry_run: bool = False,
    ) -> ArchiveReport:
        """Archive a customer who left. Refuses (ActivePlanError) while a plan or a contract has not ended,
        unless ``end_plans=True`` / ``end_contracts=True`` end them first; then archives and confirms the
        customer left the active list. ``dry_run=True`` reports what it would do and changes nothing."""
        return self._loop.call(
            self._async.archive_churned,
            customer_id,
            end_plans=end_plans,
            end_contracts=end_contracts,
            dry_run=dry_run,
        )

    def create(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str] | None = None,
        external_id: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
        billing_config: Mapping[str, Any] | None = None,
        customer_billing_provider_configurations: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> Customer:
        """Create a customer. ``ingest_aliases`` are the ids usage events may name it by; they are unique
        across the account, so creating a second customer with one of them fails with ConflictError."""
        return self._loop.call(
            self._async.create,
            name=name,
            ingest_aliases=ingest_aliases,
            external_id=external_id,
            custom_fields=custom_fields,
            billing_config=billing_config,
            customer_billing_provider_configurations=customer_billing_provider_configurations,
            idempotency_key=idempotency_key,
        )

    def create_with_contract(
        self,
        *,
        customer: Mapping[str, Any],
        contract: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> CustomerWithContract:
        """Create a customer and its contract in one request: both are made or neither. ``customer`` holds
        ``create``'s fields (``name`` required); ``contract`` holds ``contracts.create``'s keyword arguments
        without ``customer_id`` (``starting_at`` required)."""
        return self._loop.call(
            self._async.create_with_contract,
            customer=customer,
            contract=contract,
            idempotency_key=idempotency_key,
        )

    def delete_billing_config(
        self,
        customer_id: str,
        billing_provider_type: BillingProviderType | str,
    ) -> None:
        """Remove the customer's legacy billing configuration for one provider."""
        return self._loop.call(self._async.delete_billing_config, customer_id, billing_provider_type)

    def list(
        self,
        *,
        limit: int = 100,
        ingest_alias: str | None = None,
        customer_ids: Iterable[str] | None = None,
        only_archived: bool = False,
        salesforce_account_ids: Iterable[str] | None = None,
    ) -> SyncPager[Customer]:
        """Every customer matching the filters, following ``next_page`` to the end. By default only active
        customers are listed; ``only_archived=True`` lists only archived ones. ``limit`` is the page size."""
        pager = self._async.list(
            limit=limit,
            ingest_alias=ingest_alias,
            customer_ids=customer_ids,
            only_archived=only_archived,
            salesforce_account_ids=salesforce_account_ids,
        )
        return SyncPager(pager, self._loop)

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
    ) -> ProvisionResult:
        """Create a customer, connect its billing provider, put it on a contract (``contract`` holds
        ``contracts.create``'s keyword arguments without ``customer_id``) or on a plan (``plan_id`` and
        ``starting_on``; the deprecated Plans path), not both. Safe to call again after a failure or a
        crash: the first ingest alias identifies the customer, so it is found, never made twice, and
        finished steps are not repeated; the contract's ``uniqueness_key`` (derived from the first alias and
        the terms unless given) means a second contract is never made. A customer holding the first alias
        must be this one (same name, every alias asked for), and an alias held by another customer stops
        provisioning; that customer is never changed. A failure part-way raises ProvisionError naming the
        steps done."""
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

    def retrieve(self, customer_id: str) -> Customer:
        """One customer by its Metronome id (NotFoundError if there is none)."""
        return self._loop.call(self._async.retrieve, customer_id)

    def retrieve_billing_config(
        self,
        customer_id: str,
        billing_provider_type: BillingProviderType | str,
    ) -> BillingConfig:
        """The customer's legacy billing configuration for one provider (NotFoundError if none)."""
        return self._loop.call(self._async.retrieve_billing_config, customer_id, billing_provider_type)

    def retrieve_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
    ) -> builtins.list[BillingProviderConfiguration]:
        """The customer's provider configurations; archived ones too with ``include_archived=True``."""
        return self._loop.call(
            self._async.retrieve_billing_provider_configurations,
            customer_id,
            include_archived=include_archived,
        )

    def set_billable_status(
        self,
        customer_id: str,
        *,
        billable_status: BillableStatusValue | str,
        effective_at: datetime | str,
    ) -> None:
        """Make the customer billable or unbillable: usage invoices whose service period starts at or after
        ``effective_at`` follow the new status (``current_billable_status`` on the customer)."""
        return self._loop.call(
            self._async.set_billable_status,
            customer_id,
            billable_status=billable_status,
            effective_at=effective_at,
        )

    def set_billing_config(
        self,
        customer_id: str,
        *,
        billing_provider_type: BillingProviderType | str,
        billing_provider_customer_id: str,
        stripe_collection_method: StripeCollectionMethod | str | None = None,
        aws_product_code: str | None = None,
        aws_customer_id: str | None = None,
        aws_customer_account_id: str | None = None,
        aws_region: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Connect the customer to an account in a billing provider (the guide's "set billing config")."""
        return self._loop.call(
            self._async.set_billing_config,
            customer_id,
            billing_provider_type=billing_provider_type,
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
        """Create provider configurations; each entry names ``customer_id``, ``billing_provider``,
        ``configuration`` and ``delivery_method`` or ``delivery_method_id``."""
        return self._loop.call(
            self._async.set_billing_provider_configurations,
            data=data,
            idempotency_key=idempotency_key,
        )

    def set_ingest_aliases(self, customer_id: str, *, ingest_aliases: Sequence[str]) -> None:
        """Replace the customer's ingest aliases with exactly these."""
        return self._loop.call(self._async.set_ingest_aliases, customer_id, ingest_aliases=ingest_aliases)

    def set_name(self, customer_id: str, *, name: str) -> Customer:
        """Rename a customer (Metronome keeps the first 160 characters)."""
        return self._loop.call(self._async.set_name, customer_id, name=name)

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
    ) -> None:
        """Change configuration; a field left out is unchanged, ``None`` clears it."""
        return self._loop.call(
            self._async.update_config,
            customer_id,
            salesforce_account_id=salesforce_account_id,
            leave_stripe_invoices_in_draft=leave_stripe_invoices_in_draft,
        )


class SyncPlans:
    """The blocking twin of ``Plans``."""

    def __init__(self, resource: Plans, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def list(self, *, limit: int = 100) -> SyncPager[Plan]:
        """Every plan of the account, following ``next_page`` to the end; ``limit`` is the page size."""
        pager = self._async.list(limit=limit)
        return SyncPager(pager, self._loop)


class SyncCustomFields:
    """The blocking twin of ``CustomFields``."""

    def __init__(self, resource: CustomFields, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def add_key(self, *, entity: CustomFieldEntity | str, key: str, enforce_uniqueness: bool) -> None:
        """Register a key; values can only be set for registered keys."""
        return self._loop.call(
            self._async.add_key,
            entity=entity,
            key=key,
            enforce_uniqueness=enforce_uniqueness,
        )

    def delete_values(self, *, entity: CustomFieldEntity | str, entity_id: str, keys: Iterable[str]) -> None:
        """Remove the values of these keys from one entity; the keys stay registered."""
        return self._loop.call(self._async.delete_values, entity=entity, entity_id=entity_id, keys=keys)

    def list_keys(
        self,
        *,
        entities: Iterable[CustomFieldEntity | str] | None = None,
    ) -> SyncPager[CustomFieldKey]:
        """Every registered key, optionally only those of some entities (at least one, if given)."""
        pager = self._async.list_keys(entities=entities)
        return SyncPager(pager, self._loop)

    def remove_key(self, *, entity: CustomFieldEntity | str, key: str) -> None:
        """Unregister a key for an entity type; the values set for it are no longer readable."""
        return self._loop.call(self._async.remove_key, entity=entity, key=key)

    def set_values(
        self,
        *,
        entity: CustomFieldEntity | str,
        entity_id: str,
        custom_fields: Mapping[str, str],
    ) -> None:
        """Set values for registered keys, all or none; keys not named keep their values."""
        return self._loop.call(
            self._async.set_values,
            entity=entity,
            entity_id=entity_id,
            custom_fields=custom_fields,
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
        before is still sent and reported, then a ``SourceError`` carrying the report is raised."""
        return self._loop.call(self._async.ingest, events, on_progress=on_progress)


class SyncContracts:
    """The blocking twin of ``Contracts``."""

    def __init__(self, resource: Contracts, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def archive(self, customer_id: str, contract_id: str, *, void_invoices: bool) -> None:
        """Archive a contract; ``void_invoices`` (required) says whether its invoices are voided too."""
        return self._loop.call(self._async.archive, customer_id, contract_id, void_invoices=void_invoices)

    def create(
        self,
        customer_id: str,
        *,
        starting_at: datetime | str,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        ending_before: datetime | str | None = None,
        name: str | None = None,
        uniqueness_key: str | None = None,
        billing_provider_configuration: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        net_payment_terms_days: float | None = None,
        package_id: str | None = None,
        package_alias: str | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        usage_filter: Mapping[str, Any] | None = None,
        transition: Mapping[str, Any] | None = None,
        salesforce_opportunity_id: str | None = None,
        netsuite_sales_order_id: str | None = None,
        total_contract_value: float | None = None,
        multiplier_override_prioritization: str | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        revenue_system_configuration: Mapping[str, Any] | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Put the customer on a contract from ``starting_at`` (inclusive) to ``ending_before`` (exclusive;
        none = open-ended), priced by a rate card given by ``rate_card_id`` or ``rate_card_alias`` (one, not
        both). A ``uniqueness_key`` (1 to 128 characters) makes Metronome refuse a second contract with the
        same key (ConflictError). Returns the contract id."""
        return self._loop.call(
            self._async.create,
            customer_id,
            starting_at=starting_at,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            ending_before=ending_before,
            name=name,
            uniqueness_key=uniqueness_key,
            billing_provider_configuration=billing_provider_configuration,
            custom_fields=custom_fields,
            net_payment_terms_days=net_payment_terms_days,
            package_id=package_id,
            package_alias=package_alias,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            overrides=overrides,
            discounts=discounts,
            scheduled_charges=scheduled_charges,
            subscriptions=subscriptions,
            usage_statement_schedule=usage_statement_schedule,
            usage_filter=usage_filter,
            transition=transition,
            salesforce_opportunity_id=salesforce_opportunity_id,
            netsuite_sales_order_id=netsuite_sales_order_id,
            total_contract_value=total_contract_value,
            multiplier_override_prioritization=multiplier_override_prioritization,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            spend_trackers=spend_trackers,
            revenue_system_configuration=revenue_system_configuration,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
    ) -> SyncPager[Contract]:
        """The customer's contracts in chronological order, following ``cursor`` to the end; ``await`` it or
        ``.to_list()`` for a list. ``covering_date``: only those active then; ``starting_at``: only those
        starting then or later (not both). Archived contracts only with ``include_archived=True``."""
        pager = self._async.list(
            customer_id,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
            limit=limit,
        )
        return SyncPager(pager, self._loop)

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        as_of_date: datetime | str | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> Contract:
        """One contract, as it is now (or ``as_of_date``)."""
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            as_of_date=as_of_date,
            include_balance=include_balance,
            include_ledgers=include_ledgers,
        )

    def update_end_date(
        self,
        customer_id: str,
        contract_id: str,
        *,
        ending_before: datetime | str | None = None,
        allow_ending_before_finalized_invoice: bool = False,
    ) -> None:
        """End the contract before ``ending_before`` (exclusive); without it, it becomes open-ended."""
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            contract_id,
            ending_before=ending_before,
            allow_ending_before_finalized_invoice=allow_ending_before_finalized_invoice,
        )


class SyncRateCards:
    """The blocking twin of ``RateCards``."""

    def __init__(self, resource: RateCards, loop: LoopThread) -> None:
        self._async = resource
        self._loop = loop

    def create(
        self,
        *,
        name: str,
        aliases: Sequence[str | Mapping[str, str | datetime]] | None = None,
        description: str | None = None,
        fiat_credit_type_id: str | None = None,
        credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a rate card; returns its id. ``aliases`` are names a contract may use instead of the id
        (``rate_card_alias``): each a string, or a mapping with ``name`` and optional ``starting_at`` and
        ``ending_before``."""
        return self._loop.call(
            self._async.create,
            name=name,
            aliases=aliases,
            description=description,
            fiat_credit_type_id=fiat_credit_type_id,
            credit_type_conversions=credit_type_conversions,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(self, *, limit: int = 100) -> SyncPager[RateCard]:
        """Every rate card of the account, following ``next_page`` to the end."""
        pager = self._async.list(limit=limit)
        return SyncPager(pager, self._loop)

    def retrieve(self, rate_card_id: str) -> RateCard:
        """One rate card by id, with its aliases."""
        return self._loop.call(self._async.retrieve, rate_card_id)


class SyncRawCustomerPlans(SyncRawView):
    """The blocking twin of ``RawCustomerPlans``: each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomerPlans, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add(
        self,
        customer_id: str,
        *,
        plan_id: str,
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
            plan_id=plan_id,
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
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.end,
            customer_id,
            customer_plan_id,
            ending_before=ending_before,
            void_invoices=void_invoices,
            void_stripe_invoices=void_stripe_invoices,
        )

    def list(self, customer_id: str, *, limit: int = 100) -> APIResponse[Page[CustomerPlan]]:
        return self._loop.call(self._async.list, customer_id, limit=limit)


class SyncRawCustomers(SyncRawView):
    """The blocking twin of ``RawCustomers``: each call answers an ``APIResponse``."""

    plans: SyncRawCustomerPlans

    def __init__(self, raw: RawCustomers, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.plans = SyncRawCustomerPlans(raw.plans, loop)

    def archive(self, customer_id: str) -> APIResponse[None]:
        return self._loop.call(self._async.archive, customer_id)

    def archive_billing_provider_configurations(
        self,
        customer_id: str,
        *,
        customer_billing_provider_configuration_ids: Iterable[str],
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.archive_billing_provider_configurations,
            customer_id,
            customer_billing_provider_configuration_ids=customer_billing_provider_configuration_ids,
        )

    def create(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str] | None = None,
        external_id: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
        billing_config: Mapping[str, Any] | None = None,
        customer_billing_provider_configurations: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[Customer]:
        return self._loop.call(
            self._async.create,
            name=name,
            ingest_aliases=ingest_aliases,
            external_id=external_id,
            custom_fields=custom_fields,
            billing_config=billing_config,
            customer_billing_provider_configurations=customer_billing_provider_configurations,
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

    def delete_billing_config(
        self,
        customer_id: str,
        billing_provider_type: BillingProviderType | str,
    ) -> APIResponse[None]:
        return self._loop.call(self._async.delete_billing_config, customer_id, billing_provider_type)

    def list(
        self,
        *,
        limit: int = 100,
        ingest_alias: str | None = None,
        customer_ids: Iterable[str] | None = None,
        only_archived: bool = False,
        salesforce_account_ids: Iterable[str] | None = None,
    ) -> APIResponse[Page[Customer]]:
        return self._loop.call(
            self._async.list,
            limit=limit,
            ingest_alias=ingest_alias,
            customer_ids=customer_ids,
            only_archived=only_archived,
            salesforce_account_ids=salesforce_account_ids,
        )

    def retrieve(self, customer_id: str) -> APIResponse[Customer]:
        return self._loop.call(self._async.retrieve, customer_id)

    def retrieve_billing_config(
        self,
        customer_id: str,
        billing_provider_type: BillingProviderType | str,
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

    def set_billable_status(
        self,
        customer_id: str,
        *,
        billable_status: BillableStatusValue | str,
        effective_at: datetime | str,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_billable_status,
            customer_id,
            billable_status=billable_status,
            effective_at=effective_at,
        )

    def set_billing_config(
        self,
        customer_id: str,
        *,
        billing_provider_type: BillingProviderType | str,
        billing_provider_customer_id: str,
        stripe_collection_method: StripeCollectionMethod | str | None = None,
        aws_product_code: str | None = None,
        aws_customer_id: str | None = None,
        aws_customer_account_id: str | None = None,
        aws_region: str | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_billing_config,
            customer_id,
            billing_provider_type=billing_provider_type,
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

    def set_ingest_aliases(self, customer_id: str, *, ingest_aliases: Sequence[str]) -> APIResponse[None]:
        return self._loop.call(self._async.set_ingest_aliases, customer_id, ingest_aliases=ingest_aliases)

    def set_name(self, customer_id: str, *, name: str) -> APIResponse[Customer]:
        return self._loop.call(self._async.set_name, customer_id, name=name)

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
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update_config,
            customer_id,
            salesforce_account_id=salesforce_account_id,
            leave_stripe_invoices_in_draft=leave_stripe_invoices_in_draft,
        )


class SyncRawPlans(SyncRawView):
    """The blocking twin of ``RawPlans``: each call answers an ``APIResponse``."""

    def __init__(self, raw: RawPlans, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def list(self, *, limit: int = 100) -> APIResponse[Page[Plan]]:
        return self._loop.call(self._async.list, limit=limit)


class SyncRawCustomFields(SyncRawView):
    """The blocking twin of ``RawCustomFields``: each call answers an ``APIResponse``."""

    def __init__(self, raw: RawCustomFields, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def add_key(
        self,
        *,
        entity: CustomFieldEntity | str,
        key: str,
        enforce_uniqueness: bool,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.add_key,
            entity=entity,
            key=key,
            enforce_uniqueness=enforce_uniqueness,
        )

    def delete_values(
        self,
        *,
        entity: CustomFieldEntity | str,
        entity_id: str,
        keys: Iterable[str],
    ) -> APIResponse[None]:
        return self._loop.call(self._async.delete_values, entity=entity, entity_id=entity_id, keys=keys)

    def list_keys(
        self,
        *,
        entities: Iterable[CustomFieldEntity | str] | None = None,
    ) -> APIResponse[Page[CustomFieldKey]]:
        return self._loop.call(self._async.list_keys, entities=entities)

    def remove_key(self, *, entity: CustomFieldEntity | str, key: str) -> APIResponse[None]:
        return self._loop.call(self._async.remove_key, entity=entity, key=key)

    def set_values(
        self,
        *,
        entity: CustomFieldEntity | str,
        entity_id: str,
        custom_fields: Mapping[str, str],
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.set_values,
            entity=entity,
            entity_id=entity_id,
            custom_fields=custom_fields,
        )


class SyncRawUsage(SyncRawView):
    """The blocking twin of ``RawUsage``: each call answers an ``APIResponse``."""

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


class SyncRawContracts(SyncRawView):
    """The blocking twin of ``RawContracts``: each call answers an ``APIResponse``."""

    def __init__(self, raw: RawContracts, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def archive(self, customer_id: str, contract_id: str, *, void_invoices: bool) -> APIResponse[None]:
        return self._loop.call(self._async.archive, customer_id, contract_id, void_invoices=void_invoices)

    def create(
        self,
        customer_id: str,
        *,
        starting_at: datetime | str,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        ending_before: datetime | str | None = None,
        name: str | None = None,
        uniqueness_key: str | None = None,
        billing_provider_configuration: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        net_payment_terms_days: float | None = None,
        package_id: str | None = None,
        package_alias: str | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        usage_filter: Mapping[str, Any] | None = None,
        transition: Mapping[str, Any] | None = None,
        salesforce_opportunity_id: str | None = None,
        netsuite_sales_order_id: str | None = None,
        total_contract_value: float | None = None,
        multiplier_override_prioritization: str | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        revenue_system_configuration: Mapping[str, Any] | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            customer_id,
            starting_at=starting_at,
            rate_card_id=rate_card_id,
            rate_card_alias=rate_card_alias,
            ending_before=ending_before,
            name=name,
            uniqueness_key=uniqueness_key,
            billing_provider_configuration=billing_provider_configuration,
            custom_fields=custom_fields,
            net_payment_terms_days=net_payment_terms_days,
            package_id=package_id,
            package_alias=package_alias,
            commits=commits,
            credits=credits,
            recurring_commits=recurring_commits,
            recurring_credits=recurring_credits,
            overrides=overrides,
            discounts=discounts,
            scheduled_charges=scheduled_charges,
            subscriptions=subscriptions,
            usage_statement_schedule=usage_statement_schedule,
            usage_filter=usage_filter,
            transition=transition,
            salesforce_opportunity_id=salesforce_opportunity_id,
            netsuite_sales_order_id=netsuite_sales_order_id,
            total_contract_value=total_contract_value,
            multiplier_override_prioritization=multiplier_override_prioritization,
            scheduled_charges_on_usage_invoices=scheduled_charges_on_usage_invoices,
            professional_services=professional_services,
            reseller_royalties=reseller_royalties,
            spend_trackers=spend_trackers,
            revenue_system_configuration=revenue_system_configuration,
            spend_threshold_configuration=spend_threshold_configuration,
            prepaid_balance_threshold_configuration=prepaid_balance_threshold_configuration,
            hierarchy_configuration=hierarchy_configuration,
            idempotency_key=idempotency_key,
        )

    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[Contract]]:
        return self._loop.call(
            self._async.list,
            customer_id,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
            limit=limit,
        )

    def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        as_of_date: datetime | str | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> APIResponse[Contract]:
        return self._loop.call(
            self._async.retrieve,
            customer_id,
            contract_id,
            as_of_date=as_of_date,
            include_balance=include_balance,
            include_ledgers=include_ledgers,
        )

    def update_end_date(
        self,
        customer_id: str,
        contract_id: str,
        *,
        ending_before: datetime | str | None = None,
        allow_ending_before_finalized_invoice: bool = False,
    ) -> APIResponse[None]:
        return self._loop.call(
            self._async.update_end_date,
            customer_id,
            contract_id,
            ending_before=ending_before,
            allow_ending_before_finalized_invoice=allow_ending_before_finalized_invoice,
        )


class SyncRawRateCards(SyncRawView):
    """The blocking twin of ``RawRateCards``: each call answers an ``APIResponse``."""

    def __init__(self, raw: RawRateCards, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop

    def create(
        self,
        *,
        name: str,
        aliases: Sequence[str | Mapping[str, str | datetime]] | None = None,
        description: str | None = None,
        fiat_credit_type_id: str | None = None,
        credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[str]:
        return self._loop.call(
            self._async.create,
            name=name,
            aliases=aliases,
            description=description,
            fiat_credit_type_id=fiat_credit_type_id,
            credit_type_conversions=credit_type_conversions,
            custom_fields=custom_fields,
            idempotency_key=idempotency_key,
        )

    def list(self, *, limit: int = 100) -> APIResponse[Page[RateCard]]:
        return self._loop.call(self._async.list, limit=limit)

    def retrieve(self, rate_card_id: str) -> APIResponse[RateCard]:
        return self._loop.call(self._async.retrieve, rate_card_id)


class SyncRawClient(SyncRawView):
    """The blocking twin of ``RawClient``: each call answers an ``APIResponse``."""

    customers: SyncRawCustomers
    plans: SyncRawPlans
    custom_fields: SyncRawCustomFields
    usage: SyncRawUsage
    contracts: SyncRawContracts
    rate_cards: SyncRawRateCards

    def __init__(self, raw: RawClient, loop: LoopThread) -> None:
        self._async = raw
        self._loop = loop
        self.customers = SyncRawCustomers(raw.customers, loop)
        self.plans = SyncRawPlans(raw.plans, loop)
        self.custom_fields = SyncRawCustomFields(raw.custom_fields, loop)
        self.usage = SyncRawUsage(raw.usage, loop)
        self.contracts = SyncRawContracts(raw.contracts, loop)
        self.rate_cards = SyncRawRateCards(raw.rate_cards, loop)

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


class Metronome(SyncClientBase):
    """The blocking client: the arguments and methods of ``AsyncMetronome``, without ``await``.

    It keeps one event loop, run by the threads that call it; it is safe to share between
    threads. Close it with ``close()`` or a ``with`` block."""

    customers: SyncCustomers
    plans: SyncPlans
    custom_fields: SyncCustomFields
    usage: SyncUsage
    contracts: SyncContracts
    rate_cards: SyncRateCards
    webhooks: Webhooks

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
        self.plans = SyncPlans(client.plans, loop)
        self.custom_fields = SyncCustomFields(client.custom_fields, loop)
        self.usage = SyncUsage(client.usage, loop)
        self.contracts = SyncContracts(client.contracts, loop)
        self.rate_cards = SyncRateCards(client.rate_cards, loop)
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
        """Call any endpoint, such as one the SDK does not wrap, and return the parsed JSON (``None`` for an
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
