"""Wire-level pieces shared by every layer of the fake: replies, API errors, RFC 3339 times, ids."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

import attrs

from metronome_async._core import serde

Wire = dict[str, Any]  # a JSON object as sent or answered
Page = tuple[list[Wire], str | None]  # one page of a listing and the token of the next, if any


@attrs.frozen
class Reply:
    """One HTTP answer: `body` is a JSON value, or None for an empty body, or bytes of `content_type`."""

    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"

    def encode(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return b"" if self.body is None else json.dumps(self.body, separators=(",", ":")).encode()


class ApiError(Exception):
    """A broken API rule; answered as `{"message": ...}` with `status`, plus `"code"` where the
    operation's spec declares one (the v2 contract reads)."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: tuple[tuple[str, str], ...] = (),
        *,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        self.code = code

    def reply(self) -> Reply:
        body = {"message": self.message}
        if self.code is not None:
            body = {"code": self.code, **body}
        return Reply(self.status, body, self.headers)


EMPTY = Reply(200)


def data(value: Any) -> Reply:
    """The `{"data": ...}` envelope."""
    return Reply(200, {"data": value})


def page(items: list[Any], next_page: str | None) -> Reply:
    """The list envelope: `next_page` is always present, null on the last page."""
    return Reply(200, {"data": items, "next_page": next_page})


def new_id() -> str:
    return str(uuid.uuid4())


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def parse_rfc3339(text: str) -> datetime | None:
    """An aware datetime for an RFC 3339 date-time, or None when `text` is not one (the SDK's own check)."""
    try:
        return serde.parse_rfc3339(text)
    except ValueError:
        return None


def format_rfc3339(moment: datetime, *, millis: bool = True) -> str:
    """UTC with a `Z`: `2024-01-01T10:30:00.123Z`, or `2024-01-01T00:00:00Z` without millis."""
    utc = moment.astimezone(timezone.utc)
    text = f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}"  # strftime does not pad years before 1000 everywhere
    return f"{text}.{utc.microsecond // 1000:03d}Z" if millis else f"{text}Z"


# Enumerations of the official API.
BILLING_PROVIDERS = (
    "aws_marketplace", "stripe", "netsuite", "custom", "azure_marketplace", "quickbooks_online", "workday",
    "gcp_marketplace", "metronome",
)  # fmt: skip
CONTRACT_BILLING_PROVIDERS = ("aws_marketplace", "azure_marketplace", "gcp_marketplace", "stripe", "netsuite")
DELIVERY_METHODS = ("direct_to_billing_provider", "aws_sqs", "tackle", "aws_sns")
TAX_PROVIDERS = ("anrok", "avalara", "stripe")
STRIPE_COLLECTION_METHODS = (
    "charge_automatically", "send_invoice", "auto_charge_payment_intent", "manually_charge_payment_intent",
)  # fmt: skip
AWS_REGIONS = (
    "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1",
    "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1", "us-east-1",
    "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
)  # fmt: skip
ENTITIES = (  # that carry custom fields
    "alert", "billable_metric", "charge", "commit", "contract_credit", "contract_product", "contract",
    "credit_grant", "customer_plan", "customer", "discount", "invoice", "plan", "professional_service",
    "product", "rate_card", "scheduled_charge", "subscription", "package_commit", "package_credit",
    "package_subscription", "package_scheduled_charge",
)  # fmt: skip
PRICE_ADJUSTMENT_TYPES = ("percentage", "fixed", "override", "quantity")
BILLABLE_STATUSES = ("billable", "unbillable")
STATEMENT_FREQUENCIES = ("MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY")
STATEMENT_DAYS = ("FIRST_OF_MONTH", "CONTRACT_START", "CUSTOM_DATE")
MULTIPLIER_PRIORITIZATIONS = ("LOWEST_MULTIPLIER", "EXPLICIT")
