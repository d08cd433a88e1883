"""The exception hierarchy. Every error the SDK raises on purpose derives from MetronomeError."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from math import isfinite
from time import time
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MetronomeError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SourceError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
]


class MetronomeError(Exception):
    """Base class of every error raised by metronome_async."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied whole, whatever ``__init__`` takes: the class, the message and every attribute.
        (Python's default gives ``__init__`` the message alone, which an error with keyword-only arguments,
        such as ``NotFoundError``, cannot be rebuilt from.)"""
        return _rebuilt, (type(self), self.args), self.__dict__


def _rebuilt(cls: type[MetronomeError], args: tuple[Any, ...]) -> MetronomeError:
    """An error of ``cls`` with these ``args``, without ``__init__``: its attributes follow from pickle."""
    return cls.__new__(cls, *args)


class APIError(MetronomeError):
    """A call to the Metronome API failed; ``method`` and ``path`` name the call."""

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        self.message = message
        self.method = method
        self.path = path
        where = f" ({method} {path})" if method else ""
        super().__init__(f"{message}{where}")


class APIStatusError(APIError):
    """Metronome answered with a status of 400 or more, or with a redirect (3xx), which is never followed."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        method: str = "",
        path: str = "",
        idempotency_key: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = headers or {}
        self.idempotency_key = idempotency_key
        """The Idempotency-Key the request carried; Metronome keeps its answer, errors too, for that key."""
        super().__init__(f"{status_code}: {message}", method=method, path=path)
        self.message = message


class BadRequestError(APIStatusError):
    """400: the request was malformed or broke one of the API's rules."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404: the object does not exist."""


class ConflictError(APIStatusError):
    """409: a real conflict (an ingest alias in use, an Idempotency-Key reused). Never retried."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, if it said."""
        return retry_after_seconds(self.headers)


class InternalServerError(APIStatusError):
    """500 or above: Metronome failed."""


class APIResponseValidationError(APIError):
    """A success answer that is not what the API promises (no ``data``, a required field missing, a field of
    the wrong JSON type); ``problem`` says what was wrong and where, ``body`` holds what came."""

    def __init__(
        self,
        problem: str,
        *,
        status_code: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.problem = problem
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = headers or {}
        super().__init__(f"Unexpected {status_code} response: {problem}", method=method, path=path)


class APIConnectionError(APIError):
    """The request did not get an answer: the connection failed or was dropped."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class WebhookVerificationError(MetronomeError):
    """A webhook's signature, date or body did not verify; the message says which check failed."""


class SourceError(MetronomeError):
    """A bulk job's source (the items or events it was reading) raised part-way. Everything read before was
    finished and is in ``report``, the job's report so far (a ``ProvisionReport`` or an ``IngestReport``);
    ``read`` counts the items read; the source's own exception is chained as ``__cause__``."""

    def __init__(self, message: str, report: Any = None, read: int = 0) -> None:
        super().__init__(message)
        self.report = report
        self.read = read


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(
    status: int,
    body: Any,
    headers: Mapping[str, str],
    *,
    reason: str,
    method: str,
    path: str,
    idempotency_key: str | None = None,
) -> APIStatusError:
    """The typed error for a failed response, with the server's message when it gave one."""
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    message = body.get("message") if isinstance(body, dict) else None
    if status < 400:  # the SDK follows no redirect: the API key is sent to base_url and nowhere else
        message = f"a redirect to {headers.get('Location', 'nowhere')!r}, not followed; check base_url"
    elif not isinstance(message, str) or not message:
        message = body if isinstance(body, str) and body else reason or "HTTP error"
    return cls(
        message,
        status_code=status,
        body=body,
        headers=headers,
        method=method,
        path=path,
        idempotency_key=idempotency_key,
    )


MAX_RETRY_AFTER = 60.0
"""A server hint longer than this is not slept through: the error is raised at once, whatever its status."""


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait a response asks for, in seconds: ``retry-after-ms``, else ``Retry-After`` as seconds or as an
    HTTP date (a past date is 0). ``None`` when it asks for none, or for nonsense: not a number, NaN,
    infinite, negative. Every hint the SDK honours comes from here; ``MAX_RETRY_AFTER`` caps them all."""
    hint = _seconds(headers.get("retry-after-ms"), scale=1000.0)
    if hint is not None:
        return hint
    raw = headers.get("retry-after")
    hint = _seconds(raw)
    if hint is not None or not raw:
        return hint
    try:
        when = parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, OverflowError):
        return None
    return max(when - time(), 0.0)


def _seconds(raw: str | None, *, scale: float = 1.0) -> float | None:
    """A finite, non-negative number of seconds, or ``None``."""
    if not raw:
        return None
    try:
        value = float(raw) / scale
    except ValueError:
        return None
    return value if isfinite(value) and value >= 0.0 else None
