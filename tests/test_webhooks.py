"""Webhook verification and typed events: the published test vector, every rejection with its message, and
each documented event family."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from multidict import CIMultiDict

from metronome_async.errors import WebhookVerificationError
from metronome_async.webhooks import (
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
    Webhooks,
    sign,
    unwrap,
    verify_signature,
)

SECRET = "correct-horse-battery-staple"
VECTOR_DATE = "Mon, 02 Jan 2006 22:04:05 GMT"
VECTOR_SENT = datetime(2006, 1, 2, 22, 4, 5, tzinfo=timezone.utc)
VECTOR_SIGNATURE = "b82652fa2246cf1d8a27e591f155c865f68b46c19b9213fd9c052f2419b4742b"
VECTOR_BODY = json.dumps(
    {
        "id": "b2c9e307-624e-4e7d-a5a4-1b74107d78c4",
        "type": "widget_created",
        "properties": {
            "customer_id": "5f794d50-085a-4db6-8d15-286e518b7225",
            "widget_id": "0891458d-b6f0-4fdd-a41e-380aae1a1e38",
        },
    },
    indent=2,
)
VECTOR_HEADERS = {"Metronome-Webhook-Signature": VECTOR_SIGNATURE, "X-Metronome-Date": VECTOR_DATE}


@pytest.fixture(autouse=True)
def _no_env_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METRONOME_WEBHOOK_SECRET", raising=False)


def rejection(
    body: Any = VECTOR_BODY,
    headers: Any = None,
    secret: str | None = SECRET,
    now: datetime = VECTOR_SENT,
) -> str:
    """The message of the WebhookVerificationError this delivery raises; it never contains the secret."""
    with pytest.raises(WebhookVerificationError) as caught:
        verify_signature(body, VECTOR_HEADERS if headers is None else headers, secret, now=now)
    message = str(caught.value)
    assert SECRET not in message
    return message


def delivery(payload: dict[str, Any]) -> tuple[str, dict[str, str]]:
    body = json.dumps(payload)
    return body, sign(body, SECRET)


def event_of(payload: dict[str, Any]) -> WebhookEvent:
    return unwrap(*delivery(payload), SECRET)


# --- the signature ---------------------------------------------------------------------------------------


def test_published_vector_verifies() -> None:
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, now=VECTOR_SENT + timedelta(seconds=30))


def test_sign_reproduces_the_published_vector() -> None:
    assert sign(VECTOR_BODY, SECRET, date=VECTOR_SENT) == {
        "Metronome-Webhook-Signature": VECTOR_SIGNATURE,
        "X-Metronome-Date": VECTOR_DATE,
        "Date": VECTOR_DATE,
    }


def test_bytes_and_str_bodies_both_verify() -> None:
    verify_signature(VECTOR_BODY.encode(), VECTOR_HEADERS, SECRET, now=VECTOR_SENT)
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, now=VECTOR_SENT)


def test_non_ascii_str_body_is_signed_as_utf8() -> None:
    body = '{"id": "1", "type": "x", "properties": {"name": "Zoë"}}'
    headers = sign(body.encode("utf-8"), SECRET)
    verify_signature(body, headers, SECRET)


def test_tampered_body_is_rejected() -> None:
    assert rejection(body=VECTOR_BODY.replace("widget_created", "widget_deleted")).startswith(
        "signature mismatch"
    )


def test_reserialised_json_is_rejected() -> None:
    compact = json.dumps(json.loads(VECTOR_BODY))
    assert rejection(body=compact).startswith("signature mismatch")


def test_wrong_secret_is_rejected() -> None:
    assert rejection(secret="incorrect-horse").startswith("signature mismatch")


def test_wrong_signature_of_odd_shape_is_a_mismatch_not_a_crash() -> None:
    headers = {**VECTOR_HEADERS, "Metronome-Webhook-Signature": "zoë-not-hex"}
    assert rejection(headers=headers).startswith("signature mismatch")


def test_uppercase_hex_signature_verifies() -> None:
    headers = {**VECTOR_HEADERS, "Metronome-Webhook-Signature": VECTOR_SIGNATURE.upper()}
    verify_signature(VECTOR_BODY, headers, SECRET, now=VECTOR_SENT)


@pytest.mark.parametrize("minutes", [4, -4])
def test_dates_within_five_minutes_are_accepted(minutes: int) -> None:
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, now=VECTOR_SENT + timedelta(minutes=minutes))


def test_date_six_minutes_old_is_rejected() -> None:
    message = rejection(now=VECTOR_SENT + timedelta(minutes=6))
    assert message.startswith("date too old") and "360s" in message


def test_date_six_minutes_in_the_future_is_rejected() -> None:
    message = rejection(now=VECTOR_SENT - timedelta(minutes=6))
    assert message.startswith("date in the future") and "360s" in message


def test_tolerance_is_configurable() -> None:
    later = VECTOR_SENT + timedelta(minutes=6)
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, tolerance=600, now=later)
    with pytest.raises(WebhookVerificationError, match="too old"):
        eleven_seconds = VECTOR_SENT + timedelta(seconds=11)
        verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, tolerance=10, now=eleven_seconds)


def test_an_infinite_tolerance_accepts_a_delivery_of_any_age() -> None:
    years_later = VECTOR_SENT + timedelta(days=3650)
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, tolerance=float("inf"), now=years_later)
    with pytest.raises(WebhookVerificationError, match="signature mismatch"):  # the signature still counts
        verify_signature(VECTOR_BODY + " ", VECTOR_HEADERS, SECRET, tolerance=float("inf"), now=years_later)


@pytest.mark.parametrize("tolerance", [-1, float("nan"), float("-inf"), "300", "inf", True])
def test_bad_tolerance_is_a_value_error(tolerance: Any) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        verify_signature(VECTOR_BODY, VECTOR_HEADERS, SECRET, tolerance=tolerance, now=VECTOR_SENT)


def test_missing_signature_header_is_rejected() -> None:
    message = rejection(headers={"X-Metronome-Date": VECTOR_DATE})
    assert message == "missing signature header: Metronome-Webhook-Signature"


def test_missing_date_header_is_rejected() -> None:
    message = rejection(headers={"Metronome-Webhook-Signature": VECTOR_SIGNATURE})
    assert message == "missing date header: neither X-Metronome-Date nor Date"


def test_unparseable_date_is_rejected() -> None:
    headers = {**VECTOR_HEADERS, "X-Metronome-Date": "2006-01-02T22:04:05Z"}
    assert rejection(headers=headers).startswith("unparseable date header")


def test_date_header_fallback() -> None:
    headers = {"Metronome-Webhook-Signature": VECTOR_SIGNATURE, "Date": VECTOR_DATE}
    verify_signature(VECTOR_BODY, headers, SECRET, now=VECTOR_SENT)


def test_x_metronome_date_wins_over_a_date_rewritten_by_a_proxy() -> None:
    headers = {**VECTOR_HEADERS, "Date": "Tue, 03 Jan 2006 10:00:00 GMT"}
    verify_signature(VECTOR_BODY, headers, SECRET, now=VECTOR_SENT)


@pytest.mark.parametrize(
    "headers",
    [
        {"metronome-webhook-signature": VECTOR_SIGNATURE, "x-metronome-date": VECTOR_DATE},
        {"METRONOME-WEBHOOK-SIGNATURE": VECTOR_SIGNATURE, "X-METRONOME-DATE": VECTOR_DATE},
        {"metronome-webhook-signature": VECTOR_SIGNATURE, "date": VECTOR_DATE},
        [("Metronome-Webhook-Signature", VECTOR_SIGNATURE), ("x-metronome-date", VECTOR_DATE)],
        CIMultiDict(VECTOR_HEADERS),
    ],
    ids=["lower", "upper", "lower-date", "pairs", "multidict"],
)
def test_header_names_match_in_any_case_and_container(headers: Any) -> None:
    verify_signature(VECTOR_BODY, headers, SECRET, now=VECTOR_SENT)


def test_body_that_is_not_bytes_or_str_is_rejected() -> None:
    message = rejection(body=json.loads(VECTOR_BODY))
    assert message.startswith("body must be the raw bytes or str") and "dict" in message


def test_missing_secret_is_rejected() -> None:
    message = rejection(secret=None)
    assert "no webhook secret" in message and "METRONOME_WEBHOOK_SECRET" in message
    assert "no webhook secret" in rejection(secret="")


def test_secret_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRONOME_WEBHOOK_SECRET", SECRET)
    verify_signature(VECTOR_BODY, VECTOR_HEADERS, now=VECTOR_SENT)
    assert unwrap(VECTOR_BODY, VECTOR_HEADERS, now=VECTOR_SENT).type == "widget_created"


def test_checks_run_in_the_reference_order() -> None:
    # secret, then headers, then date parse, then body type, then tolerance, then signature
    assert "no webhook secret" in rejection(headers={}, secret=None)
    assert rejection(headers={}, body=object()).startswith("missing date header")
    garbled = {**VECTOR_HEADERS, "X-Metronome-Date": "soon"}
    assert rejection(headers=garbled, body=object()).startswith("unparseable date header")
    assert rejection(body=object(), now=VECTOR_SENT + timedelta(days=1)).startswith("body must be")
    wrong = "incorrect-horse"
    assert rejection(secret=wrong, now=VECTOR_SENT + timedelta(days=1)).startswith("date too old")


def test_sign_refuses_a_naive_date() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sign(VECTOR_BODY, SECRET, date=datetime(2006, 1, 2, 22, 4, 5))


def test_sign_defaults_to_now_and_verifies() -> None:
    body, headers = delivery({"id": "1", "type": "x"})
    verify_signature(body, headers, SECRET)


# --- unwrap and the Webhooks object ----------------------------------------------------------------------


def test_unwrap_verifies_first() -> None:
    body, headers = delivery({"id": "1", "type": "invoice.finalized"})
    with pytest.raises(WebhookVerificationError, match="signature mismatch"):
        unwrap(body + " ", headers, SECRET)


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "", "\xff"])
def test_unwrap_refuses_a_body_that_is_not_a_json_object(body: str) -> None:
    with pytest.raises(WebhookVerificationError, match=r"^body is not a JSON object$"):
        unwrap(body, sign(body, SECRET), SECRET)


@pytest.mark.parametrize(
    "payload",
    [{"type": "x"}, {"id": 1, "type": "x"}, {"id": "1"}, {"id": "1", "type": "x", "properties": []}],
)
def test_unwrap_refuses_an_object_that_is_not_an_event(payload: dict[str, Any]) -> None:
    with pytest.raises(WebhookVerificationError, match=r"^body is not a webhook event"):
        event_of(payload)


def test_webhooks_object_defaults_to_the_client_secret() -> None:
    webhooks = Webhooks(SECRET)
    body, headers = delivery({"id": "1", "type": "invoice.finalized"})
    assert isinstance(webhooks.unwrap(body, headers), InvoiceFinalized)
    webhooks.verify_signature(body, headers)
    other = sign(body, "another-secret")
    webhooks.verify_signature(body, other, "another-secret")
    with pytest.raises(WebhookVerificationError, match="signature mismatch"):
        webhooks.verify_signature(body, other)


def test_webhooks_object_tolerance_and_now() -> None:
    webhooks = Webhooks(SECRET)
    later = VECTOR_SENT + timedelta(minutes=6)
    assert webhooks.unwrap(VECTOR_BODY, VECTOR_HEADERS, None, tolerance=600, now=later).id.startswith("b2c9")
    with pytest.raises(WebhookVerificationError, match="too old"):
        webhooks.verify_signature(VECTOR_BODY, VECTOR_HEADERS, now=later)


def test_webhooks_object_without_secret_says_how_to_give_one() -> None:
    with pytest.raises(WebhookVerificationError, match="no webhook secret"):
        Webhooks(None).unwrap(VECTOR_BODY, VECTOR_HEADERS, now=VECTOR_SENT)


def test_webhooks_repr_hides_the_secret() -> None:
    assert SECRET not in repr(Webhooks(SECRET))
    assert repr(Webhooks(None)) == "Webhooks(secret=None)"


# --- typed events ----------------------------------------------------------------------------------------


def test_unknown_type_is_a_generic_event() -> None:
    event = unwrap(VECTOR_BODY, VECTOR_HEADERS, SECRET, now=VECTOR_SENT)
    assert type(event) is WebhookEvent
    assert event.id == "b2c9e307-624e-4e7d-a5a4-1b74107d78c4"
    assert event.type == "widget_created"
    assert event.properties["widget_id"] == "0891458d-b6f0-4fdd-a41e-380aae1a1e38"


@pytest.mark.parametrize(
    "guide_name",
    ["invoice.payment_failed", "customer.plan.added", "customer.plan.ended", "alert.triggered"],
)
def test_the_guides_invented_names_are_unknown_types(guide_name: str) -> None:
    assert guide_name not in KNOWN_EVENT_TYPES
    event = event_of({"id": "1", "type": guide_name, "properties": {"customer_id": "c"}})
    assert type(event) is WebhookEvent
    assert event.properties == {"customer_id": "c"}


def test_invoice_finalized() -> None:
    event = event_of(
        {
            "id": "fc00bd44",
            "type": "invoice.finalized",
            "properties": {
                "invoice_id": "inv-1",
                "customer_id": "cus-1",
                "invoice_finalized_date": "2024-02-01T00:00:00.000Z",
            },
        }
    )
    assert isinstance(event, InvoiceFinalized)
    assert event.invoice_id == "inv-1" and event.customer_id == "cus-1"
    assert event.invoice_finalized_date == datetime(2024, 2, 1, tzinfo=timezone.utc)
    assert event.type == EventType.INVOICE_FINALIZED


def test_invoice_billing_provider_error() -> None:
    event = event_of(
        {
            "id": "c941cccc",
            "type": "invoice.billing_provider_error",
            "properties": {
                "invoice_id": "inv-1",
                "customer_id": "cus-1",
                "billing_provider": "STRIPE",
                "billing_provider_error": "No such customer: 'cus_PQ'",
            },
        }
    )
    assert isinstance(event, InvoiceBillingProviderError)
    assert event.billing_provider == "STRIPE"
    assert event.billing_provider_error == "No such customer: 'cus_PQ'"


@pytest.mark.parametrize("alert_type", list(AlertType))
def test_every_alert_type_is_an_alert_event(alert_type: AlertType) -> None:
    event = event_of({"id": "1", "type": f"alerts.{alert_type.value}", "properties": {}})
    assert isinstance(event, AlertEvent)
    assert event.alert_type is alert_type
    assert event.type in KNOWN_EVENT_TYPES


def test_alert_properties_are_typed_and_specific_ones_kept() -> None:
    properties = {
        "customer_id": "ac39ecc3",
        "alert_id": "445b849e",
        "timestamp": "2024-10-07T15:08:44.865Z",
        "threshold": 20000,
        "alert_name": "Credit balance low",
        "credit_type_id": "2714e483",
        "remaining_balance": 5000,
        "triggered_by": "usage",
        "seat_group": "engineering",
    }
    event = event_of(
        {"id": "445b849e", "type": "alerts.low_remaining_credit_percentage_reached", "properties": properties}
    )
    assert isinstance(event, AlertEvent)
    assert (event.customer_id, event.alert_id) == ("ac39ecc3", "445b849e")
    assert event.alert_name == "Credit balance low"
    assert event.threshold == 20000 and event.remaining_balance == 5000
    assert event.timestamp == datetime(2024, 10, 7, 15, 8, 44, 865000, tzinfo=timezone.utc)
    assert event.properties == properties


def test_an_alert_type_added_later_still_parses_as_an_alert() -> None:
    event = event_of({"id": "1", "type": "alerts.new_kind_reached", "properties": {"alert_id": "a"}})
    assert isinstance(event, AlertEvent)
    assert event.alert_type == "new_kind_reached" and event.alert_id == "a"


@pytest.mark.parametrize("event_type", ["contract.create", "contract.start", "contract.edit", "commit.edit"])
def test_system_notifications_without_properties(event_type: str) -> None:
    # System notifications carry their fields beside id and type, without "properties".
    event = event_of({"id": "1", "type": event_type, "customer_id": "cus-1", "contract_id": "con-1"})
    assert isinstance(event, ContractEvent)
    assert (event.customer_id, event.contract_id) == ("cus-1", "con-1")
    assert event.properties == {"customer_id": "cus-1", "contract_id": "con-1"}


def test_credit_edit_with_properties() -> None:
    event = event_of({"id": "1", "type": "credit.edit", "properties": {"contract_id": "con-1", "x": 1}})
    assert isinstance(event, ContractEvent) and event.contract_id == "con-1"
    assert event.customer_id is None and event.properties["x"] == 1


@pytest.mark.parametrize(
    "event_type",
    [
        "payment_gate.external_initiate",
        "payment_gate.payment_status",
        "payment_gate.payment_pending_action_required",
        "payment_gate.threshold_reached",
    ],
)
def test_payment_gate_events(event_type: str) -> None:
    properties = {"workflow_id": "5576ba1f", "payment_status": "paid", "customer_id": "cus-1"}
    event = event_of({"id": "1", "type": event_type, "properties": properties})
    assert isinstance(event, PaymentGateEvent)
    assert (event.workflow_id, event.payment_status, event.customer_id) == ("5576ba1f", "paid", "cus-1")


@pytest.mark.parametrize("marketplace", ["aws", "azure"])
def test_marketplace_metering_disabled(marketplace: str) -> None:
    event_type = f"marketplaces.{marketplace}_metering_disabled"
    event = event_of({"id": "1", "type": event_type, "properties": {"customer_id": "cus-1"}})
    assert isinstance(event, MarketplaceMeteringDisabled)
    assert event.marketplace == marketplace and event.customer_id == "cus-1"


def test_known_type_with_missing_properties_still_parses() -> None:
    event = event_of({"id": "1", "type": "invoice.finalized"})
    assert isinstance(event, InvoiceFinalized)
    assert event.invoice_id is None and event.properties == {}


def test_malformed_property_leaves_the_attribute_none_and_keeps_the_raw_value() -> None:
    properties = {"invoice_id": "inv-1", "invoice_finalized_date": "last tuesday", "new_field": [1]}
    event = event_of({"id": "1", "type": "invoice.finalized", "properties": properties})
    assert isinstance(event, InvoiceFinalized)
    assert event.invoice_id == "inv-1" and event.invoice_finalized_date is None
    assert event.properties == properties


def test_known_types_are_in_one_list() -> None:
    assert len([t for t in KNOWN_EVENT_TYPES if t.startswith("alerts.")]) == 16
    assert {t.value for t in EventType} <= KNOWN_EVENT_TYPES
    assert {"contract.create", "contract.start", "contract.edit", "commit.edit", "credit.edit"} <= (
        KNOWN_EVENT_TYPES
    )


def test_events_work_with_match() -> None:
    def describe(event: WebhookEvent) -> str:
        match event:
            case InvoiceFinalized(invoice_id=invoice_id):
                return f"invoice {invoice_id}"
            case AlertEvent(alert_type=AlertType.SPEND_THRESHOLD_REACHED, customer_id=customer_id):
                return f"spend alert for {customer_id}"
            case _:
                return f"other {event.type}"

    invoice = {"id": "1", "type": "invoice.finalized", "properties": {"invoice_id": "i"}}
    assert describe(event_of(invoice)) == "invoice i"
    alert = {"id": "2", "type": "alerts.spend_threshold_reached", "properties": {"customer_id": "c"}}
    assert describe(event_of(alert)) == "spend alert for c"
    assert describe(event_of({"id": "3", "type": "widget_created"})) == "other widget_created"
