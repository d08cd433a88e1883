"""The HTTP side: one aiohttp handler takes every request through the same steps.

1. routing, to know the OpenAPI route (its 404/405 is answered at step 4);
2. latency, then the rate limit (429): every request, authenticated or not;
3. bearer auth (401);
4. unknown path (404), wrong method (405), malformed JSON (400);
5. under the state lock: the Idempotency-Key store (replay, or 409 on reuse with other parameters),
   then either an injected 500 (stored under the key like any executed result) or the operation;
6. for a request not already answered by a fault: maybe drop the connection instead of answering;
7. record the exchange.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

from ._exchange import Exchange
from ._faults import INTERNAL_ERROR, Faults
from ._idempotency import fingerprint
from ._routes import Call, Route, match
from ._state import State
from ._validate import Query
from ._wire import ApiError, Reply, canonical_json

UNAUTHORIZED = ApiError(401, "Unauthorized").reply()
MALFORMED = ApiError(400, "request body: malformed JSON").reply()
MAX_BODY_BYTES = 16 * 1024 * 1024


class Handler:
    def __init__(self, state: State, faults: Faults, api_key: str, exchanges: list[Exchange]) -> None:
        self._state = state
        self._faults = faults
        self._api_key = api_key.encode()
        self._exchanges = exchanges

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_route("*", "/{path:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body, well_formed = _decode(raw)
        query = {name: ",".join(request.query.getall(name)) for name in request.query}
        key = request.headers.get("Idempotency-Key") or None  # honoured on POST only
        found = _route(request)
        route = "" if isinstance(found, ApiError) else found[0].template
        fault, replayed = None, False

        reply = await self._faults.admit()
        if reply is not None:
            fault = "rate_limit"
        elif not self._authorized(request):
            reply = UNAUTHORIZED
        elif isinstance(found, ApiError):
            reply = found.reply()
        elif not well_formed:
            reply = MALFORMED
        else:
            operation, params = found
            request_print = fingerprint(request.method, request.rel_url.raw_path, query, canonical_json(body))
            call = Call(params, Query(query), body)
            post_key = key if request.method == "POST" else None
            reply, fault, replayed = self._execute(operation, call, post_key, request_print)
        if fault is None and self._faults.disconnect():
            fault = "disconnect"

        self._exchanges.append(
            Exchange(
                method=request.method,
                path=request.path,
                route=route,
                query=query,
                headers=_visible_headers(request),
                request_body=body,
                raw_body=raw,
                status=reply.status,
                response_body=reply.body,
                idempotency_key=key,
                fault=fault,
                replayed=replayed,
            )
        )
        if fault == "disconnect" and request.transport is not None:
            request.transport.close()  # executed, but the client never hears of it
        response = web.Response(status=reply.status, body=reply.encode(), headers=dict(reply.headers))
        if reply.body is not None:
            response.content_type = "application/json"
        return response

    def _authorized(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self._api_key)

    def _execute(
        self, route: Route, call: Call, key: str | None, request_print: str
    ) -> tuple[Reply, str | None, bool]:
        """The operation (or an injected 500) at most once per Idempotency-Key: (reply, fault, replayed)."""
        fault = None

        def execute() -> Reply:
            nonlocal fault
            if self._faults.server_error():
                fault = "error"
                return INTERNAL_ERROR
            try:
                return route.operation(self._state, call)
            except ApiError as error:
                return error.reply()

        with self._state.lock:
            reply, replayed = self._state.idempotency.run(key, request_print, execute)
        return reply, fault, replayed


def _route(request: web.Request) -> tuple[Route, dict[str, str]] | ApiError:
    try:
        return match(request.method, request.rel_url.raw_path)
    except ApiError as error:
        return error


def _decode(raw: bytes) -> tuple[Any, bool]:
    """(parsed JSON or None, whether the body was empty or valid JSON)."""
    if not raw.strip():
        return None, True
    try:
        return json.loads(raw), True
    except ValueError:
        return None, False


def _visible_headers(request: web.Request) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        name = name.lower()
        value = "Bearer ***" if name == "authorization" else value
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers
