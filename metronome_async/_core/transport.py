"""The transport: what sends a ``Request`` and answers its ``Response``, one method, ``send``.

``AiohttpTransport`` is the one the clients use: one aiohttp session for a client's lifetime, opened on first
use, with the connection pool (as large as the client's ``max_concurrency``), the proxy, the TLS settings
and the response size limit. It maps what goes wrong on the way to ``APIConnectionError`` and
``APITimeoutError``; an answer, whatever its status, is a ``Response`` for ``wire.read_response``. Retries,
pool slots and pacing are the requester's; headers, keys and errors by status are ``wire``'s.
"""

from __future__ import annotations

import abc
import asyncio
import platform
from collections.abc import Mapping
from ssl import SSLContext

import aiohttp

from metronome_async._core.network import connection_problem, proxy_for
from metronome_async._core.settings import MAX_RESPONSE_BYTES
from metronome_async._core.wire import Request, Response
from metronome_async._version import __version__
from metronome_async.errors import APIConnectionError, APIError, APITimeoutError

__all__ = ["USER_AGENT", "AiohttpTransport", "Transport"]

USER_AGENT = (
    f"metronome-async/{__version__} {platform.python_implementation()}/{platform.python_version()} "
    f"aiohttp/{aiohttp.__version__}"
)


class Transport(abc.ABC):
    """Sends one request and answers its response, whatever the status; raises ``APIConnectionError`` (or
    its ``APITimeoutError``) when no answer came. ``open`` and ``close`` bracket its lifetime."""

    @abc.abstractmethod
    async def send(self, request: Request, *, timeout: float) -> Response:
        """The answer to ``request``, within ``timeout`` seconds."""

    async def open(self) -> None:  # noqa: B027 - a transport with nothing to open needs nothing here
        """Get ready to send (a transport with a pool opens it)."""

    async def close(self) -> None:  # noqa: B027 - a transport with nothing to close needs nothing here
        """Let go of what ``open`` (or the first ``send``) took; harmless if repeated."""


class AiohttpTransport(Transport):
    """An aiohttp session shared by every request of one client (and of those made by ``with_options``),
    opened on first use on one event loop.

    ``headers`` are those most requests carry (a client's reads): the session sends them by default, so a
    request whose headers are that very mapping costs aiohttp no merging of headers; any other request's
    headers are sent as they are (merged over them)."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float,
        max_concurrency: int,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | bool = True,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._base_url = base_url
        self._headers = headers
        self._network = (proxy, trust_env, ssl)
        self._max_response_bytes = max_response_bytes
        self._timeout = timeout
        self._limits = aiohttp.ClientTimeout(total=timeout)  # the session's: most requests' timeout
        self._max_concurrency = max_concurrency
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    async def send(self, request: Request, *, timeout: float) -> Response:
        session = self._session
        if session is None or self._loop is not asyncio.get_running_loop():
            session = self._session_here()
        limits = self._limits if timeout == self._timeout else aiohttp.ClientTimeout(total=timeout)
        failure: APIConnectionError | None = None
        try:
            async with session.request(
                request.method,
                request.url,
                params=request.query,
                data=request.body,
                headers=None if request.headers is self._headers else request.headers,
                timeout=limits,
                allow_redirects=False,  # a 3xx is an error: the key goes to base_url and nowhere else
            ) as response:
                body = await _read_body(response, self._max_response_bytes)
        except asyncio.TimeoutError:
            failure = APITimeoutError("Request timed out", method=request.method, path=request.path)
        except aiohttp.ClientError as exc:
            failure = APIConnectionError(connection_problem(exc), method=request.method, path=request.path)
        if failure is not None:  # raised outside `except`: aiohttp's error, whose request_info holds the
            raise failure  # API key, is not reachable as its __context__
        if body is None:
            raise APIError(
                f"the response body is larger than {self._max_response_bytes} bytes, the limit "
                "(METRONOME_MAX_RESPONSE_BYTES)",
                method=request.method,
                path=request.path,
            )
        return Response(response.status, response.headers, body, response.reason or "")

    def _session_here(self) -> aiohttp.ClientSession:
        """The session, opened on first use; refused on another event loop than that one, or once closed."""
        if self._session is not None:
            if asyncio.get_running_loop() is not self._loop:
                raise RuntimeError(
                    "this client was first used on another event loop; create one client per event loop"
                )
            return self._session
        if self._closed:
            raise RuntimeError("this client is closed")
        self._loop = asyncio.get_running_loop()
        proxy, trust_env, ssl = self._network
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._max_concurrency, limit_per_host=0, ssl=ssl),
            timeout=self._limits,
            headers=self._headers,
            raise_for_status=False,
            proxy=proxy_for(self._base_url, proxy=proxy, trust_env=trust_env),
        )
        return self._session

    async def open(self) -> None:
        """Open the session now instead of on the first request."""
        self._session_here()

    async def close(self) -> None:
        """Close the session; harmless if it never opened or is already closed."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()


async def _read_body(response: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """The body, or ``None`` once it passes ``limit`` bytes (decoded), before the rest is read."""
    length = response.content_length
    if length is not None and "Content-Encoding" not in response.headers:
        return await response.read() if length <= limit else None
    chunks, size = [], 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
