"""Contract edits (`/v2/contracts/edit`): what they add to a contract beyond its commits and credits
(overrides, subscriptions and their quantity schedules), what they change, and the contract's edit history.

An edit is all or nothing: every part is checked, and the commits, credits and subscriptions it changes are
changed on copies, before anything stored changes. Pure state, no HTTP.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._contracts import Contract, Contracts
from ._custom_fields import CustomFields
from ._ledger import (
    COMMITS,
    CREDIT,
    USD_CENTS_ID,
    Balance,
    Invoice,
    Ledger,
    NewBalance,
    ScheduleItem,
    Segment,
)
from ._ledger import uniqueness_conflict as uniqueness_conflict
from ._rate_cards import credit_type
from ._wire import ApiError, Wire, format_rfc3339, new_id

UNSET: Any = object()  # a field the edit leaves alone
_ADDED = {"PREPAID": "CommitAdd", "POSTPAID": "CommitAdd", CREDIT: "CreditAdd"}  # forms in the history


@attrs.frozen
class NewOverride:
    """A rate override as given, checked by the route; `shown` holds what the answer shows as given."""

    starting_at: datetime
    ending_before: datetime | None = None
    product_id: str | None = None
    overwrite_rate: Mapping[str, Any] | None = None
    tiers: tuple[Mapping[str, Any], ...] | None = None
    shown: Mapping[str, Any] = attrs.field(factory=dict)  # entitled, type, priority, multiplier, ...


@attrs.frozen
class NewSubscription:
    product_id: str
    billing_frequency: str
    collection_schedule: str
    is_prorated: bool
    invoice_behavior: str
    initial_quantity: float
    quantity_management_mode: str = "QUANTITY_ONLY"
    starting_at: datetime | None = None  # the contract's start
    ending_before: datetime | None = None  # the contract's end
    rounding: Mapping[str, Any] | None = None
    seat_group_key: str | None = None
    anchor_date: datetime | None = None  # the subscription's start
    invoice_placement: str = "ON_USAGE_INVOICE"
    shown: Mapping[str, Any] = attrs.field(factory=dict)  # name, description
    custom_fields: Mapping[str, str] = attrs.field(factory=dict)


@attrs.define
class Subscription:
    id: str
    spec: NewSubscription
    starting_at: datetime
    ending_before: datetime | None
    quantities: list[tuple[datetime, float]]  # (from, quantity), oldest first; the first at starting_at
    created_at: datetime

    def quantity_at(self, moment: datetime) -> float:
        return next(q for start, q in reversed(self.quantities) if start <= moment)


@attrs.frozen
class QuantityUpdate:
    starting_at: datetime
    quantity: float | None = None
    delta: float | None = None


@attrs.frozen
class SubscriptionUpdate:
    subscription_id: str
    ending_before: datetime | None = UNSET
    quantity_updates: tuple[QuantityUpdate, ...] = ()


@attrs.frozen
class SegmentUpdate:
    id: str
    amount: float | None = None
    starting_at: datetime | None = None
    ending_before: datetime | None = None


@attrs.frozen
class InvoiceUpdate:
    id: str
    timestamp: datetime | None = None
    unit_price: float | None = None
    quantity: float | None = None


@attrs.frozen
class BalanceUpdate:
    """`update_commits` / `update_credits` item: `changes` holds the plain fields given (a None clears)."""

    balance_id: str
    changes: Mapping[str, Any] = attrs.field(factory=dict)
    add_segments: tuple[ScheduleItem, ...] = ()
    update_segments: tuple[SegmentUpdate, ...] = ()
    remove_segments: tuple[str, ...] = ()
    add_invoices: tuple[tuple[datetime, float, float], ...] = ()  # (timestamp, unit_price, quantity)
    update_invoices: tuple[InvoiceUpdate, ...] = ()
    remove_invoices: tuple[str, ...] = ()
    given: Mapping[str, Any] = attrs.field(factory=dict)  # the item as sent, for the edit history


@attrs.frozen
class ContractEdit:
    """One edit as given, checked for shape by the route."""

    uniqueness_key: str | None = None
    add_commits: tuple[NewBalance, ...] = ()
    add_credits: tuple[NewBalance, ...] = ()
    add_overrides: tuple[NewOverride, ...] = ()
    add_subscriptions: tuple[NewSubscription, ...] = ()
    update_commits: tuple[BalanceUpdate, ...] = ()
    update_credits: tuple[BalanceUpdate, ...] = ()
    update_subscriptions: tuple[SubscriptionUpdate, ...] = ()
    archive_commits: tuple[str, ...] = ()
    archive_credits: tuple[str, ...] = ()
    remove_overrides: tuple[str, ...] = ()
    update_contract_name: str | None = UNSET
    update_contract_end_date: datetime | None = UNSET
    update_net_payment_terms_days: float | None = UNSET


class Edits:
    """Per contract: its overrides, subscriptions, edit history and the uniqueness keys its edits used."""

    def __init__(self, clock: Clock, custom_fields: CustomFields, product_name: Callable[[str], str]) -> None:
        self._clock = clock
        self._custom_fields = custom_fields
        self._product_name = product_name
        self._overrides: dict[str, list[Wire]] = {}
        self._subscriptions: dict[str, list[Subscription]] = {}
        self._history: dict[str, list[Wire]] = {}
        self._keys: dict[str, set[str]] = {}
        self._seq = itertools.count(1)

    def terms(self, contract_id: str) -> Wire:
        """What a contract's answer shows of the terms kept here."""
        return {
            "overrides": list(self._overrides.get(contract_id, ())),
            "subscriptions": [self._subscription_wire(s) for s in self._subscriptions.get(contract_id, ())],
        }

    def history(self, contract_id: str) -> list[Wire]:
        return list(self._history.get(contract_id, ()))

    def record(self, contract_id: str, edit: Wire, uniqueness_key: str | None = None) -> Wire:
        """Add an edit (its changes in ContractEdit form) to the history, with its id and time."""
        wire = {"id": new_id(), "timestamp": format_rfc3339(self._clock.now()), **edit}
        if uniqueness_key is not None:
            wire["uniqueness_key"] = uniqueness_key
            self._keys.setdefault(contract_id, set()).add(uniqueness_key)
        self._history.setdefault(contract_id, []).append(wire)
        return wire

    # ------------------------------------------------------------------ an edit

    def apply(self, contract: Contract, edit: ContractEdit, ledger: Ledger, contracts: Contracts) -> Wire:
        """Apply an edit to a live contract (its customer checked by the caller); the recorded edit."""
        if edit.uniqueness_key is not None and edit.uniqueness_key in self._keys.get(contract.id, ()):
            raise uniqueness_conflict()
        ledger.check(contract.customer_id, [*edit.add_commits, *edit.add_credits])
        for new in edit.add_subscriptions:
            self._custom_fields.check("subscription", "", new.custom_fields)
        end = (
            contract.ending_before
            if edit.update_contract_end_date is UNSET
            else edit.update_contract_end_date
        )
        if end is not None and end <= contract.terms.starting_at:
            raise ApiError(400, "update_contract_end_date: must be after the contract's starting_at")
        changed = self._changed_balances(contract, edit, ledger)
        for balance_id in (*edit.archive_commits, *edit.archive_credits):
            balance = changed[balance_id]
            ledger.archive(balance)  # a clone: the stored one changes below, with the rest
        subscriptions = self._changed_subscriptions(contract, edit.update_subscriptions)
        new_subscriptions = [self._new_subscription(contract, s) for s in edit.add_subscriptions]
        overrides = self._overrides.get(contract.id, [])
        known = {o["id"] for o in overrides}
        for override_id in edit.remove_overrides:
            if override_id not in known:
                raise ApiError(400, f"remove_overrides: override {override_id} not found on the contract")
        new_overrides = [self._override_wire(o) for o in edit.add_overrides]

        # Everything checked: store.
        added = {
            kind: [ledger.add(contract.customer_id, item, contract.id) for item in items]
            for kind, items in (("add_commits", edit.add_commits), ("add_credits", edit.add_credits))
        }
        for balance in changed.values():
            ledger.store(balance)
        mine = self._subscriptions.setdefault(contract.id, [])
        mine[:] = [subscriptions.get(s.id, s) for s in mine] + new_subscriptions
        for sub in new_subscriptions:
            self._custom_fields.set("subscription", sub.id, sub.spec.custom_fields, checked=False)
        self._overrides[contract.id] = [
            o for o in overrides if o["id"] not in edit.remove_overrides
        ] + new_overrides
        if edit.update_contract_end_date is not UNSET:
            contracts.update_end_date(contract, edit.update_contract_end_date)
        if edit.update_contract_name is not UNSET:
            contract.terms = attrs.evolve(contract.terms, name=edit.update_contract_name)
        if edit.update_net_payment_terms_days is not UNSET:
            contract.terms = attrs.evolve(
                contract.terms, net_payment_terms_days=edit.update_net_payment_terms_days
            )
        return self.record(
            contract.id,
            self._edit_wire(edit, added, new_overrides, new_subscriptions, ledger),
            edit.uniqueness_key,
        )

    def _changed_balances(self, contract: Contract, edit: ContractEdit, ledger: Ledger) -> dict[str, Balance]:
        """Changed copies of the contract's commits and credits that the edit updates or archives."""
        changed: dict[str, Balance] = {}

        def copy_of(balance_id: str, kinds: Sequence[str], where: str) -> Balance:
            if balance_id not in changed:
                found = ledger.find(contract.customer_id, balance_id, kinds)
                if found is None or found.contract_id != contract.id:
                    noun = "credit" if CREDIT in kinds else "commit"
                    raise ApiError(400, f"{where}: {balance_id} is not a {noun} of this contract")
                if found.archived_at is not None:
                    raise ApiError(400, f"{where}: {balance_id} is archived")
                changed[balance_id] = found.clone()
            return changed[balance_id]

        for updates, kinds, where in (
            (edit.update_commits, COMMITS, "update_commits"),
            (edit.update_credits, (CREDIT,), "update_credits"),
        ):
            for update in updates:
                update_balance(copy_of(update.balance_id, kinds, where), update, where)
        for ids, kinds, where in (
            (edit.archive_commits, COMMITS, "archive_commits"),
            (edit.archive_credits, (CREDIT,), "archive_credits"),
        ):
            for balance_id in ids:
                copy_of(balance_id, kinds, where)
        return changed

    def _changed_subscriptions(
        self, contract: Contract, updates: Sequence[SubscriptionUpdate]
    ) -> dict[str, Subscription]:
        mine = {s.id: s for s in self._subscriptions.get(contract.id, ())}
        changed: dict[str, Subscription] = {}
        for update in updates:
            if update.subscription_id not in mine:
                raise ApiError(
                    400,
                    f"update_subscriptions: subscription {update.subscription_id} not found on the contract",
                )
            sub = changed.setdefault(update.subscription_id, copy.deepcopy(mine[update.subscription_id]))
            if update.ending_before is not UNSET:
                if update.ending_before is not None and update.ending_before <= sub.starting_at:
                    raise ApiError(
                        400, "update_subscriptions: ending_before must be after the subscription starts"
                    )
                sub.ending_before = update.ending_before
            for change in update.quantity_updates:  # in the order sent
                _change_quantity(sub, change)
        return changed

    def _new_subscription(self, contract: Contract, spec: NewSubscription) -> Subscription:
        start = spec.starting_at or contract.terms.starting_at
        end = spec.ending_before if spec.ending_before is not None else contract.ending_before
        if start < contract.terms.starting_at:
            raise ApiError(400, "add_subscriptions: starting_at must not be before the contract starts")
        if end is not None and end <= start:
            raise ApiError(400, "add_subscriptions: ending_before must be after starting_at")
        return Subscription(new_id(), spec, start, end, [(start, spec.initial_quantity)], self._clock.now())

    # ------------------------------------------------------------------ wire

    def _subscription_wire(self, s: Subscription) -> Wire:
        spec = s.spec
        now = self._clock.now()
        ends = [*(start for start, _ in s.quantities[1:]), s.ending_before]
        schedule = []
        for (start, quantity), end in zip(s.quantities, ends, strict=True):
            if end is None or end > now:  # current and future quantities
                item: Wire = {"quantity": quantity, "starting_at": format_rfc3339(start)}
                if end is not None:
                    item["ending_before"] = format_rfc3339(end)
                schedule.append(item)
        proration: Wire = {"is_prorated": spec.is_prorated, "invoice_behavior": spec.invoice_behavior}
        if spec.rounding is not None:
            proration["rounding"] = dict(spec.rounding)
        wire: Wire = {
            "id": s.id,
            "created_at": format_rfc3339(s.created_at),  # not in the spec; the official SDK requires it
            "subscription_rate": {
                "billing_frequency": spec.billing_frequency,
                "product": {"id": spec.product_id, "name": self._product_name(spec.product_id)},
            },
            "collection_schedule": spec.collection_schedule,
            "proration": proration,
            "quantity_schedule": schedule,
            "billing_periods": {},
            "quantity_management_mode": spec.quantity_management_mode,
            "starting_at": format_rfc3339(s.starting_at),
            "fiat_credit_type_id": USD_CENTS_ID,
            "billing_cycle_config": {
                "anchor_date": format_rfc3339(spec.anchor_date or s.starting_at),
                "invoice_placement": spec.invoice_placement,
            },
            "custom_fields": self._custom_fields.get("subscription", s.id),
            **spec.shown,
        }
        if s.ending_before is not None:
            wire["ending_before"] = format_rfc3339(s.ending_before)
        if spec.seat_group_key is not None:
            wire["seat_config"] = {"seat_group_key": spec.seat_group_key}
        return wire

    def _override_wire(self, o: NewOverride) -> Wire:
        wire: Wire = {
            "id": new_id(),
            "created_at": format_rfc3339(self._clock.now()),
            "starting_at": format_rfc3339(o.starting_at),
            **o.shown,
        }
        if o.ending_before is not None:
            wire["ending_before"] = format_rfc3339(o.ending_before)
        if o.product_id is not None:
            wire["product"] = {"id": o.product_id, "name": self._product_name(o.product_id)}
        if o.overwrite_rate is not None:
            rate = {k: v for k, v in o.overwrite_rate.items() if k != "credit_type_id"}
            wire["overwrite_rate"] = {
                **rate,
                "credit_type": credit_type(o.overwrite_rate.get("credit_type_id")),
            }
        if o.tiers is not None:
            wire["override_tiers"] = [dict(t) for t in o.tiers]
        return wire

    def _edit_wire(
        self,
        edit: ContractEdit,
        added: Mapping[str, list[Balance]],
        overrides: list[Wire],
        subscriptions: list[Subscription],
        ledger: Ledger,
    ) -> Wire:
        wire: Wire = {
            **{kind: [ledger.wire(b, _ADDED[b.kind]) for b in balances] for kind, balances in added.items()},
            "add_overrides": overrides,
            "add_subscriptions": [self._subscription_wire(s) for s in subscriptions],
            "update_commits": [{**u.given, "id": u.balance_id} for u in edit.update_commits],
            "update_credits": [{**u.given, "id": u.balance_id} for u in edit.update_credits],
            "update_subscriptions": [_subscription_update_wire(u) for u in edit.update_subscriptions],
            "archive_commits": [{"id": i} for i in edit.archive_commits],
            "archive_credits": [{"id": i} for i in edit.archive_credits],
            "remove_overrides": [{"id": i} for i in edit.remove_overrides],
        }
        wire = {k: v for k, v in wire.items() if v}
        if edit.update_contract_name is not UNSET:
            wire["update_contract_name"] = edit.update_contract_name
        if edit.update_contract_end_date not in (UNSET, None):  # the history has no open-ended form
            wire["update_contract_end_date"] = format_rfc3339(edit.update_contract_end_date)
        return wire


def _subscription_update_wire(u: SubscriptionUpdate) -> Wire:
    wire: Wire = {"id": u.subscription_id}
    if u.ending_before not in (UNSET, None):
        wire["ending_before"] = format_rfc3339(u.ending_before)
    if u.quantity_updates:
        wire["quantity_updates"] = [
            {"starting_at": format_rfc3339(q.starting_at)}
            | ({"quantity": q.quantity} if q.quantity is not None else {"quantity_delta": q.delta})
            for q in u.quantity_updates
        ]
    return wire


_ATTRIBUTES = (  # what an update changes of a commit or credit beyond the fields it only shows
    "product_id", "priority", "applicable_product_ids", "applicable_product_tags", "specifiers",
    "invoice_contract_id", "applicable_contract_ids",
)  # fmt: skip


def _change_quantity(sub: Subscription, change: QuantityUpdate) -> None:
    """A quantity holds from its starting_at on: a new one replaces the later schedule, a delta shifts it."""
    at = change.starting_at
    where = "update_subscriptions: quantity_updates"
    if at < sub.starting_at or (sub.ending_before is not None and at >= sub.ending_before):
        raise ApiError(400, f"{where}: starting_at must be within the subscription")
    current = sub.quantity_at(at)
    before = [(start, q) for start, q in sub.quantities if start < at]
    if change.delta is None:
        assert change.quantity is not None, "the route requires one of them"
        sub.quantities = [*before, (at, change.quantity)]
        return
    later = [(start, q + change.delta) for start, q in sub.quantities if start > at]
    if min([current + change.delta, *(q for _, q in later)]) < 0:
        raise ApiError(400, f"{where}: quantity_delta would make the quantity negative")
    sub.quantities = [*before, (at, current + change.delta), *later]


def update_balance(balance: Balance, update: BalanceUpdate, where: str) -> None:
    """Apply one update to a copy of a commit or credit; raises for what may not change."""
    changes = dict(update.changes)
    for name in _ATTRIBUTES:
        if name in changes:
            setattr(balance, name, changes.pop(name))
    for name, value in changes.items():
        if value is None:
            balance.shown.pop(name, None)
        else:
            balance.shown[name] = value
    segments = {s.id: s for s in balance.segments}
    for gone in update.remove_segments:
        if gone not in segments:
            raise ApiError(400, f"{where}: {gone} is not an access schedule item of it")
    Ledger.check_removable(balance, [segments[i] for i in update.remove_segments])
    for item in update.update_segments:
        segment = segments.get(item.id)
        if segment is None:
            raise ApiError(400, f"{where}: {item.id} is not an access schedule item of it")
        segment.amount = segment.amount if item.amount is None else item.amount
        segment.starting_at = item.starting_at or segment.starting_at
        segment.ending_before = item.ending_before or segment.ending_before
    balance.segments = [s for s in balance.segments if s.id not in update.remove_segments] + [
        Segment(new_id(), s.amount, s.starting_at, s.ending_before) for s in update.add_segments
    ]
    if any(s.ending_before <= s.starting_at for s in balance.segments):
        raise ApiError(400, f"{where}: an access schedule item would end before it starts")
    if not balance.segments:
        raise ApiError(400, f"{where}: the access schedule would be empty")
    if update.add_invoices or update.update_invoices or update.remove_invoices:
        _update_invoices(balance, update, where)


def _update_invoices(balance: Balance, update: BalanceUpdate, where: str) -> None:
    invoices = {i.id: i for i in balance.invoices or ()}
    for item_id in (*(u.id for u in update.update_invoices), *update.remove_invoices):
        if item_id not in invoices:
            raise ApiError(400, f"{where}: {item_id} is not an invoice schedule item of it")
        if invoices[item_id].invoice_id is not None:
            raise ApiError(400, f"{where}: invoice schedule item {item_id} is already invoiced")
    for u in update.update_invoices:
        item = invoices[u.id]
        item.timestamp = u.timestamp or item.timestamp
        item.unit_price = item.unit_price if u.unit_price is None else u.unit_price
        item.quantity = item.quantity if u.quantity is None else u.quantity
    balance.invoices = [i for i in balance.invoices or () if i.id not in update.remove_invoices] + [
        Invoice(new_id(), at, price, quantity) for at, price, quantity in update.add_invoices
    ]
