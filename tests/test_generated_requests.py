"""What a generated method sends and how it reads the answer, over loopback to a recording server: the
wire names and places of its fields, the Idempotency-Key on writes only, paging by ``next_page`` in the query
or the body, JSON null for a nullable field, deprecation warnings, and bad input refused before anything is
sent, naming where it is wrong."""

from __future__ import annotations

import asyncio
import json
import os
import warnings
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web

from metronome_async import AsyncMetronome, Metronome
from metronome_async.models import Invoice, ProductListItem
from tests.hostile import serve, served_in_a_thread

CUSTOMER = "8deed800-1b7a-495d-a207-6c52bac54dc9"
PRODUCT = "2ec1e4a1-5c38-4d36-a7b9-3c6b0b6e4b10"
INVOICE = "6a37bb88-8538-48c5-b37b-a41c836328bd"
WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)


class Recorder:
    """Answers each request with the next of ``answers`` and keeps what it got."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": dict(request.query),
                "body": json.loads(raw) if raw else None,
                "key": request.headers.get("Idempotency-Key"),
            }
        )
        answer = self.answers.pop(0) if self.answers else {}
        return web.json_response(answer)


@pytest.fixture
async def recorded() -> AsyncIterator[Callable[..., Any]]:
    clients: list[AsyncMetronome] = []

    async def start(*answers: Any) -> tuple[AsyncMetronome, Recorder]:
        recorder = Recorder(*answers)
        url = await stack.enter_async_context(serve(recorder.handle))
        client = AsyncMetronome(api_key="test", base_url=url, allow_insecure_http=True, max_retries=0)
        clients.append(client)
        return client, recorder

    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:
        yield start
        for client in clients:
            await client.close()


async def test_an_id_the_api_carries_in_the_body_is_positional_and_goes_out_as_id(recorded: Any) -> None:
    client, server = await recorded({"data": {"id": INVOICE}}, {"data": {"id": "inv_1"}})
    assert await client.invoices.void(INVOICE) == INVOICE
    assert await client.invoices.void("inv_1") == "inv_1"  # an identifier is passed through as given
    first, second = server.requests
    assert (first["method"], first["path"], first["body"]) == ("POST", "/v1/invoices/void", {"id": INVOICE})
    assert second["body"] == {"id": "inv_1"}
    assert first["key"] and first["key"] != second["key"]  # a write: one key per call, the same on retries


async def test_a_get_listing_follows_next_page_in_the_query_with_the_same_filters(recorded: Any) -> None:
    invoice = _example_invoice()
    client, server = await recorded(
        {"data": [invoice], "next_page": "two"}, {"data": [invoice], "next_page": None}
    )
    pager = client.customers.invoices.list(CUSTOMER, status="DRAFT", starting_on=WHEN, limit=1)
    invoices = await pager.to_list()
    assert [type(item) for item in invoices] == [Invoice, Invoice]
    assert invoices[0].to_dict() == invoice
    first, second = server.requests
    assert first["path"] == f"/v1/customers/{CUSTOMER}/invoices"
    assert first["query"] == {"status": "DRAFT", "starting_on": "2025-01-01T00:00:00Z", "limit": "1"}
    assert second["query"] == {**first["query"], "next_page": "two"}
    assert first["key"] is None and first["body"] is None


async def test_a_post_listing_follows_next_page_in_the_query_or_the_body_without_a_key(recorded: Any) -> None:
    product = _example_product()
    provider = _example("/v1/listConfiguredBillingProviders")[0]
    client, server = await recorded(
        {"data": [product], "next_page": "p2"},
        {"data": [], "next_page": None},
        {"data": [provider], "next_page": "b2"},
        {"data": [provider], "next_page": None},
    )
    items = await client.products.list(archive_filter="NOT_ARCHIVED").to_list()
    assert [item.to_dict() for item in items] == [product] and isinstance(items[0], ProductListItem)
    providers = await client.settings.billing_providers.list().to_list()
    assert [item.to_dict() for item in providers] == [provider, provider]
    first, second, third, fourth = server.requests
    assert first["body"] == second["body"] == {"archive_filter": "NOT_ARCHIVED"}
    assert (first["query"], second["query"]) == ({}, {"next_page": "p2"})  # this POST pages in its query
    assert (third["body"], fourth["body"]) == ({}, {"next_page": "b2"})  # and this one in its body
    assert {request["key"] for request in server.requests} == {None}  # reads spelled as POST


async def test_a_nullable_field_sends_null_for_none_and_nothing_when_left_out(recorded: Any) -> None:
    client, server = await recorded({"data": {"id": CUSTOMER}}, {"data": {"id": CUSTOMER}})
    await client.contracts.edit(CUSTOMER, INVOICE, update_contract_end_date=None)
    await client.contracts.edit(CUSTOMER, INVOICE, update_contract_name="Renamed")
    assert server.requests[0]["body"] == {
        "customer_id": CUSTOMER,
        "contract_id": INVOICE,
        "update_contract_end_date": None,
    }
    assert "update_contract_end_date" not in server.requests[1]["body"]
    assert server.requests[1]["body"]["update_contract_name"] == "Renamed"


async def test_nested_values_are_checked_and_sent_as_json(recorded: Any) -> None:
    client, server = await recorded({"data": {"id": PRODUCT}})
    await client.customers.credits.create(
        CUSTOMER,
        priority=1,
        product_id=PRODUCT,
        access_schedule={"schedule_items": [{"amount": 10, "starting_at": WHEN, "ending_before": WHEN}]},
    )
    (sent,) = server.requests
    assert sent["body"]["access_schedule"] == {
        "schedule_items": [
            {"amount": 10, "starting_at": "2025-01-01T00:00:00Z", "ending_before": "2025-01-01T00:00:00Z"}
        ]
    }


BAD_CALLS: list[tuple[str, Callable[[AsyncMetronome], Any], type[Exception], str]] = [
    (
        "not a uuid",
        lambda c: c.customers.credits.create(
            CUSTOMER, priority=1, product_id="prod_1", access_schedule={"schedule_items": []}
        ),
        ValueError,
        "product_id must be a UUID",
    ),
    ("an empty identifier", lambda c: c.invoices.void(""), ValueError, "invoice_id must not be empty"),
    (
        "enum",
        lambda c: c.customers.invoices.list(CUSTOMER, sort="sideways"),
        ValueError,
        "sort must be one of",
    ),
    (
        "nested type",
        lambda c: c.customers.credits.create(
            CUSTOMER,
            priority=1,
            product_id=PRODUCT,
            access_schedule={
                "schedule_items": [{"amount": "ten", "starting_at": WHEN, "ending_before": WHEN}]
            },
        ),
        TypeError,
        "access_schedule['schedule_items'][0]['amount'] must be a number",
    ),
    (
        "nested unknown key",
        lambda c: c.customers.credits.create(
            CUSTOMER, priority=1, product_id=PRODUCT, access_schedule={"schedule_itmes": []}
        ),
        ValueError,
        "access_schedule['schedule_items'] is required",
    ),
    (
        "typo",
        lambda c: c.customers.credits.create(
            CUSTOMER,
            priority=1,
            product_id=PRODUCT,
            access_schedule={"schedule_items": [], "acess_type": "SPEND"},
        ),
        TypeError,
        "access_schedule['acess_type'] is not a field of access_schedule",
    ),
    (
        "naive datetime",
        lambda c: c.customers.invoices.list(CUSTOMER, starting_on=datetime(2025, 1, 1)),
        ValueError,
        "starting_on must be timezone-aware",
    ),
    ("required None", lambda c: c.packages.create(name=None), ValueError, "name is required"),
    (
        "bool for number",
        lambda c: c.customers.credits.create(
            CUSTOMER, priority=True, product_id=PRODUCT, access_schedule={"schedule_items": []}
        ),
        TypeError,
        "priority must be a number",
    ),
    (
        "a lone string for a list",
        lambda c: c.usage.search(transactionIds="tx"),
        TypeError,
        "transactionIds must be a list",
    ),
    ("empty path id", lambda c: c.customers.invoices.retrieve(" ", INVOICE), ValueError, "customer_id"),
    # A lone surrogate (a str decoded with surrogateescape) or an int beyond 64 bits cannot be sent: the JSON
    # writer's or the URL's own error named no argument.
    ("surrogate in a path", lambda c: c.customers.invoices.list("c\udc80"), ValueError, "customer_id holds"),
    (
        "surrogate in a query",
        lambda c: c.audit_logs.list(resource_id="\udc80"),
        ValueError,
        "resource_id holds",
    ),
    ("surrogate in a body", lambda c: c.packages.create(name="p\udc80"), ValueError, "name holds '\\udc80'"),
    (
        "surrogate in a key",
        lambda c: c.customers.credits.create(
            CUSTOMER,
            priority=1,
            product_id=PRODUCT,
            access_schedule={"schedule_items": []},
            custom_fields={"k\udc80": "v"},
        ),
        ValueError,
        "custom_fields key holds",
    ),
    ("surrogate, by hand", lambda c: c.customers.create(name="n\udc80"), ValueError, "name holds"),
    (
        "an int beyond 64 bits",
        lambda c: c.customers.credits.create(
            CUSTOMER, priority=2**64, product_id=PRODUCT, access_schedule={"schedule_items": []}
        ),
        ValueError,
        "priority is 18446744073709551616, beyond the 64-bit integers",
    ),
    (
        "an int beyond 64 bits, by hand",
        lambda c: c.usage.ingest([{**EVENT, "properties": {"n": -(2**63) - 1}}]),
        ValueError,
        "beyond the 64-bit integers",
    ),
]
EVENT = {"transaction_id": "t", "customer_id": "c", "event_type": "e", "timestamp": "2025-01-01T00:00:00Z"}


@pytest.mark.parametrize(("case", "call", "error", "message"), BAD_CALLS, ids=[case[0] for case in BAD_CALLS])
async def test_bad_input_is_refused_before_anything_is_sent(
    recorded: Any, case: str, call: Callable[[AsyncMetronome], Any], error: type[Exception], message: str
) -> None:
    client, server = await recorded()
    with pytest.raises(error, match=_literal(message)):
        result = call(client)
        if hasattr(result, "__await__"):
            await result
    assert server.requests == []


async def test_a_deprecated_operation_warns_at_the_caller(recorded: Any) -> None:
    client, _ = await recorded({"data": _example("/v1/planDetails/{plan_id}", "get")})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await client.plans.get_details("plan_1")
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert "plans.get_details is deprecated by Metronome: use contracts instead" in str(warning.message)
    assert warning.filename == __file__


async def test_a_deprecated_operation_run_as_a_task_warns_at_the_caller_not_in_asyncio(recorded: Any) -> None:
    client, _ = await recorded({"data": _example("/v1/planDetails/{plan_id}", "get")})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await asyncio.gather(client.plans.get_details("plan_1"))
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    asyncio_code = os.path.dirname(asyncio.__file__)
    assert not warning.filename.startswith(asyncio_code) and "metronome_async" not in warning.filename
    assert "/backports/" not in warning.filename  # pytest-asyncio's runner on Python 3.10


def test_the_blocking_client_warns_of_a_deprecated_operation_at_the_caller() -> None:
    async def answer(request: web.Request) -> web.Response:
        path = "/v1/planDetails/{plan_id}" + ("/charges" if request.path.endswith("charges") else "")
        if path.endswith("charges"):
            return web.json_response({"data": [], "next_page": None})
        return web.json_response({"data": _example(path, "get")})

    with (
        served_in_a_thread(answer) as url,
        Metronome(api_key="test", base_url=url, allow_insecure_http=True) as client,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        client.plans.get_details("plan_1")  # a call, run on the client's loop
        client.plans.list_charges("plan_1").to_list()  # a listing, made by the blocking pager
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert [w.filename for w in deprecations] == [__file__, __file__]


async def test_raw_response_of_a_generated_operation(recorded: Any) -> None:
    client, _ = await recorded({"data": {"id": INVOICE}})
    response = await client.with_raw_response.invoices.regenerate(INVOICE)
    assert response.status_code == 200 and response.parse() == INVOICE


def test_the_blocking_client_refuses_the_same_bad_input_before_sending() -> None:
    client = Metronome(api_key="test", base_url="http://127.0.0.1:9", allow_insecure_http=True)
    with client, pytest.raises(ValueError, match="product_id must be a UUID"):
        client.customers.credits.create(
            CUSTOMER, priority=1, product_id="prod_1", access_schedule={"schedule_items": []}
        )  # nothing listens on port 9: a request would fail otherwise


def _literal(text: str) -> str:
    import re

    return re.escape(text)


def _example(path: str, method: str = "post") -> Any:
    from tests.test_generated import SPEC

    content = SPEC["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    example = (
        content["example"] if "example" in content else next(iter(content["examples"].values()))["value"]
    )
    return example["data"]


def _example_invoice() -> dict[str, Any]:
    invoice: dict[str, Any] = _example("/v1/customers/{customer_id}/invoices/{invoice_id}", "get")
    return invoice


def _example_product() -> dict[str, Any]:
    product: dict[str, Any] = _example("/v1/contract-pricing/products/get")
    return product


async def test_a_pdf_answer_comes_back_as_its_bytes_asked_for_as_a_pdf() -> None:
    pdf = b"%PDF-1.7\n\xe2\xe3\xcf\xd3 binary \xff\x00 %%EOF"
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers["Accept"])
        return web.Response(body=pdf, content_type="application/pdf")

    async with (
        serve(handler) as url,
        AsyncMetronome(api_key="test", base_url=url, allow_insecure_http=True) as client,
    ):
        assert await client.customers.invoices.retrieve_pdf(CUSTOMER, INVOICE) == pdf
    assert seen == ["application/pdf"]


async def test_listings_that_page_by_a_cursor_of_another_name_follow_it_to_the_end(recorded: Any) -> None:
    # Three operations page by ``cursor`` in the request, and answer the next one as ``next_page``, as
    # ``cursor`` or inside ``pagination``: each is a pager that follows it, not a first page alone.
    seat = {"seat_id": "s", "balances": []}
    entry = {"starting_at": "2025-01-01T00:00:00Z", "total_quantity": 1, "assigned_seat_ids": []}
    client, server = await recorded(
        {
            "data": [seat],
            "pagination": {"seats_included": 1, "seats_available_for_next_page": 1, "next_page": "c2"},
        },
        {
            "data": [seat],
            "pagination": {"seats_included": 1, "seats_available_for_next_page": 0, "next_page": None},
        },
        {"data": [entry], "next_page": "h2"},
        {"data": [entry], "next_page": None},
        {"data": [], "cursor": "n2"},
        {"data": [], "cursor": None},
    )
    seats = await client.contracts.list_seat_balances(CUSTOMER, INVOICE, limit=1).to_list()
    history = await client.contracts.get_subscription_seats_history(
        CUSTOMER, INVOICE, subscription_id=PRODUCT
    )
    notifications = await client.notifications.offset.list(limit=1).to_list()
    assert [item.seat_id for item in seats] == ["s", "s"] and len(history) == 2 and notifications == []
    cursors = [(request["body"] or {}).get("cursor") for request in server.requests]
    assert cursors == [None, "c2", None, "h2", None, "n2"]
    assert {request["key"] for request in server.requests} == {None}  # reads spelled as POST


async def test_unset_inside_an_object_leaves_its_field_out_and_is_refused_elsewhere(recorded: Any) -> None:
    from metronome_async import UNSET

    client, server = await recorded({"data": {"id": PRODUCT}})
    await client.customers.credits.create(
        CUSTOMER,
        priority=1,
        product_id=PRODUCT,
        access_schedule={"schedule_items": [], "credit_type_id": UNSET},
        custom_fields={"team": "core", "region": UNSET},
    )
    (sent,) = server.requests
    assert sent["body"]["access_schedule"] == {"schedule_items": []}
    assert sent["body"]["custom_fields"] == {"team": "core"}  # never the text "UNSET"
    with pytest.raises(TypeError, match=_literal("applicable_product_tags[0] is UNSET")):
        await client.customers.credits.create(
            CUSTOMER,
            priority=1,
            product_id=PRODUCT,
            access_schedule={"schedule_items": []},
            applicable_product_tags=[UNSET],
        )
    with pytest.raises(ValueError, match=r"access_schedule\['schedule_items'\] is required"):
        await client.customers.credits.create(
            CUSTOMER, priority=1, product_id=PRODUCT, access_schedule={"schedule_items": UNSET}
        )
    assert len(server.requests) == 1
