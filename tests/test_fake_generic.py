"""The embedded Metronome answers every operation of the spec: those without rules of their own check each
request against the spec (a 400 naming the field), answer as the spec declares, and keep the objects of
their collection (create, get, list, update, archive). Raw HTTP; every exchange is checked against the
official spec by the `fake` fixture."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from conformance import assert_conforms, load_spec
from test_fake_api import UNKNOWN_ID, Api, Response

from metronome_async.testing import FakeMetronome
from metronome_async.testing._routes import ROUTES

ROOT = Path(__file__).parent.parent
HAND = frozenset((route.method, route.template) for route in ROUTES)
CUSTOMER = "11111111-1111-4111-8111-111111111111"
OTHER_CUSTOMER = "22222222-2222-4222-8222-222222222222"
PRODUCT = "33333333-3333-4333-8333-333333333333"
START = "2025-01-01T00:00:00Z"


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    """Every success conforms to the spec, every error has Metronome's shape (`error` below); requests are
    not checked: some are malformed on purpose."""
    async with FakeMetronome() as server:
        yield server
    assert_conforms([ex for ex in server.exchanges if ex.status == 200])
    for ex in server.exchanges:
        if ex.status != 200 and ex.response_body is not None:
            assert set(ex.response_body) <= {"message", "code"} and "message" in ex.response_body


@pytest.fixture
async def api(fake: FakeMetronome) -> AsyncIterator[Api]:
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    async with aiohttp.ClientSession(fake.url, headers=headers) as session:
        yield Api(session)


def error(response: Response, status: int) -> str:
    """The message of an error answer in Metronome's shape (a `code` too where the operation declares one)."""
    assert response.status == status, (response.status, response.body)
    assert set(response.body) <= {"message", "code"} and isinstance(response.body["message"], str)
    return str(response.body["message"])


# ---------------------------------------------------------------------- the compact spec


def test_the_emulators_copy_of_the_spec_is_compact() -> None:
    committed = (ROOT / "metronome_async" / "testing" / "_openapi.json").read_text(encoding="utf-8")
    compacted = json.loads(committed)  # current: tests/test_generated.py checks every generated file
    assert len(compacted["operations"]) == 158
    assert '"example"' not in committed and '"x-mint"' not in committed


def test_the_spec_is_read_on_the_first_request_not_at_import() -> None:
    code = (
        "import metronome_async.testing as t; t.FakeMetronome(); "
        "from metronome_async.testing._spec import spec; print(spec.cache_info().currsize)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.strip() == "0"


# ---------------------------------------------------------------------- every operation answers


def _generic_operations() -> list[tuple[str, str]]:
    paths = load_spec()["paths"]
    found = [(method.upper(), path) for path, item in paths.items() for method in item]
    return sorted(op for op in found if op not in HAND)


def test_every_operation_of_the_spec_is_routed() -> None:
    assert len(_generic_operations()) + len(HAND) == 158


async def test_every_generic_operation_answers_a_minimal_request_as_the_spec_declares(
    fake: FakeMetronome, api: Api
) -> None:
    """The simplest valid request of each: required fields only, ids that name nothing. Each answers its
    declared success, or (an operation on one object) that the object is not found. The `fake` fixture
    checks every answer against the spec."""
    from metronome_async.testing._schema import MISSING
    from metronome_async.testing._spec import spec

    schemas = spec().schemas
    statuses = {}
    for op in spec().operations:
        if (op.method, op.path) in HAND:
            continue
        path, query = op.path, {}
        for parameter in op.parameters:
            value = schemas.conform(parameter.schema, MISSING, parameter.name)
            if parameter.where == "path":
                path = path.replace(f"{{{parameter.name}}}", str(value))
            elif parameter.required:
                query[parameter.name] = str(value)
        body = None if op.body is None else schemas.conform(op.body, MISSING)
        response = await api.call(op.method, path, body, params=query)
        statuses[f"{op.method} {op.path}"] = response.status
        if response.status != op.status:
            assert "not found" in error(response, response.status), (op.path, response.body)
    assert len(statuses) == len(_generic_operations())
    assert sum(status == 200 for status in statuses.values()) >= 0.9 * len(statuses)  # the rest: not found


# ---------------------------------------------------------------------- requests checked against the spec


@pytest.mark.parametrize(
    ("method", "path", "body", "query", "message"),
    [
        # path parameters
        ("GET", "/v1/billable-metrics/nope", None, {}, "billable_metric_id: must be a UUID"),
        (
            "POST",
            "/v1/client/billing-config/paypal/apiKey",
            {"api_key": "k"},
            {},
            "billing_provider_type: must",
        ),
        # query: types, enums, required
        ("GET", "/v1/billable-metrics", None, {"limit": "0"}, "limit: must be at least 1"),
        ("GET", "/v1/billable-metrics", None, {"limit": "ten"}, "limit: expected an integer"),
        (
            "GET",
            "/v1/billable-metrics",
            None,
            {"include_archived": "yes"},
            "include_archived: expected a boolean",
        ),
        (
            "GET",
            f"/v1/customers/{CUSTOMER}/costs",
            None,
            {"ending_before": START},
            "starting_on: is required",
        ),
        (
            "GET",
            f"/v1/customers/{CUSTOMER}/costs",
            None,
            {"starting_on": "yesterday", "ending_before": START},
            "starting_on: expected an RFC 3339 date-time",
        ),
        ("GET", f"/v1/customers/{CUSTOMER}/invoices", None, {"type": "WEEKLY"}, "type: must be one of USAGE"),
        # body: required, types, enums, formats, lengths, items, closed objects, nesting
        ("POST", "/v1/contract-pricing/products/create", {"type": "FIXED"}, {}, "name: is required"),
        (
            "POST",
            "/v1/contract-pricing/products/create",
            {"name": 3, "type": "FIXED"},
            {},
            "name: expected a string",
        ),
        (
            "POST",
            "/v1/contract-pricing/products/create",
            {"name": "A", "type": "X"},
            {},
            "type: must be one of",
        ),
        ("POST", "/v1/packages/get", {"package_id": "p-1"}, {}, "package_id: must be a UUID"),
        ("POST", "/v1/packages/archive", {"package_id": UNKNOWN_ID, "why": 1}, {}, "why: unknown field"),
        (
            "POST",
            "/v1/payments/list",
            {"customer_id": CUSTOMER, "invoice_id": CUSTOMER, "limit": 26},
            {},
            "limit: must be at most 25",
        ),
        (
            "POST",
            "/v1/payments/list",
            {"customer_id": CUSTOMER, "invoice_id": CUSTOMER, "statuses": []},
            {},
            "statuses: at least 1 items",
        ),
        (
            "POST",
            "/v2/notifications/create",
            {"name": "N", "policy": {}, "uniqueness_key": ""},
            {},
            "policy",
        ),
        (
            "POST",
            "/v1/alerts/create",
            {
                "alert_type": "spend_threshold_reached",
                "name": "A",
                "threshold": 9,
                "uniqueness_key": "k" * 129,
            },
            {},
            "uniqueness_key: longer than 128 characters",
        ),
        (
            "POST",
            "/v1/alerts/create",
            {"alert_type": "spend_threshold_reached", "name": "A", "threshold": "9"},
            {},
            "threshold: expected a number",
        ),
        (
            "POST",
            "/v1/contracts/customerCommits/create",
            {
                "customer_id": CUSTOMER,
                "type": "PREPAID",
                "priority": 1,
                "product_id": PRODUCT,
                "access_schedule": {"schedule_items": [{"amount": 1, "starting_at": START}]},
            },
            {},
            "access_schedule.schedule_items[0].ending_before: is required",
        ),
        (
            "POST",
            "/v1/approval_requests/submit",
            {
                "name": "n",
                "description": "d",
                "method": "POST",
                "request_type": "x",
                "request_payload": {"a": 1},
            },
            {},
            "request_type: must match ^/",
        ),
        ("POST", "/v1/alerts/archive", None, {}, "id: is required"),  # no body at all
        ("POST", "/v1/alerts/archive", [], {}, "request body: expected a JSON object"),
    ],
)
async def test_a_malformed_request_gets_a_400_naming_the_field(
    api: Api, method: str, path: str, body: Any, query: dict[str, str], message: str
) -> None:
    response = await api.call(method, path, body, params=query)
    assert error(response, 400).startswith(message), response.body


async def test_a_400_carries_the_code_the_operation_declares(api: Api) -> None:
    response = await api.post("/v2/notifications/create", {"name": "N"})
    assert response.body == {"code": "BadRequest", "message": "policy: is required"}
    response = await api.post("/v2/notifications/get", {"id": UNKNOWN_ID})
    assert response.status == 404 and response.body["code"] == "NotificationConfigNotFound"


async def test_the_hand_written_route_wins_over_the_generic_one(api: Api) -> None:
    """/v1/customers keeps its rules (an ingest alias in use is a 409, which the spec cannot say); a
    literal path owns it over a template of the same length, whichever layer serves them."""
    await api.customer("Acme", ingest_aliases=["acme"])
    assert error(await api.post("/v1/customers", {"name": "Other", "ingest_aliases": ["acme"]}), 409)
    wrong_method = await api.get("/v1/customers/getNamedSchedule")  # not a customer called so
    assert wrong_method.status == 405 and wrong_method.headers["Allow"] == "POST"


# ---------------------------------------------------------------------- state


async def test_listings_page_as_each_operation_pages(api: Api) -> None:
    """By `next_page` in the query (credit grants), by `cursor` (notifications). (The listings paged by a
    `next_page` in the body, customer commits and credits, have rules of their own: test_fake_ledger.)"""
    amount = {"amount": 10, "credit_type_id": PRODUCT}
    for k in range(5):
        grant = {
            "customer_id": CUSTOMER,
            "name": f"G{k}",
            "priority": 1,
            "expires_at": "2026-01-01T00:00:00Z",
        }
        await api.post("/v1/credits/createGrant", {**grant, "grant_amount": amount, "paid_amount": amount})
    names, token = [], None
    while True:
        query = {"limit": "2", **({"next_page": token} if token else {})}
        page = await api.call("POST", "/v1/credits/listGrants", {}, params=query)
        names += [g["name"] for g in page.data]
        token = page.body["next_page"]
        if token is None:
            break
    assert names == ["G0", "G1", "G2", "G3", "G4"]

    policy = {"type": "contract.start", "offset": "P1D"}
    for k in range(3):
        await api.post("/v2/notifications/create", {"name": f"N{k}", "policy": policy})
    first = await api.post("/v2/notifications/offset/list", {"limit": 2})
    rest = await api.post("/v2/notifications/offset/list", {"limit": 2, "cursor": first.body["cursor"]})
    assert [n["name"] for n in first.data + rest.data] == ["N0", "N1", "N2"] and rest.body["cursor"] is None


async def test_an_object_is_found_only_in_its_scope(api: Api) -> None:
    """Recharge settings live under their customer's path."""
    settings = {
        "recharge_to_amount": 100,
        "recharge_threshold": 10,
        "name": "Top up",
        "priority": 1,
        "grant_duration": 30,
        "credit_type_id": PRODUCT,
        "prepaid_options": {"billing_provider_type": "stripe"},
    }
    made = (await api.post(f"/v1/credits/{CUSTOMER}/rechargeSettings", settings)).data
    assert [s["id"] for s in (await api.get(f"/v1/credits/{CUSTOMER}/rechargeSettings")).data] == [made["id"]]
    assert (await api.get(f"/v1/credits/{OTHER_CUSTOMER}/rechargeSettings")).data == []
    moved = await api.post(f"/v1/credits/{OTHER_CUSTOMER}/rechargeSettings/{made['id']}", settings)
    assert error(moved, 404)


async def test_a_reused_uniqueness_key_is_a_409(api: Api) -> None:
    grant = {
        "customer_id": CUSTOMER,
        "grant_amount": {"amount": 10, "credit_type_id": PRODUCT},
        "paid_amount": {"amount": 0, "credit_type_id": PRODUCT},
        "name": "Welcome",
        "expires_at": "2026-01-01T00:00:00Z",
        "priority": 1,
        "uniqueness_key": "welcome-1",
    }
    first = (await api.post("/v1/credits/createGrant", grant)).data
    assert (
        error(await api.post("/v1/credits/createGrant", grant), 409)
        == "uniqueness_key: 'welcome-1' is already used"
    )
    await api.post("/v1/credits/voidGrant", {"id": first["id"]})
    assert (await api.post("/v1/credits/createGrant", grant)).status == 200  # a voided grant frees its key
    listed = (await api.post("/v1/credits/listGrants", {"customer_ids": [CUSTOMER]})).data
    assert len(listed) == 2 and listed[0]["name"] == "Welcome"
    assert (await api.post("/v1/credits/listGrants", {"customer_ids": [OTHER_CUSTOMER]})).data == []


async def test_an_operation_with_nothing_to_keep_answers_from_the_request(api: Api) -> None:
    """What the answer has a place for comes from the request (the plan named in the path); the rest is
    the simplest value the schema allows."""
    plan = (await api.get(f"/v1/planDetails/{UNKNOWN_ID}")).data
    assert plan["id"] == UNKNOWN_ID and isinstance(plan["name"], str)


# ---------------------------------------------------------------------- auth, faults, idempotency


async def test_auth_faults_and_idempotency_apply_to_generic_operations(fake: FakeMetronome, api: Api) -> None:
    path, body = "/v1/contract-pricing/products/create", {"name": "P", "type": "FIXED"}
    async with aiohttp.ClientSession(fake.url) as anonymous:
        assert (await Api(anonymous).post(path, body)).status == 401

    key = {"Idempotency-Key": "make-p"}
    first = await api.post(path, body, headers=key)
    again = await api.post(path, body, headers=key)
    assert again == first and fake.exchanges[-1].replayed
    assert error(await api.post(path, {**body, "name": "Q"}, headers=key), 409)
    assert len((await api.post("/v1/contract-pricing/products/list", {})).data) == 1

    fake.configure(error_rate=1, fault_paths=["/v1/contract-pricing/products"])
    assert error(await api.post(path, body), 500) == "Internal server error"
    assert (await api.post("/v1/packages/list", {})).status == 200  # out of scope
    fake.configure(error_rate=None, rate_limit=0.001)
    assert (await api.post(path, body)).status == 200  # the bucket's one token
    limited = await api.post(path, body)
    assert limited.status == 429 and "Retry-After" in limited.headers
    fake.configure(rate_limit=None, disconnect_rate=1)
    with pytest.raises(aiohttp.ClientError):
        await api.post(path, {"name": "Dropped", "type": "FIXED"})
    fake.configure(disconnect_rate=None, fault_paths=None)
    names = [p["initial"]["name"] for p in (await api.post("/v1/contract-pricing/products/list", {})).data]
    assert names == ["P", "P", "Dropped"]  # executed, then the connection dropped


# ---------------------------------------------------------------------- found by fuzzing every operation


CAP = {"length_in_days": 7, "spending_cap": {"credit_type_id": "", "amount": 1}}
ADJUSTMENT = {"charge_id": "c", "adjustment_type": "fixed", "start_period": 0}
OVERAGE = {
    "custom_credit_type_id": "x",
    "fiat_currency_credit_type_id": UNKNOWN_ID,
    "to_fiat_conversion_factor": 1,
}


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("trial_spec.spending_cap.credit_type_id", {"trial_spec": CAP}),
        ("price_adjustments[0].charge_id", {"price_adjustments": [ADJUSTMENT]}),
        ("overage_rate_adjustments[0].custom_credit_type_id", {"overage_rate_adjustments": [OVERAGE]}),
    ],
)
async def test_ids_in_a_customer_plan_must_be_uuids(
    fake: FakeMetronome, api: Api, where: str, change: Any
) -> None:
    """A trial's credit type was kept as given and answered back in the customer's plans, where the spec
    says it is a UUID; every id of the request is one."""
    [customer_id] = fake.seed_customers(1)
    plan = {"plan_id": fake.create_plan("Pro"), "starting_on": "2025-01-01T00:00:00Z", **change}
    response = await api.post(f"/v1/customers/{customer_id}/plans/add", plan)
    assert error(response, 400) == f"{where}: must be a UUID"
    assert (await api.get(f"/v1/customers/{customer_id}/plans")).data == []
