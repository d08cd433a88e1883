"""What a generated method hands over: the operation's description (where each argument goes, its check, how
the answer is read: ``_answers``), and the two ways of sending one, a single call and a listing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from metronome_async._core import validate as check
from metronome_async._core.caller import warn_at_caller
from metronome_async._core.schema import Check
from metronome_async._core.serde import UNSET
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources._answers import follow
from metronome_async.resources._base import Resource

__all__ = ["BODY", "PATH", "QUERY", "Field", "Operation", "call", "listing"]

T = TypeVar("T")
Parse = Callable[[Any], Any]
"""Reads an answer's JSON: the operation's type parameter says what it gives."""
PATH, QUERY, BODY = "path", "query", "body"


@attrs.frozen
class Field:
    """One argument: its Python ``name``, the API's ``wire`` name, where it goes and its check."""

    name: str
    wire: str
    where: str
    check: Check
    required: bool = False
    nullable: bool = False
    """``None`` is sent as JSON null (the argument's default is then ``UNSET``, which sends nothing)."""


@attrs.frozen
class Operation(Generic[T]):
    """One operation of the API: an ``Operation[Invoice]`` answers an ``Invoice``."""

    method: str
    path: str
    fields: tuple[Field, ...]
    parse: Parse
    idempotent: bool = False
    """Whether the call carries an Idempotency-Key: a POST that writes (so a retried write never repeats)."""
    deprecated: str | None = None
    cursor: str | None = None
    """For a listing: where the next page's cursor goes (``query`` or ``body``), named ``cursor_name``."""
    cursor_name: str = "next_page"
    accept: str | None = None
    """The media type of an answer that is not JSON (``application/pdf``): its bytes are the answer."""
    request_body: bool = True
    """Whether the operation takes a JSON body (sent as ``{}`` when no field of it is given)."""

    def build(self, arguments: Mapping[str, Any]) -> tuple[str, dict[str, str], dict[str, Any] | None]:
        """The path, query and body of a call, every argument checked (``arguments`` by Python name)."""
        path, query, body = self.path, {}, {}
        for field in self.fields:
            value = arguments[field.name]
            if value is UNSET or (value is None and not field.nullable):
                if field.required:
                    raise ValueError(f"{field.name} is required")
                continue
            if field.where == PATH:
                path = path.replace("{" + field.wire + "}", check.path_segment(field.name, value))
            elif field.where == QUERY:
                query[field.wire] = _query_value(field.name, field.check(field.name, value))
            else:
                body[field.wire] = field.check(field.name, value)
        if self.deprecated is not None:
            warn_at_caller(self.deprecated, DeprecationWarning)
        sends_body = body or (self.request_body and self.method not in ("GET", "DELETE"))
        return path, query, (body if sends_body else None)


def _query_value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return check.joined(name, value)
    return str(value)


async def call(resource: Resource, operation: Operation[T], arguments: Mapping[str, Any]) -> T:
    """Send one call of ``operation`` and read its answer."""
    path, query, body = operation.build(arguments)
    answer: T = await resource._transport.request(
        operation.method,
        path,
        query=query or None,
        body=UNSET if body is None else body,
        idempotency_key=arguments.get("idempotency_key"),
        idempotent=operation.idempotent,
        parse=operation.parse,
        checked=True,
        accept=operation.accept,
    )
    return answer


def listing(resource: Resource, operation: Operation[Page[T]], arguments: Mapping[str, Any]) -> AsyncPager[T]:
    """A listing of ``operation`` that follows its cursor to the end, re-sending the same arguments."""
    path, query, body = operation.build(arguments)
    return follow(
        resource._transport,
        operation.method,
        path,
        operation.parse,
        query=query,
        body=UNSET if body is None else body,
        cursor=operation.cursor_name,
        in_body=operation.cursor == BODY,
    )
