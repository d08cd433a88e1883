"""The pricing catalog's operations (billable metrics, products, rates and rate card changes, packages) and
the audit log's: each request is first checked against its operation in the spec (a 400 naming the field),
then read and handed to the state. `contract_fields` turns a contract request naming a package into the
contract the package makes."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime

from ._audit import AuditQuery
from ._call import Call, Operation, Route, route
from ._catalog import RateSelector
from ._metrics import BillableMetric, PropertyFilter
from ._products import STATE_FIELDS
from ._rate_cards import CreditTypeConversion, RateCardAlias
from ._rates import Rate
from ._spec import SpecOperation, check_request, spec
from ._state import State
from ._validate import MAX_PAGE_SIZE, Fields
from ._wire import ApiError, Reply, data, page

ARCHIVE_FILTERS = ("ARCHIVED", "NOT_ARCHIVED", "ALL")
# What a contract made from a package may say for itself: the package sets everything else.
PACKAGE_CONTRACT_FIELDS = frozenset(
    {
        "customer_id",
        "starting_at",
        "package_id",
        "package_alias",
        "uniqueness_key",
        "transition",
        "custom_fields",
    }
)


@functools.cache
def _operations() -> dict[tuple[str, str], SpecOperation]:
    return {(op.method, op.path): op for op in spec().operations}


def checked(method: str, template: str, operation: Operation) -> Route:
    """A route whose requests are checked against the spec before `operation` reads them."""

    def run(state: State, call: Call) -> Reply:
        op = _operations()[(method, template)]
        check_request(op, call.params, call.query.raw, call.body, call.has_body)
        return operation(state, call)

    return route(method, template, run)


def _body(call: Call) -> Fields:
    return Fields(call.body if call.has_body else {})


def _id(body: Fields, name: str) -> str:
    return body.need(body.text, name, uuid=True)


# ---------------------------------------------------------------------- billable metrics


def create_metric(state: State, call: Call) -> Reply:
    body = _body(call)
    events = body.obj("event_type_filter")
    draft = BillableMetric(
        id="",
        seq=0,
        name=body.need(body.text, "name"),
        aggregation_type=body.text("aggregation_type"),
        aggregation_key=body.text("aggregation_key"),
        event_types_in=_strings(events, "in_values"),
        event_types_not_in=_strings(events, "not_in_values"),
        property_filters=tuple(
            PropertyFilter(
                name=f.need(f.text, "name"),
                exists=f.flag("exists"),
                in_values=_strings(f, "in_values"),
                not_in_values=_strings(f, "not_in_values"),
            )
            for f in body.objs("property_filters") or ()
        ),
        group_keys=None if body.raw.get("group_keys") is None else tuple(map(tuple, body.raw["group_keys"])),
        sql=body.text("sql"),
    )
    metric_id = state.catalog.metrics.create(draft, body.text_map("custom_fields") or {})
    return data({"id": metric_id})


def _strings(fields: Fields | None, name: str) -> tuple[str, ...] | None:
    found = None if fields is None else fields.texts(name)
    return None if found is None else tuple(found)


def retrieve_metric(state: State, call: Call) -> Reply:
    return data(state.catalog.metrics.wire_of(call.params["billable_metric_id"]))


def list_metrics(state: State, call: Call) -> Reply:
    q = call.query
    return page(*state.catalog.metrics.page(q.page(), include_archived=q.flag("include_archived")))


def rename_metric(state: State, call: Call) -> Reply:
    body, metric_id = _body(call), call.params["billable_metric_id"]
    state.catalog.metrics.rename(metric_id, body.need(body.text, "name"))
    return data({"id": metric_id})


def archive_metric(state: State, call: Call) -> Reply:
    metric_id = _id(_body(call), "id")
    state.catalog.metrics.archive(metric_id)
    return data({"id": metric_id})


# ---------------------------------------------------------------------- products


def create_product(state: State, call: Call) -> Reply:
    body = _body(call)
    product_id = state.catalog.create_product(
        body.need(body.text, "type"), _product_fields(body), body.text_map("custom_fields") or {}
    )
    return data({"id": product_id})


def update_product(state: State, call: Call) -> Reply:
    body = _body(call)
    product_id = _id(body, "product_id")
    state.catalog.update_product(product_id, body.need(body.time, "starting_at"), _product_fields(body))
    return data({"id": product_id})


def _product_fields(body: Fields) -> dict[str, object]:
    """The product state fields given (already checked against the spec)."""
    return {name: body.raw[name] for name in STATE_FIELDS if body.raw.get(name) is not None}


def retrieve_product(state: State, call: Call) -> Reply:
    return data(state.catalog.products.wire_of(_id(_body(call), "id")))


def list_products(state: State, call: Call) -> Reply:
    body = _body(call)
    archive_filter = body.text("archive_filter", choices=ARCHIVE_FILTERS) or "NOT_ARCHIVED"
    return page(*state.catalog.products.page(call.query.page(), archive_filter))


def archive_product(state: State, call: Call) -> Reply:
    product_id = _id(_body(call), "product_id")
    state.catalog.products.archive(product_id)
    return data({"id": product_id})


# ---------------------------------------------------------------------- rates and rate cards


def add_rate(state: State, call: Call) -> Reply:
    body = _body(call)
    rate = _rate(body)
    state.catalog.add_rates(_id(body, "rate_card_id"), [("", rate)])
    return data(rate.wire())


def add_rates(state: State, call: Call) -> Reply:
    body = _body(call)
    card_id = _id(body, "rate_card_id")
    rates = [(f"rates[{i}].", _rate(item)) for i, item in enumerate(body.need(body.objs, "rates"))]
    state.catalog.add_rates(card_id, rates)
    return data({"id": card_id})


def _rate(item: Fields) -> Rate:
    return Rate(
        product_id=_id(item, "product_id"),
        starting_at=item.need(item.time, "starting_at"),
        entitled=item.need(item.flag, "entitled"),
        rate_type=item.need(item.text, "rate_type"),
        ending_before=item.time("ending_before"),
        price=item.number("price"),
        credit_type_id=item.text("credit_type_id"),
        pricing_group_values=item.text_map("pricing_group_values") or {},
        quantity=item.number("quantity"),
        is_prorated=item.flag("is_prorated"),
        tiers=item.raw.get("tiers"),
        minimum_config=item.free_obj("minimum_config"),
        custom_rate=item.free_obj("custom_rate"),
        billing_frequency=item.text("billing_frequency"),
        commit_rate=item.free_obj("commit_rate"),
    )


def list_rates(state: State, call: Call) -> Reply:
    body = _body(call)
    selectors = [
        RateSelector(
            product_id=s.text("product_id"),
            billing_frequency=s.text("billing_frequency"),
            pricing_group_values=s.text_map("pricing_group_values"),
            partial_pricing_group_values=s.text_map("partial_pricing_group_values"),
            product_tags=s.texts("product_tags"),
        )
        for s in body.objs("selectors") or ()
    ]
    card_id, at = _id(body, "rate_card_id"), body.need(body.time, "at")
    return page(*state.catalog.rates_at(card_id, at, selectors, call.query.page()))


def update_rate_card(state: State, call: Call) -> Reply:
    body = _body(call)
    card_id = _id(body, "rate_card_id")
    aliases = body.objs("aliases")
    state.rate_cards.update(
        card_id,
        name=body.text("name"),
        description=body.text("description"),
        aliases=None if aliases is None else [_alias(a) for a in aliases],
        add_conversions=[
            CreditTypeConversion(
                c.need(c.text, "custom_credit_type_id"), c.need(c.number, "fiat_per_custom_credit")
            )
            for c in body.objs("add_credit_type_conversions") or ()
        ],
    )
    return data({"id": card_id})


def archive_rate_card(state: State, call: Call) -> Reply:
    card_id = _id(_body(call), "id")
    state.rate_cards.archive(card_id)
    return data({"id": card_id})


def _alias(item: Fields) -> RateCardAlias:
    return RateCardAlias(
        item.need(item.text, "name", min_len=1), item.time("starting_at"), item.time("ending_before")
    )


# ---------------------------------------------------------------------- packages


def create_package(state: State, call: Call) -> Reply:
    body = _body(call)
    if body.has("rate_card_id") and body.has("rate_card_alias"):
        raise body.error("rate_card_alias", "give rate_card_id or rate_card_alias, not both")
    body.need(body.text, "name")
    aliases = [_alias(a) for a in body.objs("aliases") or ()]
    return data({"id": state.catalog.create_package(dict(body.raw), aliases)})


def retrieve_package(state: State, call: Call) -> Reply:
    packages = state.catalog.packages
    return data(packages.wire(packages.get(_id(_body(call), "package_id"))))


def list_packages(state: State, call: Call) -> Reply:
    body = _body(call)
    archive_filter = body.text("archive_filter", choices=ARCHIVE_FILTERS) or "NOT_ARCHIVED"
    return page(*state.catalog.packages.page(call.query.page(), archive_filter))


def archive_package(state: State, call: Call) -> Reply:
    package_id = _id(_body(call), "package_id")
    state.catalog.packages.archive(package_id)
    return data({"id": package_id})


def list_contracts_on_package(state: State, call: Call) -> Reply:
    body = _body(call)
    starting_at, covering_date = body.time("starting_at"), body.time("covering_date")
    if starting_at is not None and covering_date is not None:
        raise body.error("covering_date", "cannot be used with starting_at")
    found = state.catalog.contracts_on_package(
        _id(body, "package_id"),
        call.query.page(),
        starting_at=starting_at,
        covering_date=covering_date,
        include_archived=bool(body.flag("include_archived")),
    )
    return page(*found)


def contract_fields(state: State, body: Fields) -> tuple[Fields, str | None]:
    """A contract request as is (and None) when it names no package; else the contract the package makes
    from the request's starting_at, with the fields the request may add, and the package's id."""
    package_id, alias = body.text("package_id", uuid=True), body.text("package_alias")
    if package_id is None and alias is None:
        return body, None
    if package_id is not None and alias is not None:
        raise body.error("package_alias", "give package_id or package_alias, not both")
    others = sorted(set(body.raw) - PACKAGE_CONTRACT_FIELDS)
    if others:
        raise body.error(others[0], "cannot be given with a package: the package sets the contract's terms")
    found, made = state.catalog.contract_from_package(package_id, alias, body.need(body.time, "starting_at"))
    own = {
        name: body.raw[name] for name in ("uniqueness_key", "custom_fields", "transition") if body.has(name)
    }
    return Fields({**made, **own}, "package"), found


# ---------------------------------------------------------------------- audit logs


def list_audit_logs(state: State, call: Call) -> Reply:
    q = call.query
    starting_on, ending_before = _instant(q.raw, "starting_on"), _instant(q.raw, "ending_before")
    resource_type, resource_id = q.text("resource_type"), q.text("resource_id")
    if (resource_type is None) != (resource_id is None):
        raise ApiError(400, "resource_type: give it with resource_id, or neither")
    query = AuditQuery(
        starting_on=starting_on,
        ending_before=ending_before,
        descending=q.text("sort") == "date_desc",
        resource_type=resource_type,
        resource_id=resource_id,
    )
    limit = int(q.raw.get("limit", MAX_PAGE_SIZE))
    return page(*state.audit.page(query, limit, q.cursor()))


def _instant(query: Mapping[str, str], name: str) -> datetime | None:
    return Fields(dict(query)).time(name)


CATALOG_ROUTES = (
    checked("POST", "/v1/billable-metrics/create", create_metric),
    checked("GET", "/v1/billable-metrics", list_metrics),
    checked("POST", "/v1/billable-metrics/archive", archive_metric),
    checked("GET", "/v1/billable-metrics/{billable_metric_id}", retrieve_metric),
    checked("PUT", "/v1/billable-metrics/{billable_metric_id}", rename_metric),
    checked("POST", "/v1/contract-pricing/products/create", create_product),
    checked("POST", "/v1/contract-pricing/products/get", retrieve_product),
    checked("POST", "/v1/contract-pricing/products/list", list_products),
    checked("POST", "/v1/contract-pricing/products/update", update_product),
    checked("POST", "/v1/contract-pricing/products/archive", archive_product),
    checked("POST", "/v1/contract-pricing/rate-cards/addRate", add_rate),
    checked("POST", "/v1/contract-pricing/rate-cards/addRates", add_rates),
    checked("POST", "/v1/contract-pricing/rate-cards/getRates", list_rates),
    checked("POST", "/v1/contract-pricing/rate-cards/update", update_rate_card),
    checked("POST", "/v1/contract-pricing/rate-cards/archive", archive_rate_card),
    checked("POST", "/v1/packages/create", create_package),
    checked("POST", "/v1/packages/get", retrieve_package),
    checked("POST", "/v1/packages/list", list_packages),
    checked("POST", "/v1/packages/archive", archive_package),
    checked("POST", "/v1/packages/listContractsOnPackage", list_contracts_on_package),
    checked("GET", "/v1/auditLogs", list_audit_logs),
)
