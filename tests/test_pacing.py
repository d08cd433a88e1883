"""The pacer over real HTTP: one 429 does not throttle a client for minutes, pacing switches itself off when
the server stops limiting, a rate-limited burst is paced rather than hammering the server, a client sharing
a limit with another gets all of it once the other stops, and pacing changes are logged.

The pacer's maths, and several clients converging on fair shares, are in test_pacing_maths.py."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap

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


async def test_one_429_then_a_burst_on_a_fresh_client_is_not_throttled() -> None:
    """The first call of a new client gets a 429 (``Retry-After: 0``), then 300 calls go at once: the
    requests that waited for their turn at the first, slow pace (half a call a second) follow the pace as it
    grows and as it switches off, instead of sleeping out turns given at the slow pace (a minute for the
    last of them)."""
    answered = 0

    async def once_limited(request: web.Request) -> web.Response:
        nonlocal answered
        answered += 1
        if answered == 1:
            return web.json_response({"message": "slow down"}, status=429, headers={"Retry-After": "0"})
        return web.json_response({"data": {"id": request.path.rsplit("/", 1)[-1], "name": "n"}})

    async with serve(once_limited) as url, AsyncMetronome(api_key="k", base_url=url) as client:
        await client.customers.retrieve("first")
        assert client._transport.pacer.rate is not None, "the 429 was met: the client is paced"

        async def burst() -> None:
            found = await asyncio.gather(*(client.customers.retrieve(f"c{n}") for n in range(CALLS)))
            assert [c.id for c in found] == [f"c{n}" for n in range(CALLS)]

        await asyncio.wait_for(burst(), timeout=BOUND / 2)  # a few seconds; it took about 50 before
        assert client._transport.pacer.rate is None, "pacing is off again: the server stopped limiting"
    assert answered == CALLS + 2


async def until_paced(client: AsyncMetronome) -> None:
    """Until ``client`` has met the limit and paces itself."""
    while client._transport.pacer.rate is None:  # noqa: ASYNC110 - the pacer has no event to wait on
        await asyncio.sleep(0.05)


async def test_the_whole_limit_goes_to_one_client_once_the_one_sharing_it_stops(fake: FakeMetronome) -> None:
    """Two clients share one limit (two worker processes on one account, say), none told it: the second
    starts its job while the first uses the limit up, so its first answers are 429s and its pace starts at a
    crawl. Once the first stops, the second grows to the whole limit and finishes within seconds, instead of
    sleeping out the turns its requests were given at the crawl (most of a minute)."""
    limit = 100
    async with (
        AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=50) as first,
        AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=50) as second,
    ):
        customer_id = (await first.customers.create(name="Shared")).id
        fake.configure(rate_limit=limit)
        stop = asyncio.Event()

        async def keep_busy() -> None:
            async def calls() -> None:
                while not stop.is_set():
                    await first.customers.retrieve(customer_id)

            await asyncio.gather(*(calls() for _ in range(32)))

        first_busy = asyncio.create_task(keep_busy())
        await until_paced(first)
        job = asyncio.gather(*(second.customers.retrieve(customer_id) for _ in range(3 * limit)))
        await until_paced(second)
        await asyncio.sleep(1.0)
        stop.set()
        await first_busy
        await asyncio.wait_for(job, timeout=BOUND / 2)  # 3 seconds at the limit; most of a minute before
        assert fake.count(status=429), "the limit was met"


SECRET = "sk_live_pacing_do_not_print_0123456789"

LOGGED = textwrap.dedent(
    f"""
    import asyncio
    from metronome_async import AsyncMetronome
    from metronome_async.testing import FakeMetronome

    async def main():
        async with FakeMetronome(api_key={SECRET!r}) as fake:
            async with AsyncMetronome(api_key={SECRET!r}, base_url=fake.url, max_retries=20) as client:
                customer = await client.customers.create(name="Logged")
                fake.configure(rate_limit=50)
                await asyncio.gather(*(client.customers.retrieve(customer.id) for _ in range(150)))
                fake.configure(rate_limit=None)
                requests = 0
                while client._transport.pacer.rate is not None:
                    await client.customers.retrieve(customer.id)
                    requests += 1
                print("requests after the limit", requests)

    asyncio.run(main())
    """
)


def test_pacing_changes_are_logged_at_info_without_the_key() -> None:
    """With ``METRONOME_LOG=info``: each cut of the rate, the growth (at most a line a second) and the
    switch-off, on the ``metronome_async`` logger; never a line per request, never the key."""
    env = {**os.environ, "METRONOME_LOG": "info"}
    done = subprocess.run(
        [sys.executable, "-c", LOGGED], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    lines = [line for line in done.stderr.splitlines() if "metronome_async] INFO:" in line]
    cuts = [line for line in lines if "429 Too Many Requests: pacing requests at" in line]
    growth = [line for line in lines if "INFO: pacing requests at" in line]
    assert cuts, done.stderr
    assert growth, done.stderr
    assert sum("pacing off" in line for line in lines) == 1, done.stderr
    assert len(growth) <= 2 * len(cuts) + 5, "growth is logged at milestones, not per request"
    assert SECRET not in done.stderr + done.stdout


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
