"""The books: a customer's commits and credits (customer-level, or on one of its contracts), their access
schedules (segments), their ledgers and balances, and the drawdown of usage against them.

A segment's start (`*_SEGMENT_START`, or `POSTPAID_COMMIT_INITIAL_BALANCE`) and, once it has ended with
something left, its expiration are derived from the access schedule; usage deductions (`deduct`, one per
segment drawn, each naming its invoice) and manual entries are stored. A balance is what is usable now:
the segments in access at the fake's clock, each floored at 0. Pure state, no HTTP: methods take validated
values, return wire dicts and raise ApiError, checking everything before they change anything.
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._rate_cards import CREATED_BY, USD_CENTS, credit_type
from ._spec import spec
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

PREPAID, POSTPAID, CREDIT = "PREPAID", "POSTPAID", "CREDIT"
COMMITS = (PREPAID, POSTPAID)
PAGE_SIZE = 25  # the most the commit, credit and balance listings answer per page
USD_CENTS_ID: str = USD_CENTS["id"]
# What a balance shows as given, when given: its descriptive fields.
SHOWN = (
    "name", "description", "rate_type", "rollover_fraction", "netsuite_sales_order_id",
    "salesforce_opportunity_id", "hierarchy_configuration", "spend_tracker_attributes",
)  # fmt: skip
_ENTRY_PREFIX = {PREPAID: "PREPAID_COMMIT", POSTPAID: "POSTPAID_COMMIT", CREDIT: "CREDIT"}


def uniqueness_conflict() -> ApiError:
    """Metronome's answer to a reused uniqueness key: nothing is created."""
    return ApiError(409, "uniqueness_key: this uniqueness key has already been used")


@attrs.frozen
class ScheduleItem:
    """One access segment as given."""

    amount: float
    starting_at: datetime
    ending_before: datetime


@attrs.frozen
class InvoiceItem:
    """One invoice of a commit's invoice schedule as given (a recurring schedule is given expanded)."""

    timestamp: datetime
    unit_price: float
    quantity: float


@attrs.frozen
class NewBalance:
    """A commit or credit to create, checked for shape and types by the route."""

    kind: str  # PREPAID, POSTPAID or CREDIT
    product_id: str
    access: tuple[ScheduleItem, ...]
    credit_type_id: str = USD_CENTS_ID
    access_type: str | None = None
    priority: float | None = None
    invoices: tuple[InvoiceItem, ...] | None = None  # commits; None: no invoice schedule
    invoice_credit_type_id: str | None = None
    do_not_invoice: bool | None = None
    invoice_contract_id: str | None = None
    applicable_contract_ids: tuple[str, ...] | None = None
    applicable_product_ids: tuple[str, ...] | None = None
    applicable_product_tags: tuple[str, ...] | None = None
    specifiers: tuple[Mapping[str, Any], ...] | None = None
    shown: Mapping[str, Any] = attrs.field(factory=dict)  # of SHOWN
    custom_fields: Mapping[str, str] = attrs.field(factory=dict)
    uniqueness_key: str | None = None


@attrs.define
class Segment:
    id: str
    amount: float
    starting_at: datetime
    ending_before: datetime

    def covers(self, moment: datetime) -> bool:
        return self.starting_at <= moment < self.ending_before


@attrs.define
class Invoice:
    """An invoice schedule item; `invoice_id` is the invoice that bills it, once one does."""

    id: str
    timestamp: datetime
    unit_price: float
    quantity: float
    invoice_id: str | None = None


@attrs.define
class Entry:
    """A stored ledger entry: a usage deduction (negative, naming its invoice) or a manual one."""

    kind: str  # AUTOMATED_INVOICE_DEDUCTION or MANUAL: the type after the commit's or credit's prefix
    timestamp: datetime
    amount: float
    segment_id: str | None
    invoice_id: str | None = None
    contract_id: str | None = None
    reason: str | None = None
    draft: bool = False  # of a draft invoice: left out of a balance that counts finalized invoices only


@attrs.define
class Balance:
    """A commit or a credit, as stored."""

    id: str
    seq: int
    customer_id: str
    contract_id: str | None  # None: customer-level
    kind: str
    product_id: str
    priority: float | None
    credit_type_id: str
    access_type: str | None
    segments: list[Segment]
    invoices: list[Invoice] | None
    invoice_credit_type_id: str | None
    do_not_invoice: bool | None
    invoice_contract_id: str | None
    applicable_contract_ids: list[str] | None
    applicable_product_ids: list[str] | None
    applicable_product_tags: list[str] | None
    specifiers: list[Mapping[str, Any]] | None
    shown: dict[str, Any]
    uniqueness_key: str | None
    created_at: datetime
    entries: list[Entry] = attrs.field(factory=list)
    archived_at: datetime | None = None

    @property
    def entity(self) -> str:
        """The custom-field entity of this kind of balance."""
        return "contract_credit" if self.kind == CREDIT else "commit"

    def remaining(self, segment: Segment, *, drafts: bool = True) -> float:
        """The segment's amount and the entries on it."""
        return segment.amount + sum(
            e.amount for e in self.entries if e.segment_id == segment.id and (drafts or not e.draft)
        )

    def balance(self, now: datetime, *, drafts: bool = True) -> float:
        """Usable now: the segments in access, each floored at 0."""
        return sum(max(self.remaining(s, drafts=drafts), 0.0) for s in self.segments if s.covers(now))

    def complimentary(self) -> bool:
        """A credit, or a prepaid commit nobody pays for: its cost basis is 0."""
        return self.kind == CREDIT or (
            self.kind == PREPAID and (not self.invoices or bool(self.do_not_invoice))
        )

    def applies_to(self, product_id: str, product_tags: Collection[str]) -> bool:
        """No applicability given means every product."""
        if not (self.applicable_product_ids or self.applicable_product_tags or self.specifiers):
            return True
        if product_id in (self.applicable_product_ids or ()):
            return True
        if set(product_tags) & set(self.applicable_product_tags or ()):
            return True
        return any(_matches(s, product_id, product_tags) for s in self.specifiers or ())

    def usable_on(self, contract_id: str | None) -> bool:
        """A contract's own balance serves that contract; a customer-level one, the contracts it lists (all
        when it lists none)."""
        if self.contract_id is not None:
            return self.contract_id == contract_id
        return not self.applicable_contract_ids or contract_id in self.applicable_contract_ids

    def clone(self) -> Balance:
        return copy.deepcopy(self)


def _matches(specifier: Mapping[str, Any], product_id: str, product_tags: Collection[str]) -> bool:
    """A specifier matches when its product (if any) is this one and every tag it names is the product's,
    and no tag it excludes is."""
    if specifier.get("product_id") not in (None, product_id):
        return False
    if not set(specifier.get("product_tags") or ()) <= set(product_tags):
        return False
    excluded = {t for e in specifier.get("exclude") or () for t in e.get("product_tags") or ()}
    return not excluded & set(product_tags)


@attrs.frozen
class Drawdown:
    """What one `deduct` drew, segment by segment, and what no commit or credit covered."""

    applied: tuple[Application, ...]
    uncovered: float


@attrs.frozen
class Application:
    balance_id: str
    kind: str  # PREPAID, POSTPAID or CREDIT
    segment_id: str
    amount: float  # positive: what was drawn


@attrs.frozen
class BalanceFilter:
    """One of getNetBalance's filters: its conditions are AND'd; an absent one matches everything."""

    balance_types: frozenset[str] | None = None  # PREPAID_COMMIT, POSTPAID_COMMIT, CREDIT
    ids: frozenset[str] | None = None
    custom_fields: Mapping[str, str] | None = None


@attrs.frozen
class Listing:
    """The filters of the commit, credit and balance listings."""

    kinds: Collection[str]
    include_contract_balances: bool = False
    include_archived: bool = False
    ids: Collection[str] | None = None  # a commit's or credit's id, or a contract's: its balances
    covering_date: datetime | None = None
    starting_at: datetime | None = None
    effective_before: datetime | None = None
    access_type: str | None = None
    exclude_zero_balances: bool = False

    def key(self) -> Wire:
        """The filters as a cursor remembers them."""
        return {name: _plain(value) for name, value in attrs.asdict(self, recurse=False).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(value)
    return value


class Ledger:
    """Callers check the customer (and contract) a balance is for, and its product."""

    def __init__(
        self,
        clock: Clock,
        cursors: Cursors,
        custom_fields: CustomFields,
        product_name: Callable[[str], str],
    ) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._product_name = product_name
        self._seq = itertools.count(1)
        self._by_id: dict[str, Balance] = {}
        self._by_customer: dict[str, list[Balance]] = {}
        self._keys: dict[str, set[str]] = {}  # customer -> the uniqueness keys its balances used

    # ------------------------------------------------------------------ create

    def check(self, customer_id: str, items: Sequence[NewBalance]) -> None:
        """Raise for what would stop these from being created together; call before changing anything."""
        keys = [i.uniqueness_key for i in items if i.uniqueness_key is not None]
        used = self._keys.get(customer_id, set())
        if len(set(keys)) != len(keys) or used & set(keys):
            raise uniqueness_conflict()
        for item in items:
            if not item.access:
                raise ApiError(400, "access_schedule.schedule_items: must have at least one item")
            entity = "contract_credit" if item.kind == CREDIT else "commit"
            self._custom_fields.check(entity, "", item.custom_fields)

    def add(self, customer_id: str, item: NewBalance, contract_id: str | None = None) -> Balance:
        """Store a balance that passed `check`."""
        balance = Balance(
            id=new_id(),
            seq=next(self._seq),
            customer_id=customer_id,
            contract_id=contract_id,
            kind=item.kind,
            product_id=item.product_id,
            priority=item.priority,
            credit_type_id=item.credit_type_id,
            access_type=item.access_type,
            segments=[Segment(new_id(), s.amount, s.starting_at, s.ending_before) for s in item.access],
            invoices=None
            if item.invoices is None
            else [Invoice(new_id(), i.timestamp, i.unit_price, i.quantity) for i in item.invoices],
            invoice_credit_type_id=item.invoice_credit_type_id,
            do_not_invoice=item.do_not_invoice,
            invoice_contract_id=item.invoice_contract_id,
            applicable_contract_ids=_listed(item.applicable_contract_ids),
            applicable_product_ids=_listed(item.applicable_product_ids),
            applicable_product_tags=_listed(item.applicable_product_tags),
            specifiers=_listed(item.specifiers),
            shown=dict(item.shown),
            uniqueness_key=item.uniqueness_key,
            created_at=self._clock.now(),
        )
        self.store(balance)
        if item.uniqueness_key is not None:
            self._keys.setdefault(customer_id, set()).add(item.uniqueness_key)
        self._custom_fields.set(balance.entity, balance.id, item.custom_fields, checked=False)
        return balance

    def store(self, balance: Balance) -> None:
        """Keep a new balance, or the changed clone of a stored one in its place."""
        old = self._by_id.get(balance.id)
        self._by_id[balance.id] = balance
        mine = self._by_customer.setdefault(balance.customer_id, [])
        if old is None:
            mine.append(balance)
        else:
            mine[mine.index(old)] = balance

    # ------------------------------------------------------------------ reads

    def find(self, customer_id: str, balance_id: str, kinds: Collection[str]) -> Balance | None:
        found = self._by_id.get(balance_id)
        if found is None or found.customer_id != customer_id or found.kind not in kinds:
            return None
        return found

    def get(self, customer_id: str, balance_id: str, kinds: Collection[str]) -> Balance:
        """A customer's commit or credit; 404 when it has none by that id."""
        found = self.find(customer_id, balance_id, kinds)
        if found is None:
            noun = "credit" if CREDIT in kinds else "commit"
            raise ApiError(404, f"{noun} {balance_id} not found for customer {customer_id}")
        return found

    def of_contract(self, contract_id: str) -> list[Balance]:
        """A contract's own commits and credits, archived ones included, in creation order."""
        return [b for b in self._by_id.values() if b.contract_id == contract_id]

    def page(
        self,
        customer_id: str,
        request: PageRequest,
        listing: Listing,
        *,
        ledgers: bool,
        balances: bool,
    ) -> Page:
        """Oldest first; archived ones (with their contract or customer, too) only with include_archived."""
        now = self._clock.now()

        def keep(b: Balance) -> bool:
            segments = b.segments
            return (
                b.kind in listing.kinds
                and (listing.include_contract_balances or b.contract_id is None)
                and (listing.include_archived or b.archived_at is None)
                and (listing.ids is None or b.id in listing.ids or b.contract_id in listing.ids)
                and (listing.access_type is None or (b.access_type or "SPEND") == listing.access_type)
                and (listing.covering_date is None or any(s.covers(listing.covering_date) for s in segments))
                and (
                    listing.starting_at is None
                    or any(s.ending_before > listing.starting_at for s in segments)
                )
                and (
                    listing.effective_before is None
                    or any(s.starting_at < listing.effective_before for s in segments)
                )
                and not (listing.exclude_zero_balances and b.balance(now) == 0)
            )

        found, next_page = self._cursors.page(
            f"balances:{customer_id}",
            listing.key(),
            self._by_customer.get(customer_id, []),
            lambda b: (b.seq,),
            request,
            keep,
        )
        return [self.wire(b, ledger=ledgers, balance=balances) for b in found], next_page

    def net_balance(
        self, customer_id: str, credit_type_id: str, filters: Sequence[BalanceFilter], *, drafts: bool
    ) -> float:
        """The balances usable now in that credit type, of the live commits and credits any filter matches
        (all when there is none)."""
        now = self._clock.now()
        return sum(
            b.balance(now, drafts=drafts)
            for b in self._by_customer.get(customer_id, ())
            if b.archived_at is None
            and b.credit_type_id == credit_type_id
            and (not filters or any(self._passes(b, f) for f in filters))
        )

    def _passes(self, b: Balance, f: BalanceFilter) -> bool:
        kind = "CREDIT" if b.kind == CREDIT else f"{b.kind}_COMMIT"
        fields = self._custom_fields.get(b.entity, b.id)
        return (
            (f.balance_types is None or kind in f.balance_types)
            and (f.ids is None or b.id in f.ids)
            and all(fields.get(k) == v for k, v in (f.custom_fields or {}).items())
        )

    # ------------------------------------------------------------------ changes

    def end_access(self, balance: Balance, ending_before: datetime) -> None:
        """Shorten the access schedule: segments from `ending_before` on go, the one across it ends there.
        Only earlier, never later; never dropping what usage was already drawn from."""
        self.changeable(balance)
        last = max(s.ending_before for s in balance.segments)
        if ending_before >= last:
            raise ApiError(400, "access_ending_before: can only move the end date earlier, not extend it")
        if ending_before <= min(s.starting_at for s in balance.segments):
            raise ApiError(400, "access_ending_before: must be after the first segment starts")
        gone = [s for s in balance.segments if s.starting_at >= ending_before]
        self.check_removable(balance, gone)
        balance.segments = [s for s in balance.segments if s not in gone]
        for s in balance.segments:
            s.ending_before = min(s.ending_before, ending_before)

    def end_invoices(self, balance: Balance, ending_before: datetime) -> None:
        """Invoice schedule items from `ending_before` on go, unless an invoice already bills them."""
        self.changeable(balance)
        gone = [i for i in balance.invoices or () if i.timestamp >= ending_before]
        if any(i.invoice_id is not None for i in gone):
            raise ApiError(400, "invoices_ending_before: an invoice already bills a schedule item after it")
        if balance.invoices is not None:
            balance.invoices = [i for i in balance.invoices if i not in gone]

    def archive(self, balance: Balance) -> None:
        """Hidden from listings unless asked; refused while a finalized invoice drew from it."""
        self.changeable(balance)
        if any(e.invoice_id is not None and not e.draft for e in balance.entries):
            raise ApiError(400, f"{balance.id}: void the finalized invoices that drew from it first")
        balance.archived_at = self._clock.now()

    def add_manual(
        self, balance: Balance, segment_id: str, amount: float, reason: str, at: datetime | None
    ) -> None:
        """A manual entry on one segment (negative draws down), at the segment's start unless `at`."""
        self.changeable(balance)
        segment = next((s for s in balance.segments if s.id == segment_id), None)
        if segment is None:
            raise ApiError(400, f"segment_id: {segment_id} is not a segment of {balance.id}")
        balance.entries.append(Entry("MANUAL", at or segment.starting_at, amount, segment_id, reason=reason))

    def archive_all(self, customer_id: str, contract_id: str | None = None) -> None:
        """With its contract (or customer), whatever invoices drew from them."""
        now = self._clock.now()
        for b in self._by_customer.get(customer_id, ()):
            if b.archived_at is None and (contract_id is None or b.contract_id == contract_id):
                b.archived_at = now

    def changeable(self, balance: Balance) -> None:
        if balance.archived_at is not None:
            raise ApiError(400, f"{balance.id}: archived commits and credits cannot change")

    @staticmethod
    def check_removable(balance: Balance, segments: Iterable[Segment]) -> None:
        drawn = {e.segment_id for e in balance.entries}
        for s in segments:
            if s.id in drawn:
                raise ApiError(400, f"segment {s.id}: usage was already drawn from it")

    # ------------------------------------------------------------------ drawdown (the invoices' side)

    def deduct(
        self,
        customer_id: str,
        amount: float,
        at: datetime,
        product_id: str,
        *,
        invoice_id: str,
        contract_id: str | None = None,
        product_tags: Collection[str] = (),
        credit_type_id: str = USD_CENTS_ID,
        draft: bool = True,
    ) -> Drawdown:
        """Draw `amount` of usage at `at` on `product_id` from the customer's commits and credits that
        cover it, in Metronome's order (`drawdown_order`), recording one deduction per segment drawn."""
        if amount < 0 or not math.isfinite(amount):
            raise ValueError(f"amount must be a finite number >= 0, got {amount!r}")
        eligible = [
            (b, s)
            for b in self._by_customer.get(customer_id, ())
            if b.archived_at is None
            and b.credit_type_id == credit_type_id
            and b.usable_on(contract_id)
            and b.applies_to(product_id, product_tags)
            for s in b.segments
            if s.covers(at)
        ]
        left = amount
        applied = []
        for balance, segment in sorted(eligible, key=lambda pair: drawdown_order(*pair)):
            if left <= 0:
                break
            take = min(left, balance.remaining(segment))
            if take <= 0:
                continue
            balance.entries.append(
                Entry(
                    "AUTOMATED_INVOICE_DEDUCTION", at, -take, segment.id, invoice_id, contract_id, draft=draft
                )
            )
            applied.append(Application(balance.id, balance.kind, segment.id, take))
            left -= take
        return Drawdown(tuple(applied), left)

    def finalize(self, invoice_id: str) -> None:
        """The deductions of a draft invoice that became final count for FINALIZED balances too."""
        for entry in self._entries_of(invoice_id):
            entry.draft = False

    def release(self, invoice_id: str) -> None:
        """Give back what an invoice drew (it was voided, or a draft is being recomputed)."""
        for balance in self._by_id.values():
            balance.entries = [e for e in balance.entries if e.invoice_id != invoice_id]

    def _entries_of(self, invoice_id: str) -> Iterable[Entry]:
        return (e for b in self._by_id.values() for e in b.entries if e.invoice_id == invoice_id)

    # ------------------------------------------------------------------ wire

    def wire(self, b: Balance, form: str = "", *, ledger: bool = False, balance: bool = False) -> Wire:
        """The commit or credit in the spec's `form` (a schema name: "Commit", "CreditV2", "CommitAdd", ...;
        "" for the v1 Commit or Credit by its kind): the fields that form declares. `ledger` and `balance`
        only when asked."""
        wire: Wire = {
            "id": b.id,
            "type": b.kind,
            "product": {"id": b.product_id, "name": self._product_name(b.product_id)},
            "access_schedule": {
                "credit_type": credit_type(b.credit_type_id),
                "schedule_items": [
                    {
                        "id": s.id,
                        "amount": s.amount,
                        "starting_at": format_rfc3339(s.starting_at),
                        "ending_before": format_rfc3339(s.ending_before),
                    }
                    for s in b.segments
                ],
            },
            "created_at": format_rfc3339(b.created_at),
            "created_by": CREATED_BY,
            "custom_fields": self._custom_fields.get(b.entity, b.id),
            **{name: b.shown[name] for name in SHOWN if name in b.shown},
        }
        optional = {
            "contract": None if b.contract_id is None else {"id": b.contract_id},
            "priority": b.priority,
            "applicable_contract_ids": b.applicable_contract_ids,
            "applicable_product_ids": b.applicable_product_ids,
            "applicable_product_tags": b.applicable_product_tags,
            "specifiers": b.specifiers,
            "uniqueness_key": b.uniqueness_key,
            "archived_at": None if b.archived_at is None else format_rfc3339(b.archived_at),
            "invoice_contract": None if b.invoice_contract_id is None else {"id": b.invoice_contract_id},
            "invoice_schedule": self._invoice_wire(b),
            "ledger": self.ledger(b) if ledger else None,
            "balance": b.balance(self._clock.now()) if balance else None,
        }
        wire.update({k: v for k, v in optional.items() if v is not None})
        declared = _declared(form or ("Credit" if b.kind == CREDIT else "Commit"))
        return {k: v for k, v in wire.items() if k in declared}

    @staticmethod
    def _invoice_wire(b: Balance) -> Wire | None:
        if b.invoices is None and b.do_not_invoice is None:
            return None
        wire: Wire = {
            "credit_type": credit_type(b.invoice_credit_type_id or b.credit_type_id),
            "schedule_items": [
                {
                    "id": i.id,
                    "invoice_id": i.invoice_id,
                    "amount": i.unit_price * i.quantity,
                    "unit_price": i.unit_price,
                    "quantity": i.quantity,
                    "timestamp": format_rfc3339(i.timestamp),
                }
                for i in b.invoices or ()
            ],
        }
        if b.do_not_invoice is not None:
            wire["do_not_invoice"] = b.do_not_invoice
        return wire

    def ledger(self, b: Balance) -> list[Wire]:
        """Oldest first: what the clock has reached of each segment's start and expiration, and the stored
        entries."""
        now = self._clock.now()
        prefix = _ENTRY_PREFIX[b.kind]
        found: list[tuple[datetime, int, Wire]] = []
        for s in b.segments:
            if s.starting_at > now:
                continue
            if b.kind == POSTPAID:
                found.append((s.starting_at, 0, _entry(f"{prefix}_INITIAL_BALANCE", s.starting_at, s.amount)))
            else:
                start = _entry(f"{prefix}_SEGMENT_START", s.starting_at, s.amount, segment_id=s.id)
                found.append((s.starting_at, 0, start))
            left = b.remaining(s)
            if b.kind != POSTPAID and s.ending_before <= now and left > 0:  # postpaid: a true-up instead
                expired = _entry(f"{prefix}_EXPIRATION", s.ending_before, -left, segment_id=s.id)
                found.append((s.ending_before, 2, expired))
        for e in b.entries:
            extra = {"reason": e.reason} if e.kind == "MANUAL" else {"segment_id": e.segment_id}
            if e.invoice_id is not None:
                extra |= {"invoice_id": e.invoice_id}
            if e.contract_id is not None:
                extra |= {"contract_id": e.contract_id}
            found.append((e.timestamp, 1, _entry(f"{prefix}_{e.kind}", e.timestamp, e.amount, **extra)))
        return [wire for _, _, wire in sorted(found, key=lambda x: (x[0], x[1]))]


def drawdown_order(b: Balance, s: Segment) -> tuple[Any, ...]:
    """Metronome's drawdown order: prepaid commits and credits (one pool) before postpaid commits; then
    the lower priority; a free balance (credits, complimentary commits) before a paid one; the fewest
    applicable products; the earlier segment end, then start; a contract's own before a customer-level
    one; the older."""
    narrow = (
        len(b.applicable_product_ids)
        if b.applicable_product_ids and not b.applicable_product_tags
        else math.inf
    )
    return (
        b.kind == POSTPAID,
        math.inf if b.priority is None else b.priority,
        not b.complimentary(),
        narrow,
        s.ending_before,
        s.starting_at,
        b.contract_id is None,
        b.seq,
    )


@functools.cache
def _declared(form: str) -> frozenset[str]:
    """The fields a commit or credit form of the spec declares."""
    return frozenset(spec().schemas.resolve({"$ref": f"#/components/schemas/{form}"})["properties"])


def _entry(kind: str, at: datetime, amount: float, **extra: Any) -> Wire:
    return {"type": kind, "timestamp": format_rfc3339(at), "amount": amount, **extra}


def _listed(items: Sequence[Any] | None) -> list[Any] | None:
    return None if items is None else list(items)
