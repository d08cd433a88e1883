"""The alerts' operations: create and archive an alert; a customer's alerts (list, get, reset). Each request
is first checked against its operation in the spec (a 400 naming the field), then read with the rules the
spec's types cannot say (a usage alert names a live billable metric, ...) and handed to the state; the
evaluation itself is in _alert_rules."""

from __future__ import annotations

from ._alert_rules import evaluate
from ._alerts import SEATS, SPEND, USAGE, CustomFieldFilter, NewAlert
from ._call import Call
from ._catalog_routes import checked
from ._cursors import PageRequest
from ._ledger import USD_CENTS_ID
from ._state import State
from ._validate import Fields
from ._wire import EMPTY, Reply, data, page

PAGE_SIZE = 100
# Filters kept and shown as given; they do not narrow what the fake measures.
SHOWN = (
    "credit_grant_type_filters",
    "invoice_types_filter",
    "group_values",
    "group_key_filter",
    "seat_filter",
    "alert_specifiers",
)


def _body(call: Call) -> Fields:
    return Fields(call.body if call.has_body else {})


def create_alert(state: State, call: Call) -> Reply:
    f = _body(call)
    alert_type = f.need(f.text, "alert_type")
    customer_id = f.text("customer_id")
    if customer_id is not None:
        state.customers.active(customer_id)
    if f.value("plan_id") is not None:
        raise f.error("plan_id", "FakeMetronome does not model plan alerts: leave it out")
    metric_id = f.text("billable_metric_id")
    if alert_type == USAGE and metric_id is None:
        raise f.error("billable_metric_id", f"is required for {USAGE}")
    if alert_type != USAGE and metric_id is not None:
        raise f.error("billable_metric_id", f"is for {USAGE} only")
    if metric_id is not None and state.catalog.metrics.find(metric_id) is None:
        raise f.error("billable_metric_id", f"billable metric {metric_id} not found")
    if alert_type != SPEND and f.value("group_values"):
        raise f.error("group_values", f"is for {SPEND} only")
    if alert_type == SEATS and f.value("seat_filter") is None:
        raise f.error("seat_filter", f"is required for {SEATS}")
    alert = state.alerts.create(
        NewAlert(
            type=alert_type,
            name=f.need(f.text, "name"),
            threshold=f.need(f.number, "threshold"),
            customer_id=customer_id,
            credit_type_id=f.text("credit_type_id") or USD_CENTS_ID,
            billable_metric_id=metric_id,
            custom_field_filters=tuple(
                CustomFieldFilter(g.need(g.text, "entity"), g.need(g.text, "key"), g.need(g.text, "value"))
                for g in f.objs("custom_field_filters") or []
            ),
            uniqueness_key=f.text("uniqueness_key"),
            shown={name: f.value(name) for name in SHOWN if f.value(name) is not None},
        )
    )
    on_create = f.flag("evaluate_on_create") is not False
    evaluate(state, None if customer_id is None else [customer_id], alert=alert, notify=on_create)
    return data({"id": alert.id})


def archive_alert(state: State, call: Call) -> Reply:
    f = _body(call)
    alert_id = f.need(f.text, "id")
    state.alerts.archive(alert_id, bool(f.flag("release_uniqueness_key")))
    return data({"id": alert_id})


def list_customer_alerts(state: State, call: Call) -> Reply:
    f = _body(call)
    customer_id = f.need(f.text, "customer_id")
    state.customers.get(customer_id)
    statuses = {s.lower() for s in f.texts("alert_statuses") or ["ENABLED"]}
    request = PageRequest(PAGE_SIZE, call.query.cursor())
    return page(*state.alerts.page(customer_id, statuses, request))


def get_customer_alert(state: State, call: Call) -> Reply:
    f = _body(call)
    customer_id = f.need(f.text, "customer_id")
    state.customers.get(customer_id)
    alert = state.alerts.of(customer_id, f.need(f.text, "alert_id"))
    return data(state.alerts.customer_alert(alert, customer_id))


def reset_customer_alert(state: State, call: Call) -> Reply:
    """Forget the customer's status and evaluate the alert again (Metronome does it in the background;
    the fake before answering)."""
    f = _body(call)
    customer_id = f.need(f.text, "customer_id")
    state.customers.active(customer_id)
    alert = state.alerts.of(customer_id, f.need(f.text, "alert_id"))
    state.alerts.reset(alert, customer_id)
    evaluate(state, [customer_id], alert=alert)
    return EMPTY


ALERT_ROUTES = (
    checked("POST", "/v1/alerts/create", create_alert),
    checked("POST", "/v1/alerts/archive", archive_alert),
    checked("POST", "/v1/customer-alerts/list", list_customer_alerts),
    checked("POST", "/v1/customer-alerts/get", get_customer_alert),
    checked("POST", "/v1/customer-alerts/reset", reset_customer_alert),
)
