"""A transport without sockets, for tests of what needs no server: how requests are built and answers read.

``MockTransport(handler)`` (as httpx's): ``handler`` gets each ``Request`` the client sends and returns the
``Response`` (or an awaitable of one); ``mock_client(handler)`` is a client over it. Behaviour a real server
can show (connections, timeouts, the size limit, the pool) is tested over loopback instead.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from multidict import CIMultiDict, CIMultiDictProxy

from metronome_async import AsyncMetronome
from metronome_async._core.transport import Transport
from metronome_async._core.wire import Request, Response

__all__ = ["KEY", "URL", "MockTransport", "answer", "mock_client"]

KEY = "sk_mock_0123456789abcdef"
URL = "https://api.metronome.test"

Handler = Callable[[Request], "Response | Awaitable[Response]"]


class MockTransport(Transport):
    """Answers every request with ``handler``; keeps what was sent (``sent``, ``timeouts``) and whether it
    was closed."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.sent: list[Request] = []
        self.timeouts: list[float] = []
        self.closed = False

    async def send(self, request: Request, *, timeout: float) -> Response:
        self.sent.append(request)
        self.timeouts.append(timeout)
        response = self.handler(request)
        return await response if inspect.isawaitable(response) else response

    async def close(self) -> None:
        self.closed = True


def answer(
    status: int = 200,
    data: Any = None,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A response: ``data`` as JSON (or ``body`` as it is), with ``headers``."""
    raw = body if body is not None else b"" if data is None else json.dumps(data).encode()
    fields = CIMultiDict({"Content-Type": "application/json", **(headers or {})})
    return Response(status, CIMultiDictProxy(fields), raw, "Reason")


def mock_client(handler: Handler, **options: Any) -> tuple[AsyncMetronome, MockTransport]:
    """A client over a ``MockTransport`` answering with ``handler``, and that transport."""
    transport = MockTransport(handler)
    return AsyncMetronome._over(transport, api_key=KEY, base_url=URL, **options), transport
