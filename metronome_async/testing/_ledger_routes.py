"""The routes of the books (customer commits and credits, balances, contract edits and their history), and
the reading of the commits and credits given with a new contract.

Each request is first checked against the official spec (`check_request`: shapes, types, enums, bounds),
then read into the state's values with the rules the spec's types cannot say: POSTPAID commits' schedules,
times on an hour boundary, one way of naming what a commit applies to, ...
"""

from __future__ import annotations

import calendar
import functools
import math
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._call import Call
from ._cursors import PageRequest
from ._edits import (
    UNSET,
    BalanceUpdate,
    ContractEdit,
    InvoiceUpdate,
    NewOverride,
    NewSubscription,
    QuantityUpdate,
    SegmentUpdate,
    SubscriptionUpdate,
)
from ._ledger import (
    COMMITS,
    CREDIT,
    PAGE_SIZE,
    POSTPAID,
    PREPAID,
    SHOWN,
    USD_CENTS_ID,
    BalanceFilter,
    InvoiceItem,
    Listing,
    NewBalance,
    ScheduleItem,
)
from ._spec import SpecOperation, check_request, spec
from ._validate import Fields
from ._wire import EMPTY, ApiError, Reply, data, page

if TYPE_CHECKING:
    from ._state import State


FREQUENCY_MONTHS = {"MONTHLY": 1, "QUARTERLY": 3, "SEMI_ANNUAL": 6, "ANNUAL": 12}
MAX_INVOICES = 1000  # of one recurring invoice schedule
UNMODELLED = "FakeMetronome does not model this contract term: leave it out"
# Edits of terms the fake does not model: refused rather than silently dropped.
_UNMODELLED_EDITS = (
    "add_recurring_commits", "add_recurring_credits", "add_discounts", "add_scheduled_charges",
    "add_professional_services", "add_reseller_royalties", "add_spend_trackers", "update_scheduled_charges",
    "update_recurring_commits", "update_recurring_credits", "archive_scheduled_charges",
    "archive_spend_trackers",
    "add_spend_threshold_configuration", "add_prepaid_balance_threshold_configuration",
    "add_billing_provider_configuration_update", "add_revenue_system_configuration_update",
    "update_spend_threshold_configuration", "update_prepaid_balance_threshold_configuration",
)  # fmt: skip


@functools.cache
def _operation(path: str) -> SpecOperation:
    return next(op for op in spec().operations if (op.method, op.path) == ("POST", path))


def _checked(call: Call, path: str) -> Fields:
    """The body, once it is as the spec declares."""
    check_request(_operation(path), call.params, call.query.raw, call.body, call.has_body)
    return Fields(call.body if call.has_body else {})


def _time(f: Fields, name: str, *, required: bool = False) -> datetime | None:
    """A time on an hour boundary, as Metronome wants access schedules and overrides."""
    moment = f.need(f.time, name) if required else f.time(name)
    utc = None if moment is None else moment.astimezone(timezone.utc)
    if utc is not None and (utc.minute, utc.second, utc.microsecond) != (0, 0, 0):
        raise f.error(name, "must be on an hour boundary, e.g. 2025-01-01T10:00:00Z")
    return moment


def _hour(f: Fields, name: str) -> datetime:
    moment = _time(f, name, required=True)
    assert moment is not None
    return moment


def _nullable(f: Fields, name: str, read: Any) -> Any:
    """UNSET when absent, None for an explicit null, else the value read."""
    if not f.has(name):
        return UNSET
    return None if f.value(name) is None else read(name)


# ---------------------------------------------------------------------- reading commits and credits


def new_balance(f: Fields, kind: str, *, customer_level: bool) -> NewBalance:
    """A commit (PREPAID or POSTPAID) or credit, customer-level or on a contract."""
    access = f.obj("access_schedule")
    if access is None:
        raise f.error("access_schedule", "is required")
    items = tuple(_schedule_item(i) for i in access.need(access.objs, "schedule_items"))
    invoices: tuple[InvoiceItem, ...] | None = None
    invoice_schedule = f.obj("invoice_schedule") if kind != CREDIT else None
    if invoice_schedule is not None:
        invoices = _invoice_items(invoice_schedule)
    if kind == POSTPAID:
        if not invoices or len(invoices) != 1 or len(items) != 1:
            raise f.error(
                "invoice_schedule", "a POSTPAID commit has one access and one invoice schedule item"
            )
        if not math.isclose(items[0].amount, invoices[0].unit_price * invoices[0].quantity):
            raise f.error("invoice_schedule", "must total the access schedule's amount")
    do_not_invoice = None if invoice_schedule is None else invoice_schedule.flag("do_not_invoice")
    invoice_contract_id = f.text("invoice_contract_id") if customer_level and kind != CREDIT else None
    billed = kind == POSTPAID or (kind == PREPAID and bool(invoices) and not do_not_invoice)
    if customer_level and billed and invoice_contract_id is None:
        raise f.error(
            "invoice_contract_id", "is required for a POSTPAID commit and for an invoiced PREPAID one"
        )
    specifiers = f.value("specifiers")
    if specifiers and (f.value("applicable_product_ids") or f.value("applicable_product_tags")):
        raise f.error(
            "specifiers", "give applicable_product_ids/applicable_product_tags or specifiers, not both"
        )
    return NewBalance(
        kind=kind,
        product_id=f.need(f.text, "product_id"),
        access=items,
        credit_type_id=access.text("credit_type_id") or USD_CENTS_ID,
        access_type=access.text("access_type"),
        priority=f.need(f.number, "priority") if customer_level else f.number("priority"),
        invoices=invoices,
        invoice_credit_type_id=None if invoice_schedule is None else invoice_schedule.text("credit_type_id"),
        do_not_invoice=do_not_invoice,
        invoice_contract_id=invoice_contract_id,
        applicable_contract_ids=_tuple(f.texts("applicable_contract_ids")) if customer_level else None,
        applicable_product_ids=_tuple(f.texts("applicable_product_ids")),
        applicable_product_tags=_tuple(f.texts("applicable_product_tags")),
        specifiers=None if specifiers is None else tuple(specifiers),
        shown={name: f.value(name) for name in SHOWN if f.value(name) is not None},
        custom_fields=f.text_map("custom_fields") or {},
        uniqueness_key=f.text("uniqueness_key") if customer_level else None,
    )


def contract_balances(body: Fields) -> tuple[NewBalance, ...]:
    """The commits and credits given with a new contract, checked against the spec's shapes."""
    found = []
    for name, schema in (("commits", "CommitInput"), ("credits", "CreditInput")):
        items = body.value(name)
        shape = {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
        problem = None if items is None else spec().schemas.problem(shape, items, body.where(name))
        if problem is not None:
            raise ApiError(400, problem)
        for item in body.objs(name) or []:
            kind = item.need(item.text, "type") if name == "commits" else CREDIT
            found.append(new_balance(item, kind, customer_level=False))
    return tuple(found)


def _schedule_item(item: Fields) -> ScheduleItem:
    start, end = _hour(item, "starting_at"), _hour(item, "ending_before")
    if end <= start:
        raise item.error("ending_before", "must be after starting_at")
    return ScheduleItem(_amount(item, "amount", required=True), start, end)


def _amount(f: Fields, name: str, *, required: bool = False) -> float:
    value = f.need(f.number, name) if required else f.number(name)
    if value is not None and value < 0:
        raise f.error(name, "must not be negative")
    return value or 0.0


def _invoice_items(schedule: Fields) -> tuple[InvoiceItem, ...]:
    items = [InvoiceItem(_hour(i, "timestamp"), *_price(i)) for i in schedule.objs("schedule_items") or []]
    recurring = schedule.obj("recurring_schedule")
    if recurring is not None and items:
        raise schedule.error("recurring_schedule", "give schedule_items or recurring_schedule, not both")
    return tuple(items) if recurring is None else _recurring(recurring)


def _price(item: Fields) -> tuple[float, float]:
    """(unit_price, quantity): `amount` alone is a quantity of 1 at that price."""
    amount, unit_price, quantity = item.number("amount"), item.number("unit_price"), item.number("quantity")
    if unit_price is None and quantity is None:
        if amount is None:
            raise item.error("amount", "give amount, or unit_price and quantity")
        return amount, 1
    if unit_price is None or quantity is None:
        missing = "unit_price" if unit_price is None else "quantity"
        raise item.error(missing, "give unit_price and quantity together")
    if amount is not None and not math.isclose(amount, unit_price * quantity):
        raise item.error("amount", "must equal unit_price times quantity")
    return unit_price, quantity


def _recurring(r: Fields) -> tuple[InvoiceItem, ...]:
    """A recurring invoice schedule, one item per period from starting_at (before ending_before)."""
    start, end = _hour(r, "starting_at"), _hour(r, "ending_before")
    if end <= start:
        raise r.error("ending_before", "must be after starting_at")
    months = FREQUENCY_MONTHS[r.need(r.text, "frequency")]
    distribution = r.need(r.text, "amount_distribution")
    unit_price, quantity = _price(r)
    dates: list[datetime] = []
    while (when := _add_months(start, months * len(dates))) is not None and when < end:
        if len(dates) == MAX_INVOICES:
            raise r.error("ending_before", f"more than {MAX_INVOICES} invoices")
        dates.append(when)
    if distribution == "EACH":
        return tuple(InvoiceItem(d, unit_price, quantity) for d in dates)
    total = unit_price * quantity
    share = total / len(dates) if distribution == "DIVIDED" else float(math.floor(total / len(dates)))
    amounts = [share] * (len(dates) - 1) + [total - share * (len(dates) - 1)]  # the last takes the rest
    return tuple(InvoiceItem(d, a, 1) for d, a in zip(dates, amounts, strict=True))


def _add_months(moment: datetime, months: int) -> datetime | None:
    """The same day `months` later (the month's last day when it is shorter); None past year 9999."""
    years, month = divmod(moment.month - 1 + months, 12)
    year = moment.year + years
    if year > 9999:
        return None
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _tuple(items: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if items is None else tuple(items)


# ---------------------------------------------------------------------- customer commits and credits


def create_commit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCommits/create")
    item = new_balance(f, f.need(f.text, "type"), customer_level=True)
    return data({"id": state.books.create(f.need(f.text, "customer_id"), item)})


def create_credit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCredits/create")
    item = new_balance(f, CREDIT, customer_level=True)
    return data({"id": state.books.create(f.need(f.text, "customer_id"), item)})


def list_commits(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCommits/list")
    return _list(state, f, COMMITS, "commit_id", "include_contract_commits")


def list_credits(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCredits/list")
    return _list(state, f, (CREDIT,), "credit_id", "include_contract_credits")


def list_balances(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerBalances/list")
    return _list(state, f, (*COMMITS, CREDIT), "id", "include_contract_balances")


def _list(state: State, f: Fields, kinds: Sequence[str], id_field: str, contract_flag: str) -> Reply:
    covering_date, starting_at = f.time("covering_date"), f.time("starting_at")
    wanted = f.text(id_field)
    listing = Listing(
        kinds=kinds,
        include_contract_balances=bool(f.flag(contract_flag)),
        include_archived=bool(f.flag("include_archived")),
        ids=None if wanted is None else {wanted},
        covering_date=covering_date,
        starting_at=starting_at,
        effective_before=f.time("effective_before"),
        access_type=f.text("access_type"),
        exclude_zero_balances=bool(f.flag("exclude_zero_balances")),
    )
    request = _page_request(f)
    return page(
        *state.books.page(
            f.need(f.text, "customer_id"),
            request,
            listing,
            ledgers=bool(f.flag("include_ledgers")),
            balances=bool(f.flag("include_balance")),
        )
    )


def _page_request(f: Fields) -> PageRequest:
    limit = f.number("limit")  # an integer from 1 to 25: the spec check says so
    return PageRequest(int(limit or PAGE_SIZE), f.text("next_page") or None)


def end_commit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCommits/updateEndDate")
    commit_id = f.need(f.text, "commit_id")
    access, invoices = _time(f, "access_ending_before"), _time(f, "invoices_ending_before")
    state.books.end(f.need(f.text, "customer_id"), commit_id, COMMITS, access, invoices)
    return data({"id": commit_id})


def end_credit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerCredits/updateEndDate")
    credit_id = f.need(f.text, "credit_id")
    state.books.end(f.need(f.text, "customer_id"), credit_id, (CREDIT,), _hour(f, "access_ending_before"))
    return data({"id": credit_id})


def net_balance(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/customerBalances/getNetBalance")
    filters = [
        BalanceFilter(
            balance_types=_frozen(g.texts("balance_types")),
            ids=_frozen(g.texts("ids")),
            custom_fields=g.text_map("custom_fields"),
        )
        for g in f.objs("filters") or []
    ]
    credit_type_id = f.text("credit_type_id") or USD_CENTS_ID
    drafts = (f.text("invoice_inclusion_mode") or "FINALIZED_AND_DRAFT") == "FINALIZED_AND_DRAFT"
    balance = state.books.net_balance(f.need(f.text, "customer_id"), credit_type_id, filters, drafts=drafts)
    return data({"balance": balance, "credit_type_id": credit_type_id})


def add_manual_entry(state: State, call: Call) -> Reply:
    f = _checked(call, "/v1/contracts/addManualBalanceLedgerEntry")
    if f.value("per_group_amounts"):
        raise f.error("per_group_amounts", "FakeMetronome does not model seats: leave it out")
    state.books.add_manual_entry(
        f.need(f.text, "customer_id"),
        f.text("contract_id"),
        f.need(f.text, "id"),
        f.need(f.text, "segment_id"),
        f.need(f.number, "amount"),
        f.need(f.text, "reason"),
        f.time("timestamp"),
    )
    return EMPTY


def _frozen(items: Sequence[str] | None) -> frozenset[str] | None:
    return None if items is None else frozenset(items)


# ---------------------------------------------------------------------- contract edits


def edit_contract(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/edit")
    customer_id, contract_id = f.need(f.text, "customer_id"), f.need(f.text, "contract_id")
    for name in _UNMODELLED_EDITS:
        if f.value(name):
            raise f.error(name, UNMODELLED)
    f.flag("allow_contract_ending_before_finalized_invoice")
    edit = ContractEdit(
        uniqueness_key=f.text("uniqueness_key"),
        add_commits=tuple(
            new_balance(i, i.need(i.text, "type"), customer_level=False) for i in _objs(f, "add_commits")
        ),
        add_credits=tuple(new_balance(i, CREDIT, customer_level=False) for i in _objs(f, "add_credits")),
        add_overrides=tuple(_override(i) for i in _objs(f, "add_overrides")),
        add_subscriptions=tuple(_subscription(i) for i in _objs(f, "add_subscriptions")),
        update_commits=_balance_updates(f, "update_commits", "commit_id"),
        update_credits=_balance_updates(f, "update_credits", "credit_id"),
        update_subscriptions=tuple(_subscription_update(i) for i in _objs(f, "update_subscriptions")),
        archive_commits=_ids(f, "archive_commits"),
        archive_credits=_ids(f, "archive_credits"),
        remove_overrides=_ids(f, "remove_overrides"),
        update_contract_name=_nullable(f, "update_contract_name", f.text),
        update_contract_end_date=_nullable(f, "update_contract_end_date", f.time),
        update_net_payment_terms_days=_nullable(f, "update_net_payment_terms_days", f.number),
    )
    edited = state.edit_contract(customer_id, contract_id, edit)
    return data({"id": edited["id"], "edit": edited})


def edit_history(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/getEditHistory")
    return data(state.contract_edits(f.need(f.text, "customer_id"), f.need(f.text, "contract_id")))


def _objs(f: Fields, name: str) -> list[Fields]:
    return f.objs(name) or []


def _ids(f: Fields, name: str) -> tuple[str, ...]:
    return tuple(i.need(i.text, "id") for i in _objs(f, name))


def _override(i: Fields) -> NewOverride:
    start, end = _hour(i, "starting_at"), _time(i, "ending_before")
    if end is not None and end <= start:
        raise i.error("ending_before", "must be after starting_at")
    product_id, tags, specifiers = (
        i.text("product_id"),
        i.value("applicable_product_tags"),
        i.value("override_specifiers"),
    )
    if specifiers and (product_id or tags):
        raise i.error(
            "override_specifiers", "give product_id/applicable_product_tags or override_specifiers, not both"
        )
    if not (specifiers or product_id or tags):
        raise i.error("product_id", "give product_id, applicable_product_tags or override_specifiers")
    multiplier, rate, tiers = i.number("multiplier"), i.value("overwrite_rate"), i.value("tiers")
    given = {
        "OVERWRITE": ("overwrite_rate", rate),
        "MULTIPLIER": ("multiplier", multiplier),
        "TIERED": ("tiers", tiers),
    }
    kind = i.text("type") or next((k for k, (_, value) in given.items() if value is not None), None)
    if kind is None:
        raise i.error("type", "give type, with multiplier, overwrite_rate or tiers")
    name, value = given[kind]
    if value is None:
        raise i.error(name, f"is required with type {kind}")
    if multiplier is not None and multiplier < 0:
        raise i.error("multiplier", "must not be negative")
    priority = i.number("priority")
    if priority is not None and priority <= 0:
        raise i.error("priority", "must be greater than 0")
    if kind == "TIERED" and priority is None:
        raise i.error("priority", "is required with type TIERED")
    shown = {"type": kind, "priority": priority, "multiplier": multiplier}
    for field in (
        "entitled",
        "applicable_product_tags",
        "override_specifiers",
        "is_commit_specific",
        "target",
    ):
        shown[field] = i.value(field)
    return NewOverride(
        starting_at=start,
        ending_before=end,
        product_id=product_id,
        overwrite_rate=rate,
        tiers=None if tiers is None else tuple(tiers),
        shown={k: v for k, v in shown.items() if v is not None},
    )


def _subscription(i: Fields) -> NewSubscription:
    rate = i.need(i.obj, "subscription_rate")
    collection = i.need(i.text, "collection_schedule")
    proration = i.need(i.obj, "proration")
    behavior = proration.text("invoice_behavior")
    if behavior is None:
        behavior = "BILL_IMMEDIATELY" if collection == "ADVANCE" else "BILL_ON_NEXT_COLLECTION_DATE"
    if behavior == "BILL_IMMEDIATELY" and collection != "ADVANCE":
        raise proration.error(
            "invoice_behavior", "BILL_IMMEDIATELY is for an ADVANCE collection schedule only"
        )
    mode = i.text("quantity_management_mode") or "QUANTITY_ONLY"
    seats = i.obj("seat_config")
    if mode == "SEAT_BASED":
        if seats is None:
            raise i.error("seat_config", "is required with quantity_management_mode SEAT_BASED")
        quantity = len(seats.need(seats.texts, "initial_seat_ids")) + _amount(
            seats, "initial_unassigned_seats"
        )
    else:
        if seats is not None:
            raise i.error("seat_config", "is for quantity_management_mode SEAT_BASED only")
        quantity = _amount(i, "initial_quantity", required=True)
    start, end = i.time("starting_at"), i.time("ending_before")
    if start is not None and end is not None and end <= start:
        raise i.error("ending_before", "must be after starting_at")
    cycle = i.obj("billing_cycle_config")
    return NewSubscription(
        product_id=rate.need(rate.text, "product_id"),
        billing_frequency=rate.need(rate.text, "billing_frequency"),
        collection_schedule=collection,
        is_prorated=proration.flag("is_prorated") is not False,
        invoice_behavior=behavior,
        initial_quantity=quantity,
        quantity_management_mode=mode,
        starting_at=start,
        ending_before=end,
        rounding=proration.free_obj("rounding"),
        seat_group_key=None if seats is None else seats.need(seats.text, "seat_group_key"),
        anchor_date=None if cycle is None else cycle.time("anchor_date"),
        invoice_placement=(None if cycle is None else cycle.text("invoice_placement")) or "ON_USAGE_INVOICE",
        shown={k: v for k in ("name", "description") if (v := i.value(k)) is not None},
        custom_fields=i.text_map("custom_fields") or {},
    )


def _subscription_update(i: Fields) -> SubscriptionUpdate:
    for name in ("seat_updates", "quantity_management_mode_update"):
        if i.value(name):
            raise i.error(name, "FakeMetronome does not model seats: leave it out")
    updates = []
    for q in _objs(i, "quantity_updates"):
        quantity, delta = q.number("quantity"), q.number("quantity_delta")
        if (quantity is None) == (delta is None):
            raise q.error("quantity", "give quantity or quantity_delta, one of them")
        if delta == 0:
            raise q.error("quantity_delta", "must not be 0")
        if quantity is not None and quantity < 0:
            raise q.error("quantity", "must not be negative")
        updates.append(QuantityUpdate(q.need(q.time, "starting_at"), quantity, delta))
    return SubscriptionUpdate(
        subscription_id=i.need(i.text, "subscription_id"),
        ending_before=_nullable(i, "ending_before", i.time),
        quantity_updates=tuple(updates),
    )


_UPDATABLE = (
    "name", "description", "netsuite_sales_order_id", "rollover_fraction", "rate_type",
    "hierarchy_configuration", "applicable_product_ids", "applicable_product_tags", "specifiers",
    "product_id", "priority",
)  # fmt: skip
_CUSTOMER_LEVEL = (
    "invoice_contract_id",
    "applicable_contract_ids",
)  # what the v2 commit and credit edits add


def _balance_updates(f: Fields, name: str, id_field: str) -> tuple[BalanceUpdate, ...]:
    """`update_commits` or `update_credits`; the history shows each item as sent, `id` for its id."""
    return tuple(
        _balance_update(i, id_field, _UPDATABLE, {k: v for k, v in raw.items() if k != id_field})
        for i, raw in zip(_objs(f, name), f.value(name) or [], strict=True)
    )


def edit_commit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/commits/edit")
    update = _balance_update(f, "commit_id", (*_UPDATABLE, *_CUSTOMER_LEVEL))
    state.books.edit_balance(f.need(f.text, "customer_id"), update, COMMITS)
    return data({"id": update.balance_id})


def edit_credit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/credits/edit")
    update = _balance_update(f, "credit_id", (*_UPDATABLE, *_CUSTOMER_LEVEL))
    state.books.edit_balance(f.need(f.text, "customer_id"), update, (CREDIT,))
    return data({"id": update.balance_id})


def archive_commit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/commits/archive")
    commit_id = f.need(f.text, "commit_id")
    state.books.archive_balance(f.need(f.text, "customer_id"), commit_id, COMMITS)
    return data({"id": commit_id})


def archive_credit(state: State, call: Call) -> Reply:
    f = _checked(call, "/v2/contracts/credits/archive")
    credit_id = f.need(f.text, "credit_id")
    state.books.archive_balance(f.need(f.text, "customer_id"), credit_id, (CREDIT,))
    return data({"id": credit_id})


def _balance_update(
    i: Fields, id_field: str, names: Sequence[str], given: dict[str, Any] | None = None
) -> BalanceUpdate:
    """An update of a commit or credit: the `names` given change; `given` is what the history shows."""
    access = i.obj("access_schedule") or Fields({}, i.where("access_schedule"))
    invoices = (i.obj("invoice_schedule") if id_field == "commit_id" else None) or Fields({})
    updated_segments = []
    for u in _objs(access, "update_schedule_items"):
        start, end = _time(u, "starting_at"), _time(u, "ending_before")
        amount = None if u.value("amount") is None else _amount(u, "amount")
        updated_segments.append(SegmentUpdate(u.need(u.text, "id"), amount, start, end))
    return BalanceUpdate(
        balance_id=i.need(i.text, id_field),
        changes={name: i.value(name) for name in names if i.has(name)},
        add_segments=tuple(_schedule_item(s) for s in _objs(access, "add_schedule_items")),
        update_segments=tuple(updated_segments),
        remove_segments=_ids(access, "remove_schedule_items"),
        add_invoices=tuple(
            (_hour(s, "timestamp"), *_price(s)) for s in _objs(invoices, "add_schedule_items")
        ),
        update_invoices=tuple(_invoice_update(u) for u in _objs(invoices, "update_schedule_items")),
        remove_invoices=_ids(invoices, "remove_schedule_items"),
        given=given or {},
    )


def _invoice_update(u: Fields) -> InvoiceUpdate:
    """`amount` alone is a quantity of 1 at that price."""
    amount, unit_price, quantity = u.number("amount"), u.number("unit_price"), u.number("quantity")
    if amount is not None and unit_price is None and quantity is None:
        unit_price, quantity = amount, 1.0
    return InvoiceUpdate(u.need(u.text, "id"), _time(u, "timestamp"), unit_price, quantity)
