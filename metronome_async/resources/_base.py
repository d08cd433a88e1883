"""What every resource shares: the client's request path, and turning envelopes into models."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, overload

from metronome_async._core.requester import Requester
from metronome_async._core.serde import UNSET
from metronome_async.pagination import AsyncPager
from metronome_async.resources._answers import data, follow, pages

T = TypeVar("T")
R = TypeVar("R")


class Resource:
    def __init__(self, transport: Requester) -> None:
        self._transport = transport
        """The client's request path: ``self._transport.request(method, path, ...)`` sends one call."""

    async def _data(self, method: str, path: str, model: type[T], **request: Any) -> T:
        """Send a request whose answer is ``{"data": {...}}`` and parse the object."""
        result: T = await self._transport.request(method, path, parse=_object_of(model), **request)
        return result

    async def _items(self, method: str, path: str, model: type[T], **request: Any) -> list[T]:
        """Send a request whose answer is ``{"data": [...]}`` (no paging) and parse the objects."""
        result: list[T] = await self._transport.request(method, path, parse=_list_of(model), **request)
        return result

    def _pager(
        self,
        method: str,
        path: str,
        model: type[T],
        query: Mapping[str, str],
        body: Any = UNSET,
    ) -> AsyncPager[T]:
        """A listing that re-sends ``query`` (and ``body``) with each ``next_page`` cursor."""
        return follow(self._transport, method, path, _page_of(model), query=query, body=body)


# Parsers of answers, one per model (the transport turns their ResponseShapeError into a typed error).


def _per_model(make: Callable[[type[Any]], R]) -> Callable[[type[Any]], R]:
    """``make(model)``, made once per model."""
    made: dict[type[Any], R] = {}

    def get(model: type[Any]) -> R:
        found = made.get(model)
        if found is None:
            found = made[model] = make(model)
        return found

    return get


_object_of = _per_model(data)
_list_of = _per_model(lambda model: data(list[model]))  # type: ignore[valid-type]
_page_of = _per_model(pages)


def query_flag(value: bool) -> str:
    return "true" if value else "false"


class Area(Generic[R]):
    """A client attribute made on first use, so that ``import`` and a new client stay cheap however many
    resources the API has: ``invoices = Area("invoices", "Invoices")`` imports the generated module
    ``invoices`` and keeps ``Invoices(owner)`` (its transport, or the view it wraps) in the instance."""

    def __init__(self, module: str, name: str) -> None:
        self.module = f"metronome_async.resources._generated.{module}"
        self.name = name
        self.attribute = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def load(self) -> type[R]:
        """The class this attribute holds an instance of."""
        made: type[R] = getattr(importlib.import_module(self.module), self.name)
        return made

    @overload
    def __get__(self, owner: None, owner_type: type) -> Area[R]: ...
    @overload
    def __get__(self, owner: object, owner_type: type) -> R: ...
    def __get__(self, owner: object | None, owner_type: type) -> Area[R] | R:
        if owner is None:
            return self
        source = getattr(owner, "_source", None)  # a raw view wraps the same attribute of its source
        made = self.load()(getattr(source, self.attribute) if source is not None else owner._transport)  # type: ignore[attr-defined,call-arg]
        owner.__dict__[self.attribute] = made  # found first from now on: this descriptor has no __set__
        return made


def declared(owner: type, kind: type[R], *, areas: bool = True) -> dict[str, type[R]]:
    """The attributes ``owner`` declares (itself or its bases) whose type is a subclass of ``kind``: annotated
    ones (``invoices: CustomersInvoices``) and, with ``areas``, ``Area`` ones (loading their modules), in
    declaration order, bases first."""
    found: dict[str, type[R]] = {}
    for klass in reversed(owner.__mro__):
        namespace = vars(sys.modules[klass.__module__])
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            attribute = vars(klass).get(name)
            if isinstance(attribute, Area):
                if not areas:
                    continue
                tp = attribute.load()
            else:
                tp = eval(annotation, namespace) if isinstance(annotation, str) else annotation  # ours
            if isinstance(tp, type) and issubclass(tp, kind):
                found[name] = tp
    return found
