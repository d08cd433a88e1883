"""Faults limited to some endpoints (`fault_paths`) or methods (`fault_methods`), and the fault settings
as API.md names them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from metronome_async.testing import FakeMetronome, FaultSettings

EVENT = {
    "transaction_id": "t-1",
    "customer_id": "c-1",
    "event_type": "heartbeat",
    "timestamp": "2024-01-01T00:00:00Z",
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome(seed=7) as server:
        yield server


async def call(session: aiohttp.ClientSession, method: str, path: str, body: Any = None) -> int:
    async with session.request(method, path, json=body) as response:
        await response.read()
        return response.status


async def test_errors_only_on_the_listed_paths(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    fake.configure(error_rate=1, fault_paths=["/v1/ingest"])
    assert await call(session, "POST", "/v1/customers", {"name": "Acme"}) == 200
    assert await call(session, "GET", "/v1/customers") == 200
    assert await call(session, "POST", "/v1/ingest", [EVENT]) == 500
    assert fake.events() == []  # the injected 500 did not execute
    assert [ex.fault for ex in fake.exchanges] == [None, None, "error"]

    fake.configure(fault_paths=None)  # every request again
    assert await call(session, "GET", "/v1/customers") == 500


async def test_a_prefix_covers_whole_segments_and_a_template_its_subpaths(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(error_rate=1, fault_paths=["/v1/customFields", "/v1/customers/{customer_id}"])
    assert await call(session, "POST", "/v1/customFields/listKeys") == 500
    assert await call(session, "POST", "/v1/customers", {"name": "Acme"}) == 200
    [customer] = fake.customers()
    assert await call(session, "GET", "/v1/customers") == 200
    # /v1/customers/archive is an endpoint of its own, not /v1/customers/{customer_id}:
    assert await call(session, "POST", "/v1/customers/archive", {"id": customer["id"]}) == 200
    assert await call(session, "GET", f"/v1/customers/{customer['id']}") == 500
    assert await call(session, "GET", f"/v1/customers/{customer['id']}/plans") == 500

    fake.configure(fault_paths=[f"/v1/customers/{customer['id']}"])  # a concrete path: this customer only
    assert await call(session, "GET", f"/v1/customers/{customer['id']}/plans") == 500
    assert await call(session, "GET", "/v1/customers/someone-else/plans") == 404


async def test_faults_only_for_the_listed_methods(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(error_rate=1, fault_methods=["get"])  # any case
    assert fake.faults.fault_methods == frozenset({"GET"})
    assert await call(session, "POST", "/v1/customers", {"name": "Acme"}) == 200
    assert await call(session, "GET", "/v1/customers") == 500
    fake.configure(fault_methods="POST", fault_paths="/v1/customers")  # one string is one name
    assert await call(session, "GET", "/v1/customers") == 200
    assert await call(session, "POST", "/v1/customers", {"name": "Other"}) == 500
    assert await call(session, "POST", "/v1/ingest", [EVENT]) == 200


async def test_requests_out_of_scope_spend_no_rate_limit_tokens(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    fake.configure(rate_limit=1, fault_paths=["/v1/ingest"], fault_methods=["POST"])
    assert [await call(session, "GET", "/v1/customers") for _ in range(5)] == [200] * 5
    assert await call(session, "POST", "/v1/ingest", [EVENT]) == 200
    assert await call(session, "POST", "/v1/ingest", [EVENT]) == 429
    assert await call(session, "GET", "/v1/customers") == 200
    assert fake.count(status=429) == 1


async def test_disconnects_only_where_asked(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    fake.configure(disconnect_rate=1, fault_paths=["/v1/customers"], fault_methods=["POST"])
    assert await call(session, "GET", "/v1/customers") == 200
    with pytest.raises(aiohttp.ClientError):
        await call(session, "POST", "/v1/customers", {"name": "Acme"})
    assert len(fake.customers()) == 1  # executed, then dropped
    assert fake.exchanges[-1].fault == "disconnect"


async def test_a_seeded_run_repeats_even_with_a_scope() -> None:
    """Requests out of scope draw no random number: the in-scope outcomes are the seed's alone."""

    async def post_statuses(gets_between: int) -> list[int]:
        async with FakeMetronome(error_rate=0.5, seed=3, fault_methods=["POST"]) as fake:
            headers = {"Authorization": f"Bearer {fake.api_key}"}
            async with aiohttp.ClientSession(fake.url, headers=headers) as session:
                statuses = []
                for i in range(12):
                    for _ in range(gets_between):
                        assert await call(session, "GET", "/v1/plans") == 200
                    statuses.append(await call(session, "POST", "/v1/customers", {"name": f"C{i}"}))
                return statuses

    alone, interleaved = await post_statuses(0), await post_statuses(2)
    assert alone == interleaved and {200, 500} == set(alone)


def test_scope_settings_are_checked() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"fault_paths": []}, "non-empty collection"),
        ({"fault_paths": "v1/ingest"}, "must start with '/'"),
        ({"fault_paths": ["/v1/customer"]}, "neither an endpoint of the fake nor a prefix"),
        ({"fault_paths": ["/v1/ingest/more"]}, "neither an endpoint"),
        ({"fault_methods": ["FETCH"]}, "unknown HTTP method"),
        ({"fault_methods": [1]}, "collection of strings"),
    ]
    for bad, message in cases:
        with pytest.raises(ValueError, match=message):
            FakeMetronome(**bad)
    fake = FakeMetronome()
    with pytest.raises(ValueError, match="unknown HTTP method"):
        fake.configure(fault_methods=["GETS"])
    assert fake.faults.fault_methods is None  # a refused change leaves the settings as they were


def test_fault_settings_match_api_md() -> None:
    """rate_limit, retry_after, error_rate, disconnect_rate, latency, seed; None or 0 turns one off."""
    zeros = FakeMetronome(rate_limit=0, error_rate=0, disconnect_rate=0, latency=0).faults
    assert (zeros.rate_limit, zeros.error_rate, zeros.disconnect_rate, zeros.latency) == (None,) * 4
    assert FaultSettings() == FaultSettings(rate_limit=None, error_rate=None, disconnect_rate=None)
    fake = FakeMetronome(rate_limit=5, retry_after=False, error_rate=0.5, disconnect_rate=0.1, latency=0.01)
    fake.configure(rate_limit=0, error_rate=None, seed=4)
    assert (fake.faults.rate_limit, fake.faults.error_rate, fake.faults.seed) == (None, None, 4)
    assert (fake.faults.retry_after, fake.faults.disconnect_rate, fake.faults.latency) == (False, 0.1, 0.01)
    with pytest.raises(ValueError, match="error_rate must be between 0 and 1"):
        fake.configure(error_rate=1.5)
    with pytest.raises(TypeError, match="unknown fault setting"):
        fake.configure(errors=0.1)
