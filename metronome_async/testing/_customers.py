"""Customers: names, ingest aliases (unique across the account, archived customers included),
configuration, billable status, and their billing: the legacy per-provider billing configs and the
billing provider configurations."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._billing import ProviderConfig, ProviderConfigInput
from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

NAME_LIMIT = 160
UNDELETABLE_BILLING_CONFIGS = ("aws_marketplace", "azure_marketplace")


@attrs.define
class Customer:
    id: str
    seq: int
    name: str
    ingest_aliases: list[str]
    external_id: str
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    salesforce_account_id: str | None = None
    leave_stripe_invoices_in_draft: bool | None = None
    billing_configs: dict[str, Wire] = attrs.Factory(dict)  # legacy, by billing provider type
    billable_status: tuple[str, datetime] | None = None  # (value, effective_at) as last set


@attrs.frozen
class NewCustomer:
    """What a customer is created with, checked for shape and types by the route."""

    name: str
    ingest_aliases: Sequence[str] = ()
    external_id: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict)
    billing_config: tuple[str, Wire] | None = None
    provider_configs: Sequence[ProviderConfigInput] = ()


@attrs.frozen
class CustomerDraft:
    """A customer checked against the state and ready to be stored."""

    customer: Customer
    aliases: list[str]
    custom_fields: Mapping[str, str]
    provider_configs: list[ProviderConfig]


class Customers:
    def __init__(self, clock: Clock, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._customers: dict[str, Customer] = {}
        self._customer_order: list[Customer] = []  # creation order, for pagination
        self._alias_owner: dict[str, str] = {}  # archived customers keep theirs
        self._provider_configs: dict[str, ProviderConfig] = {}

    def exists(self, customer_id: str) -> bool:
        return customer_id in self._customers

    def find(self, customer_id: str) -> Customer | None:
        return self._customers.get(customer_id)

    def named(self, name: str) -> Customer | None:
        """The customer an event names: by its id, or by one of its ingest aliases."""
        return self._customers.get(name) or self._customers.get(self._alias_owner.get(name, ""))

    def live_ids(self) -> list[str]:
        """The customers not archived, in creation order."""
        return [c.id for c in self._customer_order if c.archived_at is None]

    def provider_configs_of(self, customer_id: str) -> list[ProviderConfig]:
        return [c for c in self._provider_configs.values() if c.customer_id == customer_id]

    def create(self, new: NewCustomer) -> Wire:
        draft = self.draft(new)
        self.store(draft)
        return self.wire(draft.customer)

    def draft(self, new: NewCustomer) -> CustomerDraft:
        customer_id = new_id()
        external_id = new.external_id
        aliases = _unique([external_id, *new.ingest_aliases] if external_id else new.ingest_aliases)
        name = _clean_name(new.name)
        self._check_aliases(customer_id, aliases)
        self._custom_fields.check("customer", customer_id, new.custom_fields)
        configs = [_provider_config(customer_id, c) for c in new.provider_configs]
        now = self._clock.now()
        customer = Customer(
            id=customer_id,
            seq=next(self._seq),
            name=name,
            ingest_aliases=[],  # claimed when stored
            external_id=external_id or (aliases[0] if aliases else customer_id),
            created_at=now,
            updated_at=now,
        )
        if new.billing_config is not None:
            customer.billing_configs[new.billing_config[0]] = new.billing_config[1]
        return CustomerDraft(customer, aliases, new.custom_fields, configs)

    def store(self, draft: CustomerDraft) -> None:
        customer = draft.customer
        self._customers[customer.id] = customer
        self._customer_order.append(customer)
        self._claim_aliases(customer, draft.aliases)
        self._custom_fields.set("customer", customer.id, draft.custom_fields, checked=False)
        for config in draft.provider_configs:
            self._provider_configs[config.id] = config

    def seed(self, n: int, name_prefix: str, archived: int, alias_prefix: str | None) -> list[str]:
        """`n` plain customers in one go, without the per-request checks (see FakeMetronome.seed_customers);
        only the aliases are checked, all before any customer is added."""
        first = len(self._customer_order) + 1
        numbers = range(first, first + n)
        aliases = None if alias_prefix is None else [f"{alias_prefix}{k}" for k in numbers]
        if aliases is not None:
            taken = next((a for a in aliases if a in self._alias_owner), None)
            if taken is not None:
                raise ApiError(409, f"ingest alias {taken!r} is already in use by another customer")
        now = self._clock.now()
        ids = [str(uuid.uuid4()) for _ in numbers]
        for index, (number, customer_id) in enumerate(zip(numbers, ids, strict=True)):
            alias = None if aliases is None else aliases[index]
            customer = Customer(
                id=customer_id,
                seq=next(self._seq),
                name=f"{name_prefix} {number}"[:NAME_LIMIT],
                ingest_aliases=[] if alias is None else [alias],
                external_id=customer_id if alias is None else alias,
                created_at=now,
                updated_at=now,
                archived_at=now if index >= n - archived else None,
            )
            self._customers[customer_id] = customer
            self._customer_order.append(customer)
            if alias is not None:
                self._alias_owner[alias] = customer_id
        return ids

    def detail(self, customer_id: str) -> Wire:
        return self.detail_wire(self.get(customer_id))

    def all(self, include_archived: bool) -> list[Wire]:
        return [
            self.detail_wire(c) for c in self._customer_order if include_archived or c.archived_at is None
        ]

    def page(
        self,
        request: PageRequest,
        *,
        only_archived: bool,
        customer_ids: list[str] | None,
        ingest_alias: str | None,
        salesforce_account_ids: list[str] | None,
    ) -> Page:
        filters = {
            "only_archived": only_archived,
            "customer_ids": customer_ids,
            "ingest_alias": ingest_alias,
            "salesforce_account_ids": salesforce_account_ids,
        }

        def keep(c: Customer) -> bool:
            return (
                (c.archived_at is not None) == only_archived
                and (customer_ids is None or c.id in customer_ids)
                and (ingest_alias is None or ingest_alias in c.ingest_aliases)
                and (salesforce_account_ids is None or c.salesforce_account_id in salesforce_account_ids)
            )

        found, next_page = self._cursors.page(
            "customers", filters, self._customer_order, lambda c: (c.seq,), request, keep
        )
        return [self.detail_wire(c) for c in found], next_page

    def set_name(self, customer_id: str, name: str) -> Wire:
        customer = self.active(customer_id)
        customer.name = _clean_name(name)
        customer.updated_at = self._clock.now()
        return self.wire(customer)

    def set_ingest_aliases(self, customer_id: str, aliases: Sequence[str]) -> None:
        """Replaces the whole set."""
        customer = self.active(customer_id)
        unique = _unique(aliases)
        self._check_aliases(customer_id, unique)
        self._claim_aliases(customer, unique)
        customer.updated_at = self._clock.now()

    def update_config(self, customer_id: str, changes: Mapping[str, Any]) -> None:
        """`changes` maps salesforce_account_id / leave_stripe_invoices_in_draft to new values."""
        customer = self.active(customer_id)
        for name, value in changes.items():
            setattr(customer, name, value)
        customer.updated_at = self._clock.now()

    def archive(self, customer_id: str) -> None:
        """Irreversible. The customer stays readable and keeps its aliases reserved."""
        customer = self.get(customer_id)
        if customer.archived_at is not None:
            raise ApiError(400, f"customer {customer_id} is already archived")
        customer.archived_at = customer.updated_at = self._clock.now()

    def set_billable_status(self, customer_id: str, status: str, effective_at: datetime) -> Wire:
        customer = self.active(customer_id)
        customer.billable_status = (status, effective_at)
        customer.updated_at = self._clock.now()
        return {"id": customer_id, "current_billable_status": status}

    # ------------------------------------------------------------------ billing configuration (legacy)

    def set_billing_config(self, customer_id: str, provider: str, config: Wire) -> None:
        self.active(customer_id).billing_configs[provider] = config

    def billing_config(self, customer_id: str, provider: str) -> Wire:
        config = self.get(customer_id).billing_configs.get(provider)
        if config is None:
            raise ApiError(404, f"customer {customer_id} has no {provider} billing config")
        return dict(config)

    def delete_billing_config(self, customer_id: str, provider: str) -> None:
        customer = self.active(customer_id)
        if provider in UNDELETABLE_BILLING_CONFIGS:
            raise ApiError(400, f"deleting a {provider} billing config is not supported")
        if customer.billing_configs.pop(provider, None) is None:
            raise ApiError(404, f"customer {customer_id} has no {provider} billing config")

    # ------------------------------------------------------------------ billing provider configurations

    def set_provider_configs(self, items: Sequence[tuple[str, ProviderConfigInput]]) -> list[Wire]:
        """All or nothing."""
        for customer_id, _ in items:
            self.active(customer_id)
        configs = [_provider_config(customer_id, config) for customer_id, config in items]
        self._provider_configs.update((c.id, c) for c in configs)
        return [c.created_wire() for c in configs]

    def provider_configs(self, customer_id: str, include_archived: bool) -> list[Wire]:
        self.get(customer_id)
        return [
            c.wire()
            for c in self._provider_configs.values()
            if c.customer_id == customer_id and (include_archived or c.archived_at is None)
        ]

    def archive_provider_configs(self, customer_id: str, config_ids: Sequence[str]) -> None:
        """All or nothing: every id must be an active configuration of this customer."""
        self.get(customer_id)
        configs = []
        for config_id in config_ids:
            config = self._provider_configs.get(config_id)
            if config is None or config.customer_id != customer_id:
                raise ApiError(400, f"billing provider configuration {config_id} not found for this customer")
            if config.archived_at is not None:
                raise ApiError(400, f"billing provider configuration {config_id} is already archived")
            configs.append(config)
        now = self._clock.now()
        for config in configs:
            config.archived_at = now

    def get(self, customer_id: str) -> Customer:
        customer = self._customers.get(customer_id)
        if customer is None:
            raise ApiError(404, f"customer {customer_id} not found")
        return customer

    def active(self, customer_id: str) -> Customer:
        """The customer, for a change: archived customers are read-only."""
        customer = self.get(customer_id)
        if customer.archived_at is not None:
            raise ApiError(400, f"customer {customer_id} is archived")
        return customer

    def _check_aliases(self, customer_id: str, aliases: Sequence[str]) -> None:
        for alias in aliases:
            if self._alias_owner.get(alias, customer_id) != customer_id:
                raise ApiError(409, f"ingest alias {alias!r} is already in use by another customer")

    def _claim_aliases(self, customer: Customer, aliases: list[str]) -> None:
        for alias in customer.ingest_aliases:
            del self._alias_owner[alias]
        self._alias_owner.update(dict.fromkeys(aliases, customer.id))
        customer.ingest_aliases = aliases

    def wire(self, c: Customer) -> Wire:
        return {
            "id": c.id,
            "external_id": c.external_id,
            "ingest_aliases": list(c.ingest_aliases),
            "name": c.name,
            "custom_fields": self._custom_fields.get("customer", c.id),
        }

    def detail_wire(self, c: Customer) -> Wire:
        return {
            **self.wire(c),
            "customer_config": {"salesforce_account_id": c.salesforce_account_id},
            "created_at": format_rfc3339(c.created_at),
            "updated_at": format_rfc3339(c.updated_at),
            "archived_at": None if c.archived_at is None else format_rfc3339(c.archived_at),
            **self._billable_status_wire(c),
        }

    def _billable_status_wire(self, c: Customer) -> Wire:
        """`current_billable_status`, once set (the field depends on the account's configuration)."""
        if c.billable_status is None:
            return {}
        value, effective_at = c.billable_status
        return {"current_billable_status": {"value": value, "effective_at": format_rfc3339(effective_at)}}


def _clean_name(name: str) -> str:
    if not name.strip():
        raise ApiError(400, "name: must not be empty")
    return name[:NAME_LIMIT]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _provider_config(customer_id: str, config: ProviderConfigInput) -> ProviderConfig:
    method, method_id = config.delivery()
    return ProviderConfig(
        id=new_id(),
        customer_id=customer_id,
        billing_provider=config.billing_provider,
        configuration=config.configuration,
        delivery_method=method,
        delivery_method_id=method_id,
        tax_provider=config.tax_provider,
    )
