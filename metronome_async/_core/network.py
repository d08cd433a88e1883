"""How a client reaches Metronome: a proxy (explicit or from the environment) and the TLS settings.

Every request of a client goes to one base URL, so the proxy is decided once, when the session opens, instead
of on each request as aiohttp's ``trust_env`` would (it reads the environment in a thread per request).
A loopback base URL (an embedded Metronome in tests) is never sent to a proxy from the environment, as Go's
``ProxyFromEnvironment`` does: a corporate ``HTTP_PROXY`` cannot reach a server on the developer's machine.
"""

from __future__ import annotations

import urllib.request
from ssl import SSLContext
from urllib.parse import urlsplit

import aiohttp

from metronome_async._core.settings import _is_loopback

__all__ = ["check_network", "connection_problem", "proxy_for"]


def proxy_for(url: str, *, proxy: str | None, trust_env: bool) -> str | None:
    """The proxy for requests to ``url``: ``proxy`` if given; else, with ``trust_env``, the ``HTTPS_PROXY`` or
    ``HTTP_PROXY`` variable for its scheme (any case), unless the host is loopback or in ``NO_PROXY``."""
    if proxy is not None or not trust_env:
        return proxy
    parts = urlsplit(url)
    host = parts.hostname or ""
    found = urllib.request.getproxies().get(parts.scheme)
    if not found or _is_loopback(host) or urllib.request.proxy_bypass(host):
        return None
    return found if "://" in found else f"http://{found}"  # "host:port" is a common way to write one


def check_network(proxy: object, trust_env: object, ssl: object) -> None:
    """Refuse network arguments of the wrong kind before anything is opened, naming the argument."""
    if proxy is not None:
        if not isinstance(proxy, str):
            raise TypeError(f"proxy must be a URL such as http://proxy:3128, not {type(proxy).__name__}")
        parts = urlsplit(proxy)
        if parts.scheme != "http" or not parts.hostname:
            # The URL is not repeated: it may carry a password.
            raise ValueError("proxy must be an http:// URL with a host, such as http://proxy:3128")
    if not isinstance(trust_env, bool):
        raise TypeError(f"trust_env must be True or False, not {trust_env!r}")
    if not isinstance(ssl, (SSLContext, bool)):
        raise TypeError(f"ssl must be an ssl.SSLContext, True or False, not {type(ssl).__name__}")


def connection_problem(error: aiohttp.ClientError) -> str:
    """What went wrong reaching the server, said so that it can be fixed. A TLS handshake that fails for
    another reason than the certificate is most often an https:// URL to a server that speaks plain HTTP."""
    if isinstance(error, aiohttp.ClientConnectorSSLError):
        return (
            f"TLS with {error.host}:{error.port} failed ({error.os_error}); if the server speaks plain "
            "HTTP, as the embedded Metronome does, use an http:// URL"
        )
    return f"Connection error: {error}"
