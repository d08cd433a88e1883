"""The books across the other aggregates: commits and credits need a live customer (and a product); a
contract's own come with it and show in its answer; edits change a live contract; balances are read per
customer. Pure state, no HTTP: the rules of each part are in _ledger and _edits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from ._clock import Clock
from ._contracts import Contract, Contracts
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._customers import Customers
from ._edits import BalanceUpdate, ContractEdit, Edits, update_balance
from ._ledger import COMMITS, CREDIT, Balance, BalanceFilter, Ledger, Listing, NewBalance
from ._products import Products
from ._wire import ApiError, Page, Wire, format_rfc3339


class Books:
    def __init__(
        self,
        clock: Clock,
        cursors: Cursors,
        custom_fields: CustomFields,
        customers: Customers,
        contracts: Contracts,
        products: Products,
    ) -> None:
        self._clock = clock
        self._customers = customers
        self._contracts = contracts
        self._products = products
        self.ledger = Ledger(clock, cursors, custom_fields, self.product_name)
        self.edits = Edits(clock, custom_fields, self.product_name)

    # ------------------------------------------------------------------ products

    def product_exists(self, product_id: str) -> bool:
        """A product of the catalog (archived ones too: what was made with them stays readable)."""
        return self._products.find(product_id) is not None

    def product_name(self, product_id: str) -> str:
        product = self._products.find(product_id)
        name = None if product is None else product.state(self._clock.now()).get("name")
        return name if isinstance(name, str) else "product"

    def _check_products(self, where: str, product_ids: Iterable[str | None]) -> None:
        for product_id in product_ids:
            if product_id is not None and not self.product_exists(product_id):
                raise ApiError(400, f"{where}: {product_id} is not a product")

    # ------------------------------------------------------------------ customer-level commits and credits

    def create(self, customer_id: str, item: NewBalance) -> str:
        self._customers.active(customer_id)
        self._check_products("product_id", [item.product_id])
        self._check_contracts(customer_id, item.invoice_contract_id, item.applicable_contract_ids)
        self.ledger.check(customer_id, [item])
        return self.ledger.add(customer_id, item).id

    def _check_contracts(
        self, customer_id: str, invoice_contract_id: str | None, applicable: Iterable[str] | None
    ) -> None:
        named = (("invoice_contract_id", [invoice_contract_id]), ("applicable_contract_ids", applicable))
        for where, ids in named:
            for contract_id in ids or ():
                if contract_id is not None and self._contracts.find(customer_id, contract_id) is None:
                    message = f"{where}: {contract_id} is not a contract of customer {customer_id}"
                    raise ApiError(400, message)

    def edit_balance(self, customer_id: str, update: BalanceUpdate, kinds: Collection[str]) -> None:
        """v2 edit of a commit or credit, customer-level or a contract's: checked and changed on a copy."""
        self._v2_customer(customer_id)
        stored = self.ledger.get(customer_id, update.balance_id, kinds)
        self.ledger.changeable(stored)
        changed = stored.clone()
        update_balance(changed, update, "request body")
        self._check_products("product_id", [changed.product_id])
        self._check_contracts(customer_id, changed.invoice_contract_id, changed.applicable_contract_ids)
        self.ledger.store(changed)

    def archive_balance(self, customer_id: str, balance_id: str, kinds: Collection[str]) -> None:
        self._v2_customer(customer_id)
        changed = self.ledger.get(customer_id, balance_id, kinds).clone()
        self.ledger.archive(changed)
        self.ledger.store(changed)

    def add_manual_entry(
        self,
        customer_id: str,
        contract_id: str | None,
        balance_id: str,
        segment_id: str,
        amount: float,
        reason: str,
        at: datetime | None,
    ) -> None:
        self._customers.active(customer_id)
        balance = self.ledger.get(customer_id, balance_id, (*COMMITS, CREDIT))
        if balance.contract_id != contract_id:
            where = "the customer" if balance.contract_id is None else f"contract {balance.contract_id}"
            raise ApiError(400, f"contract_id: {balance_id} belongs to {where}")
        self.ledger.add_manual(balance, segment_id, amount, reason, at)

    def _v2_customer(self, customer_id: str) -> None:
        if not self._customers.exists(customer_id):
            raise ApiError(400, f"customer {customer_id} not found", code="CustomerNotFound")

    def page(
        self, customer_id: str, request: PageRequest, listing: Listing, *, ledgers: bool, balances: bool
    ) -> Page:
        self._customers.get(customer_id)
        return self.ledger.page(customer_id, request, listing, ledgers=ledgers, balances=balances)

    def end(
        self,
        customer_id: str,
        balance_id: str,
        kinds: Collection[str],
        access_ending_before: datetime | None,
        invoices_ending_before: datetime | None = None,
    ) -> None:
        """updateEndDate of a customer's commit (prepaid only) or credit: both ends are checked on a copy."""
        self._customers.active(customer_id)
        stored = self.ledger.get(customer_id, balance_id, kinds)
        if stored.kind not in (CREDIT, "PREPAID"):
            raise ApiError(400, f"commit {balance_id}: only a PREPAID commit's end date can be updated")
        changed = stored.clone()
        if access_ending_before is not None:
            self.ledger.end_access(changed, access_ending_before)
        if invoices_ending_before is not None:
            self.ledger.end_invoices(changed, invoices_ending_before)
        self.ledger.store(changed)

    def net_balance(
        self, customer_id: str, credit_type_id: str, filters: Sequence[BalanceFilter], *, drafts: bool
    ) -> float:
        self._customers.get(customer_id)
        return self.ledger.net_balance(customer_id, credit_type_id, filters, drafts=drafts)

    # ------------------------------------------------------------------ contracts

    def check_contract_balances(self, customer_id: str, items: Sequence[NewBalance]) -> None:
        """Raise for what would stop a new contract's commits and credits; call before changing anything."""
        self._check_products("product_id", (i.product_id for i in items))
        self.ledger.check(customer_id, items)

    def add_contract_balances(self, contract: Contract, items: Sequence[NewBalance]) -> None:
        for item in items:
            self.ledger.add(contract.customer_id, item, contract.id)

    def contract_terms(
        self, contract: Contract, *, v2: bool = True, ledgers: bool = False, balances: bool = False
    ) -> Wire:
        """What a contract's answer shows of the books: its commits and credits (their ledgers and balances
        when asked), and (v2) what its edits added."""
        mine = self.ledger.of_contract(contract.id)
        version = "V2" if v2 else ""

        def wire(b: Balance, form: str) -> Wire:
            return self.ledger.wire(b, f"{form}{version}", ledger=ledgers, balance=balances)

        terms: Wire = {
            "commits": [wire(b, "Commit") for b in mine if b.kind in COMMITS],
            "credits": [wire(b, "Credit") for b in mine if b.kind == CREDIT],
        }
        return {**terms, **self.edits.terms(contract.id)} if v2 else terms

    def edit(self, contract: Contract, edit: ContractEdit) -> Wire:
        if contract.archived_at is not None:
            raise ApiError(400, f"contract {contract.id} is archived")
        self._customers.active(contract.customer_id)
        self._check_products(
            "product_id",
            [
                *(i.product_id for i in (*edit.add_commits, *edit.add_credits)),
                *(s.product_id for s in edit.add_subscriptions),
                *(o.product_id for o in edit.add_overrides),
                *(u.changes.get("product_id") for u in (*edit.update_commits, *edit.update_credits)),
            ],
        )
        return self.edits.apply(contract, edit, self.ledger, self._contracts)

    def archive(self, customer_id: str, contract_id: str | None = None) -> None:
        """A contract's commits and credits with it; all of a customer's with the customer."""
        self.ledger.archive_all(customer_id, contract_id)

    def record_end_date(self, contract: Contract) -> None:
        """updateEndDate shows in the edit history too (an open end has no form there)."""
        if contract.ending_before is not None:
            self.edits.record(
                contract.id, {"update_contract_end_date": format_rfc3339(contract.ending_before)}
            )
