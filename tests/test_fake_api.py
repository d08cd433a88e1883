"""The embedded Metronome speaks the official API and enforces its rules (raw HTTP, no SDK)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import attrs
import pytest
from conformance import assert_conforms

from metronome_async.testing import FakeMetronome

MIDNIGHT = "2024-01-01T00:00:00Z"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


@attrs.frozen
class Response:
    status: int
    body: Any
    headers: Any = attrs.field(eq=False)  # two equal answers differ in Date when a second ticks between them

    @property
    def data(self) -> Any:
        assert self.status == 200, (self.status, self.body)
        return self.body["data"]

    @property
    def message(self) -> str:
        assert self.status >= 400 and set(self.body) == {"message"}, (self.status, self.body)
        return str(self.body["message"])


class Api:
    """Raw HTTP calls to the fake; `call(...)` returns status, parsed JSON body and headers."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Response:
        if body is not None:
            kwargs["json"] = body
        async with self.session.request(method, path, **kwargs) as response:
            text = await response.text()
            return Response(response.status, await response.json() if text else None, response.headers)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Response:
        return await self.call("POST", path, body, **kwargs)

    async def get(self, path: str, **params: str) -> Response:
        return await self.call("GET", path, params=params)

    async def customer(self, name: str = "Acme", **fields: Any) -> str:
        return str((await self.post("/v1/customers", {"name": name, **fields})).data["id"])


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome() as server:
        yield server
    # Every answer the fake gave conforms to the official spec; every error has the error shape.
    assert_conforms([ex for ex in server.exchanges if ex.status == 200])
    assert all(set(ex.response_body) == {"message"} for ex in server.exchanges if ex.status != 200)


@pytest.fixture
async def api(fake: FakeMetronome) -> AsyncIterator[Api]:
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    async with aiohttp.ClientSession(fake.url, headers=headers) as session:
        yield Api(session)


# ---------------------------------------------------------------------- auth and routing


async def test_requests_without_the_right_bearer_token_get_401(fake: FakeMetronome) -> None:
    async with aiohttp.ClientSession(fake.url) as session:
        anonymous = Api(session)
        assert (await anonymous.get("/v1/customers")).message == "Unauthorized"
        wrong = await anonymous.call("GET", "/v1/customers", headers={"Authorization": "Bearer nope"})
        assert wrong.status == 401
        assert (await anonymous.post("/v1/customers", {"name": "A"})).status == 401
    assert fake.customers() == []
    assert fake.exchanges[0].route == "/v1/customers"
    assert fake.exchanges[1].headers["authorization"] == "Bearer ***"
    assert fake.api_key not in repr(fake) and fake.api_key not in repr(fake.exchanges)


async def test_unknown_path_is_404_and_wrong_method_405(api: Api, fake: FakeMetronome) -> None:
    assert (await api.get("/v1/nothing")).status == 404
    wrong = await api.call("DELETE", "/v1/customers")
    assert wrong.status == 405 and "GET" in wrong.headers["Allow"]
    assert fake.exchanges[-1].route == ""


# ---------------------------------------------------------------------- customers


async def test_create_retrieve_and_list_round_trip(api: Api, fake: FakeMetronome) -> None:
    fake.add_custom_field_key("customer", "tier")
    created = (
        await api.post(
            "/v1/customers",
            {"name": "Acme", "ingest_aliases": ["acme", "acme-eu"], "custom_fields": {"tier": "gold"}},
        )
    ).data
    assert created["name"] == "Acme" and created["ingest_aliases"] == ["acme", "acme-eu"]
    assert created["external_id"] == "acme"  # the first alias

    detail = (await api.get(f"/v1/customers/{created['id']}")).data
    assert detail["custom_fields"] == {"tier": "gold"}
    assert detail["customer_config"] == {"salesforce_account_id": None}
    assert detail["archived_at"] is None and detail["created_at"].endswith("Z")

    listing = (await api.get("/v1/customers")).body
    assert listing == {"data": [detail], "next_page": None}
    assert fake.customers() == [detail]
    assert fake.exchanges[1].route == "/v1/customers/{customer_id}"


async def test_external_id_is_an_alias(api: Api) -> None:
    created = (
        await api.post("/v1/customers", {"name": "A", "external_id": "ext", "ingest_aliases": ["a"]})
    ).data
    assert created["external_id"] == "ext" and created["ingest_aliases"] == ["ext", "a"]
    assert (await api.post("/v1/customers", {"name": "B", "ingest_aliases": ["ext"]})).status == 409
    bare = (await api.post("/v1/customers", {"name": "C"})).data
    assert bare["external_id"] == bare["id"]


async def test_name_is_required_and_truncated_to_160(api: Api) -> None:
    assert "name" in (await api.post("/v1/customers", {"ingest_aliases": []})).message
    assert "name" in (await api.post("/v1/customers", {"name": " "})).message
    long = await api.post("/v1/customers", {"name": "x" * 200})
    assert long.data["name"] == "x" * 160


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 3}, "name"),
        ({"name": "A", "ingest_aliases": "a"}, "ingest_aliases"),
        ({"name": "A", "ingest_aliases": ["a", 2]}, "ingest_aliases[1]"),
        ({"name": "A", "ingest_aliases": [""]}, "ingest_aliases[0]"),
        ({"name": "A", "external_id": None}, "external_id"),
        ({"name": "A", "custom_fields": {"k": 1}}, "custom_fields.k"),
        (
            {"name": "A", "billing_config": {"billing_provider_type": "paypal"}},
            "billing_config.billing_provider_type",
        ),
        (
            {"name": "A", "customer_billing_provider_configurations": [{"billing_provider": "custom"}]},
            "customer_billing_provider_configurations[0].billing_provider",
        ),
        ([{"name": "A"}], "request body"),
    ],
)
async def test_schema_violations_are_400_naming_the_field(api: Api, body: Any, field: str) -> None:
    assert (await api.post("/v1/customers", body)).message.startswith(f"{field}:")


async def test_malformed_json_is_400(api: Api) -> None:
    response = await api.call(
        "POST", "/v1/customers", data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert "malformed JSON" in response.message


async def test_unknown_or_malformed_ids_are_404(api: Api) -> None:
    for customer_id in (UNKNOWN_ID, "not-a-uuid"):
        assert (await api.get(f"/v1/customers/{customer_id}")).status == 404
        assert (await api.post(f"/v1/customers/{customer_id}/setName", {"name": "B"})).status == 404
    assert (await api.post("/v1/customers/archive", {"id": UNKNOWN_ID})).status == 404


async def test_ingest_aliases_are_unique_across_all_customers_archived_included(api: Api) -> None:
    first = await api.customer("First", ingest_aliases=["shared", "old"])
    second = await api.customer("Second")
    assert "shared" in (await api.post("/v1/customers", {"name": "X", "ingest_aliases": ["shared"]})).message
    taken = await api.post(f"/v1/customers/{second}/setIngestAliases", {"ingest_aliases": ["shared"]})
    assert taken.status == 409

    # setIngestAliases replaces the whole set: "old" is free again
    assert (
        await api.post(f"/v1/customers/{first}/setIngestAliases", {"ingest_aliases": ["shared"]})
    ).body is None
    assert (await api.get(f"/v1/customers/{first}")).data["ingest_aliases"] == ["shared"]
    assert (
        await api.post(f"/v1/customers/{second}/setIngestAliases", {"ingest_aliases": ["old"]})
    ).status == 200

    await api.post("/v1/customers/archive", {"id": first})
    assert (await api.post("/v1/customers", {"name": "Y", "ingest_aliases": ["shared"]})).status == 409


async def test_archive_is_irreversible_and_archived_customers_list_only_with_only_archived(
    api: Api, fake: FakeMetronome
) -> None:
    active, gone = await api.customer("Active"), await api.customer("Gone")
    assert (await api.post("/v1/customers/archive", {"id": gone})).data == {"id": gone}
    assert "already archived" in (await api.post("/v1/customers/archive", {"id": gone})).message

    detail = (await api.get(f"/v1/customers/{gone}")).data
    assert detail["archived_at"] is not None
    assert [c["id"] for c in (await api.get("/v1/customers")).data] == [active]
    assert [c["id"] for c in (await api.get("/v1/customers", only_archived="true")).data] == [gone]
    assert [c["id"] for c in (await api.get("/v1/customers", only_archived="false")).data] == [active]
    assert (await api.get("/v1/customers", only_archived="yes")).status == 400
    assert (await api.post(f"/v1/customers/{gone}/setName", {"name": "Back"})).status == 400
    assert len(fake.customers(include_archived=False)) == 1 and len(fake.customers()) == 2


async def test_set_name_and_update_config(api: Api) -> None:
    customer = await api.customer()
    renamed = (await api.post(f"/v1/customers/{customer}/setName", {"name": "Renamed"})).data
    assert renamed["name"] == "Renamed" and "created_at" not in renamed  # a Customer, not a CustomerDetail

    config = await api.post(f"/v1/customers/{customer}/updateConfig", {"salesforce_account_id": "SF1"})
    assert config.status == 200 and config.body is None
    assert (await api.get(f"/v1/customers/{customer}")).data["customer_config"] == {
        "salesforce_account_id": "SF1"
    }
    assert len((await api.get("/v1/customers", salesforce_account_ids="SF0,SF1")).data) == 1

    await api.post(f"/v1/customers/{customer}/updateConfig", {"leave_stripe_invoices_in_draft": None})
    assert (await api.get(f"/v1/customers/{customer}")).data["customer_config"][
        "salesforce_account_id"
    ] == "SF1"
    await api.post(f"/v1/customers/{customer}/updateConfig", {"salesforce_account_id": None})
    assert (await api.get(f"/v1/customers/{customer}")).data["customer_config"][
        "salesforce_account_id"
    ] is None


# ---------------------------------------------------------------------- pagination


async def test_pages_follow_next_page_in_creation_order_including_new_customers(api: Api) -> None:
    ids = [await api.customer(f"C{i}") for i in range(5)]
    first = (await api.get("/v1/customers", limit="2")).body
    assert [c["id"] for c in first["data"]] == ids[:2] and first["next_page"]

    ids.append(await api.customer("Late"))  # created between page requests
    seen = [c["id"] for c in first["data"]]
    cursor = first["next_page"]
    while cursor:
        body = (await api.get("/v1/customers", limit="2", next_page=cursor)).body
        seen += [c["id"] for c in body["data"]]
        cursor = body["next_page"]
    assert seen == ids


async def test_filters_select_customers(api: Api) -> None:
    a, b, _ = await api.customer("A", ingest_aliases=["a"]), await api.customer("B"), await api.customer("C")
    assert [c["id"] for c in (await api.get("/v1/customers", customer_ids=f"{b},{a}")).data] == [a, b]
    assert [c["id"] for c in (await api.get("/v1/customers", ingest_alias="a")).data] == [a]
    assert (await api.get("/v1/customers", customer_ids=",".join([a] * 101))).status == 400


async def test_cursors_expire_by_the_fakes_clock(api: Api, fake: FakeMetronome) -> None:
    for i in range(3):
        await api.customer(f"C{i}")
    cursor = (await api.get("/v1/customers", limit="1")).body["next_page"]
    fake.advance_clock(599)
    assert (await api.get("/v1/customers", limit="1", next_page=cursor)).status == 200
    fake.advance_clock(2)
    assert "expired" in (await api.get("/v1/customers", limit="1", next_page=cursor)).message


async def test_tampered_cursors_and_cursors_with_other_filters_are_400(api: Api) -> None:
    for i in range(3):
        await api.customer(f"C{i}")
    cursor = (await api.get("/v1/customers", limit="1")).body["next_page"]
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert "invalid" in (await api.get("/v1/customers", next_page=tampered)).message
    assert (await api.get("/v1/customers", next_page=cursor, only_archived="true")).status == 400
    assert (await api.get("/v1/customers", next_page=cursor)).status == 200  # limit may change


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-1"])
async def test_limit_must_be_1_to_100(api: Api, limit: str) -> None:
    assert "limit" in (await api.get("/v1/customers", limit=limit)).message


# ---------------------------------------------------------------------- idempotency


async def test_idempotency_key_replays_the_stored_answer_without_executing(
    api: Api, fake: FakeMetronome
) -> None:
    key = {"Idempotency-Key": "create-acme"}
    first = await api.post("/v1/customers", {"name": "Acme", "ingest_aliases": ["acme"]}, headers=key)
    again = await api.post("/v1/customers", {"ingest_aliases": ["acme"], "name": "Acme"}, headers=key)
    assert again == first and len(fake.customers()) == 1  # key order in the body does not matter
    assert [ex.replayed for ex in fake.exchanges] == [False, True]
    assert fake.exchanges[1].idempotency_key == "create-acme"

    other = await api.post("/v1/customers", {"name": "Other"}, headers=key)
    assert other.status == 409 and "Idempotency-Key" in other.message


async def test_concurrent_requests_with_one_key_execute_once(api: Api, fake: FakeMetronome) -> None:
    key = {"Idempotency-Key": "burst"}
    answers = await asyncio.gather(
        *(api.post("/v1/customers", {"name": "Once"}, headers=key) for _ in range(20))
    )
    assert len(fake.customers()) == 1 and all(answer == answers[0] for answer in answers)
    assert sum(not ex.replayed for ex in fake.exchanges) == 1


async def test_concurrent_creates_with_one_alias_make_one_customer(api: Api, fake: FakeMetronome) -> None:
    body = {"name": "Racer", "ingest_aliases": ["same"]}
    statuses = sorted(
        r.status for r in await asyncio.gather(*(api.post("/v1/customers", body) for _ in range(10)))
    )
    assert statuses == [200] + [409] * 9 and len(fake.customers()) == 1


async def test_rejected_requests_are_not_stored_under_their_key(api: Api, fake: FakeMetronome) -> None:
    key = {"Idempotency-Key": "k1"}
    assert (await api.post("/v1/customers", {"name": 1}, headers=key)).status == 400
    assert (await api.post("/v1/customers", {"name": "Fixed"}, headers=key)).status == 200
    assert len(fake.customers()) == 1


# ---------------------------------------------------------------------- usage


def _event(transaction_id: str, customer_id: str = "acme", **extra: Any) -> dict[str, Any]:
    return {
        "transaction_id": transaction_id,
        "customer_id": customer_id,
        "event_type": "api",
        "timestamp": MIDNIGHT,
        **extra,
    }


@pytest.mark.parametrize("count", [0, 101])
async def test_ingest_takes_batches_of_1_to_100(api: Api, fake: FakeMetronome, count: int) -> None:
    response = await api.post("/v1/ingest", [_event(str(i)) for i in range(count)])
    assert "1 to 100" in response.message and fake.events() == []


async def test_ingest_dedupes_transaction_ids_and_resolves_aliases(api: Api, fake: FakeMetronome) -> None:
    customer = await api.customer(ingest_aliases=["acme"])
    first = await api.post("/v1/ingest", [_event("t1", properties={"n": 1}), _event("t2", customer)])
    assert first.status == 200 and first.body is None
    assert (
        await api.post("/v1/ingest", [_event("t1"), _event("t1"), _event("t3", "someone-else")])
    ).status == 200
    assert [e["transaction_id"] for e in fake.events()] == ["t1", "t2", "t3"]
    assert [e["transaction_id"] for e in fake.events(customer)] == ["t1", "t2"]
    assert fake.events()[0]["properties"] == {"n": 1}


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"customer_id": "a", "event_type": "e", "timestamp": MIDNIGHT}, "[0].transaction_id"),
        (_event("x" * 129), "[0].transaction_id"),
        (_event("t", timestamp="yesterday"), "[0].timestamp"),
        (_event("t", event_type=""), "[0].event_type"),
        (_event("t", properties=[1]), "[0].properties"),
    ],
)
async def test_ingest_rejects_bad_events_and_stores_none(
    api: Api, fake: FakeMetronome, event: dict[str, Any], field: str
) -> None:
    assert (await api.post("/v1/ingest", [_event("ok"), event])).message.startswith(
        field.replace("[0]", "[1]")
    )
    assert fake.events() == []


async def test_ingest_body_is_a_bare_array(api: Api) -> None:
    assert "array" in (await api.post("/v1/ingest", {"usage": [_event("t")]})).message


# ---------------------------------------------------------------------- custom fields


async def test_custom_field_values_need_a_registered_key_and_at_most_200_chars(
    api: Api, fake: FakeMetronome
) -> None:
    customer = await api.customer()
    set_values = "/v1/customFields/setValues"
    unregistered = await api.post(
        set_values, {"entity": "customer", "entity_id": customer, "custom_fields": {"x": "1"}}
    )
    assert "not registered" in unregistered.message
    assert (await api.post("/v1/customers", {"name": "B", "custom_fields": {"x": "1"}})).status == 400

    assert (
        await api.post(
            "/v1/customFields/addKey", {"entity": "customer", "key": "x", "enforce_uniqueness": False}
        )
    ).body is None
    too_long = {"entity": "customer", "entity_id": customer, "custom_fields": {"x": "v" * 201}}
    assert "200" in (await api.post(set_values, too_long)).message
    ok = {"entity": "customer", "entity_id": customer, "custom_fields": {"x": "v" * 200}}
    assert (await api.post(set_values, ok)).status == 200
    assert (await api.get(f"/v1/customers/{customer}")).data["custom_fields"] == {"x": "v" * 200}
    assert (await api.post(set_values, {**ok, "entity_id": UNKNOWN_ID})).status == 404
    assert "entity" in (await api.post(set_values, {**ok, "entity": "spaceship"})).message


async def test_set_values_is_all_or_nothing_and_unique_keys_reject_used_values(
    api: Api, fake: FakeMetronome
) -> None:
    fake.add_custom_field_key("customer", "crm_id", enforce_uniqueness=True)
    fake.add_custom_field_key("customer", "note")
    a = await api.customer("A", custom_fields={"crm_id": "c-1"})
    b = await api.customer("B")
    clash = {"entity": "customer", "entity_id": b, "custom_fields": {"note": "hi", "crm_id": "c-1"}}
    assert (await api.post("/v1/customFields/setValues", clash)).status == 409
    assert (await api.get(f"/v1/customers/{b}")).data["custom_fields"] == {}  # "note" was not set either
    same_owner = {"entity": "customer", "entity_id": a, "custom_fields": {"crm_id": "c-1", "note": "n"}}
    assert (await api.post("/v1/customFields/setValues", same_owner)).status == 200

    delete = {"entity": "customer", "entity_id": a, "keys": ["note"]}
    assert (await api.post("/v1/customFields/deleteValues", delete)).status == 200
    assert (await api.get(f"/v1/customers/{a}")).data["custom_fields"] == {"crm_id": "c-1"}
    assert (
        await api.post("/v1/customFields/removeKey", {"entity": "customer", "key": "crm_id"})
    ).status == 200
    assert (await api.get(f"/v1/customers/{a}")).data["custom_fields"] == {}


async def test_list_keys_filters_by_entity(api: Api, fake: FakeMetronome) -> None:
    fake.add_custom_field_key("customer", "tier")
    fake.add_custom_field_key("plan", "family", enforce_uniqueness=True)
    everything = (await api.post("/v1/customFields/listKeys")).body
    assert everything == {
        "data": [
            {"entity": "customer", "key": "tier", "enforce_uniqueness": False},
            {"entity": "plan", "key": "family", "enforce_uniqueness": True},
        ],
        "next_page": None,
    }
    plans_only = (await api.post("/v1/customFields/listKeys", {"entities": ["plan"]})).data
    assert [k["key"] for k in plans_only] == ["family"]


# ---------------------------------------------------------------------- plans


async def test_plans_list_shows_seeded_plans(api: Api, fake: FakeMetronome) -> None:
    pro = fake.create_plan("Pro", "For pros", custom_fields={"family": "p"})
    basic = fake.create_plan("Basic")
    listed = (await api.get("/v1/plans", limit="1")).body
    assert listed["data"] == [
        {"id": pro, "name": "Pro", "description": "For pros", "custom_fields": {"family": "p"}}
    ]
    rest = (await api.get("/v1/plans", next_page=listed["next_page"])).body
    assert [p["id"] for p in rest["data"]] == [basic] and rest["next_page"] is None


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"starting_on": "2024-01-01T01:00:00Z"}, "starting_on"),
        ({"starting_on": "2024-01-01T00:00:00.001Z"}, "starting_on"),
        ({"starting_on": "2024-01-01"}, "starting_on"),
        ({"starting_on": "2024-01-01T00:00:00"}, "starting_on"),
        ({"starting_on": MIDNIGHT, "ending_before": "2024-02-01T12:00:00Z"}, "ending_before"),
        ({"starting_on": MIDNIGHT, "ending_before": MIDNIGHT}, "ending_before"),
        ({}, "starting_on"),
    ],
)
async def test_plan_dates_must_be_midnight_utc(
    api: Api, fake: FakeMetronome, dates: dict[str, str], field: str
) -> None:
    customer, plan = await api.customer(), fake.create_plan("Pro")
    response = await api.post(f"/v1/customers/{customer}/plans/add", {"plan_id": plan, **dates})
    assert response.message.startswith(f"{field}:")


async def test_add_list_and_end_customer_plans(api: Api, fake: FakeMetronome) -> None:
    customer, plan = await api.customer(), fake.create_plan("Pro", "Professional")
    add = f"/v1/customers/{customer}/plans/add"
    older = (
        await api.post(
            add, {"plan_id": plan, "starting_on": MIDNIGHT, "ending_before": "2024-02-01T00:00:00Z"}
        )
    ).data["id"]
    # midnight UTC written with another offset is still midnight UTC
    newer_body = {
        "plan_id": plan,
        "starting_on": "2024-02-01T02:00:00+02:00",
        "trial_spec": {"length_in_days": 14},
    }
    newer = (await api.post(add, {**newer_body, "net_payment_terms_days": 30})).data["id"]

    listed = (await api.get(f"/v1/customers/{customer}/plans")).body
    assert [cp["id"] for cp in listed["data"]] == [newer, older]  # reverse chronological
    assert listed["data"][0]["trial_info"] == {"ending_before": "2024-02-15T00:00:00Z", "spending_caps": []}
    assert (
        listed["data"][1]["plan_description"] == "Professional"
        and listed["data"][1]["ending_before"] == "2024-02-01T00:00:00Z"
    )

    end = f"/v1/customers/{customer}/plans/{newer}/end"
    assert (await api.post(end, {"ending_before": "2024-03-01T00:00:00Z"})).body == {}
    assert (await api.get(f"/v1/customers/{customer}/plans")).data[0][
        "ending_before"
    ] == "2024-03-01T00:00:00Z"
    assert (await api.post(end)).body == {}  # no ending_before: the end date is cleared
    assert "ending_before" not in (await api.get(f"/v1/customers/{customer}/plans")).data[0]
    assert (await api.post(end, {"ending_before": "2024-01-01T00:00:00Z"})).status == 400

    assert (await api.post(f"/v1/customers/{customer}/plans/{UNKNOWN_ID}/end", {})).status == 404
    assert (await api.post(add, {"plan_id": UNKNOWN_ID, "starting_on": MIDNIGHT})).status == 404
    assert (await api.get(f"/v1/customers/{UNKNOWN_ID}/plans")).status == 404


# ---------------------------------------------------------------------- billing configuration


async def test_legacy_billing_config_set_get_delete(api: Api) -> None:
    customer = await api.customer()
    path = f"/v1/customers/{customer}/billing-config/stripe"
    assert (await api.get(path)).status == 404
    body = {"billing_provider_customer_id": "cus_1", "stripe_collection_method": "send_invoice"}
    assert (await api.post(path, body)).body is None
    assert (await api.get(path)).data == body
    assert (await api.call("DELETE", path)).status == 200
    assert (await api.call("DELETE", path)).status == 404
    assert (await api.get(path)).status == 404

    assert (
        "billing_provider_type"
        in (await api.post(f"/v1/customers/{customer}/billing-config/paypal", body)).message
    )
    assert "billing_provider_customer_id" in (await api.post(path, {})).message
    aws = f"/v1/customers/{customer}/billing-config/aws_marketplace"
    await api.post(aws, {"billing_provider_customer_id": "aws-1", "aws_region": "us-east-1"})
    assert (await api.call("DELETE", aws)).status == 400


async def test_billing_config_given_at_create_is_readable(api: Api) -> None:
    billing = {"billing_provider_type": "stripe", "billing_provider_customer_id": "cus_9"}
    customer = await api.customer(billing_config=billing)
    assert (await api.get(f"/v1/customers/{customer}/billing-config/stripe")).data == {
        "billing_provider_customer_id": "cus_9"
    }


async def test_billing_provider_configurations_set_get_archive(api: Api) -> None:
    customer = await api.customer()
    item = {
        "customer_id": customer,
        "billing_provider": "stripe",
        "configuration": {"stripe_customer_id": "cus_1"},
    }
    created = (
        await api.post(
            "/v1/setCustomerBillingProviderConfigurations",
            {"data": [{**item, "delivery_method": "direct_to_billing_provider"}]},
        )
    ).data
    assert len(created) == 1 and created[0]["customer_id"] == customer
    config_id = created[0]["id"]

    listed = (await api.post("/v1/getCustomerBillingProviderConfigurations", {"customer_id": customer})).data
    assert listed[0]["id"] == config_id and listed[0]["delivery_method"] == "direct_to_billing_provider"
    assert (
        listed[0]["archived_at"] is None
        and listed[0]["delivery_method_id"] == created[0]["delivery_method_id"]
    )

    archive = {"customer_id": customer, "customer_billing_provider_configuration_ids": [config_id]}
    assert (await api.post("/v1/archiveCustomerBillingProviderConfigurations", archive)).data == archive
    assert (await api.post("/v1/archiveCustomerBillingProviderConfigurations", archive)).status == 400
    get = "/v1/getCustomerBillingProviderConfigurations"
    assert (await api.post(get, {"customer_id": customer})).data == []
    assert (await api.post(get, {"customer_id": customer, "include_archived": True})).data[0]["archived_at"]

    missing_delivery = await api.post("/v1/setCustomerBillingProviderConfigurations", {"data": [item]})
    assert "delivery_method" in missing_delivery.message
    assert (await api.post(get, {"customer_id": UNKNOWN_ID})).status == 404


async def test_create_customer_with_provider_configurations(api: Api) -> None:
    config = {"billing_provider": "aws_marketplace", "delivery_method": "tackle", "configuration": {"x": 1}}
    customer = await api.customer(customer_billing_provider_configurations=[config])
    listed = (await api.post("/v1/getCustomerBillingProviderConfigurations", {"customer_id": customer})).data
    assert [(c["billing_provider"], c["delivery_method"]) for c in listed] == [("aws_marketplace", "tackle")]
