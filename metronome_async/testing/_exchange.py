"""The record of one request the fake received and what it answered."""

from __future__ import annotations

from typing import Any

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
    response_body: Any  # parsed JSON, or None for an empty body
    idempotency_key: str | None  # the Idempotency-Key header as sent (honoured on POST only)
    fault: str | None  # "rate_limit", "error" or "disconnect" when an injected fault answered
    replayed: bool = False  # answered from the Idempotency-Key store without executing
