"""The record of one request the fake received and what it answered, and the ring that keeps them."""

from __future__ import annotations

from collections import deque
from typing import Any, SupportsIndex, overload

import attrs


@attrs.frozen(kw_only=True)
class Exchange:
    method: str
    path: str  # decoded, without the query string
    route: str  # the OpenAPI path template it matched, e.g. /v1/customers/{customer_id}; "" if none
    query: dict[str, str]  # repeated parameters comma-joined
    headers: dict[str, str]  # lower-case names; Authorization shown as "Bearer ***"
    request_body: Any  # parsed JSON, or None (empty or malformed: see raw_body)
    raw_body: bytes = attrs.field(repr=False)
    status: int
    response_body: Any  # parsed JSON, None for an empty body, or bytes of another type (the invoice PDF)
    idempotency_key: str | None  # the Idempotency-Key header as sent (honoured on POST only)
    fault: str | None  # "rate_limit", "error" or "disconnect" when an injected fault answered
    replayed: bool = False  # answered from the Idempotency-Key store without executing


class ExchangeRing(deque[Exchange]):
    """The recorded exchanges, oldest first: a ring keeping the last `maxlen` (all when None), which
    also compares equal to a list of the same exchanges and slices like one."""

    __hash__ = None  # mutable, like list and deque

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return list(self) == other
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    @overload
    def __getitem__(self, index: SupportsIndex) -> Exchange: ...
    @overload
    def __getitem__(self, index: slice) -> list[Exchange]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Exchange | list[Exchange]:
        if isinstance(index, slice):
            return list(self)[index]
        return super().__getitem__(index)
