"""``unwrap``: verify a delivery, then decode it into a typed event. ``Webhooks`` is ``client.webhooks``."""

from __future__ import annotations

from datetime import datetime

from metronome_async._core.serde import loads
from metronome_async.errors import WebhookVerificationError
from metronome_async.webhooks._events import WebhookEvent, parse_event
from metronome_async.webhooks._signature import DEFAULT_TOLERANCE, HeadersLike, verify_signature

__all__ = ["Webhooks", "decode_event", "unwrap"]


def unwrap(
    body: bytes | str,
    headers: HeadersLike,
    secret: str | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
) -> WebhookEvent:
    """Verify the signature (secret: the argument, else ``METRONOME_WEBHOOK_SECRET``), then return the
    typed event. Raises ``WebhookVerificationError`` saying which check failed."""
    verify_signature(body, headers, secret, tolerance=tolerance, now=now)
    return decode_event(body)


def decode_event(body: bytes | str) -> WebhookEvent:
    """A verified body as its event; ``WebhookVerificationError`` if not a JSON object or not an event."""
    try:
        payload = loads(bytes(body) if isinstance(body, (bytearray, memoryview)) else body)
    except (ValueError, RecursionError):  # JSONDecodeError and bad UTF-8 are ValueErrors
        payload = None
    if not isinstance(payload, dict):
        raise WebhookVerificationError("body is not a JSON object")
    return parse_event(payload)


class Webhooks:
    """Webhook verification with the client's ``webhook_secret`` as default. Pure: no I/O, no event loop."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str | None = None) -> None:
        self._secret = secret

    def __repr__(self) -> str:  # never the secret itself
        return f"Webhooks(secret={'<set>' if self._secret else None})"

    def verify_signature(
        self,
        body: bytes | str,
        headers: HeadersLike,
        secret: str | None = None,
        *,
        tolerance: float = DEFAULT_TOLERANCE,
        now: datetime | None = None,
    ) -> None:
        """Module ``verify_signature`` with the client's secret unless ``secret`` is given."""
        verify_signature(body, headers, secret or self._secret, tolerance=tolerance, now=now)

    def unwrap(
        self,
        body: bytes | str,
        headers: HeadersLike,
        secret: str | None = None,
        *,
        tolerance: float = DEFAULT_TOLERANCE,
        now: datetime | None = None,
    ) -> WebhookEvent:
        """Module ``unwrap`` with the client's secret unless ``secret`` is given."""
        return unwrap(body, headers, secret or self._secret, tolerance=tolerance, now=now)
