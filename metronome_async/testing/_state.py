"""The in-memory Metronome and its rules: customers, aliases, plans, billing configurations, usage,
and the rules across aggregates (a contract needs a live customer, a rate card, a billing configuration).

Pure Python, no HTTP. Methods take validated values, return wire-form dicts and raise ApiError; each
checks everything before it changes anything. Callers hold `lock` around every call.
"""

from __future__ import annotations

import copy
import itertools
import threading
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from ._billing import ProviderConfig, ProviderConfigInput
from ._clock import Clock
from ._contracts import Contract, Contracts, ContractTerms
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._idempotency import IdempotencyStore
from ._rate_cards import RateCards
from ._wire import ApiError, format_rfc3339, new_id

NAME_LIMIT = 160
UNDELETABLE_BILLING_CONFIGS = ("aws_marketplace", "azure_marketplace")

Wire = dict[str, Any]
Page = tuple[list[Wire], str | None]


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
class _CustomerDraft:
    """A customer checked against the state and ready to be stored."""

    customer: Customer
    aliases: list[str]
    custom_fields: Mapping[str, str]
    provider_configs: list[ProviderConfig]


@attrs.define
class Plan:
    id: str
    seq: int
    name: str
    description: str


@attrs.frozen
class Trial:
    length_in_days: float
    credit_type_id: str | None = None
    amount: float | None = None


@attrs.define
class CustomerPlan:
    id: str
    seq: int
    customer_id: str
    plan: Plan
    starting_on: datetime
    ending_before: datetime | None
    net_payment_terms_days: float | None
    trial: Trial | None


class State:
    def __init__(self, *, cursor_ttl: float) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.cursors = Cursors(self.clock, cursor_ttl)
        self.idempotency = IdempotencyStore(self.clock)
        self.custom_fields = CustomFields()
        self.rate_cards = RateCards(self.clock, self.cursors, self.custom_fields)
        self.contracts = Contracts(self.clock, self.cursors, self.custom_fields)
        self._seq = itertools.count(1)
        self._customers: dict[str, Customer] = {}
        self._customer_order: list[Customer] = []  # creation order, for pagination
        self._alias_owner: dict[str, str] = {}  # archived customers keep theirs
        self._plans: dict[str, Plan] = {}
        self._customer_plans: dict[str, CustomerPlan] = {}
        self._provider_configs: dict[str, ProviderConfig] = {}
        self._events: list[Wire] = []
        self._transaction_ids: set[str] = set()

    # ------------------------------------------------------------------ customers

    def create_customer(self, new: NewCustomer) -> Wire:
        draft = self._draft_customer(new)
        self._store_customer(draft)
        return self._customer_wire(draft.customer)

    def _draft_customer(self, new: NewCustomer) -> _CustomerDraft:
        customer_id = new_id()
        external_id = new.external_id
        aliases = _unique([external_id, *new.ingest_aliases] if external_id else new.ingest_aliases)
        name = _clean_name(new.name)
        self._check_aliases(customer_id, aliases)
        self.custom_fields.check("customer", customer_id, new.custom_fields)
        configs = [_provider_config(customer_id, c) for c in new.provider_configs]
        now = self.clock.now()
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
        return _CustomerDraft(customer, aliases, new.custom_fields, configs)

    def _store_customer(self, draft: _CustomerDraft) -> None:
        customer = draft.customer
        self._customers[customer.id] = customer
        self._customer_order.append(customer)
        self._claim_aliases(customer, draft.aliases)
        self.custom_fields.set("customer", customer.id, draft.custom_fields, checked=False)
        for config in draft.provider_configs:
            self._provider_configs[config.id] = config

    def seed_customers(self, n: int, name_prefix: str, archived: int, alias_prefix: str | None) -> list[str]:
        """`n` plain customers in one go, without the per-request checks (see FakeMetronome.seed_customers);
        only the aliases are checked, all before any customer is added."""
        first = len(self._customer_order) + 1
        numbers = range(first, first + n)
        aliases = None if alias_prefix is None else [f"{alias_prefix}{k}" for k in numbers]
        if aliases is not None:
            taken = next((a for a in aliases if a in self._alias_owner), None)
            if taken is not None:
                raise ApiError(409, f"ingest alias {taken!r} is already in use by another customer")
        now = self.clock.now()
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

    def customer_detail(self, customer_id: str) -> Wire:
        return self._detail_wire(self._customer(customer_id))

    def all_customers(self, include_archived: bool) -> list[Wire]:
        return [
            self._detail_wire(c) for c in self._customer_order if include_archived or c.archived_at is None
        ]

    def list_customers(
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

        found, next_page = self.cursors.page(
            "customers", filters, self._customer_order, lambda c: (c.seq,), request, keep
        )
        return [self._detail_wire(c) for c in found], next_page

    def set_name(self, customer_id: str, name: str) -> Wire:
        customer = self._active(customer_id)
        customer.name = _clean_name(name)
        customer.updated_at = self.clock.now()
        return self._customer_wire(customer)

    def set_ingest_aliases(self, customer_id: str, aliases: Sequence[str]) -> None:
        """Replaces the whole set."""
        customer = self._active(customer_id)
        unique = _unique(aliases)
        self._check_aliases(customer_id, unique)
        self._claim_aliases(customer, unique)
        customer.updated_at = self.clock.now()

    def update_config(self, customer_id: str, changes: Mapping[str, Any]) -> None:
        """`changes` maps salesforce_account_id / leave_stripe_invoices_in_draft to new values."""
        customer = self._active(customer_id)
        for name, value in changes.items():
            setattr(customer, name, value)
        customer.updated_at = self.clock.now()

    def archive_customer(self, customer_id: str) -> None:
        """Irreversible, and archives the customer's contracts. The customer stays readable and keeps its
        aliases reserved."""
        customer = self._customer(customer_id)
        if customer.archived_at is not None:
            raise ApiError(400, f"customer {customer_id} is already archived")
        customer.archived_at = customer.updated_at = self.clock.now()
        self.contracts.archive_all(customer_id)

    def set_billable_status(self, customer_id: str, status: str, effective_at: datetime) -> Wire:
        customer = self._active(customer_id)
        customer.billable_status = (status, effective_at)
        customer.updated_at = self.clock.now()
        return {"id": customer_id, "current_billable_status": status}

    # ------------------------------------------------------------------ billing configuration (legacy)

    def set_billing_config(self, customer_id: str, provider: str, config: Wire) -> None:
        self._active(customer_id).billing_configs[provider] = config

    def billing_config(self, customer_id: str, provider: str) -> Wire:
        config = self._customer(customer_id).billing_configs.get(provider)
        if config is None:
            raise ApiError(404, f"customer {customer_id} has no {provider} billing config")
        return dict(config)

    def delete_billing_config(self, customer_id: str, provider: str) -> None:
        customer = self._active(customer_id)
        if provider in UNDELETABLE_BILLING_CONFIGS:
            raise ApiError(400, f"deleting a {provider} billing config is not supported")
        if customer.billing_configs.pop(provider, None) is None:
            raise ApiError(404, f"customer {customer_id} has no {provider} billing config")

    # ------------------------------------------------------------------ billing provider configurations

    def set_provider_configs(self, items: Sequence[tuple[str, ProviderConfigInput]]) -> list[Wire]:
        """All or nothing."""
        for customer_id, _ in items:
            self._active(customer_id)
        configs = [_provider_config(customer_id, config) for customer_id, config in items]
        self._provider_configs.update((c.id, c) for c in configs)
        return [c.created_wire() for c in configs]

    def provider_configs(self, customer_id: str, include_archived: bool) -> list[Wire]:
        self._customer(customer_id)
        return [
            c.wire()
            for c in self._provider_configs.values()
            if c.customer_id == customer_id and (include_archived or c.archived_at is None)
        ]

    def archive_provider_configs(self, customer_id: str, config_ids: Sequence[str]) -> None:
        """All or nothing: every id must be an active configuration of this customer."""
        self._customer(customer_id)
        configs = []
        for config_id in config_ids:
            config = self._provider_configs.get(config_id)
            if config is None or config.customer_id != customer_id:
                raise ApiError(400, f"billing provider configuration {config_id} not found for this customer")
            if config.archived_at is not None:
                raise ApiError(400, f"billing provider configuration {config_id} is already archived")
            configs.append(config)
        now = self.clock.now()
        for config in configs:
            config.archived_at = now

    # ------------------------------------------------------------------ contracts

    def create_contract(self, customer_id: str, terms: ContractTerms) -> Wire:
        self._active(customer_id)
        contract_id = new_id()
        mine = [c for c in self._provider_configs.values() if c.customer_id == customer_id]
        rate_card_id, billing = self._check_contract(contract_id, terms, mine)
        contract = self.contracts.add(contract_id, customer_id, terms, rate_card_id, billing)
        return {"id": contract_id, "contract": self.contracts.wire(contract, created=True)}

    def create_customer_with_contract(self, new: NewCustomer, terms: ContractTerms) -> Wire:
        """Both or neither: every check of either is made before anything is stored."""
        draft = self._draft_customer(new)
        contract_id = new_id()
        rate_card_id, billing = self._check_contract(contract_id, terms, draft.provider_configs)
        self._store_customer(draft)
        customer = draft.customer
        self.contracts.add(contract_id, customer.id, terms, rate_card_id, billing)
        return {
            "customer_id": customer.id,
            "ingest_aliases": list(customer.ingest_aliases),
            "customer_name": customer.name,
            "custom_fields": self.custom_fields.get("customer", customer.id),
            "contract_id": contract_id,
        }

    def contract(self, customer_id: str, contract_id: str) -> Wire:
        """v2 get: its spec answers an unknown customer or contract with a 400 and a code."""
        return self.contracts.wire(self._v2_contract(customer_id, contract_id))

    def list_contracts(
        self,
        customer_id: str,
        request: PageRequest,
        *,
        include_archived: bool,
        covering_date: datetime | None,
        starting_at: datetime | None,
    ) -> Page:
        self._v2_customer(customer_id)
        return self.contracts.list(
            customer_id,
            request,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
        )

    def update_contract_end(self, customer_id: str, contract_id: str, ending_before: datetime | None) -> None:
        self.contracts.update_end_date(self._contract(customer_id, contract_id), ending_before)

    def archive_contract(self, customer_id: str, contract_id: str) -> None:
        self.contracts.archive(self._contract(customer_id, contract_id))

    def _check_contract(
        self, contract_id: str, terms: ContractTerms, configs: list[ProviderConfig]
    ) -> tuple[str | None, ProviderConfig | None]:
        """(rate card id, billing provider configuration) for a contract with these terms, whose customer
        has these configurations; raises for what would stop it."""
        rate_card_id = self.rate_cards.resolve(terms.rate_card_id, terms.rate_card_alias, terms.starting_at)
        billing = None if terms.billing is None else terms.billing.pick(configs)
        self.contracts.check(contract_id, terms)
        return rate_card_id, billing

    def _contract(self, customer_id: str, contract_id: str) -> Contract:
        self._customer(customer_id)
        contract = self.contracts.find(customer_id, contract_id)
        if contract is None:
            raise ApiError(404, f"contract {contract_id} not found for customer {customer_id}")
        return contract

    def _v2_customer(self, customer_id: str) -> None:
        if customer_id not in self._customers:
            raise ApiError(400, f"customer {customer_id} not found", code="CustomerNotFound")

    def _v2_contract(self, customer_id: str, contract_id: str) -> Contract:
        self._v2_customer(customer_id)
        contract = self.contracts.find(customer_id, contract_id)
        if contract is None:
            message = f"contract {contract_id} not found for customer {customer_id}"
            raise ApiError(400, message, code="ContractNotFound")
        return contract

    # ------------------------------------------------------------------ plans

    def create_plan(self, name: str, description: str, custom_fields: Mapping[str, str]) -> str:
        plan = Plan(new_id(), next(self._seq), name, description)
        self._plans[plan.id] = plan
        self.custom_fields.set("plan", plan.id, custom_fields, checked=False)
        return plan.id

    def list_plans(self, request: PageRequest) -> Page:
        plans = list(self._plans.values())
        found, next_page = self.cursors.page("plans", {}, plans, lambda p: (p.seq,), request)
        return [self._plan_wire(p) for p in found], next_page

    def add_customer_plan(
        self,
        customer_id: str,
        *,
        plan_id: str,
        starting_on: datetime,
        ending_before: datetime | None,
        net_payment_terms_days: float | None,
        trial: Trial | None,
    ) -> str:
        self._active(customer_id)
        plan = self._plans.get(plan_id)
        if plan is None:
            raise ApiError(404, f"plan {plan_id} not found")
        if trial is not None:
            _trial_end(starting_on, trial)  # checked now, so listing this plan can never fail
        customer_plan = CustomerPlan(
            id=new_id(),
            seq=next(self._seq),
            customer_id=customer_id,
            plan=plan,
            starting_on=starting_on,
            ending_before=ending_before,
            net_payment_terms_days=net_payment_terms_days,
            trial=trial,
        )
        self._customer_plans[customer_plan.id] = customer_plan
        return customer_plan.id

    def end_customer_plan(
        self, customer_id: str, customer_plan_id: str, ending_before: datetime | None
    ) -> None:
        """`ending_before=None` clears the end date."""
        self._active(customer_id)
        customer_plan = self._customer_plans.get(customer_plan_id)
        if customer_plan is None or customer_plan.customer_id != customer_id:
            raise ApiError(404, f"customer plan {customer_plan_id} not found for customer {customer_id}")
        if ending_before is not None and ending_before <= customer_plan.starting_on:
            raise ApiError(400, "ending_before: must be after the plan's starting_on")
        customer_plan.ending_before = ending_before

    def list_customer_plans(self, customer_id: str, request: PageRequest) -> Page:
        """Reverse chronological: latest starting_on first."""
        self._customer(customer_id)

        def newest_first(cp: CustomerPlan) -> tuple[float, int]:
            return (-cp.starting_on.timestamp(), -cp.seq)

        mine = sorted(
            (cp for cp in self._customer_plans.values() if cp.customer_id == customer_id), key=newest_first
        )
        found, next_page = self.cursors.page(f"customer_plans:{customer_id}", {}, mine, newest_first, request)
        return [self._customer_plan_wire(cp) for cp in found], next_page

    # ------------------------------------------------------------------ custom fields

    def list_field_keys(self, entities: Collection[str] | None, request: PageRequest) -> Page:
        keys = self.custom_fields.keys(entities)
        filters = {"entities": None if entities is None else sorted(entities)}
        found, next_page = self.cursors.page("custom_field_keys", filters, keys, lambda k: (k.seq,), request)
        return [k.wire() for k in found], next_page

    def set_field_values(self, entity: str, entity_id: str, fields: Mapping[str, str]) -> None:
        self._check_entity(entity, entity_id)
        self.custom_fields.set(entity, entity_id, fields)

    def delete_field_values(self, entity: str, entity_id: str, keys: Collection[str]) -> None:
        self._check_entity(entity, entity_id)
        self.custom_fields.delete(entity, entity_id, keys)

    def _check_entity(self, entity: str, entity_id: str) -> None:
        """Entities the fake models must exist; others (products, commits, ...) are taken on trust."""
        if entity == "customer":
            self._active(entity_id)
        elif (
            (entity == "plan" and entity_id not in self._plans)
            or (entity == "customer_plan" and entity_id not in self._customer_plans)
            or (entity == "contract" and not self.contracts.exists(entity_id))
            or (entity == "rate_card" and not self.rate_cards.exists(entity_id))
        ):
            raise ApiError(404, f"{entity} {entity_id} not found")

    # ------------------------------------------------------------------ usage

    def ingest(self, events: Sequence[Wire]) -> None:
        """Duplicate transaction ids are silently ignored."""
        for event in events:
            if event["transaction_id"] not in self._transaction_ids:
                self._transaction_ids.add(event["transaction_id"])
                self._events.append(copy.deepcopy(event))

    def events(self, customer: str | None) -> list[Wire]:
        """Stored events, optionally those of one customer (its id or any of its current aliases)."""
        found = None if customer is None else self._customers.get(customer)
        names = {customer, *(found.ingest_aliases if found else ())}
        return copy.deepcopy([e for e in self._events if customer is None or e["customer_id"] in names])

    # ------------------------------------------------------------------ helpers

    def _customer(self, customer_id: str) -> Customer:
        customer = self._customers.get(customer_id)
        if customer is None:
            raise ApiError(404, f"customer {customer_id} not found")
        return customer

    def _active(self, customer_id: str) -> Customer:
        """The customer, for a change: archived customers are read-only."""
        customer = self._customer(customer_id)
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

    def _customer_wire(self, c: Customer) -> Wire:
        return {
            "id": c.id,
            "external_id": c.external_id,
            "ingest_aliases": list(c.ingest_aliases),
            "name": c.name,
            "custom_fields": self.custom_fields.get("customer", c.id),
        }

    def _detail_wire(self, c: Customer) -> Wire:
        return {
            **self._customer_wire(c),
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

    def _plan_wire(self, p: Plan) -> Wire:
        custom_fields = self.custom_fields.get("plan", p.id)
        return {"id": p.id, "name": p.name, "description": p.description, "custom_fields": custom_fields}

    def _customer_plan_wire(self, cp: CustomerPlan) -> Wire:
        wire: Wire = {
            "id": cp.id,
            "plan_id": cp.plan.id,
            "plan_name": cp.plan.name,
            "plan_description": cp.plan.description,
            "starting_on": format_rfc3339(cp.starting_on, millis=False),
            "custom_fields": self.custom_fields.get("customer_plan", cp.id),
        }
        if cp.ending_before is not None:
            wire["ending_before"] = format_rfc3339(cp.ending_before, millis=False)
        if cp.net_payment_terms_days is not None:
            wire["net_payment_terms_days"] = cp.net_payment_terms_days
        if cp.trial is not None:
            trial_end = _trial_end(cp.starting_on, cp.trial)
            caps = []
            if cp.trial.credit_type_id is not None:
                credit_type = {"id": cp.trial.credit_type_id, "name": "credits"}
                caps.append(
                    {
                        "credit_type": credit_type,
                        "amount": cp.trial.amount,
                        "amount_remaining": cp.trial.amount,
                    }
                )
            wire["trial_info"] = {
                "ending_before": format_rfc3339(trial_end, millis=False),
                "spending_caps": caps,
            }
        return wire


def _trial_end(starting_on: datetime, trial: Trial) -> datetime:
    if trial.length_in_days < 0:
        raise ApiError(400, "trial_spec.length_in_days: must not be negative")
    try:
        return starting_on + timedelta(days=trial.length_in_days)
    except OverflowError:
        raise ApiError(400, "trial_spec.length_in_days: the trial would end after the year 9999") from None


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
