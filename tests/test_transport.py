"""The transport over real HTTP: auth, retries, idempotency keys, timeouts, the pool, logging, settings."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest
from aiohttp import web

from metronome_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncMetronome,
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from metronome_async._core.retry import retry_after_seconds
from metronome_async.testing import FakeMetronome

UNKNOWN = "00000000-0000-4000-8000-000000000000"

pytestmark = pytest.mark.usefixtures("metronome_instant_retries")  # retries happen, without backoff sleeps


def _client(fake: FakeMetronome, **options: object) -> AsyncMetronome:
    return AsyncMetronome(api_key=fake.api_key, base_url=fake.url, **options)  # type: ignore[arg-type]


async def test_wrong_key_is_an_authentication_error_without_the_key(fake: FakeMetronome) -> None:
    async with AsyncMetronome(api_key="sk_wrong_secret_value", base_url=fake.url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.customers.retrieve(UNKNOWN)
    assert caught.value.status_code == 401
    assert "sk_wrong_secret_value" not in str(caught.value) + repr(caught.value) + repr(client)
    assert fake.count() == 1, "a 401 is not retried"


async def test_every_post_carries_one_idempotency_key_per_call(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    first = await client.customers.create(name="A")
    await client.customers.create(name="B")
    await client.customers.retrieve(first.id)
    keys = [ex.idempotency_key for ex in fake.exchanges]
    assert keys[0] and keys[1] and keys[0] != keys[1]
    assert keys[2] is None, "a GET carries no key"


async def test_retries_reuse_the_key_and_give_up_with_the_typed_error(fake: FakeMetronome) -> None:
    fake.configure(disconnect_rate=1.0)
    async with _client(fake, max_retries=2) as client:
        with pytest.raises(APIConnectionError):
            await client.customers.create(name="Once", ingest_aliases=["once"])
    attempts = [ex for ex in fake.exchanges if ex.path == "/v1/customers"]
    assert len(attempts) == 3
    assert len({ex.idempotency_key for ex in attempts}) == 1
    assert [ex.replayed for ex in attempts] == [False, True, True]
    assert len(fake.customers()) == 1, (
        "the write happened once; the retries were answered from the key's record"
    )


async def test_a_500_to_a_keyed_post_is_not_retried_with_the_same_key(fake: FakeMetronome) -> None:
    """Metronome stores a 500 under the request's Idempotency-Key: resending the key only replays it."""
    fake.configure(error_rate=1.0)
    async with _client(fake, max_retries=3) as client:
        with pytest.raises(InternalServerError) as caught:
            await client.customers.create(name="Never")
    assert caught.value.status_code == 500 and caught.value.body
    assert fake.count("POST", "/v1/customers") == 1
    assert caught.value.idempotency_key == fake.exchanges[0].idempotency_key


async def test_a_read_is_retried_on_500_until_retries_run_out(fake: FakeMetronome) -> None:
    fake.configure(error_rate=1.0)
    async with _client(fake, max_retries=2) as client:
        with pytest.raises(InternalServerError):
            await client.customers.retrieve(UNKNOWN)
    assert fake.count("GET") == 3


async def test_reads_succeed_through_a_high_error_rate(fake: FakeMetronome) -> None:
    async with _client(fake, max_retries=8) as client:
        customer = await client.customers.create(name="Sturdy")
        fake.configure(error_rate=0.4, seed=7)
        for _ in range(15):
            assert (await client.customers.retrieve(customer.id)).name == "Sturdy"
    assert fake.count("GET") > 15, "some reads needed a retry"


async def test_a_create_through_dropped_connections_makes_one_customer(fake: FakeMetronome) -> None:
    fake.configure(disconnect_rate=0.5, seed=3)
    async with _client(fake, max_retries=10) as client:
        names = [f"Customer {i}" for i in range(12)]
        created = [await client.customers.create(name=name, ingest_aliases=[name]) for name in names]
    assert sorted(c["name"] for c in fake.customers()) == sorted(names)
    assert len({c.id for c in created}) == 12
    assert any(ex.fault == "disconnect" for ex in fake.exchanges), "the fault did happen"


async def test_not_found_is_not_retried(client: AsyncMetronome, fake: FakeMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.customers.retrieve(UNKNOWN)
    assert fake.count() == 1


async def test_a_rate_limited_burst_completes(fake: FakeMetronome) -> None:
    fake.configure(rate_limit=20)
    async with _client(fake, max_retries=10, max_concurrency=10) as client:
        customer = await client.customers.create(name="Busy")
        results = await asyncio.gather(*(client.customers.retrieve(customer.id) for _ in range(40)))
    assert all(r.id == customer.id for r in results)
    assert any(ex.status == 429 for ex in fake.exchanges), "the limit was hit"


async def test_retries_that_run_out_raise_rate_limit_error(fake: FakeMetronome) -> None:
    fake.configure(rate_limit=0.5)
    async with _client(fake, max_retries=0, max_concurrency=4) as client:
        outcomes = await asyncio.gather(
            *(client.customers.retrieve(UNKNOWN) for _ in range(4)), return_exceptions=True
        )
    limited = [error for error in outcomes if isinstance(error, RateLimitError)]
    assert limited, outcomes
    assert all(error.retry_after is not None and error.retry_after >= 1 for error in limited)
    assert fake.count() == 4, "no retries were left"


def test_retry_after_hints() -> None:
    assert retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert retry_after_seconds({"retry-after": "2"}) == 2.0
    assert retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({}) is None


async def test_a_slow_answer_times_out(fake: FakeMetronome) -> None:
    fake.configure(latency=2.0)
    async with _client(fake, timeout=0.2, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            await client.customers.retrieve(UNKNOWN)


async def test_nothing_listening_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AsyncMetronome(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=1) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.customers.retrieve(UNKNOWN)
    assert not isinstance(caught.value, APITimeoutError)


async def test_max_concurrency_bounds_requests_in_flight() -> None:
    in_flight = peak = 0

    async def slow(request: web.Request) -> web.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return web.json_response({"data": {"id": request.match_info["id"], "name": "n"}})

    app = web.Application()
    app.router.add_get("/v1/customers/{id}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with AsyncMetronome(
            api_key="k", base_url=f"http://127.0.0.1:{port}", max_concurrency=3
        ) as client:
            await asyncio.gather(*(client.customers.retrieve(f"c{i}") for i in range(12)))
    finally:
        await runner.cleanup()
    assert peak == 3


async def test_debug_log_names_the_call_and_never_the_key(
    fake: FakeMetronome, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="metronome_async")
    async with _client(fake) as client:
        customer = await client.customers.create(name="Logged")
    assert any("POST /v1/customers -> 200 (attempt 1" in record.getMessage() for record in caplog.records), [
        r.getMessage() for r in caplog.records
    ]
    assert fake.api_key not in caplog.text
    assert customer.id


async def test_a_client_works_without_with_and_closes_twice(fake: FakeMetronome) -> None:
    client = _client(fake)
    await client.customers.create(name="Loose")
    await client.close()
    await client.close()
    with pytest.raises(RuntimeError, match="closed"):
        await client.customers.create(name="Late")


async def test_closing_a_client_that_never_opened_is_harmless() -> None:
    await AsyncMetronome(api_key="k").close()


def test_construction_needs_no_event_loop_and_hides_the_key() -> None:
    client = AsyncMetronome(api_key="sk_live_secret")
    assert "sk_live_secret" not in repr(client) and client.base_url == "https://api.metronome.com"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("METRONOME_API_KEY", "METRONOME_BEARER_TOKEN", "METRONOME_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match=r"METRONOME_API_KEY.*METRONOME_BEARER_TOKEN"):
        AsyncMetronome()
    monkeypatch.setenv("METRONOME_BEARER_TOKEN", "from-official-name")
    assert AsyncMetronome()._settings.api_key == "from-official-name"
    monkeypatch.setenv("METRONOME_API_KEY", "from-our-name")
    monkeypatch.setenv("METRONOME_BASE_URL", "https://example.test/")
    client = AsyncMetronome()
    assert client._settings.api_key == "from-our-name" and client.base_url == "https://example.test"


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ({"timeout": 0}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"base_url": "http://api.example.com"}, "allow_insecure_http"),
        ({"base_url": "https://api.metronome.com/v1"}, "base_url must not end with /v1"),
    ],
)
def test_bad_settings_are_refused(options: dict[str, object], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        AsyncMetronome(api_key="k", **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base_url", "fixed"),
    [
        ("https://api.metronome.com/v1", "https://api.metronome.com"),
        ("https://api.metronome.com/v1/", "https://api.metronome.com"),
        ("https://gateway.example.com/metronome/V2", "https://gateway.example.com/metronome"),
    ],
)
def test_a_base_url_ending_with_the_api_version_is_refused_saying_what_to_use(
    base_url: str, fixed: str
) -> None:
    # Each request's path starts with /v1 (or /v2): such a base URL would ask for /v1/v1/customers.
    with pytest.raises(ValueError) as caught:
        AsyncMetronome(api_key="k", base_url=base_url)
    assert str(caught.value) == (
        f"base_url must not end with {base_url.rstrip('/')[-3:]}, which each request's path starts with: "
        f"use {fixed!r}"
    )
    assert AsyncMetronome(api_key="k", base_url=fixed + "/v1x").base_url == fixed + "/v1x"


def test_a_refused_base_url_is_quoted_as_written() -> None:
    with pytest.raises(ValueError) as caught:
        AsyncMetronome(api_key="k", base_url="http://api.example.com/")
    assert str(caught.value).startswith(
        "base_url 'http://api.example.com/' is plain http to a non-loopback host"
    )


def test_plain_http_to_another_host_needs_an_explicit_yes() -> None:
    client = AsyncMetronome(api_key="k", base_url="http://metronome.internal", allow_insecure_http=True)
    assert client.base_url == "http://metronome.internal"
