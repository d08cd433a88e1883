"""The testing switch: retry waits become instant, the retries themselves stay as configured."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from hostile import Handler, serve

from metronome_async import AsyncMetronome, InternalServerError
from metronome_async._core.retry import MAX_RETRY_AFTER, is_testing
from metronome_async.testing import set_testing

LONG_HINT = str(int(MAX_RETRY_AFTER) - 1)  # under the cap: without the switch, it is slept through


def _unavailable(hint: str, *, then_ok_after: int | None = None) -> tuple[list[str], Handler]:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.method)
        if then_ok_after is not None and len(seen) > then_ok_after:
            return web.json_response({"data": {"id": "c1", "name": "Back"}})
        return web.json_response({"message": "busy"}, status=503, headers={"Retry-After": hint})

    return seen, handler


async def test_set_testing_makes_long_server_hints_instant_and_keeps_the_retries() -> None:
    seen, handler = _unavailable(LONG_HINT, then_ok_after=2)
    async with serve(handler) as url, AsyncMetronome(api_key="k", base_url=url, max_retries=2) as client:
        with set_testing(True):
            customer = await asyncio.wait_for(client.customers.retrieve("c1"), timeout=30)
    assert customer.name == "Back" and len(seen) == 3


async def test_retries_still_run_out_in_testing_mode() -> None:
    seen, handler = _unavailable("1")
    async with serve(handler) as url, AsyncMetronome(api_key="k", base_url=url, max_retries=3) as client:
        with set_testing(), pytest.raises(InternalServerError) as caught:
            await asyncio.wait_for(client.customers.retrieve("c1"), timeout=30)
    assert caught.value.status_code == 503 and len(seen) == 4


def test_the_context_manager_restores_the_previous_setting() -> None:
    assert not is_testing()
    with set_testing(True):
        assert is_testing()
        with set_testing(False):
            assert not is_testing()
        assert is_testing()
    assert not is_testing()
    set_testing(True)
    try:
        assert is_testing()
    finally:
        set_testing(False)
    assert not is_testing()


@pytest.mark.usefixtures("metronome_instant_retries")
def test_the_pytest_plugin_turns_it_on_for_one_test() -> None:
    assert is_testing()
