"""Metronome webhooks: verify a delivery, get a typed event, or run a receiver with handlers.

from metronome_async.webhooks import unwrap, InvoiceFinalized, AlertEvent

event = unwrap(raw_body, headers)  # secret: argument, else METRONOME_WEBHOOK_SECRET
match event:
    case InvoiceFinalized(invoice_id=invoice_id): ...
    case AlertEvent(): print(event.alert_type)
    case _: ...  # any other type: event.id, event.type, event.properties
"""

from metronome_async.errors import WebhookVerificationError
from metronome_async.webhooks._dedupe import DedupeStore, InMemoryDedupeStore
from metronome_async.webhooks._events import (
    KNOWN_EVENT_TYPES,
    AlertEvent,
    AlertType,
    ContractEvent,
    EventType,
    InvoiceBillingProviderError,
    InvoiceFinalized,
    MarketplaceMeteringDisabled,
    PaymentGateEvent,
    WebhookEvent,
)
from metronome_async.webhooks._receiver import Handler, WebhookReceiver
from metronome_async.webhooks._signature import (
    DATE_HEADER,
    LEGACY_DATE_HEADER,
    SIGNATURE_HEADER,
    HeadersLike,
    sign,
    verify_signature,
)
from metronome_async.webhooks._unwrap import Webhooks, unwrap

__all__ = [
    "DATE_HEADER",
    "KNOWN_EVENT_TYPES",
    "LEGACY_DATE_HEADER",
    "SIGNATURE_HEADER",
    "AlertEvent",
    "AlertType",
    "ContractEvent",
    "DedupeStore",
    "EventType",
    "Handler",
    "HeadersLike",
    "InMemoryDedupeStore",
    "InvoiceBillingProviderError",
    "InvoiceFinalized",
    "MarketplaceMeteringDisabled",
    "PaymentGateEvent",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookVerificationError",
    "Webhooks",
    "sign",
    "unwrap",
    "verify_signature",
]
