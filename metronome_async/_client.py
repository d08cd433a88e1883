"""AsyncMetronome: settings, the session's lifetime, and the resources."""

from __future__ import annotations

from types import TracebackType

from metronome_async._core.settings import Settings
from metronome_async._core.transport import Transport
from metronome_async.resources import CustomFields, Plans, Usage
from metronome_async.webhooks import Webhooks
from metronome_async.workflows import Customers

__all__ = ["AsyncMetronome"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_CONCURRENCY = 32


class AsyncMetronome:
    """The async client. Constructing it does no I/O; the session opens on first use or on ``async with``.

    ``api_key`` falls back to ``METRONOME_API_KEY`` then ``METRONOME_BEARER_TOKEN``; ``base_url`` to
    ``METRONOME_BASE_URL`` then https://api.metronome.com. ``max_concurrency`` bounds the requests in flight;
    ``max_retries`` is how many times a retryable failure is retried.
    """

    customers: Customers
    plans: Plans
    custom_fields: CustomFields
    usage: Usage
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
    ) -> None:
        self._settings = Settings.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            webhook_secret=webhook_secret,
            allow_insecure_http=allow_insecure_http,
        )
        settings = self._settings
        self._transport = Transport(
            api_key=settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            max_concurrency=settings.max_concurrency,
            max_response_bytes=settings.max_response_bytes,
        )
        self.customers = Customers(self._transport)
        self.plans = Plans(self._transport)
        self.custom_fields = CustomFields(self._transport)
        self.usage = Usage(self._transport)
        self.webhooks = Webhooks(settings.webhook_secret)

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    @property
    def max_concurrency(self) -> int:
        return self._settings.max_concurrency

    @property
    def webhook_secret(self) -> str | None:
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
