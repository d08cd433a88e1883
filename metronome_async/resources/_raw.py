"""``client.with_raw_response``: the same calls, answering with the HTTP response around the parsed result.

A raw call runs the plain client's method inside ``recording()``, which collects the request and response of
each call completed within it, so concurrent raw calls never see each other's; plain calls outside pay one
context-variable lookup for it.

Each resource has a typed view listing its endpoint methods, ``create = raw(Customers.create)``, so a type
checker sees ``create``'s own parameters answering ``APIResponse[Customer]`` (a listing answers its first
page) and rejects a name the view lacks. Workflows of several requests have no raw form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from multidict import CIMultiDictProxy

from metronome_async._core.requester import recording
from metronome_async._core.wire import Request, Response, url_of
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources._base import declared

__all__ = ["APIResponse", "RawMethod", "RawView", "child_views", "raw"]

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")


class APIResponse(Generic[T]):
    """The HTTP response to one call: ``status_code``, ``headers`` (case-insensitive), and ``parse()``, the
    object the plain call returns (for a listing, its first page). For a call that sends several requests
    (``customers.update``, ``usage.ingest`` of many batches), the last response."""

    def __init__(self, request: Request, response: Response, parsed: T) -> None:
        self.status_code: int = response.status
        self.headers: CIMultiDictProxy[str] = response.headers
        self.method: str = request.method
        self.url: str = url_of(request)
        self._parsed = parsed

    def parse(self) -> T:
        """The object the plain call returns."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url}>"


class RawView(Generic[S]):
    """The raw form of ``source`` (a resource, or the client): its endpoint methods are ``raw(...)``
    attributes, and each attribute annotated with a view is the view of the source's attribute so named."""

    def __init__(self, source: S) -> None:
        self._source = source
        for name, view in child_views(type(self)).items():
            setattr(self, name, view(getattr(source, name)))

    if not TYPE_CHECKING:  # hidden from type checkers, which must reject a name the view lacks

        def __getattr__(self, name: str) -> Any:
            """Only reached for a name the view lacks: say why it has no raw form."""
            declared = None if name.startswith("_") else getattr(type(self._source), name, None)
            if not callable(declared):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            if declared.__module__.startswith("metronome_async.workflows"):
                workflow = f"{name} is a workflow of several requests"
                raise AttributeError(f"{workflow}; with_raw_response covers single endpoint calls")
            raise AttributeError(f"{name!r} has no raw form: with_raw_response covers the endpoint methods")


def child_views(view: type[RawView[Any]]) -> dict[str, type[RawView[Any]]]:
    """The attributes a view declares as views that its ``__init__`` makes (an ``Area`` makes itself)."""
    return declared(view, RawView, areas=False)


class RawMethod(Generic[P, T]):
    """An endpoint method in a view: on a view, the source's method answering ``APIResponse[T]``."""

    def __init__(self, method: Callable[..., object]) -> None:
        self.method = method

    @overload
    def __get__(self, view: None, owner: type[Any]) -> RawMethod[P, T]: ...
    @overload
    def __get__(
        self, view: RawView[Any], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, APIResponse[T]]]: ...
    def __get__(self, view: RawView[Any] | None, owner: type[Any]) -> Any:
        if view is None:
            return self
        return functools.partial(_raw_call, getattr(view._source, self.method.__name__))


@overload
def raw(method: Callable[Concatenate[Any, P], AsyncPager[T]]) -> RawMethod[P, Page[T]]: ...
@overload
def raw(method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]) -> RawMethod[P, T]: ...
def raw(method: Callable[..., Any]) -> RawMethod[Any, Any]:
    """The raw form of an endpoint method (a listing's raw form answers its first page)."""
    return RawMethod(method)


async def _raw_call(method: Callable[..., Any], /, *args: Any, **kwargs: Any) -> APIResponse[Any]:
    with recording() as seen:
        result = method(*args, **kwargs)
        parsed = await _first_page(result) if isinstance(result, AsyncPager) else await result
    request, response = seen[-1]
    return APIResponse(request, response, parsed)


async def _first_page(pager: AsyncPager[T]) -> Page[T]:
    pages = pager.pages()
    try:
        return await anext(pages)
    finally:
        await pages.aclose()
