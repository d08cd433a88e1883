"""What each alert measures of a customer, and when alerts are evaluated.

Measures, at the fake's clock:
- a balance alert (`BALANCE_TYPES`): the customer's balance usable now in the alert's credit type, as
  getNetBalance counts it (drafts deduct), of the commits and/or credits its type names, narrowed by its
  custom field filters (on the commit or credit itself, or on the contract it belongs to);
- `usage_threshold_reached`: the quantity of its billable metric over the customer's current billing period;
- `spend_threshold_reached`: the customer's usage-based spend over the current billing period, before
  commits and credits draw it down (`spend`).
The current billing period runs from the earliest start to the latest end of the current usage statement
periods of the customer's contracts in force (Metronome's docs); without one, usage and spend are 0.
Every other type is not measured: it stays `evaluating`.

When: an alert is evaluated for its customers when it is created (silently with evaluate_on_create false: a
customer already past the threshold then notifies only once it crosses again) and on reset; every alert of
a customer after each request carried out that names it (`customer_id` in the path, body or answer, or
events ingested for it), and every customer's after one that names none (a rate, a product, a customer
archived...) and after `advance_clock`. Archived customers are evaluated no more.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import _metrics
from ._alerts import BALANCE_TYPES, SPEND, USAGE, Alert, Reading
from ._audit import is_write
from ._contracts import Contract
from ._ledger import BalanceFilter
from ._packages import shift
from ._spend import priced_spend

if TYPE_CHECKING:
    from ._state import State

INGEST = "/v1/ingest"
_ALERT_PATHS = ("/v1/alerts/", "/v1/customer-alerts/")  # they evaluate by themselves
_STATEMENT_STEPS = {  # frequency -> (how many, of what unit) per usage statement
    "WEEKLY": (1, "WEEKS"),
    "MONTHLY": (1, "MONTHS"),
    "QUARTERLY": (3, "MONTHS"),
    "ANNUAL": (12, "MONTHS"),
}
_STEP_DAYS = {"WEEKLY": 7, "MONTHLY": 30.436875, "QUARTERLY": 91.310625, "ANNUAL": 365.2425}  # on average
# The balance types a custom field filter's entity holds (a Contract filter names contracts instead).
_ENTITY_TYPES = {
    "Commit": frozenset({"PREPAID_COMMIT", "POSTPAID_COMMIT"}),
    "ContractCredit": frozenset({"CREDIT"}),
    "ContractCreditOrCommit": frozenset({"PREPAID_COMMIT", "POSTPAID_COMMIT", "CREDIT"}),
}


# ---------------------------------------------------------------------- evaluation


def evaluate(
    state: State,
    customer_ids: Iterable[str] | None = None,
    *,
    alert: Alert | None = None,
    cause: str | None = None,
    notify: bool = True,
) -> None:
    """Evaluate the live alerts (only `alert`, if given) of these customers (None: of every customer)."""
    if alert is None and not state.alerts.live():
        return
    ids = state.customers.live_ids() if customer_ids is None else customer_ids
    for customer_id in ids:
        customer = state.customers.find(customer_id)
        if customer is None or customer.archived_at is not None:
            continue
        for each in state.alerts.watching(customer_id) if alert is None else [alert]:
            reading = measure(state, each, customer_id)
            state.alerts.record(each, customer_id, reading, cause=cause, notify=notify)


def after_write(
    state: State, method: str, template: str, params: Mapping[str, str], body: Any, answer: Any
) -> None:
    """After a request carried out: the alerts of the customers it names (every customer's when it names
    none). Reads change nothing; ingested usage is what triggered an alarm."""
    if template != INGEST and (not is_write(method, template) or template.startswith(_ALERT_PATHS)):
        return
    evaluate(state, _named(state, params, body, answer), cause="usage" if template == INGEST else None)


def _named(state: State, params: Mapping[str, str], body: Any, answer: Any) -> Collection[str] | None:
    if isinstance(body, list):  # events: their customers, by id or ingest alias
        found = (state.customers.named(str(e.get("customer_id"))) for e in body if isinstance(e, dict))
        return {c.id for c in found if c is not None}
    data = answer.get("data") if isinstance(answer, dict) else None
    named = {
        value
        for where in (params, body, data)
        if isinstance(where, Mapping) and isinstance(value := where.get("customer_id"), str)
    }
    return named or None


# ---------------------------------------------------------------------- measures


def measure(state: State, alert: Alert, customer_id: str) -> Reading | None:
    """What the alert watches of the customer now; None for what the fake does not measure."""
    new = alert.new
    if alert.type in BALANCE_TYPES:
        ledger = state.books.ledger
        balance = ledger.net_balance(
            customer_id, new.credit_type_id, [_balance_filter(state, alert, customer_id)], drafts=True
        )
        return Reading(balance, {"credit_type_id": new.credit_type_id, "remaining_balance": balance})
    if alert.type not in (USAGE, SPEND):
        return None
    period = billing_period(state, customer_id, state.clock.now())
    if alert.type == SPEND:
        amount = 0.0 if period is None else spend(state, customer_id, *period)
        return Reading(amount, {"credit_type_id": new.credit_type_id, "current_spend": amount})
    metric = state.catalog.metrics.find(new.billable_metric_id or "")
    if metric is None or metric.sql is not None or metric.aggregation_type is None:
        return None  # a metric the fake cannot compute
    used = 0.0 if period is None else _metrics.quantity(metric, state.events(customer_id), *period) or 0.0
    return Reading(used, {"billable_metric_id": metric.id, "current_usage": used})


def _balance_filter(state: State, alert: Alert, customer_id: str) -> BalanceFilter:
    """The commits and credits a balance alert sums: those its type names, with every custom field its
    filters ask for (on the commit or credit, or on its contract)."""
    types = BALANCE_TYPES[alert.type]
    fields: dict[str, str] = {}
    ids: frozenset[str] | None = None
    for f in alert.new.custom_field_filters:
        if f.entity == "Contract":
            mine = [
                b.id
                for c in state.contracts.of(customer_id)
                if state.custom_fields.get("contract", c.id).get(f.key) == f.value
                for b in state.books.ledger.of_contract(c.id)
            ]
            ids = frozenset(mine) if ids is None else ids & frozenset(mine)
            continue
        types &= _ENTITY_TYPES[f.entity]
        if fields.setdefault(f.key, f.value) != f.value:  # two values for one key: nothing matches
            types = frozenset()
    return BalanceFilter(balance_types=types, ids=ids, custom_fields=fields or None)


def billing_period(state: State, customer_id: str, now: datetime) -> tuple[datetime, datetime] | None:
    """The customer's current billing period: from the earliest start to the latest end of the current
    usage statement periods of its live contracts in force now; None without one."""
    periods = [
        _statement_period(c, now)
        for c in state.contracts.of(customer_id)
        if c.archived_at is None and c.active_on(now)
    ]
    if not periods:
        return None
    return min(start for start, _ in periods), max(end for _, end in periods)


def _statement_period(contract: Contract, now: datetime) -> tuple[datetime, datetime]:
    """The contract's usage statement period around `now`: periods follow each other from its billing
    anchor date, the first starting with the contract and the last ending with it."""
    terms = contract.terms
    anchor, (size, unit) = terms.anchor(), _STATEMENT_STEPS[terms.statement_frequency]

    def boundary(k: int) -> datetime:
        return shift(anchor, {"value": size * k, "unit": unit})

    k = int((now - anchor).days // _STEP_DAYS[terms.statement_frequency])
    while boundary(k) > now:
        k -= 1
    while boundary(k + 1) <= now:
        k += 1
    start, end = max(boundary(k), terms.starting_at), boundary(k + 1)
    return start, end if contract.ending_before is None else min(end, contract.ending_before)


def spend(state: State, customer_id: str, since: datetime, until: datetime) -> float:
    """The customer's usage-based spend in [since, until), before commits and credits draw it down: priced as
    its invoices price it (_spend)."""
    return priced_spend(state, customer_id, since, until)
