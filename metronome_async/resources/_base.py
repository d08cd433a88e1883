"""What every resource shares: the transport, and turning envelopes into models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from metronome_async._core.serde import UNSET, converter
from metronome_async._core.transport import Transport
from metronome_async.errors import APIError
from metronome_async.pagination import AsyncPager, Page

T = TypeVar("T")


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def _data(self, method: str, path: str, model: type[T], **request: Any) -> T:
        """Send a request whose answer is ``{"data": {...}}`` and parse the object."""
        response = await self._transport.request(method, path, **request)
        return converter.structure(_envelope(response, method, path), model)

    async def _items(self, method: str, path: str, model: type[T], **request: Any) -> list[T]:
        """Send a request whose answer is ``{"data": [...]}`` (no paging) and parse the objects."""
        response = await self._transport.request(method, path, **request)
        structure = converter.get_structure_hook(model)
        return [structure(item, model) for item in _envelope(response, method, path)]

    def _pager(
        self,
        method: str,
        path: str,
        model: type[T],
        query: Mapping[str, str],
        body: Any = UNSET,
    ) -> AsyncPager[T]:
        """A listing that re-sends ``query`` (and ``body``) with each ``next_page`` cursor."""
        structure = converter.get_structure_hook(model)
        transport = self._transport

        async def fetch(cursor: str | None) -> Page[T]:
            page_query = {**query, "next_page": cursor} if cursor else query
            response = await transport.request(method, path, query=page_query, body=body, idempotent=False)
            items = _envelope(response, method, path)
            return Page([structure(item, model) for item in items], response.get("next_page"))

        return AsyncPager(fetch)


def _envelope(response: Any, method: str, path: str) -> Any:
    if not isinstance(response, dict) or "data" not in response:
        raise APIError(
            f"Unexpected response without a 'data' field: {response!r:.200}", method=method, path=path
        )
    return response["data"]


def query_flag(value: bool) -> str:
    return "true" if value else "false"
