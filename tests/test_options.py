"""Per-call options, raw responses and any endpoint, against the embedded Metronome over loopback; the pool
sharing against a small server that holds requests and tells which connection each came on."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from metronome_async import (
    APIResponse,
    APITimeoutError,
    AsyncMetronome,
    Customer,
    InternalServerError,
    NotFoundError,
    Page,
)
from metronome_async._client import RawClient
from metronome_async.resources._base import Resource, declared
from metronome_async.resources._raw import RawMethod, RawView
from metronome_async.testing import FakeMetronome

UNKNOWN = "00000000-0000-4000-8000-000000000000"


# --- with_options -----------------------------------------------------------------------------------------


async def test_with_options_changes_only_its_settings(fake: FakeMetronome, client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    tagged = client.with_options(extra_headers={"X-Team": "billing"})
    retagged = tagged.with_options(extra_headers={"X-Run": "7"})
    fake.reset_exchanges()

    assert (await tagged.customers.retrieve(customer.id)).name == "Acme"
    await retagged.customers.retrieve(customer.id)
    await client.customers.retrieve(customer.id)

    sent = [(ex.headers.get("x-team"), ex.headers.get("x-run")) for ex in fake.exchanges]
    assert sent == [("billing", None), ("billing", "7"), (None, None)]
    assert all(ex.headers["authorization"] == "Bearer ***" for ex in fake.exchanges)
    assert tagged.base_url == client.base_url and "api_key=<hidden>" in repr(tagged)


async def test_with_options_timeout_applies_to_the_new_client_only(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    customer = await client.customers.create(name="Slow", ingest_aliases=["slow"])
    fake.configure(latency=0.5)
    impatient = client.with_options(timeout=0.05, max_retries=0)
    with pytest.raises(APITimeoutError):
        await impatient.customers.retrieve(customer.id)
    assert (await client.customers.retrieve(customer.id)).id == customer.id  # 60 s: unchanged


async def test_with_options_max_retries(fake: FakeMetronome, client: AsyncMetronome) -> None:
    fake.configure(error_rate=1.0)
    for retries, attempts in ((0, 1), (1, 2)):
        fake.reset_exchanges()
        with pytest.raises(InternalServerError):
            await client.with_options(max_retries=retries).customers.retrieve(UNKNOWN)
        assert fake.count("GET") == attempts


async def test_with_options_refuses_bad_settings_before_sending(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    with pytest.raises(ValueError, match="timeout"):
        client.with_options(timeout=0)
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)
    with pytest.raises(TypeError, match="extra_headers"):
        client.with_options(extra_headers=[("X-A", "1")])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="header name"):
        client.with_options(extra_headers={"Bad Name": "1"})
    with pytest.raises(ValueError, match="one-line"):
        client.with_options(extra_headers={"X-A": "1\r\nX-Injected: 2"})
    assert fake.exchanges == []


async def test_closing_a_client_from_with_options_leaves_the_pool_open(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    async with client.with_options(timeout=5) as scoped:
        await scoped.customers.create(name="In scope")
    assert len([c async for c in client.customers.list()]) == 1  # the original still works
    await client.close()
    with pytest.raises(RuntimeError, match="closed"):
        await scoped.customers.create(name="After")  # ... and its close is the one that counts


class HoldingServer:
    """Holds every request until released, counting those in flight, and notes the client port of each."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most_in_flight = 0
        self.ports: list[int] = []
        self.release = asyncio.Event()
        self.release.set()
        self.pool_full = asyncio.Event()  # as many requests in flight as the client's max_concurrency

    async def handle(self, request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.ports.append(peer[1] if peer else -1)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if self.in_flight == 2:
            self.pool_full.set()
        try:
            await self.release.wait()
        finally:
            self.in_flight -= 1
        return web.json_response({"data": {"id": request.match_info["id"], "name": "n"}})


@pytest.fixture
async def holding() -> AsyncIterator[tuple[HoldingServer, str]]:
    server = HoldingServer()
    app = web.Application()
    app.router.add_get("/v1/customers/{id}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield server, f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_with_options_shares_the_connection_and_concurrency_pools(
    holding: tuple[HoldingServer, str],
) -> None:
    server, url = holding
    async with AsyncMetronome(api_key="k", base_url=url, max_concurrency=2, trust_env=False) as client:
        other = client.with_options(timeout=30, extra_headers={"X-A": "1"})
        await client.customers.retrieve("a")
        await other.customers.retrieve("b")
        assert server.ports[0] == server.ports[1], "the second call reused the first one's connection"

        server.release.clear()
        calls = [
            asyncio.ensure_future(c.customers.retrieve(str(i))) for i, c in enumerate([client, other] * 3)
        ]
        await asyncio.wait_for(server.pool_full.wait(), 10)
        await asyncio.sleep(0.2)  # time for more to arrive, were the pools separate
        server.release.set()
        assert [c.id for c in await asyncio.gather(*calls)] == [str(i) for i in range(6)]
    assert server.most_in_flight == 2


# --- with_raw_response ------------------------------------------------------------------------------------


async def test_raw_response_has_status_headers_and_the_parsed_model(client: AsyncMetronome) -> None:
    created = await client.with_raw_response.customers.create(name="Raw", ingest_aliases=["raw"])
    assert isinstance(created, APIResponse)
    assert created.status_code == 200
    assert created.headers["content-type"].startswith("application/json")
    assert created.headers["Content-Type"] == created.headers["CONTENT-TYPE"]
    customer = created.parse()
    assert isinstance(customer, Customer) and customer.name == "Raw"

    fetched = await client.with_raw_response.customers.retrieve(customer.id)
    assert fetched.parse() == await client.customers.retrieve(customer.id)
    assert fetched.url.endswith(f"/v1/customers/{customer.id}") and fetched.method == "GET"

    page = (await client.with_raw_response.customers.list(limit=1)).parse()
    assert isinstance(page, Page) and [c.id for c in page.data] == [customer.id]
    plans = await client.with_raw_response.customers.plans.list(customer.id)
    assert plans.status_code == 200 and plans.parse().data == []
    archived = await client.with_raw_response.customers.archive(customer.id)
    assert archived.status_code == 200 and archived.parse() == customer.id


async def test_concurrent_raw_calls_each_get_their_own_response(client: AsyncMetronome) -> None:
    ids = [(await client.customers.create(name=f"C{i}")).id for i in range(5)]
    answers = await asyncio.gather(*(client.with_raw_response.customers.retrieve(i) for i in ids))
    assert [a.parse().id for a in answers] == ids
    assert [a.url.rsplit("/", 1)[1] for a in answers] == ids


async def test_raw_errors_are_raised_typed_and_workflows_have_no_raw_form(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.with_raw_response.customers.retrieve(UNKNOWN)
    with pytest.raises(ValueError, match="limit"):
        await client.with_raw_response.customers.list(limit=1000)
    with pytest.raises(AttributeError, match="workflow"):
        client.with_raw_response.customers.provision  # noqa: B018
    with pytest.raises(AttributeError, match="no raw form"):
        client.with_raw_response.close  # noqa: B018
    with pytest.raises(AttributeError):
        client.with_raw_response.webhooks  # noqa: B018


def _endpoint_methods(resource: type) -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(resource, inspect.isfunction)
        if not name.startswith("_") and not function.__module__.startswith("metronome_async.workflows")
    }


def test_each_raw_view_lists_every_endpoint_method_of_its_resource() -> None:
    # The views are written out so that type checkers see them: this keeps them in step with the resources.
    def check(view: type[RawView[Any]], source: type, endpoints: set[str]) -> None:
        methods = dict(inspect.getmembers(view, lambda m: isinstance(m, RawMethod)))
        assert set(methods) == endpoints, view.__name__
        assert all(raw.method is getattr(source, name) for name, raw in methods.items()), view.__name__
        resources = declared(source, Resource)
        children = declared(view, RawView)
        assert children.keys() == resources.keys(), view.__name__
        for name, child in children.items():
            check(child, resources[name], _endpoint_methods(resources[name]))

    check(RawClient, AsyncMetronome, {"request"})


async def test_the_raw_client_is_a_view_of_the_client_itself(client: AsyncMetronome) -> None:
    raw = client.with_raw_response
    assert client.with_raw_response is raw  # made once per client
    assert raw.customers.plans._source is client.customers.plans  # no second client, transport or hook


# --- request ----------------------------------------------------------------------------------------------


async def test_request_reaches_any_endpoint_through_the_same_transport(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    created = await client.request("POST", "/v1/customers", body={"name": "Any", "ingest_aliases": ["any"]})
    customer_id = created["data"]["id"]
    fetched = await client.request("get", f"/v1/customers/{customer_id}")
    assert fetched["data"]["name"] == "Any"
    listed = await client.request("GET", "/v1/customers", query={"limit": 1, "only_archived": False})
    assert [c["id"] for c in listed["data"]] == [customer_id]
    await client.request("POST", "/v1/customFields/listKeys", body={}, idempotent=False)

    post, get, listing, read = fake.exchanges
    assert post.idempotency_key is not None and post.headers["authorization"] == "Bearer ***"
    assert get.method == "GET" and listing.query == {"limit": "1", "only_archived": "false"}
    assert read.idempotency_key is None, "a read spelled as POST carries no key"

    with pytest.raises(NotFoundError) as caught:
        await client.request("GET", f"/v1/customers/{UNKNOWN}")
    assert caught.value.status_code == 404

    raw = await client.with_raw_response.request("GET", f"/v1/customers/{customer_id}")
    assert raw.status_code == 200 and raw.parse() == fetched


async def test_request_retries_like_every_call(fake: FakeMetronome, client: AsyncMetronome) -> None:
    fake.configure(error_rate=1.0)
    with pytest.raises(InternalServerError):
        await client.with_options(max_retries=1).request("GET", "/v1/customers")
    assert fake.count("GET", "/v1/customers") == 2


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        ({"method": "FETCH", "path": "/v1/customers"}, ValueError, "method"),
        ({"method": "GET", "path": "v1/customers"}, ValueError, "path"),
        ({"method": "GET", "path": "//evil.example/v1"}, ValueError, "path"),
        ({"method": "GET", "path": "/v1/customers?limit=1"}, ValueError, "query"),
        ({"method": "GET", "path": 7}, TypeError, "path"),
        ({"method": "GET", "path": "/v1/customers", "query": {"limit": [1]}}, TypeError, "limit"),
        ({"method": "POST", "path": "/v1/customers", "idempotent": "no"}, TypeError, "idempotent"),
        (
            {"method": "POST", "path": "/v1/customers", "body": {"x": object()}},
            TypeError,
            r"body\['x'\] cannot be sent as JSON",
        ),
    ],
)
async def test_request_refuses_bad_arguments_before_sending(
    fake: FakeMetronome, client: AsyncMetronome, call: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await client.request(**call)
    assert fake.exchanges == []


def test_a_client_or_its_resources_cannot_be_pickled_or_deep_copied_and_say_why() -> None:
    # Pickled, an unused async client carried its API key into the bytes; a used one, or a blocking one,
    # failed on a lock or a context with a message that said nothing of the client.
    import copy
    import pickle

    from metronome_async import Metronome

    async_client = AsyncMetronome(
        api_key="secret-key", base_url="http://127.0.0.1:9", allow_insecure_http=True
    )
    with Metronome(api_key="secret-key", base_url="http://127.0.0.1:9", allow_insecure_http=True) as client:
        for target in (
            async_client,
            async_client.invoices,
            async_client.with_options(timeout=1),
            async_client.with_raw_response,
            client,
            client.invoices,
            client.customers,
        ):
            with pytest.raises(TypeError, match="cannot be pickled or deep-copied: it holds the API key"):
                pickle.dumps(target)
            with pytest.raises(TypeError, match="make a client in each process"):
                copy.deepcopy(target)
