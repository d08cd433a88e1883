"""``client.contracts``: a customer's contracts, the current way to price and bill usage (Plans are
deprecated).

The API spells every contract call as a POST with the ids in the body; here the ids come first and
positionally. Reads carry no Idempotency-Key; creates do, and a retried create never makes a second contract.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import (
    format_datetime,
    parse_datetime,
    wire_value,
)
from metronome_async.models import Contract, UsageStatementFrequency
from metronome_async.pagination import AsyncPager
from metronome_async.resources._answers import data_id, follow, pages
from metronome_async.resources._generated import contracts as generated
from metronome_async.resources.billing import CONFIGURABLE_PROVIDERS, DELIVERY_METHODS

__all__ = ["CONTRACT_FIELDS", "Contracts", "contract_terms", "mappings", "timestamp"]

MAX_UNIQUENESS_KEY = 128
MAX_CONTRACTS_PAGE = 20
STATEMENT_FREQUENCIES = tuple(member.value for member in UsageStatementFrequency)
STATEMENT_DAYS = ("FIRST_OF_MONTH", "CONTRACT_START", "CUSTOM_DATE")


def timestamp(name: str, value: Any) -> str:
    """An aware datetime or an RFC 3339 string, sent in UTC with a ``Z``."""
    return format_datetime(check.moment(name, value), name)


def _mapping(name: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    return wire_value(dict(value))


def mappings(name: str, value: Any) -> Any:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of mappings, not {type(value).__name__}")
    return [_mapping(f"{name}[{index}]", item) for index, item in enumerate(value)]


def _billing_provider_configuration(name: str, value: Any) -> Any:
    """Either ``{"billing_provider_configuration_id"}`` or ``{"billing_provider", "delivery_method"}``."""
    config = _mapping(name, value)
    if "billing_provider_configuration_id" in config:
        check.text(
            f"{name}['billing_provider_configuration_id']", config["billing_provider_configuration_id"]
        )
        others = sorted(set(config) - {"billing_provider_configuration_id"})
        if others:
            raise ValueError(
                f"{name} takes billing_provider_configuration_id alone, not with {', '.join(others)}"
            )
    else:
        check.one_of(f"{name}['billing_provider']", config.get("billing_provider"), CONFIGURABLE_PROVIDERS)
        check.one_of(f"{name}['delivery_method']", config.get("delivery_method"), DELIVERY_METHODS)
    return config


def _usage_statement_schedule(name: str, value: Any) -> Any:
    """``{"frequency", "day"?, "billing_anchor_date"?, "invoice_generation_starting_at"?}``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    dates = {
        field: timestamp(f"{name}[{field!r}]", value[field])
        for field in ("billing_anchor_date", "invoice_generation_starting_at")
        if value.get(field) is not None
    }
    schedule = _mapping(name, {**value, **dates})
    check.one_of(f"{name}['frequency']", schedule.get("frequency"), STATEMENT_FREQUENCIES)
    if schedule.get("day") is not None:
        check.one_of(f"{name}['day']", schedule["day"], STATEMENT_DAYS)
    return schedule


_Check = Callable[[str, Any], Any]

CONTRACT_FIELDS: dict[str, _Check] = {
    "starting_at": timestamp,
    "ending_before": timestamp,
    "rate_card_id": check.text,
    "rate_card_alias": check.text,
    "name": check.text,
    "uniqueness_key": lambda name, value: check.text(name, value, max_length=MAX_UNIQUENESS_KEY),
    "billing_provider_configuration": _billing_provider_configuration,
    "custom_fields": check.custom_field_values,
    "net_payment_terms_days": check.number,
    "package_id": check.text,
    "package_alias": check.text,
    "salesforce_opportunity_id": check.text,
    "netsuite_sales_order_id": check.text,
    "total_contract_value": check.number,
    "multiplier_override_prioritization": check.choices(("LOWEST_MULTIPLIER", "EXPLICIT")),
    "scheduled_charges_on_usage_invoices": check.choices(("ALL",)),
    "usage_statement_schedule": _usage_statement_schedule,
    **dict.fromkeys(
        (
            "commits",
            "credits",
            "recurring_commits",
            "recurring_credits",
            "overrides",
            "discounts",
            "professional_services",
            "reseller_royalties",
            "scheduled_charges",
            "spend_trackers",
            "subscriptions",
        ),
        mappings,
    ),
    **dict.fromkeys(
        (
            "transition",
            "usage_filter",
            "revenue_system_configuration",
            "spend_threshold_configuration",
            "prepaid_balance_threshold_configuration",
            "hierarchy_configuration",
        ),
        _mapping,
    ),
}
"""Every field of ``contracts/create`` but ``customer_id``, with its check (structured ones pass through)."""

NOT_IN_COMPOSITE = frozenset({"package_id", "package_alias", "transition"})
"""Fields that ``contracts/create`` takes and the composite create-customer-with-contract does not."""


def contract_terms(
    values: Mapping[str, Any],
    label: Callable[[str], str] = str,
    *,
    allowed: frozenset[str] | None = None,
    name: str = "contract",
) -> dict[str, Any]:
    """A contract's fields (``contracts.create``'s keyword arguments; ``None`` = not given), checked and
    wire-ready. ``label`` names a field in errors, e.g. ``contract['starting_at']``."""
    if not isinstance(values, Mapping):
        raise TypeError(
            f"{name} must be a mapping of contracts.create's arguments, not {type(values).__name__}"
        )
    known = set(CONTRACT_FIELDS) if allowed is None else allowed
    unknown = sorted(set(values) - known)
    if unknown:
        raise TypeError(f"unknown contract field(s): {', '.join(map(label, unknown))}")
    terms = {
        name: CONTRACT_FIELDS[name](label(name), value) for name, value in values.items() if value is not None
    }
    if "starting_at" not in terms:
        raise ValueError(f"{label('starting_at')} is required")
    if "ending_before" in terms and parse_datetime(terms["ending_before"]) <= parse_datetime(
        terms["starting_at"]
    ):
        raise ValueError(f"{label('ending_before')} must be later than {label('starting_at')}")
    for first, second in (("rate_card_id", "rate_card_alias"), ("package_id", "package_alias")):
        if first in terms and second in terms:
            raise ValueError(f"give one of {label(first)} and {label(second)}, not both")
    return terms


class Contracts(generated.ContractsResource):
    async def create(
        self,
        customer_id: str,
        *,
        starting_at: datetime | str,
        rate_card_id: str | None = None,
        rate_card_alias: str | None = None,
        ending_before: datetime | str | None = None,
        name: str | None = None,
        uniqueness_key: str | None = None,
        billing_provider_configuration: Mapping[str, Any] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        net_payment_terms_days: float | None = None,
        package_id: str | None = None,
        package_alias: str | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        recurring_commits: Sequence[Mapping[str, Any]] | None = None,
        recurring_credits: Sequence[Mapping[str, Any]] | None = None,
        overrides: Sequence[Mapping[str, Any]] | None = None,
        discounts: Sequence[Mapping[str, Any]] | None = None,
        scheduled_charges: Sequence[Mapping[str, Any]] | None = None,
        subscriptions: Sequence[Mapping[str, Any]] | None = None,
        usage_statement_schedule: Mapping[str, Any] | None = None,
        usage_filter: Mapping[str, Any] | None = None,
        transition: Mapping[str, Any] | None = None,
        salesforce_opportunity_id: str | None = None,
        netsuite_sales_order_id: str | None = None,
        total_contract_value: float | None = None,
        multiplier_override_prioritization: str | None = None,
        scheduled_charges_on_usage_invoices: str | None = None,
        professional_services: Sequence[Mapping[str, Any]] | None = None,
        reseller_royalties: Sequence[Mapping[str, Any]] | None = None,
        spend_trackers: Sequence[Mapping[str, Any]] | None = None,
        revenue_system_configuration: Mapping[str, Any] | None = None,
        spend_threshold_configuration: Mapping[str, Any] | None = None,
        prepaid_balance_threshold_configuration: Mapping[str, Any] | None = None,
        hierarchy_configuration: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Put the customer on a contract from ``starting_at`` (inclusive) to ``ending_before`` (exclusive;
        none = open-ended), priced by a rate card given by ``rate_card_id`` or ``rate_card_alias`` (one, not
        both). A ``uniqueness_key`` (1 to 128 characters) makes Metronome refuse a second contract with the
        same key (ConflictError). Returns the contract id.

        ``POST /v1/contracts/create``
        """
        terms = contract_terms(
            {
                "starting_at": starting_at,
                "rate_card_id": rate_card_id,
                "rate_card_alias": rate_card_alias,
                "ending_before": ending_before,
                "name": name,
                "uniqueness_key": uniqueness_key,
                "billing_provider_configuration": billing_provider_configuration,
                "custom_fields": custom_fields,
                "net_payment_terms_days": net_payment_terms_days,
                "package_id": package_id,
                "package_alias": package_alias,
                "commits": commits,
                "credits": credits,
                "recurring_commits": recurring_commits,
                "recurring_credits": recurring_credits,
                "overrides": overrides,
                "discounts": discounts,
                "scheduled_charges": scheduled_charges,
                "subscriptions": subscriptions,
                "usage_statement_schedule": usage_statement_schedule,
                "usage_filter": usage_filter,
                "transition": transition,
                "salesforce_opportunity_id": salesforce_opportunity_id,
                "netsuite_sales_order_id": netsuite_sales_order_id,
                "total_contract_value": total_contract_value,
                "multiplier_override_prioritization": multiplier_override_prioritization,
                "scheduled_charges_on_usage_invoices": scheduled_charges_on_usage_invoices,
                "professional_services": professional_services,
                "reseller_royalties": reseller_royalties,
                "spend_trackers": spend_trackers,
                "revenue_system_configuration": revenue_system_configuration,
                "spend_threshold_configuration": spend_threshold_configuration,
                "prepaid_balance_threshold_configuration": prepaid_balance_threshold_configuration,
                "hierarchy_configuration": hierarchy_configuration,
            }
        )
        return await self._create(customer_id, terms, idempotency_key)

    async def _create(self, customer_id: str, terms: Mapping[str, Any], idempotency_key: str | None) -> str:
        """Send a create whose ``terms`` ``contract_terms`` has already checked."""
        body = {"customer_id": check.text("customer_id", customer_id), **terms}
        new_id: str = await self._transport.request(
            "POST", "/v1/contracts/create", body=body, idempotency_key=idempotency_key, parse=data_id
        )
        return new_id

    async def retrieve(
        self,
        customer_id: str,
        contract_id: str,
        *,
        as_of_date: datetime | str | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
        webhook_notification_id: str | None = None,
    ) -> Contract:
        """One contract, as it is now (or ``as_of_date``).

        ``POST /v2/contracts/get``
        """
        body: dict[str, Any] = _ids(customer_id, contract_id)
        if webhook_notification_id is not None:
            body["webhook_notification_id"] = check.text("webhook_notification_id", webhook_notification_id)
        if as_of_date is not None:
            body["as_of_date"] = timestamp("as_of_date", as_of_date)
        if check.flag("include_balance", include_balance):
            body["include_balance"] = True
        if check.flag("include_ledgers", include_ledgers):
            body["include_ledgers"] = True
        return await self._data("POST", "/v2/contracts/get", Contract, body=body, idempotent=False)

    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> AsyncPager[Contract]:
        """The customer's contracts in chronological order, following ``cursor`` to the end; ``await`` it or
        ``.to_list()`` for a list. ``covering_date``: only those active then; ``starting_at``: only those
        starting then or later (not both). Archived contracts only with ``include_archived=True``.

        ``POST /v2/contracts/list``
        """
        body: dict[str, Any] = {"customer_id": check.text("customer_id", customer_id)}
        for flag, value in (
            ("include_archived", include_archived),
            ("include_balance", include_balance),
            ("include_ledgers", include_ledgers),
        ):
            if check.flag(flag, value):
                body[flag] = True
        if covering_date is not None and starting_at is not None:
            raise ValueError("give covering_date or starting_at, not both")
        if covering_date is not None:
            body["covering_date"] = timestamp("covering_date", covering_date)
        if starting_at is not None:
            body["starting_at"] = timestamp("starting_at", starting_at)
        if limit is not None:
            body["limit"] = check.page_size("limit", limit, maximum=MAX_CONTRACTS_PAGE)
        return follow(
            self._transport,
            "POST",
            "/v2/contracts/list",
            _CONTRACTS_PAGE,
            body=body,
            cursor="cursor",
            in_body=True,
        )

    async def update_end_date(
        self,
        customer_id: str,
        contract_id: str,
        *,
        ending_before: datetime | str | None = None,
        allow_ending_before_finalized_invoice: bool = False,
    ) -> None:
        """End the contract before ``ending_before`` (exclusive); without it, it becomes open-ended.

        ``POST /v1/contracts/updateEndDate``
        """
        body: dict[str, Any] = _ids(customer_id, contract_id)
        if ending_before is not None:
            body["ending_before"] = timestamp("ending_before", ending_before)
        if check.flag("allow_ending_before_finalized_invoice", allow_ending_before_finalized_invoice):
            body["allow_ending_before_finalized_invoice"] = True
        await self._transport.request("POST", "/v1/contracts/updateEndDate", body=body)

    async def archive(self, customer_id: str, contract_id: str, *, void_invoices: bool) -> None:
        """Archive a contract; ``void_invoices`` (required) says whether its invoices are voided too.

        ``POST /v1/contracts/archive``
        """
        body = {**_ids(customer_id, contract_id), "void_invoices": check.flag("void_invoices", void_invoices)}
        await self._transport.request("POST", "/v1/contracts/archive", body=body)


def _ids(customer_id: str, contract_id: str) -> dict[str, Any]:
    return {
        "customer_id": check.text("customer_id", customer_id),
        "contract_id": check.text("contract_id", contract_id),
    }


_CONTRACTS_PAGE = pages(Contract, cursor="cursor")
"""A v2 listing's page: ``data`` and the next page's ``cursor`` (null on the last), sent back in the body."""
