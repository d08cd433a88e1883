"""The audit log: one entry per write the fake carried out (its operation answered 2xx), stamped by the
fake's clock, read oldest first.

What counts as a write: any operation but a GET, whose path does not end in a read (`get...`, `list...`,
`search`, `preview...`, the usage reads), and not usage ingestion (events are data, not a change to the
account). The resource is named after the path (`/v1/contract-pricing/products/create` -> `product`), its
id is the answer's `data.id`, else the request's id of that resource.

A listing's `next_page` points after its last entry: kept, it reads what is logged later (empty `data`
and a null `next_page` when nothing is new: keep the earlier token). Tokens do not expire, and carry the
listing's filters: with a `next_page`, the request's own dates, sort and resource are not read (the API
says they cannot be combined; SDKs send them again with every page).
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

_READS = re.compile(r"(get|list|search|preview)[A-Za-z]*|usage|groups|seats|spend-breakdowns")
_NOT_AUDITED = frozenset({"/v1/ingest"})
_VERB_PREFIX = re.compile(r"(set|archive|upsert|rotate)(?=[A-Z])")
_METHOD_ACTIONS = {"POST": "update", "PUT": "update", "PATCH": "update", "DELETE": "delete"}


@attrs.frozen
class AuditEntry:
    seq: int
    id: str
    timestamp: datetime
    request_id: str
    action: str
    resource_type: str
    resource_id: str | None
    description: str
    ip: str | None
    user_agent: str | None

    def wire(self, actor: Wire) -> Wire:
        request: Wire = {"id": self.request_id}
        if self.ip is not None:
            request["ip"] = self.ip
        if self.user_agent is not None:
            request["user_agent"] = self.user_agent
        wire: Wire = {
            "id": self.id,
            "timestamp": format_rfc3339(self.timestamp),
            "request": request,
            "actor": actor,
            "action": self.action,
            "resource_type": self.resource_type,
            "status": "success",
            "description": self.description,
        }
        if self.resource_id is not None:
            wire["resource_id"] = self.resource_id
        return wire


@attrs.frozen
class AuditQuery:
    starting_on: datetime | None = None
    ending_before: datetime | None = None
    descending: bool = False
    resource_type: str | None = None
    resource_id: str | None = None

    def keeps(self, entry: AuditEntry) -> bool:
        return (
            (self.starting_on is None or entry.timestamp >= self.starting_on)
            and (self.ending_before is None or entry.timestamp < self.ending_before)
            and (self.resource_type is None or entry.resource_type == self.resource_type)
            and (self.resource_id is None or entry.resource_id == self.resource_id)
        )


def is_write(method: str, template: str) -> bool:
    literal = _literal(template)
    return method != "GET" and template not in _NOT_AUDITED and not _READS.fullmatch(literal[-1])


def resource_and_action(method: str, template: str) -> tuple[str, str]:
    """(`resource_type`, `action`) of a write: `/v1/contract-pricing/rate-cards/addRate` -> (`rate_card`,
    `add_rate`); `PUT /v1/billable-metrics/{billable_metric_id}` -> (`billable_metric`, `update`)."""
    literal = _literal(template)
    if template.endswith("}"):  # an object by its id
        return _singular(literal[-1]), _METHOD_ACTIONS.get(method, "update")
    if len(literal) == 1:  # /v1/customers creates one; /v1/setCustomerBillingProviderConfigurations
        verb = _VERB_PREFIX.match(literal[0])
        if verb is None:
            return _singular(literal[0]), "create" if method == "POST" else _METHOD_ACTIONS[method]
        return _singular(literal[0][verb.end() :]), verb.group(1)
    if method != "POST":  # PATCH or DELETE /v1/client/billing-config/stripe
        return _singular(literal[-1]), _METHOD_ACTIONS.get(method, "update")
    return _singular(literal[-2]), _snake(literal[-1])


def _literal(template: str) -> list[str]:
    """The path's literal segments after the version: ["customers", "setName"]."""
    return [s for s in template.split("/")[2:] if s and not s.startswith("{")] or [""]


def _singular(noun: str) -> str:
    snake = _snake(noun)
    if snake.endswith("ies"):
        return snake[:-3] + "y"
    return snake[:-1] if snake.endswith("s") and not snake.endswith("ss") else snake


def _snake(text: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", text).replace("-", "_").lower()


def resource_id(resource_type: str, params: Mapping[str, str], body: Any, answer: Any) -> str | None:
    """The answer's `data.id`; else the request's `<resource>_id` (path, then body), else its `id`."""
    found = answer.get("data") if isinstance(answer, dict) else None
    if isinstance(found, dict) and isinstance(found.get("id"), str):
        return str(found["id"])
    name = f"{resource_type}_id"
    if name in params:
        return params[name]
    if isinstance(body, dict):
        for key in (name, "id"):
            if isinstance(body.get(key), str):
                return str(body[key])
    ids = [v for k, v in params.items() if k.endswith("_id")]
    return ids[-1] if ids else None


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._entries: list[AuditEntry] = []  # oldest first: the clock never goes back
        self._seq = itertools.count(1)
        self._tokens: dict[str, tuple[int, AuditQuery]] = {}  # next_page -> (after seq, query)
        self.actor: Wire = {"id": new_id(), "name": "API token"}

    def record(
        self,
        method: str,
        template: str,
        params: Mapping[str, str],
        body: Any,
        answer: Any,
        *,
        ip: str | None = None,
        user_agent: str | None = None,
    ) -> None:
        """Log the carried-out request, if it is a write."""
        if not is_write(method, template):
            return
        resource_type, action = resource_and_action(method, template)
        self._entries.append(
            AuditEntry(
                seq=next(self._seq),
                id=new_id(),
                timestamp=self._clock.now(),
                request_id=new_id(),
                action=action,
                resource_type=resource_type,
                resource_id=resource_id(resource_type, params, body, answer),
                description=f"{method} {template}",
                ip=ip,
                user_agent=user_agent,
            )
        )

    def entries(self) -> list[Wire]:
        return [e.wire(self.actor) for e in self._entries]

    def page(self, query: AuditQuery, limit: int, next_page: str | None) -> Page:
        after = 0
        if next_page is not None:
            if next_page not in self._tokens:
                raise ApiError(400, "next_page: invalid cursor")
            after, query = self._tokens[next_page]
        ordered = self._entries[::-1] if query.descending else self._entries

        def wanted(e: AuditEntry) -> bool:
            beyond = not after or (e.seq < after if query.descending else e.seq > after)
            return beyond and query.keeps(e)

        found = list(itertools.islice(filter(wanted, ordered), limit + 1))
        more, found = len(found) > limit, found[:limit]
        token = None
        if found and (more or not query.descending):  # an ascending listing can be tailed
            token = secrets.token_urlsafe(18)
            self._tokens[token] = (found[-1].seq, query)
        return [e.wire(self.actor) for e in found], token
