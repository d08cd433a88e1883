"""The in-memory Metronome: its aggregates (customers, plans, usage, custom fields, rate cards,
contracts, the pricing catalog, the audit log, alerts, the records of the generic operations), the rules
across them (a contract needs a live customer, its rate card and billing configuration; archiving a customer
archives its contracts), and the shared clock, cursors and Idempotency-Key store.

Pure Python, no HTTP. Methods take validated values, return wire-form dicts and raise ApiError; each
checks everything before it changes anything. Callers hold `lock` around every call.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from datetime import datetime

from ._alerts import Alerts, Notify, ignore
from ._audit import AuditLog
from ._billing import ProviderConfig
from ._books import Books
from ._catalog import Catalog
from ._clock import Clock
from ._contracts import Contract, Contracts, ContractTerms
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._customers import Customers, NewCustomer
from ._edits import ContractEdit
from ._idempotency import IdempotencyStore
from ._invoices import GRACE_PERIOD, Invoices
from ._plans import Plans, Trial
from ._rate_cards import RateCards
from ._records import Records
from ._usage import Usage
from ._wire import ApiError, Page, Wire, new_id


class State:
    def __init__(
        self, *, cursor_ttl: float, notify: Notify = ignore, invoice_grace_period: float = GRACE_PERIOD
    ) -> None:
        """`notify(type, properties)` sends an alert's webhook."""
        self.lock = threading.RLock()
        self.clock = Clock()
        self.cursors = Cursors(self.clock, cursor_ttl)
        self.idempotency = IdempotencyStore(self.clock)
        self.custom_fields = CustomFields()
        self.customers = Customers(self.clock, self.cursors, self.custom_fields)
        self.plans = Plans(self.cursors, self.custom_fields)
        self.usage = Usage()
        self.rate_cards = RateCards(self.clock, self.cursors, self.custom_fields)
        self.contracts = Contracts(self.clock, self.cursors, self.custom_fields)
        self.catalog = Catalog(self.clock, self.cursors, self.custom_fields, self.rate_cards, self.contracts)
        self.audit = AuditLog(self.clock)
        self.alerts = Alerts(self.clock, self.cursors, notify)
        self.records = Records()  # of the generic operations
        self.books = Books(
            self.clock,
            self.cursors,
            self.custom_fields,
            self.customers,
            self.contracts,
            self.catalog.products,
        )
        self.invoices = Invoices(
            self.clock,
            self.cursors,
            self.custom_fields,
            self.customers,
            self.contracts,
            self.rate_cards,
            self.catalog,
            self.books.ledger,
            self.events,
            invoice_grace_period,
        )

    def archive_customer(self, customer_id: str) -> None:
        """Irreversible, and archives the customer's contracts and voids its invoices."""
        self.customers.archive(customer_id)
        self.contracts.archive_all(customer_id)
        self.invoices.void_all(customer_id)
        self.books.archive(customer_id)

    def events(self, customer: str | None) -> list[Wire]:
        """Stored events, optionally those of one customer (its id or any of its current aliases)."""
        if customer is None:
            return self.usage.events(None)
        found = self.customers.find(customer)
        return self.usage.events({customer, *(found.ingest_aliases if found else ())})

    # ------------------------------------------------------------------ customer plans

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
        self.customers.active(customer_id)
        return self.plans.add_customer_plan(
            customer_id,
            plan_id=plan_id,
            starting_on=starting_on,
            ending_before=ending_before,
            net_payment_terms_days=net_payment_terms_days,
            trial=trial,
        )

    def end_customer_plan(
        self, customer_id: str, customer_plan_id: str, ending_before: datetime | None
    ) -> None:
        self.customers.active(customer_id)
        self.plans.end_customer_plan(customer_id, customer_plan_id, ending_before)

    def list_customer_plans(self, customer_id: str, request: PageRequest) -> Page:
        self.customers.get(customer_id)
        return self.plans.list_customer_plans(customer_id, request)

    # ------------------------------------------------------------------ contracts

    def create_contract(self, customer_id: str, terms: ContractTerms) -> Wire:
        self.customers.active(customer_id)
        contract_id = new_id()
        mine = self.customers.provider_configs_of(customer_id)
        rate_card_id, billing = self._check_contract(contract_id, customer_id, terms, mine)
        contract = self.contracts.add(contract_id, customer_id, terms, rate_card_id, billing)
        self.books.add_contract_balances(contract, terms.balances)
        self.invoices.contract_changed(customer_id, contract_id)
        wire = self.contracts.wire(contract, created=True) | self.books.contract_terms(contract, v2=False)
        return {"id": contract_id, "contract": wire}

    def create_customer_with_contract(self, new: NewCustomer, terms: ContractTerms) -> Wire:
        """Both or neither: every check of either is made before anything is stored."""
        draft = self.customers.draft(new)
        contract_id = new_id()
        customer = draft.customer
        rate_card_id, billing = self._check_contract(contract_id, customer.id, terms, draft.provider_configs)
        self.customers.store(draft)
        contract = self.contracts.add(contract_id, customer.id, terms, rate_card_id, billing)
        self.books.add_contract_balances(contract, terms.balances)
        self.invoices.contract_changed(customer.id, contract_id)
        return {
            "customer_id": customer.id,
            "ingest_aliases": list(customer.ingest_aliases),
            "customer_name": customer.name,
            "custom_fields": self.custom_fields.get("customer", customer.id),
            "contract_id": contract_id,
        }

    def contract(
        self, customer_id: str, contract_id: str, *, ledgers: bool = False, balances: bool = False
    ) -> Wire:
        """v2 get: its spec answers an unknown customer or contract with a 400 and a code."""
        contract = self._v2_contract(customer_id, contract_id)
        return self.contracts.wire(contract) | self.books.contract_terms(
            contract, ledgers=ledgers, balances=balances
        )

    def all_contracts(self, customer_id: str | None) -> list[Wire]:
        """Every contract (of one customer), in its v2 form, archived ones included, in creation order."""
        return [self.contracts.wire(c) | self.books.contract_terms(c) for c in self.contracts.of(customer_id)]

    def list_contracts(
        self,
        customer_id: str,
        request: PageRequest,
        *,
        include_archived: bool,
        covering_date: datetime | None,
        starting_at: datetime | None,
        ledgers: bool = False,
        balances: bool = False,
    ) -> Page:
        self._v2_customer(customer_id)
        return self.contracts.page(
            customer_id,
            request,
            include_archived=include_archived,
            covering_date=covering_date,
            starting_at=starting_at,
            terms=lambda c: self.books.contract_terms(c, ledgers=ledgers, balances=balances),
        )

    def update_contract_end(
        self,
        customer_id: str,
        contract_id: str,
        ending_before: datetime | None,
        *,
        allow_before_finalized: bool = True,
    ) -> None:
        """Drafts follow the new end; finalized invoices stay as they are."""
        contract = self._contract(customer_id, contract_id)
        self.invoices.check_end(contract, ending_before, allow_before_finalized=allow_before_finalized)
        self.contracts.update_end_date(contract, ending_before)
        self.books.record_end_date(contract)
        self.invoices.contract_changed(customer_id, contract_id)

    def archive_contract(self, customer_id: str, contract_id: str, *, void_invoices: bool = False) -> None:
        """Voids its drafts, and its finalized invoices too with `void_invoices`."""
        self.contracts.archive(self._contract(customer_id, contract_id))
        self.invoices.archive_contract(customer_id, contract_id, void_finalized=void_invoices)
        self.books.archive(customer_id, contract_id)

    def edit_contract(self, customer_id: str, contract_id: str, edit: ContractEdit) -> Wire:
        edited = self.books.edit(self._v2_contract(customer_id, contract_id), edit)
        self.invoices.contract_changed(customer_id, contract_id)  # it may have re-dated it
        return edited

    def contract_edits(self, customer_id: str, contract_id: str) -> list[Wire]:
        return self.books.edits.history(self._v2_contract(customer_id, contract_id).id)

    def _check_contract(
        self, contract_id: str, customer_id: str, terms: ContractTerms, configs: list[ProviderConfig]
    ) -> tuple[str | None, ProviderConfig | None]:
        """(rate card id, billing provider configuration) for a contract with these terms, whose customer
        has these configurations; raises for what would stop it."""
        rate_card_id = self.rate_cards.resolve(terms.rate_card_id, terms.rate_card_alias, terms.starting_at)
        billing = None if terms.billing is None else terms.billing.pick(configs)
        self.contracts.check(contract_id, terms)
        self.books.check_contract_balances(customer_id, terms.balances)
        return rate_card_id, billing

    def _contract(self, customer_id: str, contract_id: str) -> Contract:
        self.customers.get(customer_id)
        contract = self.contracts.find(customer_id, contract_id)
        if contract is None:
            raise ApiError(404, f"contract {contract_id} not found for customer {customer_id}")
        return contract

    def _v2_customer(self, customer_id: str) -> None:
        if not self.customers.exists(customer_id):
            raise ApiError(400, f"customer {customer_id} not found", code="CustomerNotFound")

    def _v2_contract(self, customer_id: str, contract_id: str) -> Contract:
        self._v2_customer(customer_id)
        contract = self.contracts.find(customer_id, contract_id)
        if contract is None:
            message = f"contract {contract_id} not found for customer {customer_id}"
            raise ApiError(400, message, code="ContractNotFound")
        return contract

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
        """Entities the fake models must exist; others (commits, charges, ...) are taken on trust."""
        if entity == "customer":
            self.customers.active(entity_id)
        elif (
            (entity == "plan" and not self.plans.exists(entity_id))
            or (entity == "customer_plan" and not self.plans.customer_plan_exists(entity_id))
            or (entity == "contract" and not self.contracts.exists(entity_id))
            or (entity == "rate_card" and not self.rate_cards.exists(entity_id))
            or (entity == "product" and self.catalog.products.find(entity_id) is None)
            or (entity == "billable_metric" and self.catalog.metrics.find(entity_id) is None)
            or (entity == "alert" and self.alerts.find(entity_id) is None)
        ):
            raise ApiError(404, f"{entity} {entity_id} not found")
