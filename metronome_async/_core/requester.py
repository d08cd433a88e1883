"""One logical call to Metronome: the request built once (``wire``), then tried in the one retry loop
(``retry``), each try holding a pool slot and taking its turn at the pace around ``transport.send``.

A client holds one ``Requester``; ``with_options`` makes another on the same transport, pool slots and pacer,
with its own ``RequestOptions`` (timeout, retries, extra headers). ``recording()`` lets a caller see the
requests and responses of the calls made inside it (``with_raw_response``), without a hook on the plain path.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from time import perf_counter
from typing import Any

import attrs

from metronome_async._core.pacing import AdaptiveRate
from metronome_async._core.retry import with_retries
from metronome_async._core.serde import UNSET
from metronome_async._core.slots import Slots
from metronome_async._core.transport import Transport
from metronome_async._core.wire import Request, Response, Target, build_request, read_response

__all__ = ["NOT_COPYABLE", "Exchange", "RequestOptions", "Requester", "recording"]

logger = logging.getLogger("metronome_async")

Exchange = tuple[Request, Response]
"""A request and the response that answered it (the last try's)."""

_recorded: ContextVar[list[Exchange] | None] = ContextVar("metronome_exchanges", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[Exchange]]:
    """The exchanges of every call completed in this block (and the tasks it starts), in order; calls
    elsewhere, concurrent ones included, are not seen."""
    seen: list[Exchange] = []
    token = _recorded.set(seen)
    try:
        yield seen
    finally:
        _recorded.reset(token)


@attrs.frozen
class RequestOptions:
    """How a client's requests are sent: the timeout of each try (seconds), how many times a retryable
    failure is retried, and headers added to every request."""

    timeout: float
    max_retries: int
    extra_headers: Mapping[str, str] = attrs.field(factory=dict, repr=lambda headers: repr(sorted(headers)))
    """Shown by name only in the repr: a value may be a credential."""


NOT_COPYABLE = (
    "a Metronome client (or one of its resources) cannot be pickled or deep-copied: it holds the API key, "
    "a connection pool and an event loop; make a client in each process (with_options makes a variant)"
)


class Requester:
    """Sends the calls of one client with its ``options`` to ``target`` through ``transport``; ``slots``
    bound its attempts in flight and ``pacer`` paces them, both shared with the requesters of
    ``with_options``. Made by ``Requester.new``."""

    def __init__(
        self,
        transport: Transport,
        target: Target,
        options: RequestOptions,
        *,
        slots: Slots,
        pacer: AdaptiveRate,
        owner: bool,
    ) -> None:
        self._transport = transport
        self._base = target  # without the extra headers: with_options gives its own
        self._target = target.adding(options.extra_headers)
        self.options = options
        self._slots = slots
        self.pacer = pacer
        self._owner = owner

    @classmethod
    def new(
        cls, transport: Transport, target: Target, options: RequestOptions, *, max_concurrency: int
    ) -> Requester:
        """A requester with pool slots and a pacer of its own, that closes ``transport`` when closed."""
        slots, pacer = Slots(max_concurrency), AdaptiveRate()
        return cls(transport, target, options, slots=slots, pacer=pacer, owner=True)

    def __reduce__(self) -> Any:
        raise TypeError(NOT_COPYABLE)

    def with_options(self, options: RequestOptions) -> Requester:
        """A requester with these options on this one's transport, pool slots and pacer; closing it leaves
        them open (they stay this one's to close). ``options.extra_headers`` replace this one's."""
        return Requester(
            self._transport, self._base, options, slots=self._slots, pacer=self.pacer, owner=False
        )

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
        accept: str | None = None,
    ) -> Any:
        """Send one logical call, retried as needed; return the parsed JSON (``None`` for an empty body), or
        ``parse(json)`` if given: its ``ResponseShapeError`` becomes an ``APIResponseValidationError``.
        The other arguments are ``wire.build_request``'s: every POST carries an Idempotency-Key, the same on
        each retry, unless ``idempotent=False``."""
        request = build_request(
            self._target,
            method,
            path,
            query=query,
            body=body,
            checked=checked,
            idempotency_key=idempotency_key,
            idempotent=idempotent,
            accept=accept,
        )
        result, response = await with_retries(self._attempt, self.options.max_retries, request, parse)
        recorded = _recorded.get()
        if recorded is not None:
            recorded.append((request, response))
        return result

    async def _attempt(
        self, number: int, request: Request, parse: Callable[[Any], Any] | None
    ) -> tuple[Any, Response]:
        """Try number ``number`` of a call: a pool slot, a turn at the pace, the exchange, and the answer
        read (or its typed error raised)."""
        pacer = self.pacer
        async with self._slots:  # held for the attempt only, never while a retry sleeps
            if pacer.rate is not None:  # a rate limit has been met: keep under it, once a slot is ours
                await pacer.wait_turn()
            started = perf_counter()
            response = await self._transport.send(request, timeout=self.options.timeout)
        status = response.status
        if logger.isEnabledFor(logging.DEBUG):
            elapsed = (perf_counter() - started) * 1000
            logger.debug(
                "%s %s -> %d (attempt %d, %.1f ms)", request.method, request.path, status, number, elapsed
            )
        if status == 429:
            pacer.rate_limited()
        elif status < 400:
            pacer.succeeded()
        return read_response(request, response, parse), response

    async def open(self) -> None:
        """Open the transport now instead of on the first request."""
        await self._transport.open()

    async def close(self) -> None:
        """Close the transport if it is this requester's (not one of ``with_options``)."""
        if self._owner:
            await self._transport.close()

    @property
    def max_concurrency(self) -> int:
        """The most attempts in flight, for this requester and those of ``with_options``."""
        return self._slots.size
