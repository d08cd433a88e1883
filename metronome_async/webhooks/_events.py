"""Webhook events as attrs classes: the ``{"id", "type", "properties"}`` envelope, and typed subclasses for
the documented types. Parsing never fails on content: an unknown type is a plain ``WebhookEvent``, a missing
or malformed property leaves its attribute ``None``, and every property stays in ``properties`` as sent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from metronome_async._core.serde import converter
from metronome_async.errors import WebhookVerificationError
from metronome_async.models import WireEnum

__all__ = [
    "KNOWN_EVENT_TYPES",
    "AlertEvent",
    "AlertType",
    "ContractEvent",
    "EventType",
    "InvoiceBillingProviderError",
    "InvoiceFinalized",
    "MarketplaceMeteringDisabled",
    "PaymentGateEvent",
    "WebhookEvent",
    "parse_event",
]

ALERTS_PREFIX = "alerts."


# --- the known type names, in one place --------------------------------------------------------------------


class EventType(WireEnum):
    """Every documented webhook type except alerts, which arrive as ``alerts.<AlertType>``.
    (The integration guide's ``invoice.payment_failed``, ``customer.plan.*`` and ``alert.triggered`` are not
    Metronome types, so they are not here.)"""

    INVOICE_FINALIZED = "invoice.finalized"
    INVOICE_BILLING_PROVIDER_ERROR = "invoice.billing_provider_error"
    CONTRACT_CREATE = "contract.create"
    CONTRACT_START = "contract.start"
    CONTRACT_EDIT = "contract.edit"
    CONTRACT_END = "contract.end"
    CONTRACT_ARCHIVE = "contract.archive"
    COMMIT_CREATE = "commit.create"
    COMMIT_EDIT = "commit.edit"
    COMMIT_ARCHIVE = "commit.archive"
    COMMIT_SEGMENT_START = "commit.segment.start"
    COMMIT_SEGMENT_END = "commit.segment.end"
    CREDIT_CREATE = "credit.create"
    CREDIT_EDIT = "credit.edit"
    CREDIT_ARCHIVE = "credit.archive"
    CREDIT_SEGMENT_START = "credit.segment.start"
    CREDIT_SEGMENT_END = "credit.segment.end"
    PAYMENT_GATE_THRESHOLD_REACHED = "payment_gate.threshold_reached"
    PAYMENT_GATE_PAYMENT_STATUS = "payment_gate.payment_status"
    PAYMENT_GATE_PAYMENT_PENDING_ACTION_REQUIRED = "payment_gate.payment_pending_action_required"
    PAYMENT_GATE_EXTERNAL_INITIATE = "payment_gate.external_initiate"
    MARKETPLACES_AWS_METERING_DISABLED = "marketplaces.aws_metering_disabled"
    MARKETPLACES_AZURE_METERING_DISABLED = "marketplaces.azure_metering_disabled"


class AlertType(WireEnum):
    """The alert types of ``alerts.create``; an alert webhook's type is ``"alerts." + value``."""

    LOW_CREDIT_BALANCE_REACHED = "low_credit_balance_reached"
    SPEND_THRESHOLD_REACHED = "spend_threshold_reached"
    MONTHLY_INVOICE_TOTAL_SPEND_THRESHOLD_REACHED = "monthly_invoice_total_spend_threshold_reached"
    LOW_REMAINING_DAYS_IN_PLAN_REACHED = "low_remaining_days_in_plan_reached"
    LOW_REMAINING_CREDIT_PERCENTAGE_REACHED = "low_remaining_credit_percentage_reached"
    USAGE_THRESHOLD_REACHED = "usage_threshold_reached"
    LOW_REMAINING_DAYS_FOR_COMMIT_SEGMENT_REACHED = "low_remaining_days_for_commit_segment_reached"
    LOW_REMAINING_COMMIT_BALANCE_REACHED = "low_remaining_commit_balance_reached"
    LOW_REMAINING_COMMIT_PERCENTAGE_REACHED = "low_remaining_commit_percentage_reached"
    LOW_REMAINING_DAYS_FOR_CONTRACT_CREDIT_SEGMENT_REACHED = (
        "low_remaining_days_for_contract_credit_segment_reached"
    )
    LOW_REMAINING_CONTRACT_CREDIT_BALANCE_REACHED = "low_remaining_contract_credit_balance_reached"
    LOW_REMAINING_CONTRACT_CREDIT_PERCENTAGE_REACHED = "low_remaining_contract_credit_percentage_reached"
    LOW_REMAINING_CONTRACT_CREDIT_AND_COMMIT_BALANCE_REACHED = (
        "low_remaining_contract_credit_and_commit_balance_reached"
    )
    LOW_REMAINING_CONTRACT_CREDIT_AND_COMMIT_PERCENTAGE_REACHED = (
        "low_remaining_contract_credit_and_commit_percentage_reached"
    )
    INVOICE_TOTAL_REACHED = "invoice_total_reached"
    LOW_REMAINING_SEAT_BALANCE_REACHED = "low_remaining_seat_balance_reached"


KNOWN_EVENT_TYPES: frozenset[str] = frozenset(
    [t.value for t in EventType] + [ALERTS_PREFIX + a.value for a in AlertType]
)


def _types(*families: str) -> tuple[EventType, ...]:
    """The known types whose first dotted part is one of ``families``."""
    return tuple(t for t in EventType if t.value.split(".", 1)[0] in families)


# --- the classes -------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """Any webhook. ``properties`` holds the payload's properties as received; system notifications
    (contract/commit/credit), which carry their fields at the top level, get those fields here instead."""

    event_types: ClassVar[tuple[EventType, ...]] = ()

    id: str
    type: str
    properties: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class InvoiceFinalized(WebhookEvent):
    """``invoice.finalized`` (beta): an invoice was finalized, after the grace period."""

    event_types = (EventType.INVOICE_FINALIZED,)

    invoice_id: str | None = None
    customer_id: str | None = None
    invoice_finalized_date: datetime | None = None


@attrs.frozen(kw_only=True)
class InvoiceBillingProviderError(WebhookEvent):
    """``invoice.billing_provider_error``: sending an invoice to Stripe failed."""

    event_types = (EventType.INVOICE_BILLING_PROVIDER_ERROR,)

    invoice_id: str | None = None
    customer_id: str | None = None
    billing_provider: str | None = None
    billing_provider_error: str | None = None


@attrs.frozen(kw_only=True)
class AlertEvent(WebhookEvent):
    """``alerts.<alert_type>``: an alert went from ok to in_alarm. Types this SDK does not know yet still
    parse as an ``AlertEvent``; fields specific to one alert type stay in ``properties``."""

    customer_id: str | None = None
    alert_id: str | None = None
    alert_name: str | None = None
    credit_type_id: str | None = None
    threshold: float | None = None
    remaining_balance: float | None = None
    triggered_by: str | None = None
    timestamp: datetime | None = None

    @property
    def alert_type(self) -> AlertType | str:
        """The part after ``alerts.``: an ``AlertType``, or the raw string for a type added since."""
        suffix = self.type.removeprefix(ALERTS_PREFIX)
        return AlertType(suffix) if suffix in _ALERT_VALUES else suffix


@attrs.frozen(kw_only=True)
class ContractEvent(WebhookEvent):
    """``contract.*``, ``commit.*`` and ``credit.*`` system notifications."""

    event_types = _types("contract", "commit", "credit")

    customer_id: str | None = None
    contract_id: str | None = None
    timestamp: datetime | None = None


@attrs.frozen(kw_only=True)
class PaymentGateEvent(WebhookEvent):
    """``payment_gate.*``: threshold reached, payment status (``payment_status`` paid/failed), action
    required, or an external payment to make (release it later with ``workflow_id``)."""

    event_types = _types("payment_gate")

    customer_id: str | None = None
    contract_id: str | None = None
    workflow_id: str | None = None
    payment_status: str | None = None


@attrs.frozen(kw_only=True)
class MarketplaceMeteringDisabled(WebhookEvent):
    """``marketplaces.aws_metering_disabled`` / ``marketplaces.azure_metering_disabled``."""

    event_types = _types("marketplaces")

    customer_id: str | None = None

    @property
    def marketplace(self) -> str:
        """``"aws"`` or ``"azure"``."""
        return self.type.removeprefix("marketplaces.").removesuffix("_metering_disabled")


_ALERT_VALUES = frozenset(a.value for a in AlertType)
_TYPED: tuple[type[WebhookEvent], ...] = (
    InvoiceFinalized,
    InvoiceBillingProviderError,
    ContractEvent,
    PaymentGateEvent,
    MarketplaceMeteringDisabled,
)
_BY_TYPE: dict[str, type[WebhookEvent]] = {t.value: cls for cls in _TYPED for t in cls.event_types}
_ENVELOPE = frozenset(a.name for a in attrs.fields(WebhookEvent))
for _cls in (*_TYPED, AlertEvent):
    attrs.resolve_types(_cls)


# --- parsing -----------------------------------------------------------------------------------------------


def event_class(event_type: str) -> type[WebhookEvent]:
    """The class a webhook of this type parses into."""
    if event_type.startswith(ALERTS_PREFIX):  # an open family: Metronome adds alert types
        return AlertEvent
    return _BY_TYPE.get(event_type, WebhookEvent)


def parse_event(payload: Mapping[str, Any]) -> WebhookEvent:
    """A decoded webhook body as its event class. Only a body without a string ``id`` and ``type`` (or with a
    ``properties`` that is not an object) is refused, with ``WebhookVerificationError``."""
    event_id, event_type = payload.get("id"), payload.get("type")
    if not isinstance(event_id, str) or not isinstance(event_type, str):
        raise WebhookVerificationError("body is not a webhook event: 'id' and 'type' must be strings")
    properties = payload.get("properties")
    if properties is None:  # system notifications put their fields beside id and type
        properties = {key: value for key, value in payload.items() if key not in ("id", "type")}
    elif not isinstance(properties, dict):
        raise WebhookVerificationError("body is not a webhook event: 'properties' must be an object")
    cls = event_class(event_type)
    typed: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in _ENVELOPE or properties.get(field.name) is None:
            continue
        try:
            typed[field.name] = converter.structure(properties[field.name], field.type)
        except Exception:  # a malformed value leaves the attribute None; the raw value stays in properties
            continue
    return cls(id=event_id, type=event_type, properties=properties, **typed)
