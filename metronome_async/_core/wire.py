"""The wire without I/O: building a request and reading its response, as pure functions over small values.

The request path has three parts, each with one job:

- here, ``build_request`` turns a call a resource describes (method, path, query, JSON body, Idempotency-Key)
  into a ``Request``: the URL, headers and body bytes that go out; ``read_response`` turns the ``Response``
  that comes back (status, headers, body bytes) into the JSON, the parsed model, or the typed error;
- a transport (``transport.py``) sends a ``Request`` and answers its ``Response``: one method, ``send``;
- the requester (``requester.py``) runs one logical call: the request built once, then each try in the one
  retry loop with its pool slot and its turn at the pace.

Nothing here knows about sockets, retries or pacing, so it is tested without a server, and a transport that
can send a ``Request`` is all another HTTP stack (or a test's mock) needs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import urlencode

import attrs
from multidict import CIMultiDictProxy

from metronome_async._core import validate as check
from metronome_async._core.serde import UNSET, ResponseShapeError, dumps, loads
from metronome_async.errors import APIResponseValidationError, error_for_status

__all__ = [
    "IDEMPOTENCY_KEY",
    "Request",
    "Response",
    "Target",
    "as_bytes",
    "build_request",
    "read_response",
    "url_of",
]

IDEMPOTENCY_KEY = "Idempotency-Key"
_SHOWN_HEADERS = frozenset({"accept", "content-type", "idempotency-key", "user-agent"})


def _shown(headers: Mapping[str, str]) -> str:
    """Headers for a repr: the values of the SDK's own, others (the API key's, any extra) hidden."""
    return repr({k: v if k.lower() in _SHOWN_HEADERS else "<hidden>" for k, v in headers.items()})


@attrs.frozen
class Target:
    """The API a client talks to: its base URL and the headers of its reads and of its writes (a body), made
    once per client and per ``with_options``, not per request."""

    base_url: str
    read_headers: Mapping[str, str] = attrs.field(repr=_shown)
    write_headers: Mapping[str, str] = attrs.field(repr=_shown)

    @classmethod
    def of(cls, base_url: str, api_key: str, user_agent: str) -> Target:
        """The API at ``base_url``, called with this key."""
        common = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": user_agent,
        }
        return cls(base_url, common, {**common, "Content-Type": "application/json"})

    def adding(self, headers: Mapping[str, str]) -> Target:
        """This target, each request carrying ``headers`` too (in place of any of the same name)."""
        if not headers:
            return self
        return Target(self.base_url, {**self.read_headers, **headers}, {**self.write_headers, **headers})


class Request:
    """What goes out: ``url`` is the base URL and ``path``, ``query`` its parameters (encoded by the
    transport), ``body`` the JSON bytes or ``None``. A frozen value (its attributes are ``Final``), made once
    per call and sent as it is by every try.

    It hides the API key: its repr shows the values of the SDK's own headers only, and, being no tuple or
    mapping, it is not walked into by tools that record the locals of a traceback's frames (they show its
    repr)."""

    __slots__ = ("body", "headers", "method", "path", "query", "url")

    def __init__(
        self,
        method: str,
        url: str,
        path: str,
        query: Mapping[str, str] | None,
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> None:
        self.method: Final = method
        self.url: Final = url
        self.path: Final = path
        self.query: Final = query
        self.headers: Final = headers
        self.body: Final = body

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get(IDEMPOTENCY_KEY)

    def __repr__(self) -> str:
        size = "None" if self.body is None else f"<{len(self.body)} bytes>"
        return (
            f"Request(method={self.method!r}, url={self.url!r}, query={self.query!r}, "
            f"headers={_shown(self.headers)}, body={size})"
        )


class Response:
    """What came back: the status, the headers (case-insensitive) and the body, read whole (a transport
    refuses one above the client's size limit before reading the rest). A frozen value, as ``Request``."""

    __slots__ = ("body", "headers", "reason", "status")

    def __init__(self, status: int, headers: CIMultiDictProxy[str], body: bytes, reason: str = "") -> None:
        self.status: Final = status
        self.headers: Final = headers
        self.body: Final = body
        self.reason: Final = reason

    def __repr__(self) -> str:
        return f"Response(status={self.status}, reason={self.reason!r}, body=<{len(self.body)} bytes>)"


def build_request(
    target: Target,
    method: str,
    path: str,
    *,
    query: Mapping[str, str] | None = None,
    body: Any = UNSET,
    checked: bool = False,
    idempotency_key: str | None = None,
    idempotent: bool = True,
    accept: str | None = None,
) -> Request:
    """The request for one logical call; every try of it sends this same value.

    ``body`` (unless ``UNSET``) goes out as JSON, checked to be JSON (no NaN, nothing JSON cannot carry)
    unless ``checked`` says the caller did, naming the arguments better than this layer can. Every POST
    carries an Idempotency-Key: ``idempotency_key`` (checked here for every caller) or a fresh one, so a
    retried create never makes a second object; ``idempotent=False`` leaves it off, for reads that the API
    spells as POST. ``accept`` asks for an answer other than JSON (``application/pdf``).
    """
    if idempotency_key is not None:
        check.idempotency_key("idempotency_key", idempotency_key)
    elif method == "POST" and idempotent:
        idempotency_key = str(uuid.uuid4())
    data = None if body is UNSET else dumps(body if checked else check.json_body(body))
    headers = target.read_headers if data is None else target.write_headers
    if idempotency_key is not None:
        headers = {**headers, IDEMPOTENCY_KEY: idempotency_key}
    if accept is not None:
        headers = {**headers, "Accept": accept}
    return Request(method, target.base_url + path, path, query, headers, data)


def read_response(request: Request, response: Response, parse: Callable[[Any], Any] | None) -> Any:
    """The answer to ``request``: its JSON (``None`` for an empty body), or ``parse(json)`` if given, whose
    ``ResponseShapeError`` becomes an ``APIResponseValidationError``; a status of 300 or more raises its
    typed error (a redirect is never followed: the key goes to the base URL and nowhere else)."""
    body = _decode(response.body)
    status = response.status
    # An error keeps a copy of the headers: a proxy of them cannot be pickled.
    if status >= 300:
        raise error_for_status(
            status,
            body,
            response.headers.copy(),
            reason=response.reason,
            method=request.method,
            path=request.path,
            idempotency_key=request.idempotency_key,
        )
    if parse is None:
        return body
    if parse is as_bytes:
        return response.body
    try:
        return parse(body)
    except ResponseShapeError as exc:
        raise APIResponseValidationError(
            str(exc),
            status_code=status,
            body=body,
            headers=response.headers.copy(),
            method=request.method,
            path=request.path,
        ) from None


def as_bytes(body: Any) -> bytes:
    """The ``parse`` of an answer that is not JSON (a PDF): ``read_response`` gives its bytes as they came."""
    raise AssertionError("read_response answers as_bytes itself")  # never called


def url_of(request: Request) -> str:
    """The request's URL with its query, as sent."""
    if not request.query:
        return request.url
    return f"{request.url}?{urlencode(request.query, safe='/:@?')}"


def _decode(raw: bytes) -> Any:
    """JSON when the body is JSON, the text when it is not (a proxy's error page), None when empty."""
    if not raw:
        return None
    try:
        return loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
