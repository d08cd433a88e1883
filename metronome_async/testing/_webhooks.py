"""Signed webhook deliveries from the fake, the way Metronome sends them.

Each event is one JSON body `{"id", "type", "properties"}`, POSTed to the configured URL with the
`Metronome-Webhook-Signature` / `X-Metronome-Date` / `Date` headers of `metronome_async.webhooks.sign`
(signed again, with a fresh date, for every attempt). A status above 299, a connection failure or a timeout
is retried after each of `retry_delays` in turn (exponential backoff, like Metronome, only much shorter);
then the delivery has failed. Deliveries run as tasks of the fake's own event loop, so emitting never waits
for the receiver, and the API request that led to one is never slowed by it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal

import aiohttp
import attrs
import yarl

from metronome_async._core import validate as check
from metronome_async.webhooks import sign

from ._wire import format_rfc3339

DEFAULT_RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.6)  # seconds; Metronome's own schedule spans days
ATTEMPT_TIMEOUT = 10.0  # seconds for one POST, connection included
POLL_INTERVAL = 0.01  # seconds between looks at the deliveries while waiting for them

logger = logging.getLogger("metronome_async.testing")

DeliveryState = Literal["pending", "delivered", "failed", "cancelled"]


@attrs.frozen(kw_only=True)
class WebhookAttempt:
    """One POST of a delivery: the status the receiver answered, or the error when none came."""

    status: int | None  # None: connection failure or timeout
    error: str | None  # what went wrong when there is no status
    at: datetime  # when it was sent (wall clock, UTC)


@attrs.define(kw_only=True, eq=False)
class WebhookDelivery:
    """One event on its way to the receiver; the fake updates it as attempts are made.

    `state` is "pending" until an attempt gets a 2xx ("delivered") or every retry has failed ("failed");
    stopping the fake cancels what is still pending ("cancelled")."""

    id: str  # the event id (the receiver deduplicates on it)
    type: str
    url: str
    payload: dict[str, Any]  # the event as sent: {"id", "type", "properties"}
    body: bytes = attrs.field(repr=False)  # the exact bytes signed and sent on every attempt
    state: DeliveryState = "pending"
    attempts: list[WebhookAttempt] = attrs.Factory(list)

    @property
    def status(self) -> int | None:
        """The status of the last attempt (None before any, or after a connection failure)."""
        return self.attempts[-1].status if self.attempts else None

    @property
    def settled(self) -> bool:
        return self.state != "pending"


def check_url(url: str) -> str:
    parsed = yarl.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"webhook_url must be an absolute http(s) URL, not {url!r}")
    return url


def check_delays(name: str, delays: Iterable[float]) -> tuple[float, ...]:
    """Seconds to wait before each retry of a delivery: finite, 0 or more each (an infinite one would leave
    the delivery pending for ever)."""
    if isinstance(delays, (str, bytes)) or not isinstance(delays, Iterable):
        raise TypeError(f"{name} must be a list of seconds, not {type(delays).__name__}")
    return tuple(
        float(check.number(f"{name}[{index}]", delay, minimum=0)) for index, delay in enumerate(delays)
    )


class WebhookSender:
    """Owns the deliveries, an aiohttp session while the fake runs, and the tasks that deliver."""

    def __init__(
        self, url: str | None, secret: str | None, retry_delays: Iterable[float] = DEFAULT_RETRY_DELAYS
    ) -> None:
        self.deliveries: list[WebhookDelivery] = []  # append-only: safe to read from another thread
        self.url: str | None = None
        self.secret: str | None = None
        self.retry_delays = check_delays("webhook_retry_delays", retry_delays)
        self.configure(url, secret)
        self._settled = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread_id: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def configure(self, url: str | None, secret: str | None) -> None:
        """`url=None` stops sending; a new URL without a secret keeps the current one, or makes one."""
        self.url = None if url is None else check_url(url)
        if secret is not None:
            if not isinstance(secret, str) or not secret:
                raise ValueError("webhook_secret must be a non-empty string")
            self.secret = secret
        elif self.url is not None and self.secret is None:
            self.secret = "whsec_fake_" + uuid.uuid4().hex

    # ------------------------------------------------------------------ lifecycle (in the fake's loop)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread_id = threading.get_ident()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ATTEMPT_TIMEOUT))

    async def stop(self) -> None:
        tasks, self._tasks = list(self._tasks), set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        session, self._session, self._loop = self._session, None, None
        if session is not None:
            await session.close()
        with self._settled:
            for delivery in self.deliveries:
                if delivery.state == "pending":
                    delivery.state = "cancelled"
            self._settled.notify_all()

    # ------------------------------------------------------------------ sending (from any thread)

    def send(self, event_type: str, properties: Mapping[str, Any]) -> WebhookDelivery:
        loop = self._loop
        if loop is None:
            raise RuntimeError("FakeMetronome is not running: webhooks are sent while it serves")
        if self.url is None or self.secret is None:
            raise RuntimeError(
                "no webhook URL: pass FakeMetronome(webhook_url=...) or call fake.set_webhook(url)"
            )
        event_id = str(uuid.uuid4())
        payload = {"id": event_id, "type": event_type, "properties": dict(properties)}
        body = json.dumps(payload, separators=(",", ":"), default=_json_default).encode()
        payload = json.loads(body)  # as the receiver will see it
        delivery = WebhookDelivery(id=event_id, type=event_type, url=self.url, payload=payload, body=body)
        self.deliveries.append(delivery)
        loop.call_soon_threadsafe(self._spawn, delivery, self.secret, self.retry_delays)
        return delivery

    def _spawn(self, delivery: WebhookDelivery, secret: str, delays: tuple[float, ...]) -> None:
        if self._session is None:  # stopped between send() and now
            self._settle(delivery, "cancelled")
            return
        task = asyncio.get_running_loop().create_task(self._deliver(self._session, delivery, secret, delays))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(
        self,
        session: aiohttp.ClientSession,
        delivery: WebhookDelivery,
        secret: str,
        delays: tuple[float, ...],
    ) -> None:
        for attempt in range(len(delays) + 1):
            if attempt:
                await asyncio.sleep(delays[attempt - 1])
            status, error = await _post(session, delivery, secret)
            delivery.attempts.append(
                WebhookAttempt(status=status, error=error, at=datetime.now(timezone.utc))
            )
            if status is not None and 200 <= status <= 299:
                self._settle(delivery, "delivered")
                return
            logger.debug("webhook %s attempt %d: %s", delivery.id, attempt + 1, error or status)
        logger.warning("webhook %s (%s) failed after %d attempts", delivery.id, delivery.type, attempt + 1)
        self._settle(delivery, "failed")

    def _settle(self, delivery: WebhookDelivery, state: DeliveryState) -> None:
        with self._settled:
            delivery.state = state
            self._settled.notify_all()

    # ------------------------------------------------------------------ waiting

    def pending(self) -> list[WebhookDelivery]:
        return [d for d in list(self.deliveries) if not d.settled]

    async def wait(self, timeout: float) -> list[WebhookDelivery]:
        deadline = time.monotonic() + timeout
        while self.pending():
            if time.monotonic() >= deadline:
                raise _timeout(self.pending(), timeout)
            await asyncio.sleep(POLL_INTERVAL)
        return list(self.deliveries)

    def wait_blocking(self, timeout: float) -> list[WebhookDelivery]:
        if self._thread_id == threading.get_ident():
            raise RuntimeError(
                "wait_for_webhooks_blocking() would block the fake's own event loop: "
                "use `await fake.wait_for_webhooks()` in async code"
            )
        with self._settled:
            if not self._settled.wait_for(lambda: not self.pending(), timeout):
                raise _timeout(self.pending(), timeout)
        return list(self.deliveries)


async def _post(
    session: aiohttp.ClientSession, delivery: WebhookDelivery, secret: str
) -> tuple[int | None, str | None]:
    headers = {"Content-Type": "application/json", **sign(delivery.body, secret)}
    try:
        async with session.post(
            delivery.url, data=delivery.body, headers=headers, allow_redirects=False
        ) as r:
            await r.read()
            return r.status, None
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
        return None, f"{type(error).__name__}: {error}"


def _json_default(value: object) -> str:
    """Aware datetimes in properties go out as RFC 3339 (a naive one is refused, as everywhere here)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("webhook properties: datetimes must be timezone-aware")
        return format_rfc3339(value)
    raise TypeError(f"webhook properties: {type(value).__name__} is not JSON serializable")


def _timeout(pending: list[WebhookDelivery], timeout: float) -> TimeoutError:
    shown = ", ".join(f"{d.type} {d.id} ({len(d.attempts)} attempts)" for d in pending[:5])
    return TimeoutError(f"{len(pending)} webhook deliveries still pending after {timeout:g}s: {shown}")
