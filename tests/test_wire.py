"""The request path without sockets: requests as built, answers as read, through a ``MockTransport``.

What a real server can show (connections, timeouts, the size limit, the shared pool, keys replayed by the
server) is tested over loopback in test_transport.py, test_hostile_answers.py and test_options.py.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from mock_transport import KEY, URL, answer, mock_client

from metronome_async import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from metronome_async._core.requester import RequestOptions
from metronome_async._core.transport import USER_AGENT
from metronome_async._core.wire import Request, Target, build_request, read_response, url_of

pytestmark = pytest.mark.usefixtures("metronome_instant_retries")

CUSTOMER = {
    "id": "c1",
    "name": "Acme",
    "external_id": "acme",
    "ingest_aliases": ["acme"],
    "custom_fields": {},
}


def _customer(request: Request) -> Any:
    return answer(200, {"data": CUSTOMER})


# --- building requests ------------------------------------------------------------------------------------


async def test_a_read_carries_the_key_and_no_body_nor_idempotency_key() -> None:
    client, transport = mock_client(_customer)
    await client.customers.retrieve("c1")
    [sent] = transport.sent
    assert (sent.method, sent.url, sent.path, sent.query, sent.body) == (
        "GET",
        f"{URL}/v1/customers/c1",
        "/v1/customers/c1",
        None,
        None,
    )
    assert dict(sent.headers) == {
        "Authorization": f"Bearer {KEY}",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }


async def test_each_post_carries_its_json_body_and_a_fresh_idempotency_key() -> None:
    client, transport = mock_client(_customer)
    await client.customers.create(name="Acme", ingest_aliases=["acme"])
    await client.customers.create(name="Other")
    first, second = transport.sent
    assert first.method == "POST" and first.headers["Content-Type"] == "application/json"
    assert json.loads(first.body or b"") == {"name": "Acme", "ingest_aliases": ["acme"]}
    assert first.idempotency_key and second.idempotency_key
    assert first.idempotency_key != second.idempotency_key
    uuid.UUID(first.idempotency_key)


async def test_only_a_post_carries_an_idempotency_key_and_a_given_one_goes_as_given() -> None:
    client, transport = mock_client(lambda request: answer(200, {"data": []}))
    await client.request("POST", "/v1/customFields/listKeys", body={}, idempotent=False)
    await client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="my-key-1")
    await client.request("GET", "/v1/customers")
    await client.request("DELETE", "/v1/things/1")
    assert [r.idempotency_key for r in transport.sent] == [None, "my-key-1", None, None]
    assert [r.body for r in transport.sent] == [b"{}", b'{"name":"A"}', None, None]


async def test_a_bad_idempotency_key_is_refused_before_anything_is_sent() -> None:
    client, transport = mock_client(_customer)
    with pytest.raises(ValueError, match="idempotency_key"):
        await client.request("POST", "/v1/customers", body={}, idempotency_key="two\nlines")
    assert transport.sent == []


async def test_every_retry_sends_the_same_request() -> None:
    answers = [answer(503, {"message": "busy"}), answer(200, {"data": CUSTOMER})]
    client, transport = mock_client(lambda request: answers.pop(0))
    assert await client.customers.create(name="Once") is not None
    first, retry = transport.sent
    assert retry is first  # built once: the same key, headers and body bytes


async def test_queries_are_strings_as_the_api_reads_them() -> None:
    client, transport = mock_client(lambda request: answer(200, {"data": [], "next_page": None}))
    await client.request("GET", "/v1/customers", query={"limit": 5, "only_archived": False, "name": "a b/c"})
    assert [c async for c in client.customers.list(limit=2, only_archived=True)] == []
    sent_query, listed = (r.query for r in transport.sent)
    assert sent_query == {"limit": "5", "only_archived": "false", "name": "a b/c"}
    assert listed == {"limit": "2", "only_archived": "true"}
    assert url_of(transport.sent[0]) == f"{URL}/v1/customers?limit=5&only_archived=false&name=a+b/c"


async def test_a_listing_resends_its_filters_with_each_cursor() -> None:
    pages = [
        answer(200, {"data": [CUSTOMER], "next_page": "cursor+/="}),
        answer(200, {"data": [CUSTOMER], "next_page": None}),
    ]
    client, transport = mock_client(lambda request: pages.pop(0))
    assert len([c async for c in client.customers.list(limit=1, ingest_alias="acme")]) == 2
    assert [r.query for r in transport.sent] == [
        {"limit": "1", "ingest_alias": "acme", "only_archived": "false"},
        {"limit": "1", "ingest_alias": "acme", "only_archived": "false", "next_page": "cursor+/="},
    ]


async def test_with_options_sends_its_headers_and_timeout_through_the_same_transport() -> None:
    client, transport = mock_client(_customer, timeout=30)
    tagged = client.with_options(timeout=5, extra_headers={"X-Team": "billing"})
    retagged = tagged.with_options(extra_headers={"X-Run": "7"})
    for each in (tagged, retagged, client):
        await each.customers.retrieve("c1")
    await retagged.request("POST", "/v1/customers", body={"name": "A"})
    teams = [(r.headers.get("X-Team"), r.headers.get("X-Run")) for r in transport.sent]
    assert teams == [("billing", None), ("billing", "7"), (None, None), ("billing", "7")]
    assert transport.sent[-1].headers["Content-Type"] == "application/json"
    assert transport.timeouts == [5, 5, 30, 5]
    assert tagged._transport.pacer is client._transport.pacer
    assert tagged.max_concurrency == client.max_concurrency

    await tagged.close()
    assert not transport.closed, "the transport stays the original client's to close"
    await client.close()
    assert transport.closed


def test_reprs_hide_the_key_and_extra_header_values() -> None:
    target = Target.of(URL, KEY, USER_AGENT).adding({"X-Proxy-Token": "tok_secret"})
    request = build_request(target, "POST", "/v1/customers", body={"name": "A"}, idempotency_key="k-1")
    options = RequestOptions(5.0, 1, {"X-Proxy-Token": "tok_secret"})
    shown = repr(target) + repr(request) + repr(options)
    assert KEY not in shown and "tok_secret" not in shown
    assert "'Idempotency-Key': 'k-1'" in repr(request) and "X-Proxy-Token" in repr(options)
    assert request.headers["Authorization"] == f"Bearer {KEY}"  # ... and they are sent


# --- reading answers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (418, APIStatusError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
async def test_each_error_status_raises_its_typed_error(status: int, error: type[APIStatusError]) -> None:
    client, _ = mock_client(lambda request: answer(status, {"message": "no good"}), max_retries=0)
    with pytest.raises(error) as caught:
        await client.customers.retrieve("c1")
    assert type(caught.value) is error
    assert (caught.value.status_code, caught.value.message) == (status, "no good")
    assert (caught.value.method, caught.value.path) == ("GET", "/v1/customers/c1")
    assert caught.value.headers["content-type"] == "application/json"


async def test_an_error_carries_the_key_of_the_request_it_answers() -> None:
    client, transport = mock_client(lambda request: answer(409, {"message": "in use"}))
    with pytest.raises(ConflictError) as caught:
        await client.customers.create(name="Twice")
    assert caught.value.idempotency_key == transport.sent[0].idempotency_key
    assert len(transport.sent) == 1, "a 409 is not retried"


async def test_a_redirect_is_an_error_that_names_where_it_pointed() -> None:
    client, _ = mock_client(lambda request: answer(302, headers={"Location": "https://elsewhere.test/"}))
    with pytest.raises(APIStatusError, match=r"redirect to 'https://elsewhere\.test/', not followed"):
        await client.customers.retrieve("c1")


async def test_an_answer_that_is_not_json_is_kept_as_text() -> None:
    page = b"<html>Bad gateway</html>"
    client, _ = mock_client(lambda request: answer(200, body=page, headers={"Content-Type": "text/html"}))
    assert await client.request("GET", "/v1/customers") == page.decode()
    with pytest.raises(APIResponseValidationError) as caught:
        await client.customers.retrieve("c1")
    assert caught.value.body == page.decode() and caught.value.status_code == 200

    failing, _ = mock_client(lambda request: answer(400, body=page), max_retries=0)
    with pytest.raises(BadRequestError, match="Bad gateway"):
        await failing.customers.retrieve("c1")


async def test_malformed_json_is_a_validation_error_not_a_crash() -> None:
    client, _ = mock_client(lambda request: answer(200, body=b'{"data": {"id": '))
    with pytest.raises(APIResponseValidationError, match="Unexpected 200 response"):
        await client.customers.retrieve("c1")


async def test_an_empty_answer_is_none() -> None:
    client, _ = mock_client(lambda request: answer(200, body=b""))
    assert await client.request("POST", "/v1/customers/archive", body={"id": "c1"}) is None
    raw = await client.with_raw_response.customers.set_ingest_aliases("c1", ingest_aliases=["a"])
    assert raw.parse() is None


def test_read_response_is_a_pure_function_of_the_exchange() -> None:
    request = build_request(Target.of(URL, KEY, USER_AGENT), "GET", "/v1/customers/c1")
    assert read_response(request, answer(200, {"data": CUSTOMER}), None) == {"data": CUSTOMER}
    assert read_response(request, answer(200, {"data": CUSTOMER}), lambda json: json["data"]["id"]) == "c1"
    with pytest.raises(NotFoundError):
        read_response(request, answer(404, {"message": "gone"}), None)


async def test_a_transport_failure_is_retried_then_raised() -> None:
    def unreachable(request: Request) -> Any:
        raise APIConnectionError("Connection error: refused", method=request.method, path=request.path)

    client, transport = mock_client(unreachable, max_retries=2)
    with pytest.raises(APIConnectionError, match="refused"):
        await client.customers.retrieve("c1")
    assert len(transport.sent) == 3


async def test_a_429_makes_the_client_pace_itself() -> None:
    answers = [answer(429, {"message": "slow down"}), answer(200, {"data": CUSTOMER})]
    client, _ = mock_client(lambda request: answers.pop(0))
    assert client._transport.pacer.rate is None, "unpaced until a rate limit is met"
    await client.customers.retrieve("c1")
    assert client._transport.pacer.rate is not None


# --- raw responses ----------------------------------------------------------------------------------------


async def test_a_raw_response_is_the_last_exchange_of_its_call() -> None:
    answers = [answer(503, {"message": "busy"})]
    ok = answer(200, {"data": CUSTOMER}, headers={"X-Request-Id": "r2"})
    client, _ = mock_client(lambda request: answers.pop(0) if answers else ok)
    raw = await client.with_raw_response.customers.retrieve("c1")
    assert (raw.status_code, raw.method, raw.url) == (200, "GET", f"{URL}/v1/customers/c1")
    assert raw.headers["x-request-id"] == "r2" and raw.parse().name == "Acme"
    listed = await client.with_raw_response.request("GET", "/v1/customers", query={"limit": 1})
    assert listed.url == f"{URL}/v1/customers?limit=1"
