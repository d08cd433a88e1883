"""The HTTP side: one aiohttp handler takes every request through the same steps.

1. routing, to know the OpenAPI route (its 404/405 is answered at step 4);
2. latency, then the rate limit (429): every request the faults apply to (`fault_paths`,
   `fault_methods`), authenticated or not;
3. bearer auth (401);
4. unknown path (404), wrong method (405), a body that is not JSON or too deep (400), or too large (413);
5. under the state lock: the invoices brought up to date by the fake's clock (`Invoices.settle`), the
   Idempotency-Key store (replay, or 409 on reuse with other parameters), then either an injected 500
   (stored under the key like any executed result) or the operation, and after a success the evaluation of
   the alerts it may have moved (_alert_rules);
6. for a request not already answered by a fault: maybe drop the connection instead of answering;
7. record the exchange.

A bug of the fake itself (an exception no step expected) is logged and answered as a 500 whose message
says so, and recorded like any other exchange: the fake never answers 500 otherwise, unless `error_rate`
says so.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import math
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ._alert_rules import after_write
from ._call import Call, Route
from ._exchange import Exchange
from ._faults import INTERNAL_ERROR, Faults
from ._idempotency import fingerprint
from ._router import match
from ._state import State
from ._validate import Query
from ._wire import ApiError, Reply, canonical_json

UNAUTHORIZED = ApiError(401, "Unauthorized").reply()
MALFORMED = ApiError(400, "request body: malformed JSON").reply()
TOO_DEEP = ApiError(400, "request body: nested too deeply").reply()
TOO_LARGE = ApiError(413, "request body: larger than 16 MiB").reply()
MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024  # of the request line, and of one header
MAX_DEPTH = 64  # of nested arrays and objects in a request body

logger = logging.getLogger("metronome_async.testing")


class Handler:
    def __init__(
        self, state: State, faults: Faults, api_key: str, record: Callable[[Exchange], None]
    ) -> None:
        self._state = state
        self._faults = faults
        self._api_key = api_key.encode()
        self._record = record

    def app(self) -> web.Application:
        # A listing filtered by 100 percent-encoded ids needs a request line longer than aiohttp's 8 KiB;
        # what its HTTP parser refuses never reaches `handle` and gets a plain-text answer.
        limits = {"max_line_size": MAX_LINE_BYTES, "max_field_size": MAX_LINE_BYTES}
        app = web.Application(client_max_size=MAX_BODY_BYTES, handler_args=limits)
        app.router.add_route("*", r"/{path:[\s\S]*}", self.handle)  # every path, even with a "\n" in it
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body: Any = None
        malformed: Reply | None = TOO_LARGE
        raw = b""
        with contextlib.suppress(web.HTTPRequestEntityTooLarge):
            raw = await request.read()
            body, malformed = _decode(raw)
        query = {name: ",".join(request.query.getall(name)) for name in request.query}
        key = request.headers.get("Idempotency-Key") or None  # honoured on POST only
        found = _route(request)
        route = "" if isinstance(found, ApiError) else found[0].template
        faulty = self._faults.applies_to(request.method, request.path, route)
        fault, replayed = None, False

        reply = await self._faults.admit() if faulty else None
        if reply is not None:
            fault = "rate_limit"
        elif not self._authorized(request):
            reply = UNAUTHORIZED
        elif isinstance(found, ApiError):
            reply = found.reply()
        elif malformed is not None:
            reply = malformed
        else:
            operation, params = found
            try:
                request_print = fingerprint(
                    request.method, request.rel_url.raw_path, query, canonical_json(body)
                )
                call = Call(params, Query(query), body, has_body=bool(raw))
                post_key = key if request.method == "POST" else None
                reply, fault, replayed = self._execute(
                    operation, call, post_key, request_print, faulty, _requester(request)
                )
            except Exception as error:  # a bug of the fake: say so, loudly
                logger.exception("FakeMetronome failed on %s %s", request.method, request.path)
                reply = ApiError(500, f"FakeMetronome bug: {type(error).__name__}: {error}").reply()
        if fault is None and faulty and self._faults.disconnect():
            fault = "disconnect"

        self._record(
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
            response.content_type = reply.content_type
        return response

    def _authorized(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self._api_key)

    def _execute(
        self,
        route: Route,
        call: Call,
        key: str | None,
        request_print: str,
        faulty: bool,
        requester: tuple[str | None, str | None],
    ) -> tuple[Reply, str | None, bool]:
        """The operation (or an injected 500) at most once per Idempotency-Key: (reply, fault, replayed).
        A write carried out goes to the audit log, with `requester` (ip, user agent)."""
        fault = None

        def execute() -> Reply:
            nonlocal fault
            if faulty and self._faults.server_error():
                fault = "error"
                return INTERNAL_ERROR
            try:
                reply = route.operation(self._state, call)
            except ApiError as error:
                return error.reply()
            if 200 <= reply.status < 300:
                ip, user_agent = requester
                self._state.audit.record(
                    route.method,
                    route.template,
                    call.params,
                    call.body,
                    reply.body,
                    ip=ip,
                    user_agent=user_agent,
                )
            after_write(self._state, route.method, route.template, call.params, call.body, reply.body)
            return reply

        with self._state.lock:
            # Invoices as of now, the named customers' drafts up to date, before the operation reads them.
            self._state.invoices.settle(_customers_named(call))
            reply, replayed = self._state.idempotency.run(key, request_print, execute)
            if route.method != "GET":  # it may have changed what drafts price, or ended a contract early
                self._state.invoices.touch()
                self._state.invoices.settle()
        return reply, fault, replayed


def _customers_named(call: Call) -> list[str]:
    """The customer a request names, in its path or its body's `customer_id`."""
    named = [
        call.params.get("customer_id"),
        call.body.get("customer_id") if isinstance(call.body, dict) else None,
    ]
    return [customer_id for customer_id in named if isinstance(customer_id, str)]


def _requester(request: web.Request) -> tuple[str | None, str | None]:
    return request.remote, request.headers.get("User-Agent")


def _route(request: web.Request) -> tuple[Route, dict[str, str]] | ApiError:
    try:
        return match(request.method, request.rel_url.raw_path)
    except ApiError as error:
        return error


def _decode(raw: bytes) -> tuple[Any, Reply | None]:
    """(parsed JSON or None for an empty body, the 400 to answer if it is not valid). Valid means what
    JSON allows (no NaN or Infinity, no number that overflows to one), nested at most MAX_DEPTH deep."""
    if not raw:  # no body; whitespace alone is not JSON
        return None, None
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        return None, TOO_DEEP
    except ValueError:  # JSONDecodeError and bad UTF-8 are ValueErrors
        return None, MALFORMED
    return (value, None) if _depth_at_most(value, MAX_DEPTH) else (None, TOO_DEEP)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400
        raise ValueError(f"{text} is out of range")
    return number


def _depth_at_most(value: Any, limit: int) -> bool:
    level: list[Any] = [value]
    for _ in range(limit + 1):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return True
    return False


def _visible_headers(request: web.Request) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        name = name.lower()
        value = "Bearer ***" if name == "authorization" else value
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers
