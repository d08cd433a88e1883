"""Weird input never gets a 500 from the embedded Metronome (only `error_rate` makes those): regressions for
what fuzzing found, and the routing rules the spec implies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from metronome_async.testing import FakeMetronome
from metronome_async.testing._plans import Plans


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome() as server:
        yield server


async def send(session: aiohttp.ClientSession, method: str, path: str, data: Any = None) -> tuple[int, Any]:
    raw = data if isinstance(data, (str, bytes)) or data is None else json.dumps(data)
    async with session.request(method, path, data=raw) as response:
        body = await response.read()
        return response.status, json.loads(body) if body else None


def event(**changes: Any) -> dict[str, Any]:
    return {
        "transaction_id": "t-1",
        "customer_id": "c-1",
        "event_type": "heartbeat",
        "timestamp": "2024-01-01T00:00:00Z",
        **changes,
    }


async def test_deeply_nested_bodies_are_refused(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    deepest = "[" * 100_000 + "]" * 100_000  # beyond the JSON parser's recursion limit
    assert await send(session, "POST", "/v1/ingest", deepest) == (
        400,
        {"message": "request body: nested too deeply"},
    )
    nested: Any = {}
    for _ in range(80):
        nested = {"x": nested}
    status, body = await send(session, "POST", "/v1/ingest", [event(properties=nested)])
    assert (status, body["message"]) == (400, "request body: nested too deeply")
    assert fake.events() == []


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
async def test_numbers_json_cannot_carry_are_refused(session: aiohttp.ClientSession, number: str) -> None:
    raw = json.dumps([event(properties={"n": "NUMBER"})]).replace('"NUMBER"', number)
    assert await send(session, "POST", "/v1/ingest", raw) == (
        400,
        {"message": "request body: malformed JSON"},
    )


async def test_dates_without_a_utc_form_are_a_400(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    for timestamp in ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"):
        status, body = await send(session, "POST", "/v1/ingest", [event(timestamp=timestamp)])
        assert status == 400 and "RFC 3339" in body["message"]
    assert fake.events() == []


async def test_a_trial_that_cannot_end_is_refused(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    [customer_id] = fake.seed_customers(1)
    plan_id = fake.create_plan("Pro")
    path = f"/v1/customers/{customer_id}/plans/add"
    for days, problem in [(1e300, "after the year 9999"), (2, "after the year 9999"), (-1, "negative")]:
        starting_on = "9999-12-31T00:00:00Z" if days == 2 else "2024-01-01T00:00:00Z"
        body = {"plan_id": plan_id, "starting_on": starting_on, "trial_spec": {"length_in_days": days}}
        status, answer = await send(session, "POST", path, body)
        assert status == 400 and problem in answer["message"]
    assert await send(session, "GET", f"/v1/customers/{customer_id}/plans") == (
        200,
        {"data": [], "next_page": None},
    )


async def test_a_literal_endpoint_is_not_a_customer_id(session: aiohttp.ClientSession) -> None:
    async with session.get("/v1/customers/archive") as response:
        assert response.status == 405 and response.headers["Allow"] == "POST"
        assert await response.json() == {"message": "method GET not allowed here"}


async def test_an_empty_cursor_means_the_first_page_and_an_empty_filter_is_refused(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    ids = fake.seed_customers(2)
    status, body = await send(session, "GET", "/v1/customers?next_page=&limit=1")
    assert status == 200 and [c["id"] for c in body["data"]] == ids[:1] and body["next_page"]
    status, body = await send(session, "GET", "/v1/customers?customer_ids=&limit=1")
    assert status == 400 and "customer_ids" in body["message"], "a filter on nothing never lists everyone"
    assert (await send(session, "GET", "/v1/plans?next_page="))[0] == 200
    assert (await send(session, "POST", "/v1/customFields/listKeys?next_page=", {}))[0] == 200


async def test_a_body_over_the_size_limit_is_a_413(session: aiohttp.ClientSession) -> None:
    status, body = await send(session, "POST", "/v1/ingest", b"[" + b" " * (16 * 1024 * 1024) + b"]")
    assert (status, body) == (413, {"message": "request body: larger than 16 MiB"})


async def test_a_bug_of_the_fake_is_a_recorded_500_that_says_so(
    fake: FakeMetronome, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(Plans, "page", broken)
    status, body = await send(session, "GET", "/v1/plans")
    assert status == 500 and body == {"message": "FakeMetronome bug: KeyError: 'oops'"}
    assert fake.count(status=500) == 1 and fake.exchanges[-1].fault is None
    assert (await send(session, "GET", "/v1/customers"))[0] == 200  # still serving


async def test_an_optional_body_may_be_left_out_but_must_be_an_object(session: aiohttp.ClientSession) -> None:
    path = "/v1/customFields/listKeys"
    assert await send(session, "POST", path) == (200, {"data": [], "next_page": None})
    assert await send(session, "POST", path, {}) == (200, {"data": [], "next_page": None})
    assert await send(session, "POST", path, "null") == (
        400,
        {"message": "request body: expected a JSON object"},
    )
    assert await send(session, "POST", path, "\n") == (400, {"message": "request body: malformed JSON"})


async def test_custom_field_entity_ids_are_uuids(session: aiohttp.ClientSession) -> None:
    body = {"entity": "commit", "entity_id": "not-a-uuid", "custom_fields": {}}
    status, answer = await send(session, "POST", "/v1/customFields/setValues", body)
    assert (status, answer) == (400, {"message": "entity_id: must be a UUID"})
    body["entity_id"] = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"  # an entity the fake does not model: trusted
    assert await send(session, "POST", "/v1/customFields/setValues", body) == (200, None)


async def test_a_path_with_a_newline_is_answered_by_the_fake(session: aiohttp.ClientSession) -> None:
    status, body = await send(session, "GET", "/v1/customers/a%0Ab/plans")
    assert (status, body) == (404, {"message": "customer a\nb not found"})


async def test_a_long_listing_query_is_served(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    ids = fake.seed_customers(100)
    status, body = await send(session, "GET", "/v1/customers?" + "&".join(f"customer_ids={i}" for i in ids))
    assert status == 200 and [c["id"] for c in body["data"]] == ids  # a request line of about 5 KiB
    long_ids = ",".join("%F3%8F%8E%A9" * 20 for _ in range(100))  # percent-encoded: about 24 KiB
    assert (await send(session, "GET", f"/v1/customers?salesforce_account_ids={long_ids}"))[0] == 200
