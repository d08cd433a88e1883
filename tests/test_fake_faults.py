"""Fault injection of the embedded Metronome, and its thread mode for blocking code."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from metronome_async.testing import FakeMetronome


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome(seed=1) as server:
        yield server


async def create(
    session: aiohttp.ClientSession, name: str = "Acme", key: str | None = None
) -> tuple[int, Any]:
    headers = {"Idempotency-Key": key} if key else {}
    async with session.post("/v1/customers", json={"name": name}, headers=headers) as response:
        return response.status, await response.json()


async def test_rate_limit_answers_429_with_retry_after(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(rate_limit=2)  # a burst of 2, then 2 a second
    statuses = [(await create(session, f"C{i}"))[0] for i in range(3)]
    assert statuses == [200, 200, 429]
    async with session.get("/v1/customers") as response:
        assert response.status == 429 and response.headers["Retry-After"] == "1"
        assert await response.json() == {"message": "Too many requests"}
    assert [ex.fault for ex in fake.exchanges] == [None, None, "rate_limit", "rate_limit"]
    assert len(fake.customers()) == 2

    fake.configure(retry_after=False)
    async with session.get("/v1/customers") as response:
        assert response.status == 429 and "Retry-After" not in response.headers
    fake.configure(rate_limit=0.5, retry_after=True)  # a fresh bucket of one token, one more every 2 s
    assert (await create(session))[0] == 200
    async with session.get("/v1/customers") as response:
        assert response.status == 429 and response.headers["Retry-After"] == "2"
    fake.configure(rate_limit=0)
    assert (await create(session))[0] == 200


async def test_error_rate_gives_500_and_the_key_replays_it(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(error_rate=1)
    assert await create(session, key="k") == (500, {"message": "Internal server error"})
    fake.configure(error_rate=None)
    assert await create(session, key="k") == (
        500,
        {"message": "Internal server error"},
    )  # Metronome caches errors
    assert fake.customers() == []
    assert [(ex.fault, ex.replayed) for ex in fake.exchanges] == [("error", False), (None, True)]
    assert (await create(session, key="new key"))[0] == 200


async def test_disconnect_executes_the_request_but_drops_the_answer(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(disconnect_rate=1)
    with pytest.raises(aiohttp.ClientConnectionError):
        await create(session, key="once")
    fake.configure(disconnect_rate=None)
    assert [c["name"] for c in fake.customers()] == ["Acme"]
    assert fake.exchanges[0].fault == "disconnect" and fake.exchanges[0].status == 200
    status, body = await create(session, key="once")  # the retry with the same key gets the stored answer
    assert status == 200 and body == fake.exchanges[0].response_body
    assert len(fake.customers()) == 1


async def test_latency_delays_every_answer(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    fake.configure(latency=0.05)
    started = time.monotonic()
    await create(session)
    assert time.monotonic() - started >= 0.05


async def test_a_seed_makes_faults_repeat() -> None:
    async def statuses() -> list[int]:
        async with FakeMetronome(error_rate=0.5, seed=42) as fake:
            headers = {"Authorization": f"Bearer {fake.api_key}"}
            async with aiohttp.ClientSession(fake.url, headers=headers) as session:
                return [(await create(session, f"C{i}"))[0] for i in range(12)]

    first = await statuses()
    assert first == await statuses()
    assert {200, 500} <= set(first)


def test_configure_rejects_unknown_names_and_bad_values() -> None:
    fake = FakeMetronome()
    with pytest.raises(TypeError, match="error_rat"):
        fake.configure(error_rat=0.5)
    with pytest.raises(ValueError, match="error_rate"):
        fake.configure(error_rate=1.5)
    with pytest.raises(ValueError, match="latency"):
        FakeMetronome(latency=-1)
    fake.configure(latency=0, error_rate=0.25)
    assert fake.faults.latency is None and fake.faults.error_rate == 0.25
    with pytest.raises(RuntimeError):
        _ = fake.url


def test_thread_mode_serves_blocking_code() -> None:
    with FakeMetronome() as fake:
        plan = fake.create_plan("Pro")  # seeding from this thread while the server runs in its own

        def call(method: str, path: str, body: Any = None) -> tuple[int, Any]:
            request = urllib.request.Request(
                fake.url + path,
                method=method,
                data=None if body is None else json.dumps(body).encode(),
                headers={"Authorization": f"Bearer {fake.api_key}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    raw = response.read()
                    return response.status, json.loads(raw) if raw else None
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())

        status, created = call("POST", "/v1/customers", {"name": "Blocking"})
        customer = created["data"]["id"]
        assert status == 200
        assert call("GET", f"/v1/customers/{customer}")[1]["data"]["name"] == "Blocking"
        added = call(
            "POST",
            f"/v1/customers/{customer}/plans/add",
            {"plan_id": plan, "starting_on": "2024-01-01T00:00:00Z"},
        )
        assert added[0] == 200
        assert call("GET", "/v1/plans")[1]["data"][0]["id"] == plan
        assert call("GET", "/v1/nowhere")[0] == 404
        assert fake.count("POST") == 2 and fake.count(path="/v1/customers/{customer_id}") == 1
        url = fake.url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/v1/plans", timeout=2)
    assert repr(fake) == "FakeMetronome(url=None)"
