"""FakeMetronome: lifecycle (in the running loop or in a thread), fault settings, seeding, inspection,
signed webhooks."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from aiohttp import web

from metronome_async._core import validate as check
from metronome_async.webhooks import KNOWN_EVENT_TYPES, AlertType

from ._alert_rules import evaluate
from ._exchange import Exchange, ExchangeRing
from ._faults import Faults, FaultSettings
from ._invoices import GRACE_PERIOD
from ._rate_cards import RateCardAlias
from ._server import Handler
from ._state import State
from ._webhooks import DEFAULT_RETRY_DELAYS, WebhookDelivery, WebhookSender, check_delays
from ._wire import ENTITIES, ApiError, format_rfc3339, new_id

P = ParamSpec("P")
T = TypeVar("T")
SHUTDOWN_TIMEOUT = 1.0  # seconds granted to requests still in flight at stop()


class FakeMetronome:
    """A stateful, in-memory Metronome speaking the official wire format over real HTTP.

    It answers every operation of the official spec. Customers, plans, custom fields, usage, contracts,
    rate cards, the pricing catalog (billable metrics, products, rates, packages), the books (commits,
    credits, balances, edits), usage invoices, the audit log and alerts (evaluated as the books and usage
    change, with a signed webhook for each crossing into alarm) follow Metronome's rules; every other
    operation checks its request against the spec (a 400 naming the field), keeps what it creates (gets,
    lists, updates and archives find it again) and answers as the spec declares, with minimal made-up data
    where it has nothing to keep.
    `async with FakeMetronome() as fake:` serves from the running event loop; `with FakeMetronome()
    as fake:` serves from a background thread, for blocking code. Point a client at it with
    `AsyncMetronome(api_key=fake.api_key, base_url=fake.url)` (`api_key` is made up unless given; any
    other key gets a 401). Fault keywords are those of
    `configure`. `cursor_ttl` is how long (by the fake's clock) a `next_page` cursor stays valid.
    `record_limit` bounds `exchanges` to the most recent ones (None: keep all; 0: record none).
    `webhook_url`/`webhook_secret`/`webhook_retry_delays`: see `set_webhook`.

    Usage invoices follow the fake's clock: each contract has a DRAFT invoice per billing period from the
    period's start, priced from the ingested usage, and FINALIZED `invoice_grace_period` seconds (24 hours
    by default; 0 allowed) after the period ends, with an `invoice.finalized` webhook when a webhook URL is
    set. `advance_clock` moves time on; `invoices` shows them.
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
        fault_paths: str | Collection[str] | None = None,
        fault_methods: str | Collection[str] | None = None,
        cursor_ttl: float = 600.0,
        record_limit: int | None = None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        webhook_retry_delays: Iterable[float] = DEFAULT_RETRY_DELAYS,
        invoice_grace_period: float = GRACE_PERIOD,
    ) -> None:
        if record_limit is not None:
            check.number("record_limit", record_limit, minimum=0, whole=True)
        check.number("port", port, minimum=0, maximum=65535, whole=True)  # 0: any free port
        check.number("cursor_ttl", cursor_ttl, minimum=0)
        check.number("invoice_grace_period", invoice_grace_period, minimum=0)
        self.api_key = api_key or "fake_" + secrets.token_hex(16)
        # A ring of the last `record_limit` exchanges, appended to by the fake's loop; read it from another
        # thread through a copy: list(fake.exchanges).
        self.exchanges = ExchangeRing(maxlen=record_limit)
        self._host = host
        self._port = port
        self._state = State(
            cursor_ttl=cursor_ttl, notify=self._send_alert, invoice_grace_period=invoice_grace_period
        )
        self._state.invoices.finalized_listeners.append(self._invoice_finalized)
        settings = FaultSettings(
            rate_limit=rate_limit,
            retry_after=retry_after,
            error_rate=error_rate,
            disconnect_rate=disconnect_rate,
            latency=latency,
            seed=seed,
            fault_paths=fault_paths,
            fault_methods=fault_methods,
        )
        self._faults = Faults(settings)
        self._webhooks = WebhookSender(webhook_url, webhook_secret, webhook_retry_delays)
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
        handler = Handler(self._state, self._faults, self.api_key, self._record)
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
        await self._webhooks.start()

    async def stop(self) -> None:
        """Stop serving; webhook deliveries still pending are cancelled."""
        runner, self._runner, self._url = self._runner, None, None
        if runner is not None:
            await self._webhooks.stop()
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
        """Change rate_limit, retry_after, error_rate, disconnect_rate, latency, seed, fault_paths or
        fault_methods, also while running; None or 0 turns a fault off, and None for fault_paths /
        fault_methods lets the faults hit every request again. An unknown name raises TypeError."""
        self._faults.configure(**faults)

    @property
    def faults(self) -> FaultSettings:
        return self._faults.settings

    # ------------------------------------------------------------------ seeding (what the API cannot create)

    def create_plan(
        self, name: str, description: str = "", custom_fields: Mapping[str, str] | None = None
    ) -> str:
        """A plan that customers can be put on; returns its id."""
        return self._locked(self._state.plans.create, name, description, dict(custom_fields or {}))

    def create_rate_card(
        self,
        name: str,
        *,
        aliases: Iterable[str | Mapping[str, Any]] = (),
        description: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
    ) -> str:
        """A rate card that contracts can be created on; returns its id. Each alias is a name, or a mapping
        with `name` and optionally `starting_at` / `ending_before` (aware datetimes) bounding when it
        selects this card."""
        parsed = [_rate_card_alias(a) for a in aliases]
        return self._locked(
            self._state.rate_cards.create,
            name=name,
            description=description,
            aliases=parsed,
            custom_fields=dict(custom_fields or {}),
        )

    def create_product(self, name: str, *, type: str = "FIXED", product_id: str | None = None) -> str:
        """A product of the catalog (FIXED by default: the kind commits and credits are made of); returns its
        id, ``product_id`` if given. A USAGE product needs a billable metric: create it through the API."""
        return self._locked(self._state.catalog.products.create, type, {"name": name}, None, {}, product_id)

    def seed_customers(
        self,
        n: int,
        *,
        name_prefix: str = "Customer",
        archived: int = 0,
        alias_prefix: str | None = None,
    ) -> list[str]:
        """Insert `n` customers straight into the state (no HTTP, no exchanges; 100,000 take about a
        second) and return their ids in creation order. They are named `f"{name_prefix} {k}"`, k counting
        every customer of the fake; with `alias_prefix`, each gets the ingest alias (and external id)
        `f"{alias_prefix}{k}"`. The last `archived` of them are archived."""
        for name, value in (("n", n), ("archived", archived)):
            check.number(name, value, minimum=0, whole=True)
        if archived > n:
            raise ValueError(f"archived ({archived}) cannot be more than n ({n})")
        return self._locked(self._state.customers.seed, n, name_prefix, archived, alias_prefix)

    def add_custom_field_key(self, entity: str, key: str, enforce_uniqueness: bool = False) -> None:
        if entity not in ENTITIES:
            raise ValueError(f"entity must be one of {', '.join(ENTITIES)}")
        self._locked(self._state.custom_fields.add_key, entity, key, enforce_uniqueness)

    def advance_clock(self, seconds: float) -> None:
        """Move the fake's clock forward (cursor expiry, created_at, archived_at, ...): the invoices whose
        period and grace period it passes are finalized, usage invoices of periods it reaches start, and
        alerts are evaluated again (a commit or credit may have expired)."""
        seconds = check.number("seconds", seconds, minimum=0)
        with self._state.lock:
            self._state.clock.advance(seconds)
            self._state.invoices.settle()
            evaluate(self._state)

    def now(self) -> datetime:
        """The fake's current time (aware, UTC)."""
        return self._locked(self._state.clock.now)

    # ------------------------------------------------------------------ inspection

    def customers(self, *, include_archived: bool = True) -> list[dict[str, Any]]:
        """The stored customers, in creation order, in wire (CustomerDetail) form."""
        return self._locked(self._state.customers.all, include_archived)

    def contracts(self, customer_id: str | None = None) -> list[dict[str, Any]]:
        """The stored contracts, archived ones included, in creation order, in wire (ContractV2) form;
        optionally only those of one customer."""
        return self._locked(self._state.all_contracts, customer_id)

    def events(self, customer_id: str | None = None) -> list[dict[str, Any]]:
        """Ingested events after transaction_id dedupe; optionally only those of one customer (matched by
        its id or any of its current ingest aliases)."""
        return self._locked(self._state.events, customer_id)

    def invoices(self, customer_id: str | None = None) -> list[dict[str, Any]]:
        """The stored invoices (of one customer), void ones included, oldest period first, as the API shows
        them (as of the fake's clock now)."""
        with self._state.lock:
            self._state.invoices.settle()
            return self._state.invoices.all(customer_id)

    def count(self, method: str | None = None, path: str | None = None, *, status: int | None = None) -> int:
        """Recorded exchanges with this method, this path (concrete, or the route template) and this
        status; None matches any."""
        return sum(
            1
            for ex in list(self.exchanges)
            if (method is None or ex.method == method.upper())
            and (path is None or path in (ex.path, ex.route))
            and (status is None or ex.status == status)
        )

    def reset_exchanges(self) -> None:
        """Forget the recorded exchanges (the same ring is emptied)."""
        self.exchanges.clear()

    def _record(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)  # the oldest falls out of a full ring

    # ------------------------------------------------------------------ webhooks

    def set_webhook(
        self, url: str | None, secret: str | None = None, *, retry_delays: Iterable[float] | None = None
    ) -> None:
        """Send signed webhooks to `url` (None: stop sending), signed with `secret` (None: keep the
        current one, or make one: read it back from `webhook_secret`). A delivery answered above 299, or not
        at all, is retried after each of `retry_delays` seconds in turn. Deliveries already under way keep
        the settings they started with."""
        delays = None if retry_delays is None else check_delays("retry_delays", retry_delays)
        self._webhooks.configure(url, secret)
        if delays is not None:
            self._webhooks.retry_delays = delays

    @property
    def webhook_url(self) -> str | None:
        return self._webhooks.url

    @property
    def webhook_secret(self) -> str | None:
        """The secret deliveries are signed with: give it to the receiver."""
        return self._webhooks.secret

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every webhook sent, in order, each updated as its attempts are made."""
        return self._webhooks.deliveries

    def emit_webhook(self, event_type: str, properties: Mapping[str, Any] | None = None) -> WebhookDelivery:
        """Send one webhook of a documented type (`invoice.finalized`, `alerts.<alert type>`,
        `payment_gate.*`, ...) with these properties, in the background; returns its delivery."""
        if event_type not in KNOWN_EVENT_TYPES:
            raise ValueError(f"{event_type!r} is not a documented Metronome webhook type")
        return self._webhooks.send(event_type, dict(properties or {}))

    def emit_invoice_finalized(self, customer_id: str, **properties: Any) -> WebhookDelivery:
        """`invoice.finalized` for a customer of the fake: `invoice_id` (a new id unless given),
        `customer_id`, `invoice_finalized_date` (the fake's now unless given), plus `properties`."""
        self._known_customer(customer_id)
        wire = {
            "invoice_id": new_id(),
            "customer_id": customer_id,
            "invoice_finalized_date": format_rfc3339(self.now()),
            **properties,
        }
        return self.emit_webhook("invoice.finalized", wire)

    def emit_alert(
        self, customer_id: str, alert_type: str = "low_credit_balance_reached", **properties: Any
    ) -> WebhookDelivery:
        """`alerts.<alert_type>` for a customer of the fake: `customer_id`, `alert_id` (new unless given),
        `alert_name`, `timestamp` (the fake's now), plus `properties` (threshold=..., remaining_balance=...,
        credit_type_id=..., ...)."""
        alert_type = alert_type.value if isinstance(alert_type, AlertType) else alert_type
        if alert_type not in {a.value for a in AlertType}:
            raise ValueError(f"alert_type {alert_type!r} is not a documented alert type")
        self._known_customer(customer_id)
        wire = {
            "customer_id": customer_id,
            "alert_id": new_id(),
            "alert_name": alert_type.replace("_", " ").capitalize(),
            "timestamp": format_rfc3339(self.now()),
            **properties,
        }
        return self.emit_webhook(f"alerts.{alert_type}", wire)

    async def wait_for_webhooks(self, timeout: float = 10.0) -> list[WebhookDelivery]:
        """Wait until no delivery is pending (each delivered, failed or cancelled) and return them all;
        TimeoutError naming the pending ones after `timeout` seconds. Works from any event loop."""
        return await self._webhooks.wait(check.number("timeout", timeout, minimum=0))

    def wait_for_webhooks_blocking(self, timeout: float = 10.0) -> list[WebhookDelivery]:
        """`wait_for_webhooks` for blocking code (a fake served from a thread)."""
        return self._webhooks.wait_blocking(check.number("timeout", timeout, minimum=0))

    def _send_alert(self, event_type: str, properties: dict[str, Any]) -> None:
        """A customer went into alarm: its webhook goes out while the fake serves with a webhook URL."""
        if self._runner is not None and self._webhooks.url is not None:
            self._webhooks.send(event_type, properties)

    def _invoice_finalized(self, properties: dict[str, Any]) -> None:
        """`invoice.finalized` to the webhook URL, if the fake serves and has one."""
        if self._runner is not None and self._webhooks.url is not None:
            self.emit_webhook("invoice.finalized", properties)

    def _known_customer(self, customer_id: str) -> None:
        self._locked(self._state.customers.detail, customer_id)

    def _locked(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._state.lock:
            try:
                return fn(*args, **kwargs)
            except ApiError as error:
                raise ValueError(error.message) from None
            finally:
                self._state.invoices.touch()  # a seeded product or card may change what drafts price


def _rate_card_alias(alias: str | Mapping[str, Any]) -> RateCardAlias:
    if isinstance(alias, str):
        return RateCardAlias(alias)
    unknown = set(alias) - {"name", "starting_at", "ending_before"}
    if unknown or not isinstance(alias.get("name"), str):
        raise ValueError(
            f"a rate card alias is a name or a {{name, starting_at, ending_before}} mapping: {alias!r}"
        )
    bounds = [alias.get("starting_at"), alias.get("ending_before")]
    if any(b is not None and (not isinstance(b, datetime) or b.utcoffset() is None) for b in bounds):
        raise ValueError(f"rate card alias {alias['name']!r}: its bounds must be aware datetimes")
    return RateCardAlias(alias["name"], *bounds)


def _halt(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
