"""How answers are read, and how a listing follows its cursor: one place for the hand-written resources and
the generated operations. Each reader takes the answer's JSON and raises ``ResponseShapeError`` (which the
request path turns into an ``APIResponseValidationError``) where it does not have the shape it needs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args, get_origin

from metronome_async import models
from metronome_async._core.requester import Requester
from metronome_async._core.serde import (
    MISSING,
    UNSET,
    ResponseShapeError,
    model_reader,
    shape_error,
    structure_list,
)
from metronome_async._core.wire import as_bytes
from metronome_async.models import Model
from metronome_async.pagination import AsyncPager, Page

__all__ = ["binary", "data", "data_id", "envelope", "follow", "nothing", "pages", "reader", "whole"]

T = TypeVar("T")
Parse = Callable[[Any], Any]


def envelope(response: Any) -> Any:
    """The ``data`` of ``{"data": ...}``."""
    if type(response) is not dict:
        raise shape_error("", "an object with a 'data' field", response)
    return response.get("data", MISSING)


def reader(tp: Any) -> Parse:
    """A function that checks a JSON value against ``tp`` (a model, ``list[...]``, ``str``, ``dict[str,
    Any]``, ``Any``) and gives the Python value. A type written as a string (``"list[Invoice]"``) is looked up
    on first use, so that an area's models load when needed."""
    if isinstance(tp, str):
        return _later(tp)
    origin = get_origin(tp)
    if origin is list:
        item = reader(get_args(tp)[0])
        return lambda value: structure_list("", item, value)
    if isinstance(tp, type) and issubclass(tp, Model):
        return model_reader(tp)
    expected = _KINDS.get(origin or tp)
    if expected is not None:
        kinds, label = expected

        def plain(value: Any) -> Any:
            if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                raise shape_error("", label, value)
            return value

        return plain
    return lambda value: value


class _Later:
    """A reader of a type written as a string, made on first use; ``resolved()`` gives it without this
    indirection (a listing reads each page's items with it)."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._made: Parse | None = None

    def resolved(self) -> Parse:
        if self._made is None:
            self._made = reader(eval(self._source, {"Any": Any}, _Models()))  # source we generated
        return self._made

    def __call__(self, value: Any) -> Any:
        return self.resolved()(value)


def _later(source: str) -> Parse:
    return _Later(source)


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
        found = envelope(response)  # an answer that is no envelope is wrong as a whole, not in its data
        try:
            return read(found)
        except ResponseShapeError as error:
            raise error.inside("data") from None

    return parse


def whole(tp: Any) -> Parse:
    """An answer without an envelope, read as ``tp``."""
    return reader(tp)


def data_id(response: Any) -> str:
    """The ``id`` of ``{"data": {"id": ...}}``, the answer of a create."""
    found = envelope(response)
    if type(found) is not dict:
        raise shape_error("data", "an object", found)
    new_id = found.get("id", MISSING)
    if type(new_id) is not str:
        raise shape_error("data.id", "a string", new_id)
    return new_id


binary = as_bytes
"""An answer that is not JSON (a PDF), given as its bytes."""


def nothing(response: Any) -> None:
    """An answer with nothing in it to read."""
    return None


def pages(tp: Any, cursor: str = "next_page", *, tail: bool = False) -> Parse:
    """A page of a listing: ``{"data": [...], "next_page": cursor or null}``, the cursor where ``cursor`` says
    (``"cursor"``, or a dotted path: ``"pagination.next_page"``). A ``tail`` (the audit log) always gives a
    cursor, to read what comes later: its listing ends at the first empty page."""
    read = reader(tp)
    *outer, last = cursor.split(".")

    def parse(response: Any) -> Page[Any]:
        items = structure_list(
            "data", read.resolved() if isinstance(read, _Later) else read, envelope(response)
        )
        if tail and not items:
            return Page(items, None)
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


def follow(
    transport: Requester,
    method: str,
    path: str,
    parse: Callable[[Any], Page[T]],
    *,
    query: Mapping[str, str] | None = None,
    body: Any = UNSET,
    cursor: str = "next_page",
    in_body: bool = False,
) -> AsyncPager[T]:
    """A listing that re-sends ``query`` and ``body`` with each page's cursor, named ``cursor``, in the query
    or (``in_body``) in the body, until the answer's cursor is null."""

    async def fetch(after: str | None) -> Page[T]:
        page_query, page_body = query, body
        if after and in_body:
            page_body = {**(body or {}), cursor: after}
        elif after:
            page_query = {**(query or {}), cursor: after}
        page: Page[T] = await transport.request(
            method,
            path,
            query=page_query or None,
            body=page_body,
            idempotent=False,
            parse=parse,
            checked=True,
        )
        return page

    return AsyncPager(fetch)
