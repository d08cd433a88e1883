"""Metronome's webhook signature: hex HMAC-SHA256, keyed by the secret, of ``<date> + "\\n" + <raw body>``.

Checks run in the reference's order: secret, headers, date parse, body type, tolerance, signature.
No message ever contains the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from metronome_async._core import validate as check
from metronome_async.errors import WebhookVerificationError

__all__ = [
    "DATE_HEADER",
    "DEFAULT_TOLERANCE",
    "LEGACY_DATE_HEADER",
    "SECRET_VARIABLE",
    "SIGNATURE_HEADER",
    "HeadersLike",
    "check_tolerance",
    "resolve_secret",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "Metronome-Webhook-Signature"
DATE_HEADER = "X-Metronome-Date"
LEGACY_DATE_HEADER = "Date"  # signed before X-Metronome-Date existed; proxies may overwrite it
SECRET_VARIABLE = "METRONOME_WEBHOOK_SECRET"
DEFAULT_TOLERANCE = 300.0  # seconds, either side of now

# Any mapping (dict, aiohttp/multidict, Starlette Headers) or (name, value) pairs; names match in any case.
HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]


def resolve_secret(secret: str | None) -> str:
    """The secret given, else ``METRONOME_WEBHOOK_SECRET``; neither is an error that never shows the value."""
    resolved = secret if secret is not None else os.environ.get(SECRET_VARIABLE)
    if not isinstance(resolved, str) or not resolved:
        raise WebhookVerificationError(
            f"no webhook secret: pass secret=..., give the client webhook_secret=..., "
            f"or set {SECRET_VARIABLE}"
        )
    return resolved


def check_tolerance(tolerance: float) -> float:
    """``tolerance`` as seconds (``math.inf``: any age, to check an old delivery), or ``ValueError``."""
    if tolerance == math.inf and not isinstance(tolerance, bool):
        return math.inf
    return float(check.number("tolerance", tolerance, minimum=0))


def sign(body: bytes | str, secret: str, *, date: datetime | None = None) -> dict[str, str]:
    """The headers that make ``body`` verify with ``secret``, as Metronome sends them (emulators, tests)."""
    when = datetime.now(timezone.utc) if date is None else _aware(date, "date")
    date_value = format_datetime(when.astimezone(timezone.utc), usegmt=True)
    signature = _signature(_body_bytes(body), date_value, resolve_secret(secret))
    return {SIGNATURE_HEADER: signature, DATE_HEADER: date_value, LEGACY_DATE_HEADER: date_value}


def verify_signature(
    body: bytes | str,
    headers: HeadersLike,
    secret: str | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
) -> None:
    """Raise ``WebhookVerificationError`` unless Metronome signed this exact body less than ``tolerance``
    seconds ago (or ahead). Pass the raw body as received: re-serialised JSON will not match."""
    check_tolerance(tolerance)
    key = resolve_secret(secret)
    date_value = _header(headers, DATE_HEADER) or _header(headers, LEGACY_DATE_HEADER)
    if not date_value:
        raise WebhookVerificationError(f"missing date header: neither {DATE_HEADER} nor {LEGACY_DATE_HEADER}")
    provided = _header(headers, SIGNATURE_HEADER)
    if not provided:
        raise WebhookVerificationError(f"missing signature header: {SIGNATURE_HEADER}")
    sent_at = _parse_date(date_value)
    raw = _body_bytes(body)
    age = ((datetime.now(timezone.utc) if now is None else _aware(now, "now")) - sent_at).total_seconds()
    if age > tolerance:
        raise WebhookVerificationError(f"date too old: sent {age:.0f}s ago, tolerance is {tolerance:g}s")
    if -age > tolerance:
        raise WebhookVerificationError(
            f"date in the future: sent {-age:.0f}s ahead, tolerance is {tolerance:g}s"
        )
    expected = _signature(raw, date_value, key)
    # Hex case carries no meaning; compare bytes so a non-ASCII header cannot raise.
    if not hmac.compare_digest(expected.encode(), provided.strip().lower().encode("utf-8", "replace")):
        raise WebhookVerificationError(
            "signature mismatch: the body, date or secret differ from what Metronome signed"
        )


def _signature(body: bytes, date_value: str, secret: str) -> str:
    message = date_value.encode() + b"\n" + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _header(headers: HeadersLike, name: str) -> str | None:
    """The first value of header ``name``, in any case, from a mapping or from pairs."""
    if isinstance(headers, (str, bytes)):
        raise TypeError("headers must be a mapping or (name, value) pairs, not a string")
    wanted = name.lower()
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return next((value for key, value in pairs if key.lower() == wanted), None)


def _parse_date(value: str) -> datetime:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise WebhookVerificationError(
            f"unparseable date header: {value[:64]!r} is not an RFC 1123 date"
        ) from None
    # "-0000" (zone unknown) parses naive; RFC 5322 means UTC by it.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _body_bytes(body: object) -> bytes:
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise WebhookVerificationError(
        f"body must be the raw bytes or str as received (not parsed JSON), not {type(body).__name__}"
    )


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (for example datetime(..., tzinfo=timezone.utc))")
    return value
