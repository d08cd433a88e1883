"""Client settings: arguments, then environment variables, then defaults; checked before any I/O."""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

import attrs

from metronome_async._core import validate as check

__all__ = ["DEFAULT_BASE_URL", "Settings"]

DEFAULT_BASE_URL = "https://api.metronome.com"
API_KEY_VARIABLES = ("METRONOME_API_KEY", "METRONOME_BEARER_TOKEN")
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
MAX_RESPONSE_BYTES_VARIABLE = "METRONOME_MAX_RESPONSE_BYTES"
API_VERSION = re.compile(r"/v\d+/*$", re.IGNORECASE)
"""A base URL's path ending like this would send ``/v1/v1/customers``."""


@attrs.frozen
class Settings:
    api_key: str = attrs.field(repr=False)
    base_url: str
    timeout: float
    max_retries: int
    max_concurrency: int
    webhook_secret: str | None = attrs.field(repr=False)
    max_response_bytes: int = MAX_RESPONSE_BYTES
    """A response body larger than this is an error (``METRONOME_MAX_RESPONSE_BYTES``; 32 MiB by default)."""

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float,
        max_retries: int,
        max_concurrency: int,
        webhook_secret: str | None,
        allow_insecure_http: bool,
    ) -> Settings:
        key = api_key or next((os.environ[v] for v in API_KEY_VARIABLES if os.environ.get(v)), None)
        if not key:
            raise ValueError(
                "api_key is missing: pass api_key=... or set METRONOME_API_KEY (or METRONOME_BEARER_TOKEN)"
            )
        given = base_url or os.environ.get("METRONOME_BASE_URL") or DEFAULT_BASE_URL
        _check_base_url(given, allow_insecure_http)  # its messages quote the URL as it was written
        url = given.rstrip("/")
        check.number("timeout", timeout, above=0)
        check.number("max_retries", max_retries, minimum=0, whole=True)
        check.number("max_concurrency", max_concurrency, minimum=1, whole=True)
        secret = webhook_secret or os.environ.get("METRONOME_WEBHOOK_SECRET") or None
        return cls(key, url, float(timeout), max_retries, max_concurrency, secret, _max_response_bytes())


def _max_response_bytes() -> int:
    raw = os.environ.get(MAX_RESPONSE_BYTES_VARIABLE)
    if not raw:
        return MAX_RESPONSE_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{MAX_RESPONSE_BYTES_VARIABLE} must be a whole number of bytes, 1 or more: {raw!r}")
    return value


def _check_base_url(url: str, allow_insecure_http: bool) -> None:
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:  # the message must not repeat the URL
        raise ValueError(
            "base_url must not carry credentials (user:password@); pass the API key as api_key instead"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"base_url must be an http(s) URL such as {DEFAULT_BASE_URL}, not {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"base_url must not have a query or fragment: {url!r}")
    version = API_VERSION.search(parts.path)
    if version:
        raise ValueError(
            f"base_url must not end with {version[0].rstrip('/')}, which each request's path starts with: "
            f"use {url[: -len(version[0])]!r}"
        )
    if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(parts.hostname):
        raise ValueError(
            f"base_url {url!r} is plain http to a non-loopback host, which would send the API key in clear; "
            "use https, or pass allow_insecure_http=True if you mean it"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
