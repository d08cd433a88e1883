"""One request to Metronome: a pool slot, headers, the Idempotency-Key, retries, and typed errors.

The transport knows nothing about customers; resources describe requests and read the JSON that comes back.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Mapping
from time import perf_counter
from typing import Any

import aiohttp

from metronome_async._core.pacing import AdaptiveRate
from metronome_async._core.retry import with_retries
from metronome_async._core.serde import UNSET, ResponseShapeError, dumps, loads
from metronome_async._core.slots import Slots
from metronome_async._version import USER_AGENT
from metronome_async.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    error_for_status,
)

__all__ = ["Transport"]

logger = logging.getLogger("metronome_async")


class Transport:
    """An aiohttp session shared by every request of one client, opened on first use."""

    def __init__(
        self, *, api_key: str, base_url: str, timeout: float, max_retries: int, max_concurrency: int
    ) -> None:
        self._base_url = base_url
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_concurrency = max_concurrency
        common = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        self._read_headers: Mapping[str, str] = common  # the session's defaults: a GET adds nothing to them
        self._write_headers: Mapping[str, str] = {"Content-Type": "application/json"}
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: Slots | None = None
        self._closed = False
        self.pacer = AdaptiveRate()
        self._send = with_retries(self._attempt, max_retries)

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
    ) -> Any:
        """Send one logical call, retried as needed; return the parsed JSON (``None`` for an empty body), or
        ``parse(json)`` if given: its ``ResponseShapeError`` becomes an ``APIResponseValidationError``.

        Every POST carries an Idempotency-Key (``idempotency_key`` or a fresh one) that stays the same on each
        retry, so a retried create never makes a second object. ``idempotent=False`` leaves it off, for reads
        that the API spells as POST.
        """
        if method == "POST" and idempotent and idempotency_key is None:
            idempotency_key = str(uuid.uuid4())
        data = None if body is UNSET else dumps(body)
        attempts = [0]
        result = await self._send(method, path, query, data, idempotency_key, attempts, parse)
        return result

    async def _attempt(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None,
        data: bytes | None,
        idempotency_key: str | None,
        attempts: list[int],
        parse: Callable[[Any], Any] | None = None,
    ) -> Any:
        attempts[0] += 1
        session, slots = self._session_and_slots()
        headers = None if data is None else self._write_headers
        if idempotency_key is not None:
            headers = {**(headers or {}), "Idempotency-Key": idempotency_key}
        pacer = self.pacer
        if pacer.rate is not None:  # a rate limit has been met: keep under it
            await pacer.wait_turn()
        started = perf_counter()
        async with slots:  # held for the attempt only, never while a retry sleeps
            try:
                async with session.request(
                    method, self._base_url + path, params=query, data=data, headers=headers
                ) as response:
                    raw = await response.read()
            except asyncio.TimeoutError as exc:
                raise APITimeoutError("Request timed out", method=method, path=path) from exc
            except aiohttp.ClientError as exc:
                raise APIConnectionError(f"Connection error: {exc}", method=method, path=path) from exc
        status = response.status
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d (attempt %d, %.1f ms)",
                method,
                path,
                status,
                attempts[0],
                (perf_counter() - started) * 1000,
            )
        body = _decode(raw)
        if status == 429:
            pacer.rate_limited()
        elif status < 400:
            pacer.succeeded()
        if status >= 400:
            raise error_for_status(
                status,
                body,
                response.headers,
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
                str(exc), status_code=status, body=body, headers=response.headers, method=method, path=path
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
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._max_concurrency, limit_per_host=0),
            timeout=self._timeout,
            headers=self._read_headers,
            raise_for_status=False,
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


def _decode(raw: bytes) -> Any:
    """JSON when the body is JSON, the text when it is not (a proxy's error page), None when empty."""
    if not raw:
        return None
    try:
        return loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
