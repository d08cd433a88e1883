"""Hostile answers and bad input, over loopback: an oversized body, a redirect, a malformed response, and the
API key never reachable from an error; credentials in base_url, NaN, values JSON cannot carry, a comma inside
one id, and the CLI's retry count."""

from __future__ import annotations

import asyncio
import gzip
import math
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from aiohttp import web
from hostile import serve

from metronome_async import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncMetronome,
    MetronomeError,
)
from metronome_async.cli import main
from metronome_async.testing import FakeMetronome

KEY = "sk_live_hostile_0123456789"
JAN = "2025-01-01T00:00:00Z"

pytestmark = pytest.mark.usefixtures("metronome_instant_retries")


def _customer(request: web.Request) -> dict[str, Any]:
    return {"data": {"id": request.path.rsplit("/", 1)[-1], "name": "n"}}


# --- response size ------------------------------------------------------------------------------------------


async def _chunked(request: web.Request, total: int) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    await response.prepare(request)
    chunk = b" " * 65536
    try:
        for _ in range(total // len(chunk)):
            await response.write(chunk)
    except (ConnectionError, RuntimeError):
        pass  # the client stopped reading
    return response


@pytest.mark.parametrize("framing", ["content-length", "chunked", "gzip"])
async def test_a_body_over_the_cap_is_an_error(framing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRONOME_MAX_RESPONSE_BYTES", "10000")
    big = b'{"data": {"id": "c1", "name": "' + b"x" * 20000 + b'"}}'

    async def handler(request: web.Request) -> web.StreamResponse:
        if framing == "chunked":
            return await _chunked(request, 200_000)
        if framing == "gzip":  # 20 kB that travel as a few hundred bytes
            return web.Response(body=gzip.compress(big), headers={"Content-Encoding": "gzip"})
        return web.Response(body=big, content_type="application/json")

    async with serve(handler) as url, AsyncMetronome(api_key=KEY, base_url=url) as client:
        with pytest.raises(APIError, match="larger than 10000 bytes") as caught:
            await client.customers.retrieve("c1")
    assert not isinstance(caught.value, (APIStatusError, APIConnectionError)), "not retried, not a status"


async def test_the_default_cap_is_32_mib() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        return await _chunked(request, 40 * 1024 * 1024)

    async with serve(handler) as url, AsyncMetronome(api_key=KEY, base_url=url) as client:
        with pytest.raises(APIError, match=f"larger than {32 * 1024 * 1024} bytes"):
            await client.customers.retrieve("c1")


async def test_a_body_within_the_cap_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRONOME_MAX_RESPONSE_BYTES", "10000")

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(_customer(request))

    async with serve(handler) as url, AsyncMetronome(api_key=KEY, base_url=url) as client:
        assert (await client.customers.retrieve("c1")).id == "c1"


def test_a_bad_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRONOME_MAX_RESPONSE_BYTES", "lots")
    with pytest.raises(ValueError, match="METRONOME_MAX_RESPONSE_BYTES"):
        AsyncMetronome(api_key=KEY)


# --- redirects and the API key ------------------------------------------------------------------------------


def _reachable(error: BaseException) -> Iterator[str]:
    """Every string reachable from ``error``: its message, its attributes (aiohttp's request_info and its
    headers among them), its __cause__/__context__ chain, and the locals of every frame it passed through."""
    seen: set[int] = set()

    def walk(value: Any, depth: int = 0) -> Iterator[str]:
        if id(value) in seen or depth > 8:
            return
        seen.add(id(value))
        if isinstance(value, (str, bytes)):
            yield value.decode("latin-1") if isinstance(value, bytes) else value
        elif isinstance(value, BaseException):
            yield str(value)
            yield repr(value)
            for part in (value.__cause__, value.__context__, *value.args, *vars(value).values()):
                yield from walk(part, depth + 1)
            trace = value.__traceback__
            while trace is not None:
                for local in trace.tb_frame.f_locals.values():
                    yield from walk(local, depth + 1)
                trace = trace.tb_next
        elif isinstance(value, Mapping):
            for key, item in list(value.items()):
                yield from walk(key, depth + 1)
                yield from walk(item, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                yield from walk(item, depth + 1)
        elif type(value).__name__ == "RequestInfo":  # aiohttp's record of a request, sent headers included
            for name in ("url", "method", "headers", "real_url"):
                yield from walk(getattr(value, name, None), depth + 1)

    yield from walk(error)


def _assert_key_unreachable(error: BaseException) -> None:
    leaks = [text for text in _reachable(error) if KEY in text]
    assert not leaks, leaks[:3]


async def test_a_redirect_is_refused_and_the_key_goes_nowhere_else() -> None:
    elsewhere: list[str | None] = []

    async def other_origin(request: web.Request) -> web.Response:
        elsewhere.append(request.headers.get("Authorization"))
        return web.json_response(_customer(request))

    async with serve(other_origin) as other_url:
        for status in (301, 302, 307, 308):

            async def redirect(request: web.Request, status: int = status) -> web.Response:
                return web.Response(status=status, headers={"Location": other_url + request.path})

            async with serve(redirect) as url, AsyncMetronome(api_key=KEY, base_url=url) as client:
                with pytest.raises(APIStatusError, match=r"redirect .* not followed") as caught:
                    await client.customers.retrieve("c1")
            assert caught.value.status_code == status
            _assert_key_unreachable(caught.value)
    assert elsewhere == [], "the other origin was never asked"


async def _malformed_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\n{}")
    await writer.drain()
    writer.close()


@pytest.mark.parametrize("answer", ["malformed", "status", "timeout"])
async def test_the_key_is_not_reachable_from_an_error(answer: str) -> None:
    async def status_error(request: web.Request) -> web.Response:
        return web.json_response({"message": "nope"}, status=400)

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)  # past the client's timeout of 0.3 s
        return web.json_response(_customer(request))

    server = await asyncio.start_server(_malformed_http, "127.0.0.1", 0)
    try:
        async with serve(slow if answer == "timeout" else status_error) as web_url:
            url = (
                f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}" if answer == "malformed" else web_url
            )
            async with AsyncMetronome(api_key=KEY, base_url=url, timeout=0.3, max_retries=1) as client:
                with pytest.raises(MetronomeError) as caught:
                    await client.customers.create(name="Leak?", ingest_aliases=["leak"])
    finally:
        server.close()
    expected = {"malformed": APIConnectionError, "status": APIStatusError, "timeout": APITimeoutError}
    assert isinstance(caught.value, expected[answer]), caught.value
    _assert_key_unreachable(caught.value)


# --- bad input, refused before anything is sent -------------------------------------------------------------


def test_credentials_in_base_url_are_refused_without_repeating_them() -> None:
    with pytest.raises(ValueError, match="credentials") as caught:
        AsyncMetronome(api_key=KEY, base_url="https://admin:hunter2@api.metronome.com")
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
async def test_nan_or_infinity_in_a_body_is_a_value_error(
    client: AsyncMetronome, fake: FakeMetronome, value: float
) -> None:
    customer = await client.customers.create(name="Numbers")
    plan_id = fake.create_plan(name="Pro")
    sent = len(fake.exchanges)
    with pytest.raises(ValueError, match="net_payment_terms_days must be a finite number"):
        await client.customers.plans.add(
            customer.id, plan_id=plan_id, starting_on=JAN, net_payment_terms_days=value
        )
    event = {"transaction_id": "t1", "customer_id": customer.id, "event_type": "e", "timestamp": JAN}
    with pytest.raises(ValueError, match=r"events\[0\]\['properties'\]\['amount'\] must be a finite"):
        await client.usage.ingest([{**event, "properties": {"amount": value}}])
    configuration = r"customer_billing_provider_configurations\[0\]\['configuration'\]\['x'\]\[0\]"
    with pytest.raises(ValueError, match=configuration + " must be a finite number"):
        await client.customers.create(
            name="Bad",
            customer_billing_provider_configurations=[
                {
                    "billing_provider": "stripe",
                    "delivery_method": "direct_to_billing_provider",
                    "configuration": {"x": [value]},
                }
            ],
        )
    assert len(fake.exchanges) == sent, "nothing was sent"


async def test_a_value_json_cannot_carry_is_a_type_error_naming_it(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    event = {"transaction_id": "t1", "customer_id": "c1", "event_type": "e", "timestamp": JAN}
    with pytest.raises(TypeError, match=r"events\[0\]\['properties'\]\['when'\] cannot be sent as JSON"):
        await client.usage.ingest([{**event, "properties": {"when": object()}}])
    with pytest.raises(TypeError, match=r"events\[0\]\['properties'\]\[1\] has a key of type int"):
        await client.usage.ingest([{**event, "properties": {1: "one"}}])
    assert len(fake.exchanges) == 0


async def test_a_comma_inside_one_id_is_refused(client: AsyncMetronome, fake: FakeMetronome) -> None:
    with pytest.raises(ValueError, match=r"customer_ids\[0\] must not contain a comma"):
        await client.customers.list(customer_ids=["a,b"]).to_list()
    with pytest.raises(ValueError, match=r"salesforce_account_ids\[1\] must not contain a comma"):
        await client.customers.list(salesforce_account_ids=["ok", "x,y"]).to_list()
    assert len(fake.exchanges) == 0


def test_cli_max_retries_below_zero_says_zero_or_more(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["customers", "list", "--max-retries", "-1"])
    assert caught.value.code == 2
    assert "--max-retries: expected a whole number of 0 or more, got '-1'" in capsys.readouterr().err
