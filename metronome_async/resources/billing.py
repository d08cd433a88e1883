"""A customer's billing configuration, in both of the API's forms; mixed into ``client.customers``."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import wire_value
from metronome_async.models import (
    BillingConfig,
    BillingProviderConfiguration,
    BillingProviderType,
    DeliveryMethod,
    StripeCollectionMethod,
    TaxProvider,
)
from metronome_async.resources._generated import customers as generated

# The enums of the official API's billing fields, for the checks before sending.
BILLING_PROVIDER_TYPES = tuple(member.value for member in BillingProviderType)
# The providers of a configuration made with a customer or for a contract (set_billing_provider_configurations
# takes every provider type).
CONFIGURABLE_PROVIDERS = ("aws_marketplace", "azure_marketplace", "gcp_marketplace", "stripe", "netsuite")
DELIVERY_METHODS = tuple(member.value for member in DeliveryMethod)
TAX_PROVIDERS = tuple(member.value for member in TaxProvider)
STRIPE_COLLECTION_METHODS = tuple(member.value for member in StripeCollectionMethod)
AWS_REGIONS = (
    "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1",
    "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1", "us-east-1",
    "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
)  # fmt: skip


_PROVIDER_CONFIGURATION_FIELDS = {
    "delivery_method": check.choices(DELIVERY_METHODS),
    "delivery_method_id": check.text,
    "tax_provider": check.choices(TAX_PROVIDERS),
}
LEGACY_BILLING_FIELDS = {
    "billing_provider_customer_id": check.text,
    "stripe_collection_method": check.choices(STRIPE_COLLECTION_METHODS),
    "aws_product_code": check.text,
    "aws_customer_id": check.text,
    "aws_customer_account_id": check.text,
    "aws_region": check.choices(AWS_REGIONS),
}
"""The fields of a legacy (per-provider) billing configuration, with their checks."""


def provider_configuration(name: str, value: Any, *, require_customer: bool) -> dict[str, Any]:
    """One entry of ``customer_billing_provider_configurations`` (a customer's) or, with
    ``require_customer``, of ``set_billing_provider_configurations``'s ``data``: checked and wire-ready."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    entry = {key: wire_value(item) for key, item in value.items() if item is not None}
    providers = BILLING_PROVIDER_TYPES if require_customer else CONFIGURABLE_PROVIDERS
    check.one_of(f"{name}['billing_provider']", entry.get("billing_provider"), providers)
    if require_customer:
        check.text(f"{name}['customer_id']", entry.get("customer_id"))
    if "delivery_method" not in entry and "delivery_method_id" not in entry:
        raise ValueError(f"{name} needs 'delivery_method' or 'delivery_method_id'")
    check.fields(entry, _PROVIDER_CONFIGURATION_FIELDS, lambda field: f"{name}[{field!r}]")
    if not isinstance(entry.get("configuration", {}), Mapping):
        raise TypeError(f"{name}['configuration'] must be a mapping")
    return entry


class BillingConfigurationMethods(generated.CustomersResource):
    # --- the per-provider form: /v1/customers/{id}/billing-config/{type} ---

    async def set_billing_config(
        self,
        customer_id: str,
        *,
        billing_provider_type: BillingProviderType | str,
        billing_provider_customer_id: str,
        stripe_collection_method: StripeCollectionMethod | str | None = None,
        aws_product_code: str | None = None,
        aws_customer_id: str | None = None,
        aws_customer_account_id: str | None = None,
        aws_region: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Connect the customer to an account in a billing provider (the guide's "set billing config").

        Deprecated by Metronome (Plans era): use ``set_billing_provider_configurations`` instead.

        ``POST /v1/customers/{customer_id}/billing-config/{billing_provider_type}``
        """
        path = _billing_config_path(customer_id, billing_provider_type)
        fields = {
            "billing_provider_customer_id": billing_provider_customer_id,
            "stripe_collection_method": stripe_collection_method,
            "aws_product_code": aws_product_code,
            "aws_customer_id": aws_customer_id,
            "aws_customer_account_id": aws_customer_account_id,
            "aws_region": aws_region,
        }
        check.text("billing_provider_customer_id", billing_provider_customer_id)
        check.fields(fields, LEGACY_BILLING_FIELDS)
        await self._transport.request(
            "POST",
            path,
            body={key: wire_value(value) for key, value in fields.items() if value is not None},
            idempotency_key=idempotency_key,
        )

    async def retrieve_billing_config(
        self, customer_id: str, billing_provider_type: BillingProviderType | str
    ) -> BillingConfig:
        """The customer's legacy billing configuration for one provider (NotFoundError if none).

        Deprecated by Metronome (Plans era): use ``retrieve_billing_provider_configurations`` instead.

        ``GET /v1/customers/{customer_id}/billing-config/{billing_provider_type}``
        """
        return await self._data(
            "GET", _billing_config_path(customer_id, billing_provider_type), BillingConfig
        )

    async def delete_billing_config(
        self, customer_id: str, billing_provider_type: BillingProviderType | str
    ) -> None:
        """Remove the customer's legacy billing configuration for one provider.

        Deprecated by Metronome (Plans era): use ``archive_billing_provider_configurations`` instead.

        ``DELETE /v1/customers/{customer_id}/billing-config/{billing_provider_type}``
        """
        await self._transport.request("DELETE", _billing_config_path(customer_id, billing_provider_type))

    # --- the provider-configuration form (current) ---

    async def set_billing_provider_configurations(
        self, *, data: Sequence[Mapping[str, Any]], idempotency_key: str | None = None
    ) -> builtins.list[BillingProviderConfiguration]:
        """Create provider configurations; each entry names ``customer_id``, ``billing_provider``,
        ``configuration`` and ``delivery_method`` or ``delivery_method_id``.

        ``POST /v1/setCustomerBillingProviderConfigurations``
        """
        entries = _entries("data", data)
        body = {"data": [provider_configuration(f"data[{i}]", e, require_customer=True) for i, e in entries]}
        return await self._items(
            "POST",
            "/v1/setCustomerBillingProviderConfigurations",
            BillingProviderConfiguration,
            body=body,
            idempotency_key=idempotency_key,
        )

    async def retrieve_billing_provider_configurations(
        self, customer_id: str, *, include_archived: bool = False
    ) -> builtins.list[BillingProviderConfiguration]:
        """The customer's provider configurations; archived ones too with ``include_archived=True``.

        ``POST /v1/getCustomerBillingProviderConfigurations``
        """
        body: dict[str, Any] = {"customer_id": check.text("customer_id", customer_id)}
        if check.flag("include_archived", include_archived):
            body["include_archived"] = True
        return await self._items(
            "POST",
            "/v1/getCustomerBillingProviderConfigurations",
            BillingProviderConfiguration,
            body=body,
            idempotent=False,
        )

    async def archive_billing_provider_configurations(
        self, customer_id: str, *, customer_billing_provider_configuration_ids: Iterable[str]
    ) -> None:
        """Archive configurations at once, all or none.

        ``POST /v1/archiveCustomerBillingProviderConfigurations``
        """
        body = {
            "customer_id": check.text("customer_id", customer_id),
            "customer_billing_provider_configuration_ids": check.strings(
                "customer_billing_provider_configuration_ids", customer_billing_provider_configuration_ids
            ),
        }
        await self._transport.request("POST", "/v1/archiveCustomerBillingProviderConfigurations", body=body)


def _billing_config_path(customer_id: str, billing_provider_type: BillingProviderType | str) -> str:
    provider = check.one_of("billing_provider_type", billing_provider_type, BILLING_PROVIDER_TYPES)
    return f"/v1/customers/{check.path_segment('customer_id', customer_id)}/billing-config/{provider}"


def _entries(name: str, values: Any) -> builtins.list[tuple[int, Any]]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of mappings, not {type(values).__name__}")
    entries = list(enumerate(values))
    if not entries:
        raise ValueError(f"{name} must not be empty")
    return entries
