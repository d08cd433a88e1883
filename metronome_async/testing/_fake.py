"""FakeMetronome: lifecycle (in the running loop or in a thread), fault settings, seeding, inspection."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from aiohttp import web

from ._exchange import Exchange
from ._faults import Faults, FaultSettings
from ._server import Handler
from ._state import State
from ._wire import ENTITIES, ApiError

P = ParamSpec("P")
T = TypeVar("T")
SHUTDOWN_TIMEOUT = 1.0  # seconds granted to requests still in flight at stop()


class FakeMetronome:
    """A stateful, in-memory Metronome speaking the official wire format over real HTTP.

    `async with FakeMetronome() as fake:` serves from the running event loop; `with FakeMetronome()
    as fake:` serves from a background thread, for blocking code. Fault keywords are those of
    `configure`. `cursor_ttl` is how long (by the fake's clock) a `next_page` cursor stays valid.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: float | None = None,
        retry_after: bool = True,
        error_rate: float | None = None,
        disconnect_rate: float | None = None,
        latency: float | None = None,
        seed: int | None = None,
        cursor_ttl: float = 600.0,
    ) -> None:
        self.api_key = api_key or "fake_" + secrets.token_hex(16)
        self.exchanges: list[Exchange] = []  # append-only: safe to read from another thread
        self._host = host
        self._port = port
        self._state = State(cursor_ttl=cursor_ttl)
        settings = FaultSettings(
            rate_limit=rate_limit,
            retry_after=retry_after,
            error_rate=error_rate,
            disconnect_rate=disconnect_rate,
            latency=latency,
            seed=seed,
        )
        self._faults = Faults(settings)
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._thread: tuple[asyncio.AbstractEventLoop, threading.Thread] | None = None

    def __repr__(self) -> str:  # never the api key
        return f"FakeMetronome(url={self._url!r})"

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`; valid once started."""
        if self._url is None:
            raise RuntimeError("FakeMetronome is not running: use `async with`, `with` or start()")
        return self._url

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen, in the running event loop."""
        if self._runner is not None:
            raise RuntimeError("FakeMetronome is already running")
        handler = Handler(self._state, self._faults, self.api_key, self.exchanges)
        runner = web.AppRunner(handler.app(), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
        except BaseException:
            await runner.cleanup()
            raise
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    async def stop(self) -> None:
        runner, self._runner, self._url = self._runner, None, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeMetronome:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def start_in_thread(self) -> None:
        """Listen from a new thread with its own event loop; returns once it listens."""
        if self._thread is not None:
            raise RuntimeError("FakeMetronome is already running in a thread")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="FakeMetronome", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result()
        except BaseException:
            _halt(loop, thread)
            raise
        self._thread = (loop, thread)

    def stop_thread(self) -> None:
        if self._thread is None:
            return
        loop, thread = self._thread
        self._thread = None
        try:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result()
        finally:
            _halt(loop, thread)

    def __enter__(self) -> FakeMetronome:
        self.start_in_thread()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_thread()

    # ------------------------------------------------------------------ faults

    def configure(self, **faults: Any) -> None:
        """Change rate_limit, retry_after, error_rate, disconnect_rate, latency or seed, also while
        running; None or 0 turns a fault off. An unknown name raises TypeError."""
        self._faults.configure(**faults)

    @property
    def faults(self) -> FaultSettings:
        return self._faults.settings

    # ------------------------------------------------------------------ seeding (what the API cannot create)

    def create_plan(
        self, name: str, description: str = "", custom_fields: Mapping[str, str] | None = None
    ) -> str:
        """A plan that customers can be put on; returns its id."""
        return self._locked(self._state.create_plan, name, description, dict(custom_fields or {}))

    def add_custom_field_key(self, entity: str, key: str, enforce_uniqueness: bool = False) -> None:
        if entity not in ENTITIES:
            raise ValueError(f"entity must be one of {', '.join(ENTITIES)}")
        self._locked(self._state.custom_fields.add_key, entity, key, enforce_uniqueness)

    def advance_clock(self, seconds: float) -> None:
        """Move the fake's clock forward (cursor expiry, created_at, archived_at, ...)."""
        self._locked(self._state.clock.advance, seconds)

    def now(self) -> datetime:
        """The fake's current time (aware, UTC)."""
        return self._locked(self._state.clock.now)

    # ------------------------------------------------------------------ inspection

    def customers(self, *, include_archived: bool = True) -> list[dict[str, Any]]:
        """The stored customers, in creation order, in wire (CustomerDetail) form."""
        return self._locked(self._state.all_customers, include_archived)

    def events(self, customer_id: str | None = None) -> list[dict[str, Any]]:
        """Ingested events after transaction_id dedupe; optionally only those of one customer (matched by
        its id or any of its current ingest aliases)."""
        return self._locked(self._state.events, customer_id)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """Recorded exchanges with this method and this path (concrete, or the route template)."""
        return sum(
            1
            for ex in list(self.exchanges)
            if (method is None or ex.method == method.upper())
            and (path is None or path in (ex.path, ex.route))
        )

    def _locked(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._state.lock:
            try:
                return fn(*args, **kwargs)
            except ApiError as error:
                raise ValueError(error.message) from None


def _halt(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
