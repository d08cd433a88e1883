"""Proxies and TLS: a real forward proxy (aiohttp.web) on loopback that records what it forwards, and an HTTPS
server whose certificate only a custom CA vouches for."""

from __future__ import annotations

import asyncio
import base64
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
import trustme
from aiohttp import web

from metronome_async import APIConnectionError, AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


REMOTE = "http://metronome.test"  # a name no resolver knows: only the proxy can reach it


class ForwardProxy:
    """An HTTP forward proxy: takes absolute-form requests, notes each target, and forwards it; a request for
    ``REMOTE`` goes to the embedded Metronome, as if it were the real one far away."""

    def __init__(self) -> None:
        self.forwarded: list[str] = []
        self.credentials: list[str | None] = []
        self.remote: str | None = None
        self.session: aiohttp.ClientSession | None = None

    async def handle(self, request: web.Request) -> web.Response:
        assert self.session is not None and request.url.absolute, "a proxy gets absolute-form targets"
        target = str(request.url)
        self.forwarded.append(f"{request.method} {target}")
        self.credentials.append(request.headers.get("Proxy-Authorization"))
        if self.remote is not None and target.startswith(REMOTE):
            target = self.remote + target[len(REMOTE) :]
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "proxy-connection")}
        async with self.session.request(
            request.method, target, headers=headers, data=await request.read()
        ) as answer:
            body = await answer.read()
            return web.Response(status=answer.status, body=body, content_type=answer.content_type)

    async def start(self) -> tuple[web.AppRunner, str]:
        self.session = aiohttp.ClientSession(trust_env=False)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"

    async def stop(self, runner: web.AppRunner) -> None:
        await runner.cleanup()
        if self.session is not None:
            await self.session.close()


@pytest.fixture
async def proxy(fake: FakeMetronome) -> AsyncIterator[tuple[ForwardProxy, str]]:
    forward = ForwardProxy()
    forward.remote = fake.url
    runner, url = await forward.start()
    yield forward, url
    await forward.stop(runner)


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start each test from an environment without proxy variables, in either case."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    yield


def remote_client(fake: FakeMetronome, **options: Any) -> AsyncMetronome:
    return AsyncMetronome(api_key=fake.api_key, base_url=REMOTE, allow_insecure_http=True, **options)


async def test_http_proxy_from_the_environment_is_used_by_default(
    fake: FakeMetronome, proxy: tuple[ForwardProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    async with remote_client(fake) as client:
        created = await client.customers.create(name="Via proxy")
        assert (await client.customers.retrieve(created.id)).name == "Via proxy"
    assert forward.forwarded == [
        f"POST {REMOTE}/v1/customers",
        f"GET {REMOTE}/v1/customers/{created.id}",
    ]
    assert fake.count() == 2


@pytest.mark.parametrize("no_proxy", ["metronome.test", ".test,localhost", "*"])
async def test_no_proxy_covers_the_host(
    fake: FakeMetronome, proxy: tuple[ForwardProxy, str], monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("http_proxy", proxy_url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    async with remote_client(fake, max_retries=0) as client:
        with pytest.raises(APIConnectionError):
            await client.customers.create(name="Direct")  # straight to a name that does not resolve
    assert forward.forwarded == []


async def test_loopback_is_reached_directly_whatever_the_environment(
    fake: FakeMetronome, proxy: tuple[ForwardProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        await client.customers.create(name="Local")
    assert forward.forwarded == [] and fake.count() == 1


async def test_trust_env_false_ignores_the_environment_and_proxy_is_explicit(
    fake: FakeMetronome, proxy: tuple[ForwardProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    async with remote_client(fake, trust_env=False, max_retries=0) as client:
        with pytest.raises(APIConnectionError):
            await client.customers.create(name="Direct")
    assert forward.forwarded == []

    monkeypatch.setenv("NO_PROXY", "*")  # an explicit proxy wins over the environment, loopback included
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, proxy=proxy_url) as client:
        await client.customers.create(name="Proxied")
    assert forward.forwarded == [f"POST {fake.url}/v1/customers"]


async def test_proxy_credentials_in_the_url_are_sent_to_the_proxy(
    fake: FakeMetronome, proxy: tuple[ForwardProxy, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url.replace("http://", "http://user:s3cret@"))
    async with remote_client(fake) as client:
        await client.customers.create(name="Authenticated")
    assert forward.credentials == ["Basic " + base64.b64encode(b"user:s3cret").decode()]


def test_the_blocking_client_takes_a_proxy(
    thread_fake: FakeMetronome, proxy_thread: tuple[ForwardProxy, str]
) -> None:
    forward, proxy_url = proxy_thread
    with Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url, proxy=proxy_url) as client:
        client.customers.create(name="Blocking")
    assert forward.forwarded == [f"POST {thread_fake.url}/v1/customers"]


@pytest.fixture
def proxy_thread() -> Iterator[tuple[ForwardProxy, str]]:
    """The forward proxy on a loop thread of its own, for the blocking client."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    forward = ForwardProxy()
    runner, url = asyncio.run_coroutine_threadsafe(forward.start(), loop).result(10)
    yield forward, url
    asyncio.run_coroutine_threadsafe(forward.stop(runner), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


# --- TLS --------------------------------------------------------------------------------------------------


@pytest.fixture
async def https_server() -> AsyncIterator[tuple[trustme.CA, str]]:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)

    async def customer(request: web.Request) -> web.Response:
        return web.json_response({"data": {"id": request.match_info["id"], "name": "Secure"}})

    app = web.Application()
    app.router.add_get("/v1/customers/{id}", customer)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context).start()
    yield ca, f"https://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_an_ssl_context_trusts_a_custom_ca(https_server: tuple[trustme.CA, str]) -> None:
    ca, url = https_server
    context = ssl.create_default_context()
    ca.configure_trust(context)
    async with AsyncMetronome(api_key="k", base_url=url, ssl=context, trust_env=False) as client:
        assert (await client.customers.retrieve("c1")).name == "Secure"
    async with AsyncMetronome(api_key="k", base_url=url, max_retries=0, trust_env=False) as client:
        with pytest.raises(APIConnectionError, match="certificate") as caught:
            await client.customers.retrieve("c1")  # the system's CAs do not know this one
    assert "http:// URL" not in str(caught.value)  # a certificate problem is not a plain-HTTP server


async def test_https_to_a_plain_http_server_says_to_use_http(fake: FakeMetronome) -> None:
    url = fake.url.replace("http://", "https://")
    async with AsyncMetronome(api_key=fake.api_key, base_url=url, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.customers.retrieve("c1")
    host = url.removeprefix("https://")
    message = str(caught.value)
    assert message.startswith(f"TLS with {host} failed (")
    assert "); if the server speaks plain HTTP, as the embedded Metronome does, use an http:// URL" in message
    assert fake.api_key not in message


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"proxy": "socks5://127.0.0.1:1080"}, ValueError, "proxy"),
        ({"proxy": "http://user:secret@"}, ValueError, "proxy"),
        ({"proxy": 3128}, TypeError, "proxy"),
        ({"trust_env": "yes"}, TypeError, "trust_env"),
        ({"ssl": "/etc/ssl/ca.pem"}, TypeError, "ssl"),
    ],
)
def test_network_arguments_are_checked_at_construction(
    options: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match) as caught:
        AsyncMetronome(api_key="k", **options)  # type: ignore[arg-type]
    assert "secret" not in str(caught.value)
