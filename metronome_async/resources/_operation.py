"""What a generated method hands over: the operation's description (where each argument goes, its check, how
the answer is read), and the two ways of sending one, a single call and a listing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, get_args, get_origin

import attrs

from metronome_async import models
from metronome_async._core import validate as check
from metronome_async._core.caller import warn_at_caller
from metronome_async._core.schema import Check
from metronome_async._core.serde import (
    UNSET,
    ResponseShapeError,
    converter,
    shape_error,
    structure_list,
)
from metronome_async._core.wire import as_bytes
from metronome_async.models import Model
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources._base import Resource, _envelope, created_id

__all__ = ["Field", "Operation", "binary", "data", "data_id", "nothing", "pages", "whole"]

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
    """A listing of ``operation`` that follows ``next_page`` to the end, re-sending the same arguments."""
    path, query, body = operation.build(arguments)
    transport, method, parse = resource._transport, operation.method, operation.parse
    in_body, name = operation.cursor == BODY, operation.cursor_name

    async def fetch(cursor: str | None) -> Page[T]:
        page_query, page_body = query, body
        if cursor and in_body:
            page_body = {**(body or {}), name: cursor}
        elif cursor:
            page_query = {**query, name: cursor}
        page: Page[T] = await transport.request(
            method,
            path,
            query=page_query or None,
            body=UNSET if page_body is None else page_body,
            idempotent=False,
            parse=parse,
            checked=True,
        )
        return page

    return AsyncPager(fetch)


# How answers are read: each takes the answer's Python type (a model, list[...], str, dict[str, Any], Any).


def reader(tp: Any) -> Callable[[Any], Any]:
    """A function that checks a JSON value against ``tp`` and gives the Python value. A type written as a
    string (``"list[Invoice]"``) is looked up on first use, so that an area's models load when needed."""
    if isinstance(tp, str):
        return _later(tp)
    origin = get_origin(tp)
    if origin is list:
        item = reader(get_args(tp)[0])
        return lambda value: structure_list("", item, value)
    if isinstance(tp, type) and issubclass(tp, Model):
        structure = converter.get_structure_hook(tp)
        return lambda value: structure(value, tp)
    expected = _KINDS.get(origin or tp)
    if expected is not None:
        kinds, label = expected

        def plain(value: Any) -> Any:
            if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                raise shape_error("", label, value)
            return value

        return plain
    return lambda value: value


def _later(source: str) -> Callable[[Any], Any]:
    made: list[Callable[[Any], Any]] = []

    def read(value: Any) -> Any:
        if not made:
            made.append(reader(eval(source, {"Any": Any}, _Models())))  # source we generated
        return made[0](value)

    return read


class _Models(dict[str, Any]):
    """The names of ``metronome_async.models`` (each area's module loaded when its first name is read)."""

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(models, name)
        except AttributeError:  # a builtin (list, dict): eval looks further
            raise KeyError(name) from None


_KINDS: dict[Any, tuple[tuple[type, ...], str]] = {
    str: ((str,), "a string"),
    int: ((int,), "an integer"),
    float: ((int, float), "a number"),
    bool: ((bool,), "a boolean"),
    dict: ((dict,), "an object"),
}


def data(tp: Any) -> Parse:
    """``{"data": X}``: X read as ``tp``."""
    read = reader(tp)

    def parse(response: Any) -> Any:
        try:
            return read(_envelope(response))
        except ResponseShapeError as error:
            raise error.inside("data") from None

    return parse


def whole(tp: Any) -> Parse:
    """An answer without an envelope, read as ``tp``."""
    return reader(tp)


def data_id(response: Any) -> str:
    """``{"data": {"id": ...}}``: the id."""
    return created_id(response)


binary = as_bytes
"""An answer that is not JSON (a PDF), given as its bytes."""


def nothing(response: Any) -> None:
    """An answer with nothing in it to read."""
    return None


def pages(tp: Any, cursor: str = "next_page") -> Parse:
    """A page of a listing: ``{"data": [...], "next_page": cursor or null}``, the cursor where ``cursor`` says
    (``"cursor"``, or a dotted path: ``"pagination.next_page"``)."""
    read = reader(tp)
    *outer, last = cursor.split(".")

    def parse(response: Any) -> Page[Any]:
        items = structure_list("data", read, _envelope(response))
        holder = response
        for key in outer:  # an object around the cursor: absent or null on the last page
            holder = holder.get(key)
            if holder is None:
                return Page(items, None)
            if type(holder) is not dict:
                raise shape_error(key, "an object", holder)
        found = holder.get(last)
        if found is not None and type(found) is not str:
            raise shape_error(cursor, "a string", found)
        return Page(items, found)

    return parse
