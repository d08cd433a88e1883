"""What a hand-written operation gets and how it is routed: the request (`Call`), the operation's type and
its route (method and OpenAPI path template)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from ._state import State
from ._validate import Query
from ._wire import Reply


@attrs.frozen
class Call:
    """What an operation gets: path parameters, query and parsed JSON body (None when empty, and for a
    JSON `null`: `has_body` tells them apart)."""

    params: dict[str, str]
    query: Query
    body: Any
    has_body: bool = True


Operation = Callable[[State, Call], Reply]


@attrs.frozen
class Route:
    method: str
    template: str  # the OpenAPI path template
    operation: Operation
    pattern: re.Pattern[str]


def route(method: str, template: str, operation: Operation) -> Route:
    regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return Route(method, template, operation, re.compile(regex))
