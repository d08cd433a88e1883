"""The request slots: never more than max_concurrency attempts in flight, first come first served, and a
caller cancelled while waiting (or just as it was handed a slot) never leaks or loses a slot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from metronome_async import AsyncMetronome
from metronome_async._core.slots import Slots


class Slow:
    def __init__(self) -> None:
        self.in_flight = self.peak = 0
        self.order: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.order.append(request.match_info["id"])
        await asyncio.sleep(0.03)
        self.in_flight -= 1
        return web.json_response({"data": {"id": request.match_info["id"], "name": "n"}})


@pytest.fixture
async def slow() -> AsyncIterator[tuple[Slow, str]]:
    server = Slow()
    app = web.Application()
    app.router.add_get("/v1/customers/{id}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield server, f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_waiting_callers_are_served_in_order_within_the_bound(slow: tuple[Slow, str]) -> None:
    server, url = slow
    async with AsyncMetronome(api_key="k", base_url=url, max_concurrency=2) as client:
        tasks = []
        for i in range(8):
            tasks.append(asyncio.create_task(client.customers.retrieve(f"c{i}")))
            await asyncio.sleep(0)  # each call reaches the pool before the next starts
        got = await asyncio.gather(*tasks)
    assert [c.id for c in got] == [f"c{i}" for i in range(8)]
    assert server.peak == 2
    assert server.order[2:] == [f"c{i}" for i in range(2, 8)]  # the waiters, first come first served


async def test_cancelled_waiters_leave_every_slot_usable(slow: tuple[Slow, str]) -> None:
    server, url = slow
    async with AsyncMetronome(api_key="k", base_url=url, max_concurrency=2) as client:
        tasks = [asyncio.create_task(client.customers.retrieve(f"c{i}")) for i in range(10)]
        await asyncio.sleep(0.01)  # two in flight, eight waiting
        for task in tasks[2:7]:
            task.cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert sum(isinstance(result, asyncio.CancelledError) for result in done) == 5
        # the pool still has both slots: a burst completes, still two at a time
        await asyncio.gather(*(client.customers.retrieve(f"d{i}") for i in range(6)))
    assert server.peak == 2
    assert not any(name in server.order for name in ("c2", "c3", "c4", "c5", "c6"))


async def test_a_slot_handed_to_a_caller_cancelled_at_that_moment_is_passed_on() -> None:
    slots = Slots(1)
    await slots.__aenter__()  # held
    waiting = asyncio.create_task(slots.__aenter__())
    after = asyncio.create_task(slots.__aenter__())
    await asyncio.sleep(0)
    await slots.__aexit__(None, None, None)  # hands the slot to `waiting`...
    waiting.cancel()  # ...which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.wait_for(after, 1)  # the slot went on to the next waiter
    await slots.__aexit__(None, None, None)
    assert slots.free == 1
