"""``client.customers``: create, read, list, change and archive customers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import UNSET, Unset, omit_unset, wire_value
from metronome_async.models import BillableStatusValue, Customer, CustomerWithContract
from metronome_async.pagination import AsyncPager
from metronome_async.resources._base import query_flag
from metronome_async.resources.billing import (
    BILLING_PROVIDER_TYPES,
    LEGACY_BILLING_FIELDS,
    BillingConfigurationMethods,
    provider_configuration,
)
from metronome_async.resources.contracts import (
    CONTRACT_FIELDS,
    NOT_IN_COMPOSITE,
    contract_terms,
    mappings,
    timestamp,
)
from metronome_async.resources.custom_fields import set_values_body
from metronome_async.resources.customer_plans import CustomerPlans

MAX_FILTER_IDS = 100
BILLABLE_STATUSES = tuple(member.value for member in BillableStatusValue)
COMPOSITE_CUSTOMER_FIELDS = (
    "name",
    "ingest_aliases",
    "custom_fields",
    "billing_config",
    "customer_billing_provider_configurations",
    "customer_revenue_system_configurations",
)


class Customers(BillingConfigurationMethods):
    plans: CustomerPlans

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.plans = CustomerPlans(transport)

    async def create(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str] | None = None,
        external_id: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
        billing_config: Mapping[str, Any] | None = None,
        customer_billing_provider_configurations: Sequence[Mapping[str, Any]] | None = None,
        customer_revenue_system_configurations: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> Customer:
        """Create a customer. ``ingest_aliases`` are the ids usage events may name it by; they are unique
        across the account, so creating a second customer with one of them fails with ConflictError.

        ``POST /v1/customers``
        """
        body: dict[str, Any] = {"name": check.text("name", name)}
        if ingest_aliases is not None:
            body["ingest_aliases"] = check.ingest_aliases("ingest_aliases", ingest_aliases)
        if external_id is not None:
            body["external_id"] = check.text("external_id", external_id, max_length=128)
        if custom_fields is not None:
            body["custom_fields"] = check.custom_field_values("custom_fields", custom_fields)
        if billing_config is not None:
            body["billing_config"] = _legacy_billing_config(billing_config)
        if customer_billing_provider_configurations is not None:
            body["customer_billing_provider_configurations"] = [
                provider_configuration(
                    f"customer_billing_provider_configurations[{i}]", entry, require_customer=False
                )
                for i, entry in enumerate(customer_billing_provider_configurations)
            ]
        if customer_revenue_system_configurations is not None:
            configurations = customer_revenue_system_configurations
            body["customer_revenue_system_configurations"] = mappings(
                "customer_revenue_system_configurations", configurations
            )
        return await self._data("POST", "/v1/customers", Customer, body=body, idempotency_key=idempotency_key)

    async def retrieve(self, customer_id: str) -> Customer:
        """One customer by its Metronome id (NotFoundError if there is none).

        ``GET /v1/customers/{customer_id}``
        """
        return await self._data("GET", _customer_path(customer_id), Customer)

    def list(
        self,
        *,
        limit: int = 100,
        ingest_alias: str | None = None,
        customer_ids: Iterable[str] | None = None,
        only_archived: bool = False,
        salesforce_account_ids: Iterable[str] | None = None,
    ) -> AsyncPager[Customer]:
        """Every customer matching the filters, following ``next_page`` to the end. By default only active
        customers are listed; ``only_archived=True`` lists only archived ones. ``limit`` is the page size.

        ``GET /v1/customers``
        """
        query = {"limit": str(check.page_size("limit", limit))}
        if ingest_alias is not None:
            query["ingest_alias"] = check.text("ingest_alias", ingest_alias)
        if customer_ids is not None:
            query["customer_ids"] = check.joined("customer_ids", customer_ids, max_items=MAX_FILTER_IDS)
        if salesforce_account_ids is not None:
            ids = check.joined("salesforce_account_ids", salesforce_account_ids, max_items=MAX_FILTER_IDS)
            query["salesforce_account_ids"] = ids
        if check.flag("only_archived", only_archived):
            query["only_archived"] = query_flag(True)
        return self._pager("GET", "/v1/customers", Customer, query)

    async def set_name(self, customer_id: str, *, name: str) -> Customer:
        """Rename a customer (Metronome keeps the first 160 characters).

        ``POST /v1/customers/{customer_id}/setName``
        """
        body = {"name": check.text("name", name)}
        return await self._data("POST", f"{_customer_path(customer_id)}/setName", Customer, body=body)

    async def set_ingest_aliases(self, customer_id: str, *, ingest_aliases: Sequence[str]) -> None:
        """Replace the customer's ingest aliases with exactly these.

        ``POST /v1/customers/{customer_id}/setIngestAliases``
        """
        body = {"ingest_aliases": check.ingest_aliases("ingest_aliases", ingest_aliases)}
        await self._transport.request("POST", f"{_customer_path(customer_id)}/setIngestAliases", body=body)

    async def update_config(
        self,
        customer_id: str,
        *,
        salesforce_account_id: str | None | Unset = UNSET,
        leave_stripe_invoices_in_draft: bool | None | Unset = UNSET,
    ) -> None:
        """Change configuration; a field left out is unchanged, ``None`` clears it.

        ``POST /v1/customers/{customer_id}/updateConfig``
        """
        body = _config_body(salesforce_account_id, leave_stripe_invoices_in_draft)
        await self._transport.request("POST", f"{_customer_path(customer_id)}/updateConfig", body=body)

    async def update(
        self,
        customer_id: str,
        *,
        name: str | Unset = UNSET,
        ingest_aliases: Sequence[str] | Unset = UNSET,
        custom_fields: Mapping[str, str] | Unset = UNSET,
        salesforce_account_id: str | None | Unset = UNSET,
    ) -> Customer:
        """Change only the given fields, through the single-purpose endpoints the API has, then return the
        customer as it now is. Every argument is checked before the first request."""
        path = _customer_path(customer_id)
        steps: list[tuple[str, Any]] = []
        if name is not UNSET:
            steps.append((f"{path}/setName", {"name": check.text("name", name)}))
        if ingest_aliases is not UNSET:
            steps.append(
                (
                    f"{path}/setIngestAliases",
                    {"ingest_aliases": check.ingest_aliases("ingest_aliases", ingest_aliases)},
                )
            )
        if custom_fields is not UNSET:
            steps.append(
                ("/v1/customFields/setValues", set_values_body("customer", customer_id, custom_fields))
            )
        if salesforce_account_id is not UNSET:
            steps.append((f"{path}/updateConfig", _config_body(salesforce_account_id, UNSET)))
        if not steps:
            raise ValueError(
                "update needs at least one of name, ingest_aliases, custom_fields, salesforce_account_id"
            )
        for step_path, body in steps:
            await self._transport.request("POST", step_path, body=body)
        return await self.retrieve(customer_id)

    async def archive(self, customer_id: str) -> None:
        """Archive a customer, irreversibly (its contracts too). Its ingest aliases stay reserved.

        ``POST /v1/customers/archive``
        """
        body = {"id": check.text("customer_id", customer_id)}
        await self._transport.request("POST", "/v1/customers/archive", body=body)

    async def set_billable_status(
        self, customer_id: str, *, billable_status: BillableStatusValue | str, effective_at: datetime | str
    ) -> None:
        """Make the customer billable or unbillable: usage invoices whose service period starts at or after
        ``effective_at`` follow the new status (``current_billable_status`` on the customer).

        ``POST /v1/customers/setBillableStatus``
        """
        body = {
            "customer_id": check.text("customer_id", customer_id),
            "billable_status": check.one_of("billable_status", billable_status, BILLABLE_STATUSES),
            "effective_at": timestamp("effective_at", effective_at),
        }
        await self._transport.request("POST", "/v1/customers/setBillableStatus", body=body)

    async def create_with_contract(
        self,
        *,
        customer: Mapping[str, Any],
        contract: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> CustomerWithContract:
        """Create a customer and its contract in one request: both are made or neither. ``customer`` holds
        ``create``'s fields (``name`` required); ``contract`` holds ``contracts.create``'s keyword arguments
        without ``customer_id`` (``starting_at`` required).

        ``POST /v1/composite/createCustomerWithContract``
        """
        body = {
            "customer": _composite_customer(customer),
            "contract": contract_terms(
                contract, lambda name: f"contract[{name!r}]", allowed=_COMPOSITE_CONTRACT_FIELDS
            ),
        }
        return await self._data(
            "POST",
            "/v1/composite/createCustomerWithContract",
            CustomerWithContract,
            body=body,
            idempotency_key=idempotency_key,
        )


_COMPOSITE_CONTRACT_FIELDS = frozenset(CONTRACT_FIELDS) - NOT_IN_COMPOSITE


def _composite_customer(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"customer must be a mapping of the customer's fields, not {type(value).__name__}")
    unknown = sorted(set(value) - set(COMPOSITE_CUSTOMER_FIELDS))
    if unknown:
        raise TypeError(f"unknown customer field(s): {', '.join(f'customer[{k!r}]' for k in unknown)}")
    given = {key: item for key, item in value.items() if item is not None}
    body: dict[str, Any] = {"name": check.text("customer['name']", given.get("name"))}
    if "ingest_aliases" in given:
        body["ingest_aliases"] = check.ingest_aliases("customer['ingest_aliases']", given["ingest_aliases"])
    if "custom_fields" in given:
        body["custom_fields"] = check.custom_field_values("customer['custom_fields']", given["custom_fields"])
    if "billing_config" in given:
        body["billing_config"] = _legacy_billing_config(given["billing_config"])
    if "customer_billing_provider_configurations" in given:
        name = "customer['customer_billing_provider_configurations']"
        body["customer_billing_provider_configurations"] = [
            provider_configuration(f"{name}[{i}]", entry, require_customer=False)
            for i, entry in enumerate(mappings(name, given["customer_billing_provider_configurations"]))
        ]
    if "customer_revenue_system_configurations" in given:
        name = "customer['customer_revenue_system_configurations']"
        body["customer_revenue_system_configurations"] = [
            _revenue_system_configuration(f"{name}[{i}]", entry)
            for i, entry in enumerate(mappings(name, given["customer_revenue_system_configurations"]))
        ]
    return body


def _customer_path(customer_id: str) -> str:
    return f"/v1/customers/{check.path_segment('customer_id', customer_id)}"


def _config_body(
    salesforce_account_id: str | None | Unset, leave_stripe_invoices_in_draft: bool | None | Unset
) -> dict[str, Any]:
    if salesforce_account_id not in (None, UNSET):
        check.text("salesforce_account_id", salesforce_account_id)
    if leave_stripe_invoices_in_draft not in (None, UNSET):
        check.flag("leave_stripe_invoices_in_draft", leave_stripe_invoices_in_draft)
    return omit_unset(
        {
            "salesforce_account_id": salesforce_account_id,
            "leave_stripe_invoices_in_draft": leave_stripe_invoices_in_draft,
        }
    )


def _legacy_billing_config(value: Mapping[str, Any]) -> dict[str, Any]:
    """The ``billing_config`` of create: a provider type and the customer's id in that provider, at least."""
    if not isinstance(value, Mapping):
        raise TypeError(f"billing_config must be a mapping, not {type(value).__name__}")
    config = {key: wire_value(item) for key, item in value.items() if item is not None}
    check.one_of(
        "billing_config['billing_provider_type']", config.get("billing_provider_type"), BILLING_PROVIDER_TYPES
    )
    check.text("billing_config['billing_provider_customer_id']", config.get("billing_provider_customer_id"))
    check.fields(config, LEGACY_BILLING_FIELDS, lambda field: f"billing_config[{field!r}]")
    return config


def _revenue_system_configuration(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    """One of ``customer_revenue_system_configurations`` (wire-ready): a provider, how invoices reach it."""
    check.one_of(f"{name}['provider']", entry.get("provider"), ("netsuite",))
    if entry.get("delivery_method") is None and entry.get("delivery_method_id") is None:
        raise ValueError(f"{name} needs 'delivery_method' or 'delivery_method_id'")
    check.fields(entry, _REVENUE_SYSTEM_DELIVERY, lambda field: f"{name}[{field!r}]")
    return entry


_REVENUE_SYSTEM_DELIVERY = {
    "delivery_method": check.choices(("direct_to_billing_provider",)),
    "delivery_method_id": check.text,
}
