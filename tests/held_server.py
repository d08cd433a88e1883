"""A tiny Metronome stand-in for the blocking client's tests: it answers customer create and retrieve,
holds the answer to ``GET /v1/customers/HELD`` until ``release()`` and the answer for GATE until HELD has
come in, so a test can keep calls in flight as long as it needs. It runs on its own loop in a background
thread (``with HeldServer() as server:``)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from types import TracebackType
from typing import Any

from aiohttp import web

HELD = "11111111-1111-4111-8111-111111111111"
GATE = "22222222-2222-4222-8222-222222222222"


class HeldServer:
    def __init__(self, *, keepalive_timeout: float = 75.0) -> None:
        self.keepalive_timeout = keepalive_timeout
        self.arrived = threading.Event()  # set when the HELD request has come in
        self.gate_arrived = threading.Event()
        self.released = False
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._release = asyncio.Event()
        self._held = asyncio.Event()
        self._thread = threading.Thread(target=self._loop.run_forever, name="HeldServer", daemon=True)

    def release(self) -> None:
        self.released = True
        self._loop.call_soon_threadsafe(self._release.set)

    async def _retrieve(self, request: web.Request) -> web.Response:
        customer_id = request.match_info["id"]
        if customer_id == HELD:
            self.arrived.set()
            self._held.set()
            await self._release.wait()
        elif customer_id == GATE:
            self.gate_arrived.set()
            await self._held.wait()
        return web.json_response({"data": {"id": customer_id, "name": f"customer {customer_id}"}})

    async def _create(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        return web.json_response({"data": {"id": str(uuid.uuid4()), "name": body["name"]}})

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/v1/customers/{id}", self._retrieve)
        app.router.add_post("/v1/customers", self._create)
        self._runner = web.AppRunner(app, keepalive_timeout=self.keepalive_timeout)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    def __enter__(self) -> HeldServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
