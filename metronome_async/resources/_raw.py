"""``client.with_raw_response``: the same calls, answering with the HTTP response around the parsed result.

The client behind ``with_raw_response`` has a transport that shows each response to ``record_response``; a raw
call collects them in a context variable of its own, so concurrent raw calls never see each other's. The plain
client's transport has no such hook, so plain calls pay nothing for this.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

import aiohttp
from multidict import CIMultiDictProxy

from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources._base import Resource

__all__ = ["APIResponse", "RawResource", "record_response"]

T = TypeVar("T")

_responses: ContextVar[list[aiohttp.ClientResponse] | None] = ContextVar(
    "metronome_raw_responses", default=None
)


def record_response(response: aiohttp.ClientResponse) -> None:
    """The raw client's response hook: keep the response for the raw call in progress."""
    seen = _responses.get()
    if seen is not None:
        seen.append(response)


class APIResponse(Generic[T]):
    """The HTTP response to one call: ``status_code``, ``headers`` (case-insensitive), and ``parse()``, the
    object the plain call returns (for a listing, its first page). For a call that sends several requests
    (``customers.update``, ``usage.ingest`` of many batches), the last response."""

    def __init__(self, response: aiohttp.ClientResponse, parsed: T) -> None:
        self.status_code: int = response.status
        self.headers: CIMultiDictProxy[str] = response.headers
        self.method: str = response.method
        self.url: str = str(response.url)
        self._parsed = parsed

    def parse(self) -> T:
        """The object the plain call returns."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url}>"


class RawResource:
    """A resource whose endpoint methods return an ``APIResponse``; child resources are raw too."""

    def __init__(self, resource: object, *, calls: frozenset[str] = frozenset()) -> None:
        self._resource = resource
        self._calls = calls  # methods of a non-resource owner (the client's ``request``)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = getattr(self._resource, name)
        if isinstance(target, Resource):
            return RawResource(target)
        declared = getattr(type(self._resource), name, None)
        if not callable(declared) or not (isinstance(self._resource, Resource) or name in self._calls):
            raise AttributeError(f"{name!r} has no raw form: with_raw_response covers the endpoint methods")
        if declared.__module__.startswith("metronome_async.workflows"):
            raise AttributeError(
                f"{name} is a workflow of several requests; with_raw_response covers single endpoint calls"
            )
        return functools.partial(_raw_call, target)


async def _raw_call(method: Callable[..., Any], /, *args: Any, **kwargs: Any) -> APIResponse[Any]:
    seen: list[aiohttp.ClientResponse] = []
    token = _responses.set(seen)
    try:
        result = method(*args, **kwargs)
        parsed = await _first_page(result) if isinstance(result, AsyncPager) else await result
    finally:
        _responses.reset(token)
    return APIResponse(seen[-1], parsed)


async def _first_page(pager: AsyncPager[T]) -> Page[T]:
    pages = pager.pages()
    try:
        return await anext(pages)
    finally:
        await pages.aclose()
