"""Usage invoices: one per contract and billing period (`_periods`), priced from the customer's events
(`_pricing`), with its commits and credits drawn down by the books (`Ledger.deduct`).

The lifecycle, by the fake's clock: an invoice exists, DRAFT, from its period's start, and follows every
change (usage, rates, commits and credits, edits, the contract's end) until its period has ended and the
grace period has passed; then it is FINALIZED, once, and never changes again (late usage does not touch
it), its deductions count as final in the books, and `invoice.finalized` goes to every listener. A void
invoice gives its deductions back; regenerating it makes a new invoice for the same period, priced afresh
(finalized at once when its period and grace are past). `settle` brings everything up to date: the state
calls it before each request (and `advance_clock` after moving the clock).

A customer's drafts are recomputed when they are read after a change (any write counts: `touch`), and
before one of them is finalized: every draft's deductions are released, then each is priced again and
drawn down, oldest period first. Whoever reads a customer's balances outside a request (the alerts) calls
`settle([customer_id])` first. A usage line draws from the
commits and credits that cover the line's start (its period's start, or where its rate starts inside the
period). Pure state, no HTTP: methods take validated values, return wire dicts and raise ApiError,
checking everything before they change anything.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, overload

import attrs

from ._catalog import Catalog
from ._clock import Clock
from ._contracts import Contract, Contracts
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._customers import Customers
from ._ledger import CREDIT, POSTPAID, PREPAID, USD_CENTS_ID, Ledger
from ._periods import Period, bounds, index_at, started_periods
from ._pricing import UsageLine, usage_lines
from ._rate_cards import RateCards, credit_type
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

DRAFT, FINALIZED, VOID = "DRAFT", "FINALIZED", "VOID"
STATUSES = (DRAFT, FINALIZED, VOID)
USAGE = "USAGE"
GRACE_PERIOD = 24 * 60 * 60.0  # seconds after a period's end before its invoice is finalized
WINDOWS = {"DAY": 24 * 60 * 60, "HOUR": 60 * 60}  # breakdown window sizes, in seconds
_BALANCES = (PREPAID, POSTPAID, CREDIT)
_COMMIT_TYPES = {PREPAID: "PrepaidCommit", CREDIT: "PrepaidCommit", POSTPAID: "PostpaidCommit"}


@attrs.define
class Applied:
    """What one segment of a commit or credit gave to an invoice."""

    balance_id: str
    kind: str
    segment_id: str
    amount: float  # positive


@attrs.define
class Invoice:
    id: str
    seq: int
    customer_id: str
    contract_id: str
    period: int  # the index of its billing period (`_periods`)
    starting_at: datetime
    ending_before: datetime
    credit_type_id: str
    status: str = DRAFT
    usage: list[UsageLine] = attrs.field(factory=list)
    applied: list[Applied] = attrs.field(factory=list)
    regenerated_from: str | None = None

    def sort_key(self, descending: bool) -> tuple[float, int]:
        """By issue date (its period's end), then creation."""
        moment = self.ending_before.timestamp()
        return (-moment, -self.seq) if descending else (moment, self.seq)


@attrs.frozen
class InvoiceQuery:
    """The filters of an invoice listing (and of its breakdowns): an absent one matches everything."""

    status: str | None = None
    type: str | None = None
    contract_id: str | None = None
    credit_type_id: str | None = None
    starting_on: datetime | None = None  # the billing period starts at or after it
    ending_before: datetime | None = None  # the billing period ends by it
    descending: bool = False
    skip_zero_qty_line_items: bool = False

    def matches(self, i: Invoice) -> bool:
        return (
            (self.status is None or i.status == self.status)
            and (self.type is None or self.type == USAGE)
            and (self.contract_id is None or i.contract_id == self.contract_id)
            and (self.credit_type_id is None or i.credit_type_id == self.credit_type_id)
            and (self.starting_on is None or i.starting_at >= self.starting_on)
            and (self.ending_before is None or i.ending_before <= self.ending_before)
        )

    def key(self) -> Wire:
        """The filters as a cursor remembers them."""
        return {
            name: value.timestamp() if isinstance(value, datetime) else value
            for name, value in attrs.asdict(self).items()
        }


class Invoices:
    def __init__(
        self,
        clock: Clock,
        cursors: Cursors,
        custom_fields: CustomFields,
        customers: Customers,
        contracts: Contracts,
        rate_cards: RateCards,
        catalog: Catalog,
        ledger: Ledger,
        events: Callable[[str], list[Wire]],
        grace_period: float = GRACE_PERIOD,
    ) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._customers = customers
        self._contracts = contracts
        self._rate_cards = rate_cards
        self._catalog = catalog
        self._ledger = ledger
        self._events = events
        self.grace_period = timedelta(seconds=grace_period)
        # Called with the properties of `invoice.finalized`, once per invoice finalized.
        self.finalized_listeners: list[Callable[[Wire], None]] = []
        self._seq = itertools.count(1)
        self._by_id: dict[str, Invoice] = {}
        self._of_customer: dict[str, list[Invoice]] = {}  # creation order
        self._slots: dict[tuple[str, int], str] = {}  # (contract, period) -> the invoice that bills it
        self._changed: set[tuple[str, str]] = set()  # (customer, contract): look at its periods again
        self._starts: list[tuple[datetime, str, str]] = []  # heap: (next period start, customer, contract)
        self._due: list[tuple[datetime, int, str]] = []  # heap: (finalization time, seq, draft id)
        self._generation = 0  # counts the changes that may alter drafts
        self._fresh: dict[str, int] = {}  # customer -> the generation its drafts were computed at

    # ------------------------------------------------------------------ keeping up to date

    def touch(self) -> None:
        """Something drafts depend on may have changed: each customer's are recomputed when next read."""
        self._generation += 1

    def contract_changed(self, customer_id: str, contract_id: str) -> None:
        """A contract was made, re-dated or archived: its periods and drafts are looked at again."""
        self._changed.add((customer_id, contract_id))
        self.touch()

    def settle(self, customer_ids: Iterable[str] = ()) -> None:
        """Open the periods that have started by the clock, bring the drafts of these customers (and of
        changed contracts) up to date, and finalize, oldest first, the drafts whose period and grace period
        are past. The state calls it before every request, with the customers the request names."""
        now = self._clock.now()
        changed, self._changed = self._changed, set()
        while self._starts and self._starts[0][0] <= now:
            _, customer_id, contract_id = heapq.heappop(self._starts)
            changed.add((customer_id, contract_id))
        for customer_id, contract_id in sorted(changed):
            self._open_periods(customer_id, contract_id, now)
        for customer_id in {*customer_ids, *(customer for customer, _ in changed)}:
            self.refresh(customer_id)
        while self._due and self._due[0][0] <= now:
            _, _, invoice_id = heapq.heappop(self._due)
            invoice = self._by_id.get(invoice_id)
            if invoice is not None and invoice.status == DRAFT:
                self.refresh(invoice.customer_id)  # its period may have moved: then it is due later
                if invoice.id in self._by_id and invoice.ending_before + self.grace_period <= now:
                    self._finalize(invoice, now)

    def _open_periods(self, customer_id: str, contract_id: str, now: datetime) -> None:
        contract = self._contracts.find(customer_id, contract_id)
        if contract is None or contract.archived_at is not None:
            return
        periods = started_periods(contract.terms, contract.ending_before, now)
        for period in periods:
            if (contract.id, period.index) not in self._slots:
                self._add(contract, period)
        following = periods[-1].index + 1 if periods else _first_index(contract)
        upcoming = bounds(contract.terms, contract.ending_before, following)
        if upcoming is not None:
            heapq.heappush(self._starts, (upcoming.starting_at, customer_id, contract_id))

    def _add(self, contract: Contract, period: Period, regenerated_from: str | None = None) -> Invoice:
        fiat = None if contract.rate_card_id is None else self._rate_cards.fiat(contract.rate_card_id)
        invoice = Invoice(
            id=new_id(),
            seq=next(self._seq),
            customer_id=contract.customer_id,
            contract_id=contract.id,
            period=period.index,
            starting_at=period.starting_at,
            ending_before=period.ending_before,
            credit_type_id=fiat or USD_CENTS_ID,
            regenerated_from=regenerated_from,
        )
        self._by_id[invoice.id] = invoice
        self._of_customer.setdefault(invoice.customer_id, []).append(invoice)
        self._slots[(contract.id, period.index)] = invoice.id
        self._fresh.pop(invoice.customer_id, None)
        self._schedule(invoice)
        return invoice

    def _schedule(self, draft: Invoice) -> None:
        heapq.heappush(self._due, (draft.ending_before + self.grace_period, draft.seq, draft.id))

    def refresh(self, customer_id: str) -> None:
        """Recompute the customer's drafts if anything changed since they were: every one's deductions are
        released, then each is priced and drawn down again, oldest period first."""
        if self._fresh.get(customer_id) == self._generation:
            return
        mine = self._of_customer.get(customer_id)
        if mine is None:  # no invoices: nothing to remember (the id may not even be a customer's)
            return
        drafts = sorted((i for i in mine if i.status == DRAFT), key=lambda i: (i.starting_at, i.seq))
        for invoice in drafts:
            self._ledger.release(invoice.id)
        events: dict[str, list[Wire]] = {}
        for invoice in drafts:
            contract = self._contract(invoice)
            period = bounds(contract.terms, contract.ending_before, invoice.period)
            if period is None:  # the contract now ends before this period
                del self._by_id[invoice.id]
                mine.remove(invoice)
                self._slots.pop((contract.id, invoice.period), None)
                continue
            if period.ending_before != invoice.ending_before:
                invoice.ending_before = period.ending_before
                self._schedule(invoice)
            invoice.starting_at = period.starting_at
            self._price(invoice, events, draft=True)
        self._fresh[customer_id] = self._generation

    def _price(self, invoice: Invoice, events: dict[str, list[Wire]], *, draft: bool) -> None:
        """Price the invoice's period and draw its usage down from the commits and credits."""
        contract = self._contract(invoice)
        if invoice.customer_id not in events:
            events[invoice.customer_id] = self._events(invoice.customer_id)
        card = contract.rate_card_id
        invoice.usage = (
            []
            if card is None
            else usage_lines(
                self._catalog,
                card,
                invoice.credit_type_id,
                events[invoice.customer_id],
                invoice.starting_at,
                invoice.ending_before,
            )
        )
        applied: dict[tuple[str, str], Applied] = {}
        for line in invoice.usage:
            if line.total <= 0:
                continue
            drawn = self._ledger.deduct(
                invoice.customer_id,
                line.total,
                line.starting_at,
                line.product_id,
                invoice_id=invoice.id,
                contract_id=contract.id,
                product_tags=line.tags,
                credit_type_id=invoice.credit_type_id,
                draft=draft,
            )
            for a in drawn.applied:
                key = (a.balance_id, a.segment_id)
                applied.setdefault(key, Applied(a.balance_id, a.kind, a.segment_id, 0.0)).amount += a.amount
        invoice.applied = list(applied.values())

    def _finalize(self, invoice: Invoice, now: datetime) -> None:
        if invoice.status != DRAFT:  # exactly once
            return
        self._ledger.finalize(invoice.id)
        invoice.status = FINALIZED
        properties = {
            "invoice_id": invoice.id,
            "customer_id": invoice.customer_id,
            "invoice_finalized_date": format_rfc3339(now),
        }
        for listener in self.finalized_listeners:
            listener(properties)

    def _contract(self, invoice: Invoice) -> Contract:
        contract = self._contracts.find(invoice.customer_id, invoice.contract_id)
        assert contract is not None, "contracts are never deleted"
        return contract

    # ------------------------------------------------------------------ changes

    def void(self, invoice_id: str) -> None:
        invoice = self._find(invoice_id)
        if invoice.status == VOID:
            raise ApiError(400, f"invoice {invoice_id} is already void")
        self._void(invoice)
        self.settle([invoice.customer_id])  # its drafts may draw what it gave back

    def _void(self, invoice: Invoice) -> None:
        self._ledger.release(invoice.id)
        invoice.status = VOID
        self.touch()

    def regenerate(self, invoice_id: str) -> str:
        """A new invoice for the period of a void one, priced afresh; its id."""
        old = self._find(invoice_id)
        if old.status != VOID:
            raise ApiError(
                400, f"invoice {invoice_id} is {old.status}: only a void invoice can be regenerated"
            )
        mine = self._of_customer.get(old.customer_id, [])
        again = next((i for i in mine if i.regenerated_from == old.id), None)
        if again is not None:
            raise ApiError(400, f"invoice {invoice_id} was already regenerated, as {again.id}")
        contract = self._contract(old)
        if contract.archived_at is not None:
            raise ApiError(400, f"invoice {invoice_id}: its contract {contract.id} is archived")
        period = bounds(contract.terms, contract.ending_before, old.period)
        if period is None:
            raise ApiError(
                400, f"invoice {invoice_id}: its contract {contract.id} now ends before its period"
            )
        new = self._add(contract, period, old.id)
        self.settle(
            [contract.customer_id]
        )  # priced with the other drafts, and finalized if its period and grace are past
        return new.id

    def void_all(self, customer_id: str) -> None:
        """A customer being archived: every invoice it has."""
        for invoice in self._of_customer.get(customer_id, []):
            if invoice.status != VOID:
                self._void(invoice)

    def archive_contract(self, customer_id: str, contract_id: str, *, void_finalized: bool) -> None:
        """A contract being archived: its drafts, and its finalized invoices too if asked."""
        for invoice in self._of_customer.get(customer_id, []):
            if invoice.contract_id == contract_id and (
                invoice.status == DRAFT or (void_finalized and invoice.status == FINALIZED)
            ):
                self._void(invoice)

    def check_end(
        self, contract: Contract, ending_before: datetime | None, *, allow_before_finalized: bool
    ) -> None:
        """Raise if the contract may not end at `ending_before` because of its finalized invoices."""
        if allow_before_finalized or ending_before is None:
            return
        for invoice in self._of_customer.get(contract.customer_id, []):
            if (
                invoice.contract_id == contract.id
                and invoice.status == FINALIZED
                and invoice.ending_before > ending_before
            ):
                raise ApiError(
                    400,
                    f"ending_before: finalized invoice {invoice.id} bills until "
                    f"{format_rfc3339(invoice.ending_before)}; void it first, or allow ending before it "
                    "(allow_ending_before_finalized_invoice)",
                )

    def _find(self, invoice_id: str) -> Invoice:
        invoice = self._by_id.get(invoice_id)
        if invoice is None:
            raise ApiError(404, f"invoice {invoice_id} not found")
        return invoice

    # ------------------------------------------------------------------ reads

    def get(self, customer_id: str, invoice_id: str, *, skip_zero: bool = False) -> Wire:
        self._customers.get(customer_id)
        self.refresh(customer_id)
        invoice = self._by_id.get(invoice_id)
        if invoice is None or invoice.customer_id != customer_id:
            raise ApiError(404, f"invoice {invoice_id} not found for customer {customer_id}")
        return self.wire(invoice, skip_zero=skip_zero)

    def all(self, customer_id: str | None) -> list[Wire]:
        """Every invoice (of one customer), by issue date then creation."""
        for customer in list(self._of_customer) if customer_id is None else [customer_id]:
            self.refresh(customer)
        found = [i for i in self._by_id.values() if customer_id is None or i.customer_id == customer_id]
        return [self.wire(i) for i in sorted(found, key=lambda i: i.sort_key(False))]

    def page(self, customer_id: str, request: PageRequest, query: InvoiceQuery) -> Page:
        self._customers.get(customer_id)
        self.refresh(customer_id)
        mine = self._sorted(customer_id, query.descending)
        found, next_page = self._cursors.page(
            f"invoices:{customer_id}",
            query.key(),
            mine,
            lambda i: i.sort_key(query.descending),
            request,
            query.matches,
        )
        return [self.wire(i, skip_zero=query.skip_zero_qty_line_items) for i in found], next_page

    def _sorted(self, customer_id: str, descending: bool) -> list[Invoice]:
        mine = self._of_customer.get(customer_id, [])
        return sorted(mine, key=lambda i: i.sort_key(descending))

    def breakdowns(
        self,
        customer_id: str,
        request: PageRequest,
        query: InvoiceQuery,
        window_size: str,
        starting_on: datetime,
        ending_before: datetime,
    ) -> Page:
        """Each invoice split into its windows (UTC days or hours) that lie within [starting_on,
        ending_before), each priced over its part of the period (usage only: commits and credits are not
        split), oldest invoice first (or last), then by window."""
        self._customers.get(customer_id)
        if ending_before <= starting_on:
            raise ApiError(400, "ending_before: must be after starting_on")
        size = WINDOWS[window_size]
        invoices = [i for i in self._sorted(customer_id, query.descending) if query.matches(i)]
        windows = _Windows(invoices, query.descending, size, starting_on, ending_before)
        filters = {**query.key(), "window_size": window_size}
        filters |= {"from": starting_on.timestamp(), "to": ending_before.timestamp()}
        found, next_page = self._cursors.page(
            f"invoice_breakdowns:{customer_id}", filters, windows, lambda key: key, request
        )
        events = self._events(customer_id)
        answers = []
        for key in found:
            invoice, start, end = windows.decode(key)
            contract = self._contract(invoice)
            usage = (
                []
                if contract.rate_card_id is None
                else usage_lines(
                    self._catalog, contract.rate_card_id, invoice.credit_type_id, events, start, end
                )
            )
            wire = self.wire(invoice, skip_zero=query.skip_zero_qty_line_items, usage=usage, applied=())
            wire["breakdown_start_timestamp"] = format_rfc3339(start)
            wire["breakdown_end_timestamp"] = format_rfc3339(end)
            answers.append(wire)
        return answers, next_page

    def priced_spend(
        self, customer_id: str, since: datetime, until: datetime, credit_type_id: str = USD_CENTS_ID
    ) -> float:
        """The customer's usage priced in [since, until) on its live contracts' rate cards, before commits
        and credits, in that credit type."""
        events = self._events(customer_id)
        total = 0.0
        for contract in self._contracts.of(customer_id):
            card = contract.rate_card_id
            if contract.archived_at is not None or card is None:
                continue
            if (self._rate_cards.fiat(card) or USD_CENTS_ID) != credit_type_id:
                continue
            start = max(since, contract.terms.starting_at)
            end = until if contract.ending_before is None else min(until, contract.ending_before)
            if start < end:
                total += math.fsum(
                    line.total
                    for line in usage_lines(self._catalog, card, credit_type_id, events, start, end)
                )
        return total

    # ------------------------------------------------------------------ wire

    def wire(
        self,
        invoice: Invoice,
        *,
        skip_zero: bool = False,
        usage: Sequence[UsageLine] | None = None,
        applied: Sequence[Applied] | None = None,
    ) -> Wire:
        """The Invoice form; `usage` and `applied` replace the invoice's own lines (a breakdown's)."""
        usage = invoice.usage if usage is None else usage
        applied = invoice.applied if applied is None else applied
        unit = credit_type(invoice.credit_type_id)
        period = {
            "starting_at": format_rfc3339(invoice.starting_at),
            "ending_before": format_rfc3339(invoice.ending_before),
        }
        lines = [self._usage_wire(line, unit) for line in usage if not (skip_zero and line.quantity == 0)]
        lines += [self._applied_wire(invoice, a, unit, period) for a in applied]
        subtotal = math.fsum(line.total for line in usage)
        paid = math.fsum(a.amount for a in applied if a.kind != POSTPAID)  # postpaid: not off the total
        contract = self._contract(invoice)
        wire: Wire = {
            "id": invoice.id,
            "customer_id": invoice.customer_id,
            "contract_id": invoice.contract_id,
            "type": USAGE,
            "status": invoice.status,
            "credit_type": unit,
            "line_items": lines,
            "subtotal": subtotal,
            "total": subtotal - paid,
            "start_timestamp": period["starting_at"],
            "end_timestamp": period["ending_before"],
            "issued_at": period["ending_before"],
            "customer_custom_fields": self._custom_fields.get("customer", invoice.customer_id),
            "contract_custom_fields": self._custom_fields.get("contract", invoice.contract_id),
        }
        if contract.terms.net_payment_terms_days is not None:
            wire["net_payment_terms_days"] = contract.terms.net_payment_terms_days
        if invoice.regenerated_from is not None:
            wire["regenerated_from_invoice_id"] = invoice.regenerated_from
        return wire

    @staticmethod
    def _usage_wire(line: UsageLine, unit: Wire) -> Wire:
        wire: Wire = {
            "name": line.name,
            "type": "usage",
            "product_id": line.product_id,
            "product_type": "UsageProductListItem",
            "product_tags": list(line.tags),
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "total": line.total,
            "starting_at": format_rfc3339(line.starting_at),
            "ending_before": format_rfc3339(line.ending_before),
            "credit_type": unit,
        }
        if line.pricing_group_values:
            wire["pricing_group_values"] = dict(line.pricing_group_values)
        return wire

    def _applied_wire(self, invoice: Invoice, a: Applied, unit: Wire, period: Mapping[str, str]) -> Wire:
        balance = self._ledger.find(invoice.customer_id, a.balance_id, _BALANCES)
        product_id = None if balance is None else balance.product_id
        name = None if balance is None else balance.shown.get("name")
        if not isinstance(name, str) and product_id is not None:
            product = self._catalog.products.find(product_id)
            name = None if product is None else product.state(invoice.starting_at).get("name")
        wire: Wire = {
            "name": name if isinstance(name, str) else ("Credit" if a.kind == CREDIT else "Commit"),
            "type": "applied_commit_or_credit",
            "total": -a.amount,
            "credit_type": unit,
            "applied_commit_or_credit": {"id": a.balance_id, "type": a.kind},
            "commit_id": a.balance_id,
            "commit_segment_id": a.segment_id,
            "commit_type": _COMMIT_TYPES[a.kind],
            **period,
        }
        if product_id is not None:
            wire["product_id"] = product_id
        return wire


def _first_index(contract: Contract) -> int:
    """The index of a contract's first period."""
    terms = contract.terms
    return index_at(terms.anchor().astimezone(timezone.utc), terms.statement_frequency, terms.starting_at)


class _Windows(Sequence[tuple[float, int, int]]):
    """The breakdown windows of some invoices, in order, without making them all: item i is the sort key
    (the invoice's, then the window's start) of the i-th window."""

    def __init__(
        self,
        invoices: Sequence[Invoice],
        descending: bool,
        size: int,
        starting_on: datetime,
        ending_before: datetime,
    ) -> None:
        self._size = size
        self._spans: list[tuple[Invoice, int]] = []  # (invoice, its first window's start)
        self._ends: list[int] = []  # cumulative window counts
        self._descending = descending
        first, last = math.ceil(starting_on.timestamp() / size), math.floor(ending_before.timestamp() / size)
        count = 0
        for invoice in invoices:
            start = max(first, math.floor(invoice.starting_at.timestamp() / size))
            end = min(last, math.ceil(invoice.ending_before.timestamp() / size))
            if end > start:
                count += end - start
                self._spans.append((invoice, start))
                self._ends.append(count)
        self._by_seq = {invoice.seq: invoice for invoice, _ in self._spans}

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> tuple[float, int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[float, int, int]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self):
            raise IndexError(index)
        span = bisect.bisect_right(self._ends, index)
        invoice, first = self._spans[span]
        offset = index - (self._ends[span - 1] if span else 0)
        primary, secondary = invoice.sort_key(self._descending)
        return (primary, secondary, first + offset)

    def __iter__(self) -> Iterator[tuple[float, int, int]]:
        return (self[i] for i in range(len(self)))

    def decode(self, key: tuple[float, int, int]) -> tuple[Invoice, datetime, datetime]:
        """(invoice, window start, window end) of a key, the window cut to the invoice's period."""
        invoice = self._by_seq[abs(int(key[1]))]
        start = datetime.fromtimestamp(key[2] * self._size, timezone.utc)
        return (
            invoice,
            max(start, invoice.starting_at),
            min(start + timedelta(seconds=self._size), invoice.ending_before),
        )
