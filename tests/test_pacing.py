"""The pacer over real HTTP: one 429 does not throttle a client for minutes, pacing switches itself off when
the server stops limiting, and a rate-limited burst is paced rather than hammering the server."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from hostile import serve

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome

pytestmark = pytest.mark.usefixtures("metronome_instant_retries")

CALLS = 300
BOUND = 30.0  # seconds: the calls take a few; a client throttled to about 1 call a second needs minutes


async def test_one_429_on_a_fresh_client_does_not_throttle_it() -> None:
    answered = 0

    async def once_limited(request: web.Request) -> web.Response:
        nonlocal answered
        answered += 1
        if answered == 1:
            return web.json_response({"message": "slow down"}, status=429)
        return web.json_response({"data": {"id": request.path.rsplit("/", 1)[-1], "name": "n"}})

    async with serve(once_limited) as url, AsyncMetronome(api_key="k", base_url=url) as client:

        async def calls() -> None:
            for n in range(CALLS):
                assert (await client.customers.retrieve(f"c{n}")).id == f"c{n}"

        await asyncio.wait_for(calls(), timeout=BOUND)
        assert client._transport.pacer.rate is None, "pacing is off again: the server stopped limiting"
    assert answered == CALLS + 1


async def test_pacing_switches_off_when_the_server_stops_limiting(fake: FakeMetronome) -> None:
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=10) as client:
        customer = await client.customers.create(name="Busy")
        fake.configure(rate_limit=20)
        await asyncio.gather(*(client.customers.retrieve(customer.id) for _ in range(60)))
        assert fake.count(status=429), "the limit was met"
        assert client._transport.pacer.rate is not None, "and is being paced"
        fake.configure(rate_limit=None)

        async def calls() -> None:
            for _ in range(CALLS):
                await client.customers.retrieve(customer.id)

        await asyncio.wait_for(calls(), timeout=BOUND)
        assert client._transport.pacer.rate is None


async def test_a_limited_burst_is_paced_not_hammered(fake: FakeMetronome) -> None:
    fake.configure(rate_limit=50)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=10) as client:
        customer = await client.customers.create(name="Busy")
        await asyncio.gather(*(client.customers.retrieve(customer.id) for _ in range(200)))
    limited = fake.count(status=429)
    assert limited, "the limit was met"
    assert limited / len(fake.exchanges) < 0.25, f"{limited} of {len(fake.exchanges)} answered 429"
