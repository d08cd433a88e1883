"""Billing provider configurations (the contracts-era billing setup of a customer) and delivery methods."""

from __future__ import annotations

import uuid
from datetime import datetime

import attrs

from ._wire import DELIVERY_METHODS, ApiError, Wire, format_rfc3339

# Delivery methods are account-level objects; the fake gives each one a fixed id.
DELIVERY_METHOD_IDS = {
    m: str(uuid.uuid5(uuid.NAMESPACE_URL, f"metronome-fake:{m}")) for m in DELIVERY_METHODS
}
_DELIVERY_METHOD_BY_ID = {v: k for k, v in DELIVERY_METHOD_IDS.items()}


@attrs.frozen
class ProviderConfigInput:
    billing_provider: str
    configuration: Wire
    delivery_method: str | None
    delivery_method_id: str | None
    tax_provider: str | None

    def delivery(self) -> tuple[str, str]:
        """(delivery_method, delivery_method_id) from either or both; an unknown id is taken on trust."""
        method, method_id = self.delivery_method, self.delivery_method_id
        if method_id is None:
            assert method is not None, "the route requires delivery_method or delivery_method_id"
            return method, DELIVERY_METHOD_IDS[method]
        known = _DELIVERY_METHOD_BY_ID.get(method_id)
        if method is not None and known is not None and known != method:
            raise ApiError(400, f"delivery_method_id {method_id} is a {known} delivery method, not {method}")
        return known or method or "direct_to_billing_provider", method_id


@attrs.define
class ProviderConfig:
    id: str
    customer_id: str
    billing_provider: str
    configuration: Wire
    delivery_method: str
    delivery_method_id: str
    tax_provider: str | None
    archived_at: datetime | None = None

    def created_wire(self) -> Wire:
        wire = {
            "id": self.id,
            "billing_provider": self.billing_provider,
            "configuration": self.configuration,
            "customer_id": self.customer_id,
            "delivery_method_id": self.delivery_method_id,
        }
        return wire if self.tax_provider is None else {**wire, "tax_provider": self.tax_provider}

    def wire(self) -> Wire:
        return {
            "id": self.id,
            "archived_at": None if self.archived_at is None else format_rfc3339(self.archived_at),
            "billing_provider": self.billing_provider,
            "configuration": self.configuration,
            "customer_id": self.customer_id,
            "delivery_method": self.delivery_method,
            "delivery_method_configuration": {},
            "delivery_method_id": self.delivery_method_id,
        }


@attrs.frozen
class ProviderLookup:
    """How a contract names its customer's billing provider configuration: by id, or by provider and
    delivery method."""

    configuration_id: str | None = None
    billing_provider: str | None = None
    delivery_method: str | None = None

    def pick(self, configs: list[ProviderConfig]) -> ProviderConfig:
        """The one active configuration among `configs` (one customer's) this names; 400 if none."""
        active = [c for c in configs if c.archived_at is None]
        if self.configuration_id is not None:
            found = [c for c in active if c.id == self.configuration_id]
            what = f"billing provider configuration {self.configuration_id}"
        else:
            found = [
                c
                for c in active
                if c.billing_provider == self.billing_provider and c.delivery_method == self.delivery_method
            ]
            what = f"{self.billing_provider} configuration delivered by {self.delivery_method}"
        if not found:
            raise ApiError(400, f"billing_provider_configuration: the customer has no active {what}")
        if len(found) > 1:
            raise ApiError(
                400, f"billing_provider_configuration: the customer has several {what}s; name one by its id"
            )
        return found[0]
