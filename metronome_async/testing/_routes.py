"""The operations with rules of their own (customers, plans, custom fields, usage, contracts, rate cards, and
the books: commits, credits, balances and contract edits, in _ledger_routes; invoices in _invoice_routes):
path templates of the official API, and one operation each that reads the request, calls the state and
builds the envelope; the pricing catalog's and the audit log's are in _catalog_routes, the alerts' in
_alert_routes. Every other operation of the spec is served by _generic; a route here wins over it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _ledger_routes as books
from ._alert_routes import ALERT_ROUTES
from ._billing import ProviderConfigInput, ProviderLookup
from ._call import Call, route
from ._catalog_routes import CATALOG_ROUTES, contract_fields
from ._contracts import PAGE_SIZE as CONTRACTS_PAGE_SIZE
from ._contracts import ContractTerms
from ._cursors import PageRequest
from ._customers import NewCustomer
from ._invoice_routes import INVOICE_ROUTES
from ._plans import Trial
from ._rate_cards import CreditTypeConversion, RateCardAlias
from ._state import State
from ._validate import Fields, check_text
from ._wire import (
    AWS_REGIONS,
    BILLABLE_STATUSES,
    BILLING_PROVIDERS,
    CONTRACT_BILLING_PROVIDERS,
    DELIVERY_METHODS,
    EMPTY,
    ENTITIES,
    MULTIPLIER_PRIORITIZATIONS,
    PRICE_ADJUSTMENT_TYPES,
    STATEMENT_DAYS,
    STATEMENT_FREQUENCIES,
    STRIPE_COLLECTION_METHODS,
    TAX_PROVIDERS,
    ApiError,
    Reply,
    data,
    page,
)

MAX_EVENTS = 100
KEYS_PAGE_SIZE = 100


def _optional_body(call: Call) -> Fields:
    """The body of an operation whose body may be left out; a JSON `null` is not an object."""
    return Fields(call.body if call.has_body else {})


# ---------------------------------------------------------------------- customers


def create_customer(state: State, call: Call) -> Reply:
    return data(state.customers.create(_new_customer(Fields(call.body))))


def _new_customer(body: Fields) -> NewCustomer:
    _check_revenue_systems(body)
    return NewCustomer(
        name=body.need(body.text, "name"),
        ingest_aliases=_aliases(body) or [],
        external_id=body.text("external_id", min_len=1, max_len=128),
        custom_fields=body.text_map("custom_fields") or {},
        billing_config=_billing_config_with_type(body.obj("billing_config")),
        provider_configs=[
            _provider_config(f, CONTRACT_BILLING_PROVIDERS)
            for f in body.objs("customer_billing_provider_configurations") or []
        ],
    )


def list_customers(state: State, call: Call) -> Reply:
    q = call.query
    return page(
        *state.customers.page(
            q.page(),
            only_archived=q.flag("only_archived"),
            customer_ids=q.csv("customer_ids", 100),
            ingest_alias=q.text("ingest_alias"),
            salesforce_account_ids=q.csv("salesforce_account_ids", 100),
        )
    )


def retrieve_customer(state: State, call: Call) -> Reply:
    return data(state.customers.detail(call.params["customer_id"]))


def set_name(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    return data(state.customers.set_name(call.params["customer_id"], body.need(body.text, "name")))


def set_ingest_aliases(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    if not body.has("ingest_aliases"):
        raise body.error("ingest_aliases", "is required")
    state.customers.set_ingest_aliases(call.params["customer_id"], _aliases(body) or [])
    return EMPTY


def update_config(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    changes: dict[str, Any] = {}  # only the fields present change; an explicit null clears
    if body.has("salesforce_account_id"):
        changes["salesforce_account_id"] = body.text("salesforce_account_id", nullable=True)
    if body.has("leave_stripe_invoices_in_draft"):
        changes["leave_stripe_invoices_in_draft"] = body.flag("leave_stripe_invoices_in_draft", nullable=True)
    state.customers.update_config(call.params["customer_id"], changes)
    return EMPTY


def archive_customer(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id = body.need(body.text, "id")
    state.archive_customer(customer_id)
    return data({"id": customer_id})


def set_billable_status(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    return data(
        state.customers.set_billable_status(
            body.need(body.text, "customer_id"),
            body.need(body.text, "billable_status", choices=BILLABLE_STATUSES),
            body.need(body.time, "effective_at"),
        )
    )


def create_customer_with_contract(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer = _new_customer(body.need(body.obj, "customer"))
    terms = _contract_terms(body.need(body.obj, "contract"))  # its spec takes no package
    return data(state.create_customer_with_contract(customer, terms))


def _aliases(body: Fields) -> list[str] | None:
    return body.texts("ingest_aliases", max_items=2000, min_len=1, max_len=128)


def _check_revenue_systems(body: Fields) -> None:
    """Validated, then not kept: the fake has no endpoint that reads them back."""
    for item in body.objs("customer_revenue_system_configurations") or []:
        item.need(item.text, "provider", choices=("netsuite",))
        item.free_obj("configuration")
        _check_delivery(item, ("direct_to_billing_provider",))


# ---------------------------------------------------------------------- billing configuration


def set_billing_config(state: State, call: Call) -> Reply:
    provider = _provider_in_path(call)
    state.customers.set_billing_config(
        call.params["customer_id"], provider, _legacy_billing_config(Fields(call.body))
    )
    return EMPTY


def retrieve_billing_config(state: State, call: Call) -> Reply:
    return data(state.customers.billing_config(call.params["customer_id"], _provider_in_path(call)))


def delete_billing_config(state: State, call: Call) -> Reply:
    state.customers.delete_billing_config(call.params["customer_id"], _provider_in_path(call))
    return EMPTY


def set_provider_configs(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    items = [
        (item.need(item.text, "customer_id"), _provider_config(item, BILLING_PROVIDERS))
        for item in body.need(body.objs, "data")
    ]
    return data(state.customers.set_provider_configs(items))


def retrieve_provider_configs(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id = body.need(body.text, "customer_id")
    return data(state.customers.provider_configs(customer_id, bool(body.flag("include_archived"))))


def archive_provider_configs(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id = body.need(body.text, "customer_id")
    config_ids = body.need(body.texts, "customer_billing_provider_configuration_ids")
    state.customers.archive_provider_configs(customer_id, config_ids)
    return data({"customer_id": customer_id, "customer_billing_provider_configuration_ids": config_ids})


def _provider_in_path(call: Call) -> str:
    return check_text(
        call.params["billing_provider_type"], "billing_provider_type", choices=BILLING_PROVIDERS
    )


def _legacy_billing_config(body: Fields) -> dict[str, Any]:
    """The stored fields of a Plans-era billing config."""
    config = {
        "billing_provider_customer_id": body.need(body.text, "billing_provider_customer_id"),
        "stripe_collection_method": body.text("stripe_collection_method", choices=STRIPE_COLLECTION_METHODS),
        "aws_customer_id": body.text("aws_customer_id"),
        "aws_customer_account_id": body.text("aws_customer_account_id"),
        "aws_product_code": body.text("aws_product_code"),
        "aws_region": body.text("aws_region", choices=AWS_REGIONS),
        "aws_is_subscription_product": body.flag("aws_is_subscription_product"),
    }
    return {k: v for k, v in config.items() if v is not None}


def _billing_config_with_type(body: Fields | None) -> tuple[str, dict[str, Any]] | None:
    """create's `billing_config`: the provider type is in the body, not in the path."""
    if body is None:
        return None
    return body.need(body.text, "billing_provider_type", choices=BILLING_PROVIDERS), _legacy_billing_config(
        body
    )


def _provider_config(item: Fields, providers: Sequence[str]) -> ProviderConfigInput:
    provider = item.need(item.text, "billing_provider", choices=providers)
    method, method_id = _check_delivery(item, DELIVERY_METHODS)
    return ProviderConfigInput(
        billing_provider=provider,
        configuration=item.free_obj("configuration") or {},
        delivery_method=method,
        delivery_method_id=method_id,
        tax_provider=item.text("tax_provider", choices=TAX_PROVIDERS),
    )


def _check_delivery(item: Fields, methods: Sequence[str]) -> tuple[str | None, str | None]:
    method = item.text("delivery_method", choices=methods)
    method_id = item.text("delivery_method_id", uuid=True)
    if method is None and method_id is None:
        raise item.error("delivery_method", "delivery_method or delivery_method_id is required")
    return method, method_id


# ---------------------------------------------------------------------- plans


def list_plans(state: State, call: Call) -> Reply:
    return page(*state.plans.page(call.query.page()))


def list_customer_plans(state: State, call: Call) -> Reply:
    return page(*state.list_customer_plans(call.params["customer_id"], call.query.page()))


def add_customer_plan(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    starting_on = body.need(body.time, "starting_on", midnight=True)
    ending_before = body.time("ending_before", midnight=True)
    if ending_before is not None and ending_before <= starting_on:
        raise body.error("ending_before", "must be after starting_on")
    for adjustment in body.objs("price_adjustments") or []:
        adjustment.need(adjustment.text, "charge_id", uuid=True)
        adjustment.need(adjustment.text, "adjustment_type", choices=PRICE_ADJUSTMENT_TYPES)
        adjustment.need(adjustment.number, "start_period")
        for name in ("value", "quantity", "tier"):
            adjustment.number(name)
    for overage in body.objs("overage_rate_adjustments") or []:
        overage.need(overage.text, "custom_credit_type_id", uuid=True)
        overage.need(overage.text, "fiat_currency_credit_type_id", uuid=True)
        overage.need(overage.number, "to_fiat_conversion_factor")
    customer_plan_id = state.add_customer_plan(
        call.params["customer_id"],
        plan_id=body.need(body.text, "plan_id"),
        starting_on=starting_on,
        ending_before=ending_before,
        net_payment_terms_days=body.number("net_payment_terms_days"),
        trial=_trial(body.obj("trial_spec")),
    )
    return data({"id": customer_plan_id})


def end_customer_plan(state: State, call: Call) -> Reply:
    body = _optional_body(call)
    body.flag("void_invoices")
    body.flag("void_stripe_invoices")
    state.end_customer_plan(
        call.params["customer_id"], call.params["customer_plan_id"], body.time("ending_before", midnight=True)
    )
    return Reply(200, {})


def _trial(spec: Fields | None) -> Trial | None:
    if spec is None:
        return None
    cap = spec.obj("spending_cap")
    return Trial(
        spec.need(spec.number, "length_in_days"),
        None if cap is None else cap.need(cap.text, "credit_type_id", uuid=True),
        None if cap is None else cap.need(cap.number, "amount"),
    )


# ---------------------------------------------------------------------- contracts and rate cards

# Contract terms the fake does not model (see _contracts): an empty list is accepted, anything else is
# refused rather than silently dropped.
_UNMODELLED_LISTS = (
    "recurring_commits", "recurring_credits", "overrides", "discounts",
    "professional_services", "reseller_royalties", "scheduled_charges", "spend_trackers", "subscriptions",
)  # fmt: skip
_UNMODELLED_FIELDS = (
    "usage_filter", "revenue_system_configuration", "spend_threshold_configuration",
    "prepaid_balance_threshold_configuration", "hierarchy_configuration", "transition", "package_id",
    "package_alias",
)  # fmt: skip


def create_contract(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id = body.need(body.text, "customer_id")
    contract, package_id = contract_fields(state, body)
    return data(state.create_contract(customer_id, _contract_terms(contract, package_id)))


def retrieve_contract(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id, contract_id = body.need(body.text, "customer_id"), body.need(body.text, "contract_id")
    balances, ledgers = bool(body.flag("include_balance")), bool(body.flag("include_ledgers"))
    if body.time("as_of_date") is not None and ledgers:
        raise body.error("as_of_date", "cannot be used with include_ledgers")
    return data(state.contract(customer_id, contract_id, ledgers=ledgers, balances=balances))


def list_contracts(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id = body.need(body.text, "customer_id")
    balances, ledgers = bool(body.flag("include_balance")), bool(body.flag("include_ledgers"))
    covering_date, starting_at = body.time("covering_date"), body.time("starting_at")
    if covering_date is not None and starting_at is not None:
        raise body.error("starting_at", "cannot be used with covering_date")
    limit = body.number("limit")
    if limit is not None and (limit != int(limit) or not 1 <= limit <= CONTRACTS_PAGE_SIZE):
        raise body.error("limit", f"must be an integer from 1 to {CONTRACTS_PAGE_SIZE}")
    request = PageRequest(int(limit or CONTRACTS_PAGE_SIZE), body.text("cursor") or None)
    found, cursor = state.list_contracts(
        customer_id,
        request,
        include_archived=bool(body.flag("include_archived")),
        covering_date=covering_date,
        starting_at=starting_at,
        ledgers=ledgers,
        balances=balances,
    )
    return Reply(200, {"data": found, "cursor": cursor})


def update_contract_end_date(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id, contract_id = body.need(body.text, "customer_id"), body.need(body.text, "contract_id")
    allow = body.flag("allow_ending_before_finalized_invoice")
    state.update_contract_end(
        customer_id, contract_id, body.time("ending_before"), allow_before_finalized=allow is not False
    )
    return data({"id": contract_id})


def archive_contract(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    customer_id, contract_id = body.need(body.text, "customer_id"), body.need(body.text, "contract_id")
    void_invoices = body.need(body.flag, "void_invoices")
    state.archive_contract(customer_id, contract_id, void_invoices=void_invoices)
    return data({"id": contract_id})


def _contract_terms(body: Fields, package_id: str | None = None) -> ContractTerms:
    """The contract fields that `contracts/create` and the composite endpoint share (for a contract made
    from a package, those the package made)."""
    starting_at = body.need(body.time, "starting_at")
    ending_before = body.time("ending_before")
    if ending_before is not None and ending_before <= starting_at:
        raise body.error("ending_before", "must be after starting_at")
    rate_card_id, rate_card_alias = body.text("rate_card_id"), body.text("rate_card_alias")
    if rate_card_id is not None and rate_card_alias is not None:
        raise body.error("rate_card_alias", "give rate_card_id or rate_card_alias, not both")
    for name in _UNMODELLED_LISTS:
        if body.objs(name):
            raise body.error(name, "FakeMetronome does not model this contract term: leave it out or empty")
    for name in _UNMODELLED_FIELDS:
        if body.has(name):
            raise body.error(name, "FakeMetronome does not model this contract term: leave it out")
    for name in ("netsuite_sales_order_id", "salesforce_opportunity_id"):
        body.text(name)
    body.number("total_contract_value")
    body.text("scheduled_charges_on_usage_invoices", choices=("ALL",))
    schedule = body.obj("usage_statement_schedule")
    frequency, day, anchor = "MONTHLY", "FIRST_OF_MONTH", None
    if schedule is not None:
        frequency = schedule.need(schedule.text, "frequency", choices=STATEMENT_FREQUENCIES)
        day = schedule.text("day", choices=STATEMENT_DAYS) or day
        anchor = schedule.time("billing_anchor_date")
        schedule.time("invoice_generation_starting_at")
        if day == "CUSTOM_DATE" and anchor is None:
            raise schedule.error("billing_anchor_date", "is required with day CUSTOM_DATE")
    return ContractTerms(
        starting_at=starting_at,
        ending_before=ending_before,
        name=body.text("name"),
        rate_card_id=rate_card_id,
        rate_card_alias=rate_card_alias,
        uniqueness_key=body.text("uniqueness_key", min_len=1, max_len=128),
        net_payment_terms_days=body.number("net_payment_terms_days"),
        multiplier_override_prioritization=body.text(
            "multiplier_override_prioritization", choices=MULTIPLIER_PRIORITIZATIONS
        ),
        custom_fields=body.text_map("custom_fields") or {},
        billing=_provider_lookup(body.obj("billing_provider_configuration")),
        statement_frequency=frequency,
        statement_day=day,
        billing_anchor_date=anchor,
        package_id=package_id,
        balances=books.contract_balances(body),
    )


def _provider_lookup(item: Fields | None) -> ProviderLookup | None:
    if item is None:
        return None
    config_id = item.text("billing_provider_configuration_id", uuid=True)
    provider = item.text("billing_provider", choices=CONTRACT_BILLING_PROVIDERS)
    method = item.text("delivery_method", choices=DELIVERY_METHODS)
    if config_id is not None:
        if provider is not None or method is not None:
            raise item.error("billing_provider", "give billing_provider_configuration_id or this, not both")
        return ProviderLookup(configuration_id=config_id)
    if provider is None or method is None:
        raise item.error(
            "billing_provider_configuration_id",
            "give it, or both billing_provider and delivery_method",
        )
    return ProviderLookup(billing_provider=provider, delivery_method=method)


def create_rate_card(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    aliases = [
        RateCardAlias(a.need(a.text, "name", min_len=1), a.time("starting_at"), a.time("ending_before"))
        for a in body.objs("aliases") or []
    ]
    conversions = [
        CreditTypeConversion(
            c.need(c.text, "custom_credit_type_id", uuid=True), c.need(c.number, "fiat_per_custom_credit")
        )
        for c in body.objs("credit_type_conversions") or []
    ]
    card_id = state.rate_cards.create(
        name=body.need(body.text, "name"),
        description=body.text("description"),
        aliases=aliases,
        fiat_credit_type_id=body.text("fiat_credit_type_id", uuid=True),
        conversions=conversions,
        custom_fields=body.text_map("custom_fields") or {},
    )
    return data({"id": card_id})


def retrieve_rate_card(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    return data(state.rate_cards.get(body.need(body.text, "id")))


def list_rate_cards(state: State, call: Call) -> Reply:
    _optional_body(call)  # an object, if any
    if call.body:  # the spec's body schema is a closed, empty object
        raise ApiError(400, f"request body: unknown field {next(iter(call.body))!r}")
    return page(*state.rate_cards.page(call.query.page()))


# ---------------------------------------------------------------------- custom fields


def add_field_key(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    state.custom_fields.add_key(
        _entity(body), body.need(body.text, "key", min_len=1), body.need(body.flag, "enforce_uniqueness")
    )
    return EMPTY


def list_field_keys(state: State, call: Call) -> Reply:
    body = _optional_body(call)
    entities = body.texts("entities", choices=ENTITIES)
    request = PageRequest(KEYS_PAGE_SIZE, call.query.cursor())  # this listing takes no limit
    return page(*state.list_field_keys(entities, request))


def set_field_values(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    entity, entity_id = _entity(body), _entity_id(body)
    state.set_field_values(entity, entity_id, body.need(body.text_map, "custom_fields"))
    return EMPTY


def delete_field_values(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    entity, entity_id = _entity(body), _entity_id(body)
    state.delete_field_values(entity, entity_id, body.need(body.texts, "keys"))
    return EMPTY


def remove_field_key(state: State, call: Call) -> Reply:
    body = Fields(call.body)
    state.custom_fields.remove_key(_entity(body), body.need(body.text, "key"))
    return EMPTY


def _entity(body: Fields) -> str:
    return body.need(body.text, "entity", choices=ENTITIES)


def _entity_id(body: Fields) -> str:
    """Every Metronome id is a UUID; entities the fake does not model are otherwise taken on trust."""
    return body.need(body.text, "entity_id", uuid=True)


# ---------------------------------------------------------------------- usage


def ingest(state: State, call: Call) -> Reply:
    """The body is a bare array of 1 to 100 events; all are checked before any is stored."""
    if not isinstance(call.body, list):
        raise ApiError(400, "request body: expected a JSON array of events")
    if not 1 <= len(call.body) <= MAX_EVENTS:
        raise ApiError(400, f"request body: expected 1 to {MAX_EVENTS} events, got {len(call.body)}")
    for index, event in enumerate(call.body):
        item = Fields(event, f"[{index}]")
        item.need(item.text, "transaction_id", min_len=1, max_len=128)
        item.need(item.text, "customer_id", min_len=1)
        item.need(item.text, "event_type", min_len=1)
        item.need(item.time, "timestamp")
        item.free_obj("properties")
    state.usage.ingest(call.body)
    return EMPTY


# ---------------------------------------------------------------------- routing


# The operations with rules of their own; every other operation of the spec is generic (see _router).
ROUTES = (
    route("POST", "/v1/customers", create_customer),
    route("GET", "/v1/customers", list_customers),
    route("POST", "/v1/customers/archive", archive_customer),
    route("POST", "/v1/customers/setBillableStatus", set_billable_status),
    route("GET", "/v1/customers/{customer_id}", retrieve_customer),
    route("POST", "/v1/customers/{customer_id}/setName", set_name),
    route("POST", "/v1/customers/{customer_id}/setIngestAliases", set_ingest_aliases),
    route("POST", "/v1/customers/{customer_id}/updateConfig", update_config),
    route("POST", "/v1/customers/{customer_id}/billing-config/{billing_provider_type}", set_billing_config),
    route(
        "GET", "/v1/customers/{customer_id}/billing-config/{billing_provider_type}", retrieve_billing_config
    ),
    route(
        "DELETE", "/v1/customers/{customer_id}/billing-config/{billing_provider_type}", delete_billing_config
    ),
    route("POST", "/v1/setCustomerBillingProviderConfigurations", set_provider_configs),
    route("POST", "/v1/getCustomerBillingProviderConfigurations", retrieve_provider_configs),
    route("POST", "/v1/archiveCustomerBillingProviderConfigurations", archive_provider_configs),
    route("GET", "/v1/customers/{customer_id}/plans", list_customer_plans),
    route("POST", "/v1/customers/{customer_id}/plans/add", add_customer_plan),
    route("POST", "/v1/customers/{customer_id}/plans/{customer_plan_id}/end", end_customer_plan),
    route("GET", "/v1/plans", list_plans),
    route("POST", "/v1/customFields/addKey", add_field_key),
    route("POST", "/v1/customFields/listKeys", list_field_keys),
    route("POST", "/v1/customFields/setValues", set_field_values),
    route("POST", "/v1/customFields/deleteValues", delete_field_values),
    route("POST", "/v1/customFields/removeKey", remove_field_key),
    route("POST", "/v1/ingest", ingest),
    route("POST", "/v1/contracts/create", create_contract),
    route("POST", "/v2/contracts/get", retrieve_contract),
    route("POST", "/v2/contracts/list", list_contracts),
    route("POST", "/v1/contracts/updateEndDate", update_contract_end_date),
    route("POST", "/v1/contracts/archive", archive_contract),
    route("POST", "/v1/contract-pricing/rate-cards/create", create_rate_card),
    route("POST", "/v1/contract-pricing/rate-cards/get", retrieve_rate_card),
    route("POST", "/v1/contract-pricing/rate-cards/list", list_rate_cards),
    route("POST", "/v1/composite/createCustomerWithContract", create_customer_with_contract),
    *CATALOG_ROUTES,
    *INVOICE_ROUTES,
    route("POST", "/v1/contracts/customerCommits/create", books.create_commit),
    route("POST", "/v1/contracts/customerCommits/list", books.list_commits),
    route("POST", "/v1/contracts/customerCommits/updateEndDate", books.end_commit),
    route("POST", "/v1/contracts/customerCredits/create", books.create_credit),
    route("POST", "/v1/contracts/customerCredits/list", books.list_credits),
    route("POST", "/v1/contracts/customerCredits/updateEndDate", books.end_credit),
    route("POST", "/v1/contracts/customerBalances/list", books.list_balances),
    route("POST", "/v1/contracts/customerBalances/getNetBalance", books.net_balance),
    route("POST", "/v1/contracts/addManualBalanceLedgerEntry", books.add_manual_entry),
    route("POST", "/v2/contracts/edit", books.edit_contract),
    route("POST", "/v2/contracts/getEditHistory", books.edit_history),
    route("POST", "/v2/contracts/commits/edit", books.edit_commit),
    route("POST", "/v2/contracts/credits/edit", books.edit_credit),
    route("POST", "/v2/contracts/commits/archive", books.archive_commit),
    route("POST", "/v2/contracts/credits/archive", books.archive_credit),
    *ALERT_ROUTES,
)
