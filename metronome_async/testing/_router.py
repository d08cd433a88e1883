"""Routing: every operation of the spec, by the hand-written route where `_routes.ROUTES` has one and by the
generic one (`_generic`) otherwise. The table is built on the first request, from the spec."""

from __future__ import annotations

import functools
from urllib.parse import unquote

from ._call import Route, route
from ._generic import operations
from ._routes import ROUTES
from ._wire import ApiError


@functools.cache
def table() -> tuple[Route, ...]:
    """Every route, the more literal first: at the first segment where two templates differ, a literal
    one comes before a `{parameter}` (`/v1/customers/archive` is not a customer id)."""
    generic = operations({(r.method, r.template) for r in ROUTES})
    routes = [*ROUTES, *(route(method, template, op) for (method, template), op in generic.items())]
    return tuple(sorted(routes, key=_literal_segments, reverse=True))  # stable: ROUTES keep their order


def templates() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.template for r in table()))


def _literal_segments(found: Route) -> list[bool]:
    return [not segment.startswith("{") for segment in found.template.split("/")]


def match(method: str, raw_path: str) -> tuple[Route, dict[str, str]]:
    """The route for a request and its decoded path parameters; 404 or 405 as an ApiError.

    The first template that matches the path owns it: `/v1/customers/archive` is POST-only, as in the
    spec, not also `GET /v1/customers/{customer_id}` for a customer called "archive"."""
    allowed: list[str] = []
    template = None
    for candidate in table():
        found = candidate.pattern.fullmatch(raw_path)
        if found is None or template not in (None, candidate.template):
            continue
        template = candidate.template
        if candidate.method == method:
            return candidate, {k: unquote(v) for k, v in found.groupdict().items()}
        allowed.append(candidate.method)
    if allowed:
        methods = ", ".join(dict.fromkeys(allowed))
        raise ApiError(405, f"method {method} not allowed here", (("Allow", methods),))
    raise ApiError(404, f"no such endpoint: {method} {raw_path}")
