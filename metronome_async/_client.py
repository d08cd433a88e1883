"""AsyncMetronome: settings, the session's lifetime, the resources, per-call options and any endpoint."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from ssl import SSLContext
from types import TracebackType
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.logs import configure_from_env
from metronome_async._core.network import check_network
from metronome_async._core.requester import Requester, RequestOptions
from metronome_async._core.serde import UNSET
from metronome_async._core.settings import Settings
from metronome_async._core.transport import USER_AGENT, AiohttpTransport, Transport
from metronome_async._core.wire import Target
from metronome_async.resources._generated import Areas, RawAreas
from metronome_async.resources._raw import RawView, raw
from metronome_async.resources._raw_views import RawContracts, RawCustomers, RawUsage
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.usage import Usage
from metronome_async.webhooks import Webhooks
from metronome_async.workflows import Customers

__all__ = ["AsyncMetronome", "RawClient"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_CONCURRENCY = 32
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")

configure_from_env()


class AsyncMetronome(Areas):
    """The async client. Constructing it does no I/O; the session opens on first use or on ``async with``.

    ``api_key`` falls back to ``METRONOME_API_KEY`` then ``METRONOME_BEARER_TOKEN``; ``base_url`` to
    ``METRONOME_BASE_URL`` then https://api.metronome.com. ``max_concurrency`` bounds the requests in flight;
    ``max_retries`` is how many times a retryable failure is retried. Requests go through ``proxy`` if given,
    else (``trust_env=True``) through ``HTTPS_PROXY``/``HTTP_PROXY`` unless ``NO_PROXY`` covers the host;
    ``ssl`` is an ``ssl.SSLContext`` for a custom CA or a client certificate.
    """

    customers: Customers
    usage: Usage
    contracts: Contracts
    webhooks: Webhooks

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        webhook_secret: str | None = None,
        allow_insecure_http: bool = False,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | bool = True,
    ) -> None:
        settings = Settings.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            webhook_secret=webhook_secret,
            allow_insecure_http=allow_insecure_http,
        )
        check_network(proxy, trust_env, ssl)
        target = Target.of(settings.base_url, settings.api_key, USER_AGENT)
        transport = AiohttpTransport(
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_concurrency=settings.max_concurrency,
            proxy=proxy,
            trust_env=trust_env,
            ssl=ssl,
            max_response_bytes=settings.max_response_bytes,
            headers=target.read_headers,
        )
        self._start(settings, transport, target)

    @classmethod
    def _over(cls, transport: Transport, **arguments: Any) -> AsyncMetronome:
        """A client sending through ``transport`` (a test's mock) instead of aiohttp; ``arguments`` are the
        constructor's."""
        client = cls(**arguments)
        settings = client._settings
        client._start(settings, transport, Target.of(settings.base_url, settings.api_key, USER_AGENT))
        return client

    def _start(self, settings: Settings, transport: Transport, target: Target) -> None:
        options = RequestOptions(settings.timeout, settings.max_retries)
        self._bind(
            settings, Requester.new(transport, target, options, max_concurrency=settings.max_concurrency)
        )

    def _bind(self, settings: Settings, requester: Requester) -> None:
        self._settings = settings
        self._transport = requester
        self.customers = Customers(requester)
        self.usage = Usage(requester)
        self.contracts = Contracts(requester)
        self.webhooks = Webhooks(settings.webhook_secret)

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> AsyncMetronome:
        """A client that differs from this one only in these settings (``extra_headers`` are added to every
        request), sharing its connection pool, its concurrency pool and its pacing; this client is unchanged.
        Closing the new client does nothing: the pool stays this client's to close."""
        current = self._settings
        settings = Settings.resolve(
            api_key=current.api_key,
            base_url=current.base_url,
            timeout=current.timeout if timeout is None else timeout,
            max_retries=current.max_retries if max_retries is None else max_retries,
            max_concurrency=current.max_concurrency,
            webhook_secret=current.webhook_secret,
            allow_insecure_http=True,  # the base URL was checked when this client was made
        )
        headers = {**self._transport.options.extra_headers, **_checked_headers(extra_headers)}
        options = RequestOptions(settings.timeout, settings.max_retries, headers)
        twin = AsyncMetronome.__new__(AsyncMetronome)
        twin._bind(settings, self._transport.with_options(options))
        return twin

    @functools.cached_property
    def with_raw_response(self) -> RawClient:
        """The same resources and ``request``, each call returning an ``APIResponse``: ``status_code``,
        ``headers`` and ``parse()`` for what the plain call returns (a listing's first page)."""
        return RawClient(self)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | int | float | bool] | None = None,
        body: Any = None,
        idempotent: bool = True,
        idempotency_key: str | None = None,
    ) -> Any:
        """Call any endpoint, such as one newer than this SDK, and return the parsed JSON (``None`` for an
        empty answer). It goes through the same transport as every other call: the API key, the concurrency
        pool, retries, pacing and typed errors. A POST carries an Idempotency-Key, ``idempotency_key`` or a
        fresh one, unless ``idempotent=False`` (for reads spelled as POST). ``path`` starts with ``/``:
        ``/v1/contracts/customerBalances/list``."""
        verb = _checked_method(method)
        if not isinstance(idempotent, bool):
            raise TypeError(f"idempotent must be True or False, not {idempotent!r}")
        if idempotency_key is not None and not (verb == "POST" and idempotent):
            raise ValueError("idempotency_key goes with a POST (and not with idempotent=False)")
        return await self._transport.request(
            verb,
            _checked_path(path),
            query=_checked_query(query),
            body=UNSET if body is None else check.json_value("body", body),
            checked=True,
            idempotent=idempotent,
            idempotency_key=idempotency_key,
        )

    @property
    def base_url(self) -> str:
        """The API's address, without a trailing slash."""
        return self._settings.base_url

    @property
    def max_concurrency(self) -> int:
        """The most requests this client (and those made from it by ``with_options``) has in flight."""
        return self._settings.max_concurrency

    @property
    def webhook_secret(self) -> str | None:
        """The secret ``webhooks`` verifies signatures with, if any."""
        return self._settings.webhook_secret

    async def close(self) -> None:
        """Close the HTTP session; harmless if the client never opened or is already closed."""
        await self._transport.close()

    async def __aenter__(self) -> AsyncMetronome:
        await self._transport.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncMetronome(base_url={self.base_url!r}, api_key=<hidden>)"


class RawClient(RawAreas, RawView[AsyncMetronome]):
    """``with_raw_response``: the client's resources and ``request``, each call answering an APIResponse."""

    customers: RawCustomers
    usage: RawUsage
    contracts: RawContracts

    request = raw(AsyncMetronome.request)


def _checked_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise TypeError(f"extra_headers must be a mapping of names to values, not {type(headers).__name__}")
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"extra_headers: {name!r} is not a valid header name")
        if name.lower() == "idempotency-key":  # one key for every call would replay the first call's answer
            raise ValueError(
                f"extra_headers must not hold {name!r}: pass idempotency_key= to the call that needs it"
            )
        if not isinstance(value, str) or "\r" in value or "\n" in value:
            raise ValueError(f"extra_headers[{name!r}] must be a one-line string")
    return dict(headers)


def _checked_method(method: str) -> str:
    verb = method.upper() if isinstance(method, str) else method
    if verb not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    return str(verb)


def _checked_path(path: str) -> str:
    if not isinstance(path, str):
        raise TypeError(f"path must be a string such as '/v1/customers', not {type(path).__name__}")
    if not path.startswith("/") or path.startswith("//") or any(c in path for c in "?# \t\r\n"):
        raise ValueError(
            f"path must be the API path, starting with '/' and without a query (pass query=...): {path!r}"
        )
    return path


def _checked_query(query: Mapping[str, str | int | float | bool] | None) -> dict[str, str] | None:
    if query is None:
        return None
    if not isinstance(query, Mapping):
        raise TypeError(f"query must be a mapping of names to values, not {type(query).__name__}")
    checked = {}
    for name, value in query.items():
        if not isinstance(name, str):
            raise TypeError(f"query names must be strings, not {name!r}")
        if isinstance(value, bool):
            checked[name] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            checked[name] = str(value)
        else:
            raise TypeError(f"query[{name!r}] must be a string, number or bool, not {type(value).__name__}")
    return checked
