"""The clients under test, each behind the same two or three operations.

Async: ``retrieve(customer_id)`` (GET /v1/customers/{id}) and ``customers()`` (every customer, 100 a page).
Sync: ``retrieve(customer_id)``. Every client is built with its library's defaults; the raw baselines do
the same request with one reused session and parse the body with the same decoder metronome_async uses.
Each library is imported only when its adapter runs, so a process holds only the library it measures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from _harness import ServerInfo

try:  # metronome_async's own choice (its [speed] extra); the raw baselines decode the same way
    from orjson import loads
except ImportError:  # pragma: no cover
    from json import loads  # type: ignore[assignment]

PAGE_SIZE = 100


@dataclass
class AsyncClient:
    retrieve: Callable[[str], Awaitable[Any]]
    customers: Callable[[], AsyncIterator[Any]]


# ------------------------------------------------------------------------------------------ async clients


@asynccontextmanager
async def raw_aiohttp(server: ServerInfo) -> AsyncIterator[AsyncClient]:
    import aiohttp

    headers = {"Authorization": f"Bearer {server.api_key}", "Accept": "application/json"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def get(path: str, params: dict[str, str] | None = None) -> Any:
            async with session.get(server.url + path, params=params) as response:
                body = await response.read()
                if response.status >= 400:
                    raise RuntimeError(f"{response.status}: {body[:200]!r}")
                return loads(body)

        async def retrieve(customer_id: str) -> Any:
            return (await get(f"/v1/customers/{customer_id}"))["data"]

        async def customers() -> AsyncIterator[Any]:
            params = {"limit": str(PAGE_SIZE)}
            while True:
                page = await get("/v1/customers", params)
                for item in page["data"]:
                    yield item
                if not page.get("next_page"):
                    return
                params = {"limit": str(PAGE_SIZE), "next_page": page["next_page"]}

        yield AsyncClient(retrieve, customers)


@asynccontextmanager
async def metronome_async(server: ServerInfo) -> AsyncIterator[AsyncClient]:
    from metronome_async import AsyncMetronome

    async with AsyncMetronome(api_key=server.api_key, base_url=server.url) as client:

        def customers() -> AsyncIterator[Any]:
            return aiter(client.customers.list(limit=PAGE_SIZE))

        yield AsyncClient(client.customers.retrieve, customers)


def _official(http_client: Callable[[], Any] | None) -> Callable[[ServerInfo], Any]:
    @asynccontextmanager
    async def official(server: ServerInfo) -> AsyncIterator[AsyncClient]:
        from metronome import AsyncMetronome

        extra = {} if http_client is None else {"http_client": http_client()}
        async with AsyncMetronome(bearer_token=server.api_key, base_url=server.url, **extra) as client:

            async def retrieve(customer_id: str) -> Any:
                return (await client.v1.customers.retrieve(customer_id=customer_id)).data

            def customers() -> AsyncIterator[Any]:
                return aiter(client.v1.customers.list(limit=PAGE_SIZE))

            yield AsyncClient(retrieve, customers)

    return official


def _aiohttp_transport() -> Any:
    from metronome import DefaultAioHttpClient  # needs metronome-sdk[aiohttp] (httpx-aiohttp)

    return DefaultAioHttpClient()


ASYNC_CLIENTS: dict[str, Callable[[ServerInfo], AbstractAsyncContextManager[AsyncClient]]] = {
    "metronome_async": metronome_async,
    "aiohttp": raw_aiohttp,
    "official": _official(None),
    "official-aiohttp": _official(_aiohttp_transport),
}


# ------------------------------------------------------------------------------------------- sync clients


@contextmanager
def raw_http_client(server: ServerInfo) -> Iterator[Callable[[str], Any]]:
    """The stdlib's keep-alive HTTPConnection: the least a blocking client can do."""
    import http.client

    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port)
    headers = {"Authorization": f"Bearer {server.api_key}", "Accept": "application/json"}

    def retrieve(customer_id: str) -> Any:
        connection.request("GET", f"/v1/customers/{customer_id}", headers=headers)
        response = connection.getresponse()
        body = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        return loads(body)["data"]

    try:
        yield retrieve
    finally:
        connection.close()


@contextmanager
def metronome_sync(server: ServerInfo) -> Iterator[Callable[[str], Any]]:
    from metronome_async import Metronome

    with Metronome(api_key=server.api_key, base_url=server.url) as client:
        yield client.customers.retrieve


@contextmanager
def official_sync(server: ServerInfo) -> Iterator[Callable[[str], Any]]:
    from metronome import Metronome

    with Metronome(bearer_token=server.api_key, base_url=server.url) as client:
        yield lambda customer_id: client.v1.customers.retrieve(customer_id=customer_id).data


SYNC_CLIENTS: dict[str, Callable[[ServerInfo], AbstractContextManager[Callable[[str], Any]]]] = {
    "metronome_async": metronome_sync,
    "http.client": raw_http_client,
    "official": official_sync,
}
