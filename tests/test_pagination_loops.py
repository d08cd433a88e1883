"""A listing whose next_page cursor comes back (the same page again, or a loop of pages) stops with a
MetronomeError instead of being followed for ever."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from hostile import Handler, serve

from metronome_async import AsyncMetronome, Metronome, MetronomeError

CUSTOMER = {"id": "c1", "name": "Looped"}
BOUND = 20.0  # seconds; a listing that loops never ends


Pages = dict[str | None, tuple[list[dict[str, str]], str | None]]


def _pages(pages: Pages) -> tuple[list[str | None], Handler]:
    """A server answering ``GET /v1/customers`` from ``pages``: next_page cursor -> (data, next_page)."""
    asked: list[str | None] = []

    async def handler(request: web.Request) -> web.Response:
        cursor = request.query.get("next_page")
        asked.append(cursor)
        data, next_page = pages[cursor]
        return web.json_response({"data": data, "next_page": next_page})

    return asked, handler


@pytest.mark.parametrize(
    ("pages", "requests"),
    [
        ({None: ([CUSTOMER], "same"), "same": ([CUSTOMER], "same")}, 2),  # the same cursor again
        ({None: ([], "a"), "a": ([], "b"), "b": ([], "a")}, 3),  # a loop of empty pages
        ({None: ([CUSTOMER], "a"), "a": ([CUSTOMER], None)}, None),  # no loop: the listing ends
    ],
    ids=["same-cursor", "empty-page-loop", "no-loop"],
)
async def test_a_repeated_cursor_stops_the_listing(pages: Pages, requests: int | None) -> None:
    asked, handler = _pages(pages)
    async with serve(handler) as url, AsyncMetronome(api_key="k", base_url=url) as client:
        listing = asyncio.wait_for(client.customers.list().to_list(), timeout=BOUND)
        if requests is None:
            assert [c.id for c in await listing] == ["c1", "c1"]
            return
        with pytest.raises(MetronomeError, match=r"next_page cursor .* came back"):
            await listing
    assert len(asked) == requests, "no page was fetched twice"


def test_the_blocking_listing_stops_too() -> None:
    async def main() -> None:
        asked, handler = _pages({None: ([CUSTOMER], "same"), "same": ([CUSTOMER], "same")})
        async with serve(handler) as url:
            await asyncio.to_thread(blocking_listing, url)
        assert len(asked) == 2

    def blocking_listing(url: str) -> None:
        with Metronome(api_key="k", base_url=url) as client, pytest.raises(MetronomeError, match="came back"):
            list(client.customers.list())

    asyncio.run(asyncio.wait_for(main(), timeout=BOUND))


async def test_the_audit_log_ends_at_its_first_empty_page() -> None:
    """Metronome's audit log always answers a cursor (a fresh one each time), so as to be read again later:
    its listing ends at the first empty page, where following the cursor would never end."""
    entry = {"id": "a1", "timestamp": "2025-01-01T00:00:00Z", "request": {"id": "r1"}}
    asked: list[str | None] = []

    async def handler(request: web.Request) -> web.Response:
        cursor = request.query.get("next_page")
        asked.append(cursor)
        data = [entry] if cursor is None else []
        return web.json_response({"data": data, "next_page": f"tail-{len(asked)}"})

    async with serve(handler) as url, AsyncMetronome(api_key="k", base_url=url) as client:
        entries = await asyncio.wait_for(client.audit_logs.list().to_list(), BOUND)
    assert [e.id for e in entries] == ["a1"] and asked == [None, "tail-1"]
