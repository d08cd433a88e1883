"""One request to Metronome: a pool slot, headers, the Idempotency-Key, retries, and typed errors.

The transport knows nothing about customers; resources describe requests and read the JSON that comes back.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import uuid
from collections.abc import Callable, Mapping
from ssl import SSLContext
from time import perf_counter
from types import TracebackType
from typing import Any, cast

import aiohttp

from metronome_async._core import validate as check
from metronome_async._core.network import connection_problem, proxy_for
from metronome_async._core.pacing import AdaptiveRate
from metronome_async._core.retry import with_retries
from metronome_async._core.serde import UNSET, ResponseShapeError, dumps, loads
from metronome_async._core.settings import MAX_RESPONSE_BYTES
from metronome_async._core.slots import Slots
from metronome_async._version import __version__
from metronome_async.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    error_for_status,
)

__all__ = ["Transport"]

logger = logging.getLogger("metronome_async")

USER_AGENT = (
    f"metronome-async/{__version__} {platform.python_implementation()}/{platform.python_version()} "
    f"aiohttp/{aiohttp.__version__}"
)


class Transport:
    """An aiohttp session shared by every request of one client, opened on first use."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeout: float,
        max_retries: int,
        max_concurrency: int,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | bool = True,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._base_url = base_url
        self._network = (proxy, trust_env, ssl)
        self._max_response_bytes = max_response_bytes
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_concurrency = max_concurrency
        common = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        self._read_headers: Mapping[str, str] = common  # the session's defaults: a GET adds nothing to them
        self._write_headers: Mapping[str, str] = {"Content-Type": "application/json"}
        self._extra_read_headers: Mapping[str, str] | None = None  # a derived transport's extra headers
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: Slots | None = None
        self._closed = False
        self.pacer = AdaptiveRate()
        self._max_retries = max_retries

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = UNSET,
        idempotency_key: str | None = None,
        idempotent: bool = True,
        parse: Callable[[Any], Any] | None = None,
        checked: bool = False,
    ) -> Any:
        """Send one logical call, retried as needed; return the parsed JSON (``None`` for an empty body), or
        ``parse(json)`` if given: its ``ResponseShapeError`` becomes an ``APIResponseValidationError``.
        ``body`` is checked to be JSON (no NaN, nothing JSON cannot carry) unless ``checked`` says the caller
        already did, naming the arguments better than this layer can.

        Every POST carries an Idempotency-Key (``idempotency_key``, checked here for every caller, or a fresh
        one) that stays the same on each retry, so a retried create never makes a second object.
        ``idempotent=False`` leaves it off, for reads that the API spells as POST.
        """
        if idempotency_key is not None:
            check.idempotency_key("idempotency_key", idempotency_key)
        elif method == "POST" and idempotent:
            idempotency_key = str(uuid.uuid4())
        data = None if body is UNSET else dumps(body if checked else check.json_body(body))
        return await with_retries(
            self._attempt, self._max_retries, method, path, query, data, idempotency_key, parse
        )

    async def _attempt(
        self,
        number: int,
        method: str,
        path: str,
        query: Mapping[str, str] | None,
        data: bytes | None,
        idempotency_key: str | None,
        parse: Callable[[Any], Any] | None,
    ) -> Any:
        """Try number ``number`` of one call: a pool slot, the request, and its answer or typed error."""
        session, slots = self._session_and_slots()
        headers = self._extra_read_headers if data is None else self._write_headers
        if idempotency_key is not None:
            headers = {**(headers or {}), "Idempotency-Key": idempotency_key}
        pacer = self.pacer
        async with slots:  # held for the attempt only, never while a retry sleeps
            if pacer.rate is not None:  # a rate limit has been met: keep under it, once a slot is ours
                await pacer.wait_turn()
            started = perf_counter()
            failure: APIConnectionError | None = None
            try:
                async with session.request(
                    method,
                    self._base_url + path,
                    params=query,
                    data=data,
                    headers=headers,
                    allow_redirects=False,  # a 3xx is an error: the key goes to base_url and nowhere else
                ) as response:
                    raw = await _read_body(response, self._max_response_bytes)
            except asyncio.TimeoutError:
                failure = APITimeoutError("Request timed out", method=method, path=path)
            except aiohttp.ClientError as exc:
                failure = APIConnectionError(connection_problem(exc), method=method, path=path)
        if failure is not None:  # raised outside `except`: aiohttp's error, whose request_info holds the
            raise failure  # API key, is not reachable as its __context__
        if raw is None:
            raise APIError(
                f"the response body is larger than {self._max_response_bytes} bytes, the limit "
                "(METRONOME_MAX_RESPONSE_BYTES)",
                method=method,
                path=path,
            )
        status = response.status
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d (attempt %d, %.1f ms)",
                method,
                path,
                status,
                number,
                (perf_counter() - started) * 1000,
            )
        body = _decode(raw)
        if status == 429:
            pacer.rate_limited()
        elif status < 400:
            pacer.succeeded()
        # An error keeps a copy of the headers: the response's own are a view, which cannot be pickled.
        if status >= 300:
            raise error_for_status(
                status,
                body,
                response.headers.copy(),
                reason=response.reason or "",
                method=method,
                path=path,
                idempotency_key=idempotency_key,
            )
        if parse is None:
            return body
        try:
            return parse(body)
        except ResponseShapeError as exc:
            raise APIResponseValidationError(
                str(exc),
                status_code=status,
                body=body,
                headers=response.headers.copy(),
                method=method,
                path=path,
            ) from None

    def _session_and_slots(self) -> tuple[aiohttp.ClientSession, Slots]:
        if self._session is not None and self._slots is not None:
            if asyncio.get_running_loop() is not self._loop:
                raise RuntimeError(
                    "this client was first used on another event loop; create one client per event loop"
                )
            return self._session, self._slots
        if self._closed:
            raise RuntimeError("this client is closed")
        self._loop = asyncio.get_running_loop()
        self._slots = Slots(self._max_concurrency)
        proxy, trust_env, ssl = self._network
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._max_concurrency, limit_per_host=0, ssl=ssl),
            timeout=self._timeout,
            headers=self._read_headers,
            raise_for_status=False,
            proxy=proxy_for(self._base_url, proxy=proxy, trust_env=trust_env),
        )
        return self._session, self._slots

    async def open(self) -> None:
        """Open the session now instead of on the first request."""
        self._session_and_slots()

    async def close(self) -> None:
        """Close the session; harmless if it never opened or is already closed."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def max_concurrency(self) -> int:
        return self._max_concurrency

    def derive(
        self,
        *,
        timeout: float,
        max_retries: int,
        extra_headers: Mapping[str, str],
        on_response: Callable[[aiohttp.ClientResponse], None] | None = None,
    ) -> Transport:
        """A transport on this one's session, pool slots and pacer, with its own timeout, retries and extra
        headers; ``on_response`` sees each response. The session stays this transport's to close."""
        return _SharedTransport(
            self,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            on_response=on_response,
        )


class _SharedTransport(Transport):
    """What ``Transport.derive`` returns. The plain transport's request path is untouched: only this one's
    session is a view that adds the timeout and reports responses."""

    def __init__(
        self,
        origin: Transport,
        *,
        timeout: float,
        max_retries: int,
        extra_headers: Mapping[str, str],
        on_response: Callable[[aiohttp.ClientResponse], None] | None,
    ) -> None:
        self.__dict__.update(origin.__dict__)  # every setting of the origin, then the differences
        self._owner: Transport = origin._owner if isinstance(origin, _SharedTransport) else origin
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._extra_read_headers = {**(origin._extra_read_headers or {}), **extra_headers} or None
        self._write_headers = {**origin._write_headers, **extra_headers}
        self._on_response = on_response
        self._view: _SessionView | None = None
        self._max_retries = max_retries

    def _session_and_slots(self) -> tuple[aiohttp.ClientSession, Slots]:
        session, slots = self._owner._session_and_slots()
        view = self._view
        if view is None or view.session is not session:
            view = self._view = _SessionView(session, self._timeout, self._on_response)
        return cast(aiohttp.ClientSession, view), slots  # it has the one method _attempt calls

    async def close(self) -> None:
        """Nothing to close: the session belongs to the transport this one was derived from."""

    @property
    def closed(self) -> bool:
        return self._owner.closed


class _SessionView:
    """``session.request`` with a timeout of its own, and each response shown to ``on_response``."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        timeout: aiohttp.ClientTimeout,
        on_response: Callable[[aiohttp.ClientResponse], None] | None,
    ) -> None:
        self.session = session
        self._timeout = timeout
        self._on_response = on_response

    def request(self, method: str, url: str, **options: Any) -> Any:
        sent = self.session.request(method, url, timeout=self._timeout, **options)
        return sent if self._on_response is None else _Reported(sent, self._on_response)


class _Reported:
    """A request context manager that hands its response to a callback on the way in."""

    def __init__(self, sent: Any, on_response: Callable[[aiohttp.ClientResponse], None]) -> None:
        self._sent = sent
        self._on_response = on_response

    async def __aenter__(self) -> aiohttp.ClientResponse:
        response: aiohttp.ClientResponse = await self._sent.__aenter__()
        self._on_response(response)
        return response

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._sent.__aexit__(exc_type, exc, tb)


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


def _decode(raw: bytes) -> Any:
    """JSON when the body is JSON, the text when it is not (a proxy's error page), None when empty."""
    if not raw:
        return None
    try:
        return loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
