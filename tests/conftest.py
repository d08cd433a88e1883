"""Fixtures: an embedded Metronome on loopback, clients for it, and a check of every exchange against the
official OpenAPI spec, so the SDK and the emulator cannot drift from the real wire format together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import aiohttp
import pytest
from conformance import check_exchange

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome


def wire_problems(exchanges: Iterable[Any]) -> list[str]:
    """What the spec says is wrong with these exchanges. Requests are always checked (the SDK validates
    before sending, so it never sends a malformed one); error answers must be the API's ``{"message"}``."""
    problems = []
    for ex in exchanges:
        where = f"{ex.method} {ex.path} -> {ex.status}"
        # The spec declares few error statuses; an error answer is checked for the API's error shape instead.
        found = check_exchange(ex, check_response=ex.status < 400)
        if ex.status >= 400:
            body = ex.response_body
            if not (isinstance(body, dict) and isinstance(body.get("message"), str)):
                found.append(f"error body is not {{'message': str}}: {body!r}")
        problems += [f"{where}: {problem}" for problem in found]
    return problems


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome() as server:
        yield server
        problems = wire_problems(server.exchanges)
    assert not problems, "\n".join(problems)


@pytest.fixture
async def client(fake: FakeMetronome) -> AsyncIterator[AsyncMetronome]:
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as async_client:
        yield async_client


@pytest.fixture
async def session(fake: FakeMetronome) -> AsyncIterator[aiohttp.ClientSession]:
    """A raw aiohttp session with the fake's key, for requests the SDK would never send."""
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    async with aiohttp.ClientSession(fake.url, headers=headers) as raw:
        yield raw


@pytest.fixture
def thread_fake() -> Iterator[FakeMetronome]:
    with FakeMetronome() as server:
        yield server
        problems = wire_problems(server.exchanges)
    assert not problems, "\n".join(problems)


@pytest.fixture
def sync_client(thread_fake: FakeMetronome) -> Iterator[Metronome]:
    with Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url) as blocking_client:
        yield blocking_client


@pytest.fixture
def official(thread_fake: FakeMetronome) -> Iterator[Any]:
    """The official ``metronome-sdk`` against ``thread_fake``, validating every answer strictly. No retries:
    it retries a 409, which would hide the uniqueness rules."""
    import metronome

    with metronome.Metronome(
        bearer_token=thread_fake.api_key,
        base_url=thread_fake.url,
        max_retries=0,
        _strict_response_validation=True,
    ) as client:
        yield client
