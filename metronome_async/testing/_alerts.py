"""Alerts (threshold notifications): each watches one customer, or every customer, and keeps per customer
whether it is `ok`, `in_alarm` or still `evaluating`.

An evaluation compares a reading of the customer (what `_alert_rules` measures) with the threshold: a
balance is in alarm when it reaches or goes below it; spend and usage when they reach or go above it. A
customer going into alarm (from ok, or from not evaluated yet) sends one `alerts.<alert_type>` webhook
through `notify`; staying in alarm sends nothing; back to ok and over the threshold again sends again, and
so does a reset (which forgets the customer's status first). A type the fake cannot measure stays
`evaluating`. An archived alert is evaluated no more (its `customer_status` is null) and, with
`release_uniqueness_key`, frees its key for another alert.

Pure state, no HTTP: methods take validated values, return wire dicts and raise ApiError, checking everything
before they change anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._ledger import uniqueness_conflict
from ._rate_cards import credit_type
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

OK, IN_ALARM, EVALUATING = "ok", "in_alarm", "evaluating"
PAGE_SIZE = 100  # a customer's alerts per page (the listing takes no limit)
SPEND, USAGE = "spend_threshold_reached", "usage_threshold_reached"
SEATS = "low_remaining_seat_balance_reached"
_ALL_BALANCES = frozenset({"PREPAID_COMMIT", "POSTPAID_COMMIT", "CREDIT"})
# The balance alerts, and the balance types (getNetBalance's names) each one sums.
BALANCE_TYPES: Mapping[str, frozenset[str]] = {
    "low_credit_balance_reached": _ALL_BALANCES,
    "low_remaining_commit_balance_reached": frozenset({"PREPAID_COMMIT", "POSTPAID_COMMIT"}),
    "low_remaining_contract_credit_balance_reached": frozenset({"CREDIT"}),
    "low_remaining_contract_credit_and_commit_balance_reached": _ALL_BALANCES,
}


@attrs.frozen
class CustomFieldFilter:
    entity: str  # Contract, Commit, ContractCredit or ContractCreditOrCommit
    key: str
    value: str


@attrs.frozen
class NewAlert:
    """An alert to create, checked by the route."""

    type: str
    name: str
    threshold: float
    customer_id: str | None  # None: every customer
    credit_type_id: str
    billable_metric_id: str | None = None
    custom_field_filters: tuple[CustomFieldFilter, ...] = ()
    uniqueness_key: str | None = None
    shown: Mapping[str, Any] = attrs.field(factory=dict)  # the other filters, kept and shown as given


@attrs.define
class Alert:
    id: str
    seq: int
    new: NewAlert
    updated_at: datetime
    archived_at: datetime | None = None

    @property
    def type(self) -> str:
        return self.new.type

    def covers(self, customer_id: str) -> bool:
        return self.new.customer_id in (None, customer_id)

    def in_alarm(self, value: float) -> bool:
        """A balance reaches or goes below the threshold; spend and usage reach or go above it."""
        threshold = self.new.threshold
        return value <= threshold if self.type in BALANCE_TYPES else value >= threshold


@attrs.frozen
class Reading:
    """What an alert measured of a customer, and what its webhook says of it (`remaining_balance`, ...)."""

    value: float
    properties: Mapping[str, Any]


@attrs.frozen
class Watch:
    """An alert's status for one customer."""

    status: str
    triggered_by: str | None = None


Notify = Callable[[str, Wire], None]  # (webhook type, properties)


def ignore(event_type: str, properties: Wire) -> None:
    """Nowhere to send alert webhooks."""


class Alerts:
    def __init__(self, clock: Clock, cursors: Cursors, notify: Notify = ignore) -> None:
        self._clock = clock
        self._cursors = cursors
        self._notify = notify
        self._seq = itertools.count(1)
        self._by_id: dict[str, Alert] = {}  # creation order
        self._keys: set[str] = set()  # the uniqueness keys in use
        self._watches: dict[tuple[str, str], Watch] = {}  # (alert id, customer id) -> status

    # ------------------------------------------------------------------ the alerts

    def create(self, new: NewAlert) -> Alert:
        if new.uniqueness_key is not None and new.uniqueness_key in self._keys:
            raise uniqueness_conflict()
        alert = Alert(new_id(), next(self._seq), new, self._clock.now())
        self._by_id[alert.id] = alert
        if new.uniqueness_key is not None:
            self._keys.add(new.uniqueness_key)
        return alert

    def get(self, alert_id: str) -> Alert:
        found = self._by_id.get(alert_id)
        if found is None:
            raise ApiError(404, f"alert {alert_id} not found")
        return found

    def find(self, alert_id: str) -> Alert | None:
        return self._by_id.get(alert_id)

    def of(self, customer_id: str, alert_id: str) -> Alert:
        """An alert that watches this customer; 404 otherwise."""
        alert = self.get(alert_id)
        if not alert.covers(customer_id):
            raise ApiError(404, f"alert {alert_id} not found for customer {customer_id}")
        return alert

    def archive(self, alert_id: str, release_uniqueness_key: bool) -> None:
        """One-way; archiving again changes nothing but may still release the key."""
        alert = self.get(alert_id)
        if alert.archived_at is None:
            alert.archived_at = alert.updated_at = self._clock.now()
        if release_uniqueness_key and alert.new.uniqueness_key is not None:
            self._keys.discard(alert.new.uniqueness_key)

    def live(self) -> bool:
        """Whether any alert is still evaluated."""
        return any(a.archived_at is None for a in self._by_id.values())

    def watching(self, customer_id: str) -> list[Alert]:
        """The live alerts that watch this customer, oldest first."""
        return [a for a in self._by_id.values() if a.archived_at is None and a.covers(customer_id)]

    # ------------------------------------------------------------------ evaluation

    def record(
        self,
        alert: Alert,
        customer_id: str,
        reading: Reading | None,
        *,
        cause: str | None = None,
        notify: bool = True,
    ) -> None:
        """The customer's status by this reading (None: the fake cannot measure it); going into alarm sends
        the alert's webhook unless `notify` is false (a silent first look)."""
        key = (alert.id, customer_id)
        if reading is None:
            self._watches[key] = Watch(EVALUATING)
            return
        if not alert.in_alarm(reading.value):
            self._watches[key] = Watch(OK)
            return
        before = self._watches.get(key)
        if before is not None and before.status == IN_ALARM:
            return
        self._watches[key] = Watch(IN_ALARM, cause)
        if notify:
            self._notify(f"alerts.{alert.type}", self._webhook(alert, customer_id, reading, cause))

    def reset(self, alert: Alert, customer_id: str) -> None:
        """Forget the customer's status: the next evaluation starts afresh (and may notify again)."""
        if alert.archived_at is not None:
            raise ApiError(400, f"alert {alert.id} is archived")
        self._watches.pop((alert.id, customer_id), None)

    def _webhook(self, alert: Alert, customer_id: str, reading: Reading, cause: str | None) -> Wire:
        return {
            "customer_id": customer_id,
            "alert_id": alert.id,
            "timestamp": format_rfc3339(self._clock.now()),
            "threshold": alert.new.threshold,
            "alert_name": alert.new.name,
            **reading.properties,
            "triggered_by": cause,
        }

    # ------------------------------------------------------------------ reads

    def customer_alert(self, alert: Alert, customer_id: str) -> Wire:
        """The CustomerAlert form: the customer's status (null once archived) and the alert."""
        watch = self._watches.get((alert.id, customer_id), Watch(EVALUATING))
        archived = alert.archived_at is not None
        return {
            "customer_status": None if archived else watch.status,
            "triggered_by": None if archived or watch.status != IN_ALARM else watch.triggered_by,
            "alert": self._wire(alert),
        }

    def page(self, customer_id: str, statuses: Collection[str], request: PageRequest) -> Page:
        """The customer's alerts with these statuses (enabled, archived; none is ever disabled), oldest
        first."""

        def keep(a: Alert) -> bool:
            return a.covers(customer_id) and _status(a) in statuses

        found, next_page = self._cursors.page(
            f"alerts:{customer_id}",
            {"statuses": sorted(statuses)},
            list(self._by_id.values()),
            lambda a: (a.seq,),
            request,
            keep,
        )
        return [self.customer_alert(a, customer_id) for a in found], next_page

    def _wire(self, alert: Alert) -> Wire:
        new = alert.new
        wire: Wire = {
            "id": alert.id,
            "name": new.name,
            "type": new.type,
            "status": _status(alert),
            "threshold": new.threshold,
            "updated_at": format_rfc3339(alert.updated_at),
            "credit_type": credit_type(new.credit_type_id),
        }
        if new.uniqueness_key is not None:
            wire["uniqueness_key"] = new.uniqueness_key
        if new.custom_field_filters:
            wire["custom_field_filters"] = [attrs.asdict(f) for f in new.custom_field_filters]
        return wire | dict(new.shown)


def _status(alert: Alert) -> str:
    return "enabled" if alert.archived_at is None else "archived"
