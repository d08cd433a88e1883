"""A framework-neutral webhook endpoint: verify, deduplicate on the event id, dispatch to handlers, and answer
with a status Metronome understands (it retries anything above 299). Plus an aiohttp adapter."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from metronome_async.errors import WebhookVerificationError
from metronome_async.webhooks._dedupe import DedupeStore, InMemoryDedupeStore
from metronome_async.webhooks._events import WebhookEvent
from metronome_async.webhooks._signature import (
    DEFAULT_TOLERANCE,
    HeadersLike,
    check_tolerance,
    resolve_secret,
    verify_signature,
)
from metronome_async.webhooks._unwrap import decode_event

if TYPE_CHECKING:
    from aiohttp import web

__all__ = ["Handler", "WebhookReceiver"]

logger = logging.getLogger("metronome_async.webhooks")

Handler = Callable[[Any], Awaitable[object]]
H = TypeVar("H", bound=Handler)


class WebhookReceiver:
    """Receives Metronome webhooks for any web framework::

        receiver = WebhookReceiver()  # secret from METRONOME_WEBHOOK_SECRET

        @receiver.on("invoice.finalized")
        async def finalized(event: InvoiceFinalized) -> None: ...

        @receiver.on("alerts.*")  # a trailing ".*" matches a family
        async def alert(event: AlertEvent) -> None: ...

        status, message = await receiver.handle(raw_body, headers)

    A bad signature or date answers 401, a body that is not an event 400, and no handler runs. An event id
    already processed answers 200 without running handlers again; a delivery of an id still being processed
    waits for it. 200 comes only after every matching handler returned; if one raises, the answer is 500 and
    the id is not recorded, so Metronome's retry runs the handlers again (make them idempotent).
    """

    def __init__(
        self,
        secret: str | None = None,
        *,
        tolerance: float = DEFAULT_TOLERANCE,
        dedupe: DedupeStore | None = None,
    ) -> None:
        try:
            self._secret = resolve_secret(secret)
        except WebhookVerificationError as error:
            raise ValueError(str(error)) from None
        self._tolerance = check_tolerance(tolerance)
        self._store: DedupeStore = InMemoryDedupeStore() if dedupe is None else dedupe
        self._routes: list[tuple[tuple[str, ...], Handler]] = []
        self._in_flight: dict[str, asyncio.Event] = {}

    def __repr__(self) -> str:
        return f"WebhookReceiver(handlers={len(self._routes)}, tolerance={self._tolerance:g})"

    # --- registration -------------------------------------------------------------------------------------

    def on(self, *event_types: str) -> Callable[[H], H]:
        """Decorate an async handler for these types: exact names, ``"family.*"``, or ``"*"`` for all."""
        if not event_types:
            raise TypeError('on() needs at least one event type, for example on("invoice.finalized")')
        patterns = tuple(_check_pattern(t) for t in event_types)

        def register(handler: H) -> H:
            self._routes.append((patterns, _check_handler(handler)))
            return handler

        return register

    def on_any(self, handler: H) -> H:
        """Decorate an async handler for every event."""
        return self.on("*")(handler)

    # --- receiving ----------------------------------------------------------------------------------------

    async def handle(self, body: bytes, headers: HeadersLike) -> tuple[int, str]:
        """Process one delivery: ``body`` exactly as received, and its headers. Returns (status, message)."""
        try:
            verify_signature(body, headers, self._secret, tolerance=self._tolerance)
        except WebhookVerificationError as error:
            logger.warning("webhook rejected: %s", error)
            return 401, str(error)
        try:
            event = decode_event(body)
        except WebhookVerificationError as error:
            logger.warning("webhook rejected: %s", error)
            return 400, str(error)
        return await self.dispatch(event)

    async def dispatch(self, event: WebhookEvent) -> tuple[int, str]:
        """Deduplicate and run the handlers for an event already verified (``handle`` does both)."""
        while (busy := self._in_flight.get(event.id)) is not None:
            await busy.wait()  # a concurrent delivery of this id: its outcome decides
        done = self._in_flight[event.id] = asyncio.Event()
        try:
            if await self._store.seen(event.id):
                return 200, "already processed"
            for handler in self._handlers_for(event.type):
                await handler(event)
            await self._store.add(event.id)
        except Exception:
            logger.exception("webhook %s (%s) failed; Metronome will retry it", event.id, event.type)
            return 500, "processing failed"
        finally:
            del self._in_flight[event.id]
            done.set()
        return 200, "ok"

    def _handlers_for(self, event_type: str) -> list[Handler]:
        return [
            handler for patterns, handler in self._routes if any(_matches(p, event_type) for p in patterns)
        ]

    # --- aiohttp ------------------------------------------------------------------------------------------

    async def aiohttp_handler(self, request: web.Request) -> web.Response:
        """An ``aiohttp.web`` handler: ``app.router.add_post("/webhooks", receiver.aiohttp_handler)``."""
        from aiohttp import web

        status, message = await self.handle(await request.read(), request.headers)
        return web.Response(status=status, text=message)

    def aiohttp_app(self, path: str = "/webhooks") -> web.Application:
        """An ``aiohttp.web.Application`` answering POSTs to ``path``."""
        from aiohttp import web

        app = web.Application()
        app.router.add_post(path, self.aiohttp_handler)
        return app


def _check_pattern(pattern: str) -> str:
    family = pattern.removesuffix(".*") if isinstance(pattern, str) else ""
    if pattern != "*" and (not family or "*" in family):
        raise ValueError(f'event type must be a name, "family.*" or "*", not {pattern!r}')
    return pattern


def _matches(pattern: str, event_type: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return event_type == pattern


def _check_handler(handler: H) -> H:
    call = getattr(handler, "__call__", None)  # noqa: B004 - an object with an async __call__ counts
    if not (inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(call)):
        raise TypeError(f"webhook handlers must be async functions, not {handler!r}")
    return handler
