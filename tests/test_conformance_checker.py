"""Tests of the spec-conformance checker itself: it must be able to fail as well as pass."""

from __future__ import annotations

from collections import namedtuple
from types import SimpleNamespace
from typing import Any

import pytest
from conformance import assert_conforms, check_exchange, find_operation, load_spec

Ex = namedtuple(
    "Ex",
    "method path status request_body response_body query",
    defaults=(None, None, {}),
)

CID = "d7abd0cd-4ae9-4db7-8676-e986a4ebd8dc"
CUSTOMER = {"id": CID, "external_id": "acme", "ingest_aliases": ["acme"], "name": "Acme"}
# CustomerDetail requires: external_id, id, name, created_at, updated_at, customer_config,
# ingest_aliases, custom_fields; customer_config requires salesforce_account_id (nullable).
DETAIL = {
    **CUSTOMER,
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-01-02T03:04:05+02:00",
    "archived_at": None,
    "customer_config": {"salesforce_account_id": None},
    "custom_fields": {},
}


def event(i: int) -> dict[str, Any]:
    return {
        "transaction_id": f"tx-{i}",
        "customer_id": "acme",
        "event_type": "api",
        "timestamp": "2024-01-01T00:00:00Z",
    }


def problems_of(*args: Any, **kwargs: Any) -> list[str]:
    return check_exchange(Ex(*args, **kwargs))


def assert_problem(problems: list[str], *fragments: str) -> None:
    assert any(all(f in p for f in fragments) for p in problems), problems


# ---------------------------------------------------------------- spec facts the tests rely on


def test_spec_facts() -> None:
    schemas = load_spec()["components"]["schemas"]
    assert set(schemas["CustomerDetail"]["required"]) == {
        "external_id",
        "id",
        "name",
        "created_at",
        "updated_at",
        "customer_config",
        "ingest_aliases",
        "custom_fields",
    }
    assert set(schemas["Customer"]["required"]) == {"external_id", "ingest_aliases", "id", "name"}
    assert schemas["LegacyCreateCustomerPayload"]["required"] == ["name"]
    ingest_schema = load_spec()["paths"]["/v1/ingest"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert (ingest_schema["type"], ingest_schema["minItems"], ingest_schema["maxItems"]) == ("array", 1, 100)


# ---------------------------------------------------------------- routing


def test_find_operation_prefers_literal_segments() -> None:
    archive = find_operation("POST", "/v1/customers/archive")
    assert archive is not None
    assert (archive.path, archive.operation_id) == ("/v1/customers/archive", "archiveCustomer-v1")

    get = find_operation("get", f"/v1/customers/{CID}")
    assert get is not None and get.path == "/v1/customers/{customer_id}"

    add_plan = find_operation("POST", f"/v1/customers/{CID}/plans/add")
    assert add_plan is not None and add_plan.path == "/v1/customers/{customer_id}/plans/add"

    assert find_operation("GET", "/v1/customers/archive") is not None  # only the template matches GET
    assert find_operation("DELETE", "/v1/customers") is None
    assert find_operation("GET", "/v1/nope") is None


def test_unknown_path_fails() -> None:
    assert_problem(problems_of("GET", "/v1/customerz", 200, response_body={}), "unknown operation")


# ---------------------------------------------------------------- create customer


def test_valid_create_customer_passes() -> None:
    body = {"name": "Acme", "ingest_aliases": ["acme"], "custom_fields": {"k": "v"}}
    assert problems_of("POST", "/v1/customers", 200, body, {"data": CUSTOMER}) == []


def test_create_without_name_fails() -> None:
    problems = problems_of("POST", "/v1/customers", 200, {"ingest_aliases": ["acme"]}, {"data": CUSTOMER})
    assert_problem(problems, "request body", "'name' is a required property")


def test_ingest_aliases_as_string_fails() -> None:
    problems = problems_of(
        "POST", "/v1/customers", 200, {"name": "Acme", "ingest_aliases": "acme"}, {"data": CUSTOMER}
    )
    assert_problem(problems, "request body at $.ingest_aliases", "is not of type 'array'")


def test_missing_create_body_fails() -> None:
    assert_problem(
        problems_of("POST", "/v1/customers", 200, None, {"data": CUSTOMER}), "request body is missing"
    )


def test_response_missing_required_customer_field_fails() -> None:
    bad = {k: v for k, v in CUSTOMER.items() if k != "external_id"}
    assert_problem(
        problems_of("POST", "/v1/customers", 200, {"name": "A"}, {"data": bad}), "'external_id' is a required"
    )


def test_undeclared_field_is_reported_unless_lenient() -> None:
    body = {"name": "Acme", "ingest_alias": ["typo"]}
    assert_problem(
        problems_of("POST", "/v1/customers", 200, body, {"data": CUSTOMER}), "$.ingest_alias", "not declared"
    )
    assert (
        check_exchange(Ex("POST", "/v1/customers", 200, body, {"data": CUSTOMER}), strict_fields=False) == []
    )
    # custom_fields is an open map (additionalProperties: string), so its keys are fine but values are typed
    body = {"name": "Acme", "custom_fields": {"anything": 1}}
    assert_problem(
        problems_of("POST", "/v1/customers", 200, body, {"data": CUSTOMER}), "custom_fields.anything"
    )


def test_conflict_409_is_declared() -> None:
    assert problems_of("POST", "/v1/customers", 409, {"name": "A"}, {"message": "exists"}) == []


# ---------------------------------------------------------------- get / list customers


def test_customer_detail_passes_and_missing_custom_fields_fails() -> None:
    assert problems_of("GET", f"/v1/customers/{CID}", 200, response_body={"data": DETAIL}) == []
    bad = {k: v for k, v in DETAIL.items() if k != "custom_fields"}
    assert_problem(
        problems_of("GET", f"/v1/customers/{CID}", 200, response_body={"data": bad}),
        "response body at $.data",
        "'custom_fields' is a required property",
    )


@pytest.mark.parametrize(
    "stamp", ["2024-01-01 00:00:00Z", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z"]
)
def test_non_rfc3339_created_at_fails(stamp: str) -> None:
    problems = problems_of(
        "GET", f"/v1/customers/{CID}", 200, response_body={"data": {**DETAIL, "created_at": stamp}}
    )
    assert_problem(problems, "$.data.created_at", "is not a 'date-time'")


def test_non_uuid_id_fails() -> None:
    problems = problems_of(
        "GET", "/v1/customers/cust-1", 200, response_body={"data": {**DETAIL, "id": "cust-1"}}
    )
    assert_problem(problems, "path parameter 'customer_id'", "is not a 'uuid'")
    assert_problem(problems, "response body at $.data.id", "is not a 'uuid'")


def test_list_customers_with_query_params() -> None:
    query = {"limit": "10", "next_page": "abc", "only_archived": "true", "customer_ids": f"{CID},{CID}"}
    page = {"data": [DETAIL], "next_page": None}
    assert problems_of("GET", "/v1/customers", 200, response_body=page, query=query) == []


def test_list_response_missing_next_page_fails() -> None:
    problems = problems_of("GET", "/v1/customers", 200, response_body={"data": [DETAIL]})
    assert_problem(problems, "response body at $", "'next_page' is a required property")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"page_size": "10"}, "unknown query parameter 'page_size'"),
        ({"only_archived": "yes"}, "query parameter 'only_archived'"),
        ({"limit": "ten"}, "query parameter 'limit'"),
        ({"limit": "101"}, "query parameter 'limit'"),  # maximum 100
    ],
)
def test_bad_query_parameters_fail(query: dict[str, str], expected: str) -> None:
    page = {"data": [], "next_page": None}
    assert_problem(problems_of("GET", "/v1/customers", 200, response_body=page, query=query), expected)


def test_undeclared_status_fails() -> None:
    # GET /v1/customers/{customer_id} declares only 200
    problems = problems_of("GET", f"/v1/customers/{CID}", 404, response_body={"message": "not found"})
    assert_problem(problems, "status 404 is not declared", "declared: 200")


def test_declared_error_response_body_is_checked() -> None:
    ok = problems_of("POST", "/v1/customers/archive", 404, {"id": CID}, {"message": "Customer not found"})
    assert ok == []
    assert_problem(
        problems_of("POST", "/v1/customers/archive", 400, {"id": CID}, {"error": "x"}),
        "'message' is a required",
    )


# ---------------------------------------------------------------- empty 200 bodies


def test_set_ingest_aliases_empty_200_passes() -> None:
    path = f"/v1/customers/{CID}/setIngestAliases"
    assert problems_of("POST", path, 200, {"ingest_aliases": ["a", "b"]}, None) == []
    # the spec declares no content for that 200, so a body is drift
    assert_problem(problems_of("POST", path, 200, {"ingest_aliases": ["a"]}, {}), "declares no content")


def test_empty_body_where_content_is_declared_fails() -> None:
    assert_problem(problems_of("POST", "/v1/customers", 200, {"name": "A"}, None), "response body is empty")


# ---------------------------------------------------------------- ingest


def test_ingest_bodies() -> None:
    assert problems_of("POST", "/v1/ingest", 200, [event(1)], None) == []
    assert problems_of("POST", "/v1/ingest", 200, [event(i) for i in range(100)], None) == []
    assert_problem(
        problems_of("POST", "/v1/ingest", 200, {"events": [event(1)]}, None), "is not of type 'array'"
    )
    assert_problem(
        problems_of("POST", "/v1/ingest", 200, [event(i) for i in range(101)], None), "is too long"
    )
    assert_problem(problems_of("POST", "/v1/ingest", 200, [], None), "should be non-empty")


# ---------------------------------------------------------------- assert_conforms


def test_assert_conforms_lists_every_problem() -> None:
    good = Ex("POST", "/v1/customers", 200, {"name": "A"}, {"data": CUSTOMER})
    assert_conforms([good])
    bad = [Ex("POST", "/v1/customers", 200, {}, {"data": CUSTOMER}), Ex("GET", "/v1/x", 200)]
    with pytest.raises(AssertionError) as info:
        assert_conforms(bad)
    text = str(info.value)
    assert "POST /v1/customers -> 200: request body at $: 'name' is a required property" in text
    assert "GET /v1/x -> 200: unknown operation" in text


def test_request_checks_can_be_skipped() -> None:
    bad_request = Ex("POST", "/v1/customers", 200, {}, {"data": CUSTOMER})
    assert_conforms([bad_request], check_requests=False)
    opted_out = SimpleNamespace(**bad_request._asdict(), check_request=False)
    assert check_exchange(opted_out) == []
    with pytest.raises(AssertionError):  # the response is still checked
        assert_conforms([bad_request._replace(response_body={"data": {}})], check_requests=False)


# ---------------------------------------------------------------- contracts


CONTRACT = {
    "id": CID,
    "customer_id": CID,
    "starting_at": "2025-01-01T00:00:00.000Z",
    "created_at": "2025-01-01T00:00:00.000Z",
    "created_by": "API",
    "commits": [],
    "overrides": [],
    "scheduled_charges": [],
    "transitions": [],
    "usage_filter": [],
    "usage_statement_schedule": {"billing_anchor_date": "2025-01-01T00:00:00.000Z", "frequency": "MONTHLY"},
}
LIST_CONTRACTS = {"customer_id": CID}


@pytest.mark.parametrize("missing", ["commits", "created_by", "usage_statement_schedule", "transitions"])
def test_a_v2_contract_missing_a_required_field_fails(missing: str) -> None:
    get = {"customer_id": CID, "contract_id": CID}
    assert problems_of("POST", "/v2/contracts/get", 200, get, {"data": CONTRACT}) == []
    bad = {k: v for k, v in CONTRACT.items() if k != missing}
    assert_problem(
        problems_of("POST", "/v2/contracts/get", 200, get, {"data": bad}),
        f"'{missing}' is a required property",
    )


def test_the_v2_listing_may_carry_the_sdks_cursor_and_nothing_else_undeclared() -> None:
    paged = {**LIST_CONTRACTS, "limit": 5, "cursor": "abc"}
    assert problems_of("POST", "/v2/contracts/list", 200, paged, {"data": [CONTRACT], "cursor": None}) == []
    assert_problem(
        problems_of("POST", "/v2/contracts/list", 200, {**paged, "page": 2}, {"data": []}),
        "$.page",
        "not declared",
    )
    assert_problem(
        problems_of("POST", "/v2/contracts/list", 200, LIST_CONTRACTS, {"data": [], "next_page": None}),
        "$.next_page",
        "not declared",
    )
    # only on this operation: the rate card listing pages by next_page
    assert_problem(
        problems_of("POST", "/v1/contract-pricing/rate-cards/list", 200, {}, {"data": [], "cursor": None}),
        "$.cursor",
    )


def test_the_v2_reads_declare_a_coded_400() -> None:
    body = {"customer_id": CID, "contract_id": CID}
    coded = {"code": "ContractNotFound", "message": "not found"}
    assert problems_of("POST", "/v2/contracts/get", 400, body, coded) == []
    assert_problem(
        problems_of("POST", "/v2/contracts/get", 400, body, {"message": "not found"}), "'code' is a required"
    )


def test_a_contract_create_needs_a_start() -> None:
    create = {"customer_id": CID, "starting_at": "2025-01-01T00:00:00Z"}
    answer = {"data": {"id": CID, "contract": CONTRACT}}
    assert problems_of("POST", "/v1/contracts/create", 200, create, answer) == []
    assert_problem(
        problems_of("POST", "/v1/contracts/create", 200, {"customer_id": CID}, answer),
        "'starting_at' is a required property",
    )
