"""The embedded Metronome's contracts-era endpoints, over loopback HTTP: contracts, rate cards, billable
status and the composite create, each rule with the answer a broken one gets. Every exchange is checked
against the official spec by the `fake` fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from conformance import assert_conforms

from metronome_async.testing import FakeMetronome

START = "2025-01-01T00:00:00.000Z"
LATER = "2025-06-01T00:00:00.000Z"
END = "2026-01-01T00:00:00.000Z"
UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
STRIPE = {"billing_provider": "stripe", "delivery_method": "direct_to_billing_provider"}
NO_STRIPE = (
    "billing_provider_configuration: the customer has no active stripe configuration delivered by "
    "direct_to_billing_provider"
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    """These tests send bad requests on purpose: the spec check covers the exchanges answered 200; every
    error carries the API's error body."""
    async with FakeMetronome() as server:
        yield server
    assert_conforms([ex for ex in server.exchanges if ex.status == 200])
    assert all(
        isinstance(ex.response_body.get("message"), str) for ex in server.exchanges if ex.status != 200
    )


async def post(
    session: aiohttp.ClientSession, path: str, body: Any = None, *, key: str | None = None
) -> tuple[int, Any]:
    headers = {} if key is None else {"Idempotency-Key": key}
    async with session.post(path, json=body, headers=headers) as response:
        raw = await response.read()
        return response.status, (await response.json() if raw else None)


async def ok(session: aiohttp.ClientSession, path: str, body: Any = None) -> Any:
    status, answer = await post(session, path, body)
    assert status == 200, (status, answer)
    return answer


async def new_customer(session: aiohttp.ClientSession, name: str = "Acme", **fields: Any) -> str:
    status, answer = await post(session, "/v1/customers", {"name": name, **fields})
    assert status == 200, answer
    return str(answer["data"]["id"])


async def new_contract(session: aiohttp.ClientSession, customer_id: str, **fields: Any) -> str:
    answer = await ok(
        session, "/v1/contracts/create", {"customer_id": customer_id, "starting_at": START, **fields}
    )
    return str(answer["data"]["id"])


async def contracts(session: aiohttp.ClientSession, customer_id: str, **filters: Any) -> list[dict[str, Any]]:
    answer = await ok(session, "/v2/contracts/list", {"customer_id": customer_id, **filters})
    return list(answer["data"])


async def get_contract(session: aiohttp.ClientSession, customer_id: str, contract_id: str) -> dict[str, Any]:
    answer = await ok(session, "/v2/contracts/get", {"customer_id": customer_id, "contract_id": contract_id})
    return dict(answer["data"])


# ---------------------------------------------------------------------- create and read


async def test_a_contract_on_a_rate_card_reads_back_in_the_v2_shape(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    customer_id = await new_customer(session)
    created = await ok(
        session,
        "/v1/contracts/create",
        {
            "customer_id": customer_id,
            "starting_at": "2025-01-15T00:00:00Z",
            "ending_before": END,
            "rate_card_id": rate_card_id,
            "name": "Pro",
            "net_payment_terms_days": 30,
        },
    )
    contract_id = created["data"]["id"]
    assert created["data"]["contract"]["id"] == contract_id
    contract = await get_contract(session, customer_id, contract_id)
    assert contract == {
        "id": contract_id,
        "customer_id": customer_id,
        "starting_at": "2025-01-15T00:00:00.000Z",
        "ending_before": END,
        "created_at": contract["created_at"],
        "created_by": "API",
        "commits": [],
        "credits": [],
        "overrides": [],
        "subscriptions": [],
        "scheduled_charges": [],
        "transitions": [],
        "usage_filter": [],
        "usage_statement_schedule": {"billing_anchor_date": START, "frequency": "MONTHLY"},
        "custom_fields": {},
        "name": "Pro",
        "rate_card_id": rate_card_id,
        "net_payment_terms_days": 30,
    }
    assert contract["created_at"] == created["data"]["contract"]["created_at"]


async def test_the_statement_schedule_follows_the_requested_day(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    for day, extra, anchor in [
        ("CONTRACT_START", {}, "2025-01-15T10:00:00.000Z"),
        ("CUSTOM_DATE", {"billing_anchor_date": "2024-12-10T00:00:00Z"}, "2024-12-10T00:00:00.000Z"),
    ]:
        schedule = {"frequency": "QUARTERLY", "day": day, **extra}
        contract_id = await new_contract(
            session, customer_id, starting_at="2025-01-15T10:00:00Z", usage_statement_schedule=schedule
        )
        contract = await get_contract(session, customer_id, contract_id)
        assert contract["usage_statement_schedule"] == {
            "billing_anchor_date": anchor,
            "frequency": "QUARTERLY",
        }
    body = {"customer_id": customer_id, "starting_at": START}
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {**body, "usage_statement_schedule": {"frequency": "MONTHLY", "day": "CUSTOM_DATE"}},
    )
    assert (status, answer["message"]) == (
        400,
        "usage_statement_schedule.billing_anchor_date: is required with day CUSTOM_DATE",
    )


async def test_the_customer_must_exist_and_not_be_archived(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    status, answer = await post(
        session, "/v1/contracts/create", {"customer_id": UNKNOWN, "starting_at": START}
    )
    assert (status, answer) == (404, {"message": f"customer {UNKNOWN} not found"})
    customer_id = await new_customer(session)
    await ok(session, "/v1/customers/archive", {"id": customer_id})
    status, answer = await post(
        session, "/v1/contracts/create", {"customer_id": customer_id, "starting_at": START}
    )
    assert (status, answer) == (400, {"message": f"customer {customer_id} is archived"})
    assert await contracts(session, customer_id, include_archived=True) == []


async def test_the_rate_card_must_exist(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {"customer_id": customer_id, "starting_at": START, "rate_card_id": UNKNOWN},
    )
    assert (status, answer) == (404, {"message": f"rate card {UNKNOWN} not found"})
    assert await contracts(session, customer_id) == []


async def test_a_rate_card_alias_is_resolved_as_of_the_start_date(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    old = fake.create_rate_card(
        name="2024 prices",
        aliases=[{"name": "standard", "ending_before": fake.now().replace(year=2025, month=3, day=1)}],
    )
    new = fake.create_rate_card(
        name="2025 prices",
        aliases=[{"name": "standard", "starting_at": fake.now().replace(year=2025, month=3, day=1)}],
    )
    customer_id = await new_customer(session)
    early = await new_contract(session, customer_id, rate_card_alias="standard", starting_at=START)
    late = await new_contract(session, customer_id, rate_card_alias="standard", starting_at=LATER)
    assert (await get_contract(session, customer_id, early))["rate_card_id"] == old
    assert (await get_contract(session, customer_id, late))["rate_card_id"] == new

    newest = fake.create_rate_card(name="Overlapping", aliases=["standard"])  # most recently assigned wins
    assert (
        await get_contract(
            session, customer_id, await new_contract(session, customer_id, rate_card_alias="standard")
        )
    )["rate_card_id"] == newest

    status, answer = await post(
        session,
        "/v1/contracts/create",
        {"customer_id": customer_id, "starting_at": START, "rate_card_alias": "nope"},
    )
    assert (status, answer) == (
        400,
        {"message": f"rate_card_alias: no rate card has the alias 'nope' as of {START}"},
    )
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {
            "customer_id": customer_id,
            "starting_at": START,
            "rate_card_alias": "standard",
            "rate_card_id": old,
        },
    )
    assert (status, answer["message"]) == (
        400,
        "rate_card_alias: give rate_card_id or rate_card_alias, not both",
    )
    assert len(await contracts(session, customer_id)) == 3


async def test_a_reused_uniqueness_key_is_a_conflict(session: aiohttp.ClientSession) -> None:
    acme, other = await new_customer(session), await new_customer(session, "Other")
    await new_contract(session, acme, uniqueness_key="acme-pro-2025")
    for customer_id in (acme, other):
        status, answer = await post(
            session,
            "/v1/contracts/create",
            {"customer_id": customer_id, "starting_at": LATER, "uniqueness_key": "acme-pro-2025"},
        )
        assert (status, answer) == (
            409,
            {"message": "uniqueness_key: this uniqueness key has already been used"},
        )
    assert len(await contracts(session, acme)) == 1 and await contracts(session, other) == []
    for key in ("", "k" * 129):
        status, answer = await post(
            session,
            "/v1/contracts/create",
            {"customer_id": acme, "starting_at": START, "uniqueness_key": key},
        )
        assert status == 400 and answer["message"].startswith("uniqueness_key: ")


@pytest.mark.parametrize("ending_before", [START, "2024-12-31T23:59:59Z"])
async def test_a_contract_must_end_after_it_starts(
    session: aiohttp.ClientSession, ending_before: str
) -> None:
    customer_id = await new_customer(session)
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {"customer_id": customer_id, "starting_at": START, "ending_before": ending_before},
    )
    assert (status, answer) == (400, {"message": "ending_before: must be after starting_at"})
    assert await contracts(session, customer_id) == []


async def test_a_create_retried_with_its_idempotency_key_makes_one_contract(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    customer_id = await new_customer(session)
    body = {"customer_id": customer_id, "starting_at": START}
    first = await post(session, "/v1/contracts/create", body, key="contract-1")
    again = await post(session, "/v1/contracts/create", body, key="contract-1")
    assert first == again and first[0] == 200
    other = await post(session, "/v1/contracts/create", {**body, "starting_at": LATER}, key="contract-1")
    assert other[0] == 409
    assert [c["id"] for c in await contracts(session, customer_id)] == [first[1]["data"]["id"]]
    assert [ex.replayed for ex in fake.exchanges if ex.idempotency_key == "contract-1"] == [
        False,
        True,
        False,
    ]


async def test_reads_spelled_as_post_need_no_idempotency_key(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    customer_id = await new_customer(session)
    contract_id = await new_contract(session, customer_id)
    for path, body in [
        ("/v2/contracts/get", {"customer_id": customer_id, "contract_id": contract_id}),
        ("/v2/contracts/list", {"customer_id": customer_id}),
        ("/v1/contract-pricing/rate-cards/get", {"id": rate_card_id}),
        ("/v1/contract-pricing/rate-cards/list", None),
    ]:
        assert (await post(session, path, body))[0] == 200, path
    assert all(ex.idempotency_key is None for ex in fake.exchanges)


async def test_v2_reads_answer_unknown_ids_with_the_specs_codes(session: aiohttp.ClientSession) -> None:
    status, answer = await post(
        session, "/v2/contracts/get", {"customer_id": UNKNOWN, "contract_id": UNKNOWN}
    )
    assert (status, answer) == (400, {"code": "CustomerNotFound", "message": f"customer {UNKNOWN} not found"})
    customer_id = await new_customer(session)
    status, answer = await post(
        session, "/v2/contracts/get", {"customer_id": customer_id, "contract_id": UNKNOWN}
    )
    assert (status, answer["code"]) == (400, "ContractNotFound")
    status, answer = await post(session, "/v2/contracts/list", {"customer_id": UNKNOWN})
    assert (status, answer["code"]) == (400, "CustomerNotFound")
    other = await new_customer(session, "Other")
    contract_id = await new_contract(session, other)
    status, answer = await post(
        session, "/v2/contracts/get", {"customer_id": customer_id, "contract_id": contract_id}
    )
    assert (status, answer["code"]) == (400, "ContractNotFound")  # another customer's contract


async def test_billing_provider_configuration_is_one_of_the_customers(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    body = {"customer_id": customer_id, "starting_at": START}
    status, answer = await post(
        session, "/v1/contracts/create", {**body, "billing_provider_configuration": STRIPE}
    )
    assert (status, answer["message"]) == (400, NO_STRIPE)
    configured = await ok(
        session,
        "/v1/setCustomerBillingProviderConfigurations",
        {"data": [{"customer_id": customer_id, "configuration": {"stripe_customer_id": "cus_1"}, **STRIPE}]},
    )
    config_id = configured["data"][0]["id"]
    by_kind = await new_contract(session, customer_id, billing_provider_configuration=STRIPE)
    by_id = await new_contract(
        session, customer_id, billing_provider_configuration={"billing_provider_configuration_id": config_id}
    )
    for contract_id in (by_kind, by_id):
        shown = (await get_contract(session, customer_id, contract_id))[
            "customer_billing_provider_configuration"
        ]
        assert (shown["id"], shown["billing_provider"], shown["customer_id"]) == (
            config_id,
            "stripe",
            customer_id,
        )

    other = await new_customer(session, "Other")
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {
            **body,
            "customer_id": other,
            "billing_provider_configuration": {"billing_provider_configuration_id": config_id},
        },
    )
    assert (status, answer["message"]) == (
        400,
        "billing_provider_configuration: the customer has no active billing provider configuration "
        + config_id,
    )
    status, answer = await post(
        session,
        "/v1/contracts/create",
        {**body, "billing_provider_configuration": {"billing_provider": "stripe"}},
    )
    assert status == 400 and "both billing_provider and delivery_method" in answer["message"]


async def test_contract_custom_fields_need_a_registered_key(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    customer_id = await new_customer(session)
    body = {"customer_id": customer_id, "starting_at": START, "custom_fields": {"deal": "D-1"}}
    status, answer = await post(session, "/v1/contracts/create", body)
    assert (status, answer["message"]) == (
        400,
        "custom_fields: key 'deal' is not registered for entity 'contract'",
    )
    fake.add_custom_field_key("contract", "deal")
    contract_id = (await ok(session, "/v1/contracts/create", body))["data"]["id"]
    assert (await get_contract(session, customer_id, contract_id))["custom_fields"] == {"deal": "D-1"}
    status, _ = await post(
        session,
        "/v1/customFields/setValues",
        {"entity": "contract", "entity_id": UNKNOWN, "custom_fields": {"deal": "D-2"}},
    )
    assert status == 404  # contracts are modelled now: an unknown one is not found


# ---------------------------------------------------------------------- end date and archive


async def test_update_end_date_sets_and_clears_the_end(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    contract_id = await new_contract(session, customer_id)
    body = {"customer_id": customer_id, "contract_id": contract_id}
    answer = await ok(session, "/v1/contracts/updateEndDate", {**body, "ending_before": END})
    assert answer == {"data": {"id": contract_id}}
    assert (await get_contract(session, customer_id, contract_id))["ending_before"] == END
    await ok(session, "/v1/contracts/updateEndDate", body)  # no ending_before: open-ended again
    assert "ending_before" not in await get_contract(session, customer_id, contract_id)

    status, answer = await post(session, "/v1/contracts/updateEndDate", {**body, "ending_before": START})
    assert (status, answer) == (400, {"message": "ending_before: must be after the contract's starting_at"})
    status, answer = await post(session, "/v1/contracts/updateEndDate", {**body, "contract_id": UNKNOWN})
    assert (status, answer) == (404, {"message": f"contract {UNKNOWN} not found for customer {customer_id}"})
    status, _ = await post(session, "/v1/contracts/updateEndDate", {**body, "customer_id": UNKNOWN})
    assert status == 404


async def test_archived_contracts_leave_the_default_listing(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    customer_id = await new_customer(session)
    kept, archived = await new_contract(session, customer_id), await new_contract(session, customer_id)
    body = {"customer_id": customer_id, "contract_id": archived}
    status, answer = await post(session, "/v1/contracts/archive", body)
    assert (status, answer) == (400, {"message": "void_invoices: is required"})
    assert await ok(session, "/v1/contracts/archive", {**body, "void_invoices": False}) == {
        "data": {"id": archived}
    }

    assert [c["id"] for c in await contracts(session, customer_id)] == [kept]
    every = await contracts(session, customer_id, include_archived=True)
    assert [c["id"] for c in every] == [kept, archived]
    assert (
        "archived_at" not in every[0]
        and every[1]["archived_at"] == (await get_contract(session, customer_id, archived))["archived_at"]
    )
    status, answer = await post(session, "/v1/contracts/archive", {**body, "void_invoices": True})
    assert (status, answer) == (400, {"message": f"contract {archived} is archived"})
    status, answer = await post(session, "/v1/contracts/updateEndDate", {**body, "ending_before": END})
    assert (status, answer) == (400, {"message": f"contract {archived} is archived"})


async def test_archiving_a_customer_archives_its_contracts(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    customer_id, other = await new_customer(session), await new_customer(session, "Other")
    first, second = await new_contract(session, customer_id), await new_contract(session, customer_id)
    untouched = await new_contract(session, other)
    fake.advance_clock(60)
    await ok(session, "/v1/customers/archive", {"id": customer_id})
    assert await contracts(session, customer_id) == []
    archived = await contracts(session, customer_id, include_archived=True)
    archived_at = fake.customers()[0]["archived_at"]
    assert [(c["id"], c["archived_at"]) for c in archived] == [(first, archived_at), (second, archived_at)]
    assert [c["id"] for c in await contracts(session, other)] == [untouched]
    assert [c["id"] for c in fake.contracts()] == [first, second, untouched]
    assert [c["archived_at"] is None for c in fake.contracts(customer_id)] == [False, False]


# ---------------------------------------------------------------------- listing


async def test_covering_date_and_starting_at_filter_and_not_together(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    ended = await new_contract(session, customer_id, starting_at="2024-01-01T00:00:00Z", ending_before=START)
    current = await new_contract(session, customer_id, starting_at="2024-06-01T00:00:00Z")
    future = await new_contract(session, customer_id, starting_at=LATER)

    async def ids(**filters: Any) -> list[str]:
        return [c["id"] for c in await contracts(session, customer_id, **filters)]

    assert await ids() == [ended, current, future]  # chronological
    assert await ids(covering_date="2024-12-31T23:59:59Z") == [ended, current]
    assert await ids(covering_date=START) == [current]  # ending_before is exclusive
    assert await ids(covering_date=LATER) == [current, future]  # starting_at is inclusive
    assert await ids(starting_at="2024-06-01T00:00:00Z") == [current, future]
    status, answer = await post(
        session,
        "/v2/contracts/list",
        {"customer_id": customer_id, "covering_date": START, "starting_at": START},
    )
    assert (status, answer) == (400, {"message": "starting_at: cannot be used with covering_date"})


async def test_the_v2_listing_pages_by_twenty_with_a_body_cursor(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    customer_id = await new_customer(session)
    made = [await new_contract(session, customer_id) for _ in range(45)]
    seen, sizes, cursor = [], [], None
    while True:
        body = (
            {"customer_id": customer_id} if cursor is None else {"customer_id": customer_id, "cursor": cursor}
        )
        answer = await ok(session, "/v2/contracts/list", body)
        seen += [c["id"] for c in answer["data"]]
        sizes.append(len(answer["data"]))
        cursor = answer["cursor"]
        if cursor is None:
            break
    assert sizes == [20, 20, 5] and seen == made

    answer = await ok(session, "/v2/contracts/list", {"customer_id": customer_id, "limit": 7})
    assert len(answer["data"]) == 7 and answer["cursor"] is not None
    status, reply = await post(
        session,
        "/v2/contracts/list",
        {"customer_id": customer_id, "include_archived": True, "cursor": answer["cursor"]},
    )
    assert (status, reply) == (400, {"message": "cursor: the cursor belongs to a listing with other filters"})
    for limit in (0, 21, 2.5):
        status, reply = await post(
            session, "/v2/contracts/list", {"customer_id": customer_id, "limit": limit}
        )
        assert (status, reply) == (400, {"message": "limit: must be an integer from 1 to 20"})


# ---------------------------------------------------------------------- rate cards


async def test_rate_cards_are_created_read_and_listed(session: aiohttp.ClientSession) -> None:
    created = await ok(
        session,
        "/v1/contract-pricing/rate-cards/create",
        {
            "name": "Standard",
            "description": "List prices",
            "aliases": [{"name": "standard", "starting_at": START}],
            "credit_type_conversions": [{"custom_credit_type_id": UNKNOWN, "fiat_per_custom_credit": 2.5}],
        },
    )
    card_id = created["data"]["id"]
    card = (await ok(session, "/v1/contract-pricing/rate-cards/get", {"id": card_id}))["data"]
    assert card == {
        "id": card_id,
        "name": "Standard",
        "description": "List prices",
        "created_at": card["created_at"],
        "created_by": "API",
        "aliases": [{"name": "standard", "starting_at": START}],
        "custom_fields": {},
        "fiat_credit_type": {"id": "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "name": "USD (cents)"},
        "credit_type_conversions": [
            {
                "custom_credit_type": {"id": UNKNOWN, "name": "custom credit type"},
                "fiat_per_custom_credit": "2.5",
            }
        ],
    }
    others = [
        (await ok(session, "/v1/contract-pricing/rate-cards/create", {"name": f"Card {k}"}))["data"]["id"]
        for k in range(4)
    ]
    first = await ok(session, "/v1/contract-pricing/rate-cards/list?limit=3", {})
    rest = await ok(session, f"/v1/contract-pricing/rate-cards/list?limit=3&next_page={first['next_page']}")
    assert [c["id"] for c in first["data"] + rest["data"]] == [card_id, *others]
    assert rest["next_page"] is None

    status, answer = await post(session, "/v1/contract-pricing/rate-cards/get", {"id": UNKNOWN})
    assert (status, answer) == (404, {"message": f"rate card {UNKNOWN} not found"})
    status, answer = await post(session, "/v1/contract-pricing/rate-cards/list", {"name": "x"})
    assert (status, answer) == (400, {"message": "request body: unknown field 'name'"})
    status, answer = await post(
        session,
        "/v1/contract-pricing/rate-cards/create",
        {"name": "Backwards", "aliases": [{"name": "b", "starting_at": END, "ending_before": START}]},
    )
    assert (status, answer) == (400, {"message": "aliases[0].ending_before: must be after its starting_at"})
    status, answer = await post(session, "/v1/contract-pricing/rate-cards/create", {"description": "no name"})
    assert (status, answer) == (400, {"message": "name: is required"})


def test_seeding_a_rate_card_checks_its_aliases() -> None:
    fake = FakeMetronome()
    assert fake.create_rate_card(name="Plain", aliases=["plain"])
    for alias, message in [
        ({"name": "x", "start": 1}, "a rate card alias is a name or"),
        ({"name": "x", "starting_at": "2025-01-01"}, "must be aware datetimes"),
    ]:
        with pytest.raises(ValueError, match=message):
            fake.create_rate_card(name="Bad", aliases=[alias])
    with pytest.raises(ValueError, match="name: must not be empty"):
        fake.create_rate_card(name=" ")


# ---------------------------------------------------------------------- billable status, composite


async def test_billable_status_shows_on_the_customer(session: aiohttp.ClientSession) -> None:
    customer_id = await new_customer(session)
    async with session.get(f"/v1/customers/{customer_id}") as response:
        assert "current_billable_status" not in (await response.json())["data"]
    body = {"customer_id": customer_id, "billable_status": "unbillable", "effective_at": START}
    answer = await ok(session, "/v1/customers/setBillableStatus", body)
    assert answer == {"data": {"id": customer_id, "current_billable_status": "unbillable"}}
    async with session.get(f"/v1/customers/{customer_id}") as response:
        detail = (await response.json())["data"]
    assert detail["current_billable_status"] == {"value": "unbillable", "effective_at": START}

    status, reply = await post(
        session, "/v1/customers/setBillableStatus", {**body, "billable_status": "maybe"}
    )
    assert (status, reply) == (400, {"message": "billable_status: must be one of billable, unbillable"})
    status, reply = await post(session, "/v1/customers/setBillableStatus", {**body, "customer_id": UNKNOWN})
    assert (status, reply) == (404, {"message": f"customer {UNKNOWN} not found"})


async def test_the_composite_create_makes_both(fake: FakeMetronome, session: aiohttp.ClientSession) -> None:
    rate_card_id = fake.create_rate_card(name="Standard", aliases=["standard"])
    answer = await ok(
        session,
        "/v1/composite/createCustomerWithContract",
        {
            "customer": {
                "name": "Acme",
                "ingest_aliases": ["acme"],
                "customer_billing_provider_configurations": [
                    {"configuration": {"stripe_customer_id": "cus_1"}, **STRIPE}
                ],
            },
            "contract": {
                "starting_at": START,
                "rate_card_alias": "standard",
                "billing_provider_configuration": STRIPE,
            },
        },
    )
    made = answer["data"]
    assert made == {
        "customer_id": made["customer_id"],
        "ingest_aliases": ["acme"],
        "customer_name": "Acme",
        "custom_fields": {},
        "contract_id": made["contract_id"],
    }
    contract = await get_contract(session, made["customer_id"], made["contract_id"])
    assert contract["rate_card_id"] == rate_card_id
    assert contract["customer_billing_provider_configuration"]["customer_id"] == made["customer_id"]


@pytest.mark.parametrize(
    ("contract", "expected"),
    [
        ({"rate_card_id": UNKNOWN}, (404, f"rate card {UNKNOWN} not found")),
        ({"uniqueness_key": "taken"}, (409, "uniqueness_key: this uniqueness key has already been used")),
        (
            {"billing_provider_configuration": STRIPE},
            (400, NO_STRIPE),
        ),
        ({"ending_before": START}, (400, "contract.ending_before: must be after starting_at")),
    ],
)
async def test_the_composite_create_makes_neither_when_the_contract_fails(
    fake: FakeMetronome, session: aiohttp.ClientSession, contract: dict[str, Any], expected: tuple[int, str]
) -> None:
    await new_contract(session, await new_customer(session, "Holder"), uniqueness_key="taken")
    body = {
        "customer": {"name": "Acme", "ingest_aliases": ["acme"]},
        "contract": {"starting_at": START, **contract},
    }
    status, answer = await post(session, "/v1/composite/createCustomerWithContract", body)
    assert (status, answer["message"]) == expected
    assert [c["name"] for c in fake.customers()] == ["Holder"]
    assert await new_customer(session, "Acme", ingest_aliases=["acme"])  # the alias is still free


async def test_the_composite_create_makes_neither_when_the_customer_fails(
    fake: FakeMetronome, session: aiohttp.ClientSession
) -> None:
    holder = await new_customer(session, "Holder", ingest_aliases=["acme"])
    body = {
        "customer": {"name": "Acme", "ingest_aliases": ["acme"]},
        "contract": {"starting_at": START, "uniqueness_key": "acme-1"},
    }
    status, answer = await post(session, "/v1/composite/createCustomerWithContract", body)
    assert (status, answer) == (409, {"message": "ingest alias 'acme' is already in use by another customer"})
    assert len(fake.customers()) == 1
    await new_contract(session, holder, uniqueness_key="acme-1")  # the key was not used up
