"""The invoices' operations: list, get, breakdowns and the PDF of a customer's invoices; void and regenerate.
Each request is first checked against its operation in the spec (a 400 naming the field), then read and
handed to the state (`_invoices`)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._call import Call
from ._catalog_routes import checked
from ._cursors import PageRequest
from ._generic import PDF
from ._invoices import STATUSES, InvoiceQuery
from ._state import State
from ._validate import Fields, Query
from ._wire import ApiError, Reply, data, page, parse_rfc3339

# The most breakdowns one page holds by default: 35 days, or 24 hours.
BREAKDOWN_PAGE = {"DAY": 35, "HOUR": 24}


def _query(q: Query) -> InvoiceQuery:
    status = q.text("status")
    if status is not None and status.upper() not in STATUSES:
        raise ApiError(400, f"status: must be one of {', '.join(STATUSES)}")
    return InvoiceQuery(
        status=None if status is None else status.upper(),
        type=q.text("type"),
        contract_id=q.text("contract_id"),
        credit_type_id=q.text("credit_type_id"),
        starting_on=_instant(q, "starting_on"),
        ending_before=_instant(q, "ending_before"),
        descending=q.text("sort") == "date_desc",
        skip_zero_qty_line_items=q.flag("skip_zero_qty_line_items"),
    )


def _instant(q: Query, name: str) -> datetime | None:
    text = q.text(name)
    return None if text is None else parse_rfc3339(text)  # the spec check made sure it is one


def list_invoices(state: State, call: Call) -> Reply:
    q = call.query
    return page(*state.invoices.page(call.params["customer_id"], q.page(), _query(q)))


def retrieve_invoice(state: State, call: Call) -> Reply:
    skip_zero = call.query.flag("skip_zero_qty_line_items")
    return data(
        state.invoices.get(call.params["customer_id"], call.params["invoice_id"], skip_zero=skip_zero)
    )


def retrieve_pdf(state: State, call: Call) -> Reply:
    state.invoices.get(call.params["customer_id"], call.params["invoice_id"])
    return Reply(200, PDF, content_type="application/pdf")


def list_breakdowns(state: State, call: Call) -> Reply:
    q = call.query
    window_size = q.text("window_size") or "DAY"
    request = q.page() if "limit" in q.raw else PageRequest(BREAKDOWN_PAGE[window_size], q.cursor())
    starting_on, ending_before = _instant(q, "starting_on"), _instant(q, "ending_before")
    assert starting_on is not None and ending_before is not None, "the spec check requires them"
    # Here starting_on and ending_before bound the windows, not the billing periods.
    query = attrs.evolve(_query(q), starting_on=None, ending_before=None)
    found = state.invoices.breakdowns(
        call.params["customer_id"], request, query, window_size, starting_on, ending_before
    )
    return page(*found)


def void_invoice(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    invoice_id = body.need(body.text, "id")
    state.invoices.void(invoice_id)
    return data({"id": invoice_id})


def regenerate_invoice(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    return data({"id": state.invoices.regenerate(body.need(body.text, "id"))})


INVOICES = "/v1/customers/{customer_id}/invoices"
INVOICE_ROUTES = (
    checked("GET", INVOICES, list_invoices),
    checked("GET", f"{INVOICES}/breakdowns", list_breakdowns),
    checked("GET", f"{INVOICES}/{{invoice_id}}", retrieve_invoice),
    checked("GET", f"{INVOICES}/{{invoice_id}}/pdf", retrieve_pdf),
    checked("POST", "/v1/invoices/void", void_invoice),
    checked("POST", "/v1/invoices/regenerate", regenerate_invoice),
)
