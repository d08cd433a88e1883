"""What a generated method hands over: the operation's description (where each argument goes, its check, how
the answer is read: ``_answers``), and the two ways of sending one, a single call and a listing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from metronome_async._core import validate as check
from metronome_async._core.caller import warn_at_caller
from metronome_async._core.schema import Check
from metronome_async._core.serde import UNSET
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources._answers import follow
from metronome_async.resources._base import Resource

__all__ = ["BODY", "PATH", "QUERY", "Field", "Operation", "Request", "call", "listing", "send"]

T = TypeVar("T")
Parse = Callable[[Any], Any]
"""Reads an answer's JSON: the operation's type parameter says what it gives."""
Rules = Callable[[Mapping[str, Any], Callable[[str], str]], "Mapping[str, Any] | None"]
"""What the spec does not state (``resources/_rules.py``): given the arguments and how to name one in an
error, raises, or gives replacements for some arguments."""
PATH, QUERY, BODY = "path", "query", "body"
_WORKFLOWS = ("metronome_async.workflows.",)
"""Workflows call deprecated operations only where the caller asked for them (``provision(plan_id=...)``)."""


class Request(NamedTuple):
    """A call as it goes out: the path with its parameters, the query, and the JSON body (``None``: none)."""

    path: str
    query: dict[str, str]
    body: dict[str, Any] | None


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
    rules: Rules | None = None

    def build(self, arguments: Mapping[str, Any]) -> Request:
        """The path, query and body of a call, every argument checked (``arguments`` by Python name)."""
        path, query, body = self.path, {}, {}
        for field, value in self._checked(arguments, str):
            if field.where == PATH:
                path = path.replace("{" + field.wire + "}", check.path_segment(field.name, value))
            elif field.where == QUERY:
                query[field.wire] = _query_value(field.name, value)
            else:
                body[field.wire] = value
        if self.deprecated is not None:
            warn_at_caller(self.deprecated, DeprecationWarning, unless_from=_WORKFLOWS)
        sends_body = body or (self.request_body and self.method not in ("GET", "DELETE"))
        return Request(path, query, body if sends_body else None)

    def terms(
        self,
        name: str,
        values: Any,
        label: Callable[[str], str] | None = None,
        *,
        leave_out: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """``values``, a mapping of this operation's keyword arguments but ``leave_out`` (``None`` = not
        given), checked as a call checks them and wire-ready: for a workflow that takes an operation's
        arguments as one mapping named ``name`` (``provision``'s ``contract``). Errors name a field as
        ``label`` says, by default as an item of ``name`` (``contract['starting_at']``)."""
        if label is None:

            def label(field: str) -> str:
                return f"{name}[{field!r}]"

        if not isinstance(values, Mapping):
            raise TypeError(f"{name} must be a mapping of arguments, not {type(values).__name__}")
        fields = [field for field in self.fields if field.name not in leave_out]
        unknown = sorted(set(values) - {field.name for field in fields}, key=str)
        if unknown:
            raise TypeError(f"unknown field(s): {', '.join(label(str(key)) for key in unknown)}")
        given = {field.name: values.get(field.name, UNSET) for field in fields}
        return {field.wire: value for field, value in self._checked(given, label, fields)}

    def _checked(
        self, arguments: Mapping[str, Any], label: Callable[[str], str], fields: Iterable[Field] | None = None
    ) -> Iterator[tuple[Field, Any]]:
        """Each given argument's field and wire value: the rules first, then every field's check."""
        if self.rules is not None:
            arguments = {**arguments, **(self.rules(arguments, label) or {})}
        for field in self.fields if fields is None else fields:
            value = arguments[field.name]
            if value is UNSET or (value is None and not field.nullable):
                if field.required:
                    raise ValueError(f"{label(field.name)} is required")
                continue
            yield field, field.check(label(field.name), value)


def _query_value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return check.joined(name, value)
    return str(value)


async def call(resource: Resource, operation: Operation[T], arguments: Mapping[str, Any]) -> T:
    """Send one call of ``operation`` and read its answer."""
    return await send(resource, operation, operation.build(arguments), arguments.get("idempotency_key"))


async def send(
    resource: Resource, operation: Operation[T], request: Request, idempotency_key: str | None = None
) -> T:
    """Send a call of ``operation`` that ``build`` has made (so a method of many calls can check them all
    before sending the first)."""
    path, query, body = request
    answer: T = await resource._transport.request(
        operation.method,
        path,
        query=query or None,
        body=UNSET if body is None else body,
        idempotency_key=idempotency_key,
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
