"""Models keep everything the server sent: ``to_dict()`` gives back every field as received, the ones this
SDK does not model included, from a test server that adds fields everywhere."""

from __future__ import annotations

import copy
import inspect
import json
import pickle
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from aiohttp import web

from metronome_async import AsyncMetronome, Customer, models
from metronome_async._core.serde import parse_datetime

CUSTOMER_ID = "c0ffee00-0000-4000-8000-000000000001"


def customer(number: int) -> dict[str, Any]:
    """A customer as a newer server might send it: extra fields at every level, odd datetime spellings."""
    return {
        "id": f"{CUSTOMER_ID[:-3]}{number:03d}",
        "external_id": None,
        "ingest_aliases": [f"alias-{number}"],
        "name": f"Customer {number}",
        "custom_fields": {"tier": "gold"},
        "customer_config": {"salesforce_account_id": "sf-1", "hubspot_id": "hs-9"},
        "created_at": "2025-03-01T14:30:00.123456789+02:00",
        "updated_at": "2025-03-01T12:30:00Z",
        "archived_at": None,
        "current_billable_status": {"value": "paused", "effective_at": None, "why": ["audit"]},
        "tax_exempt": True,
        "balances": [{"credit_type": "USD", "amount": 12.5}],
    }


PLAN = {
    "id": "cp-1",
    "plan_id": "p-1",
    "plan_name": "Pro",
    "plan_description": "",
    "starting_on": "2025-01-01T00:00:00+00:00",
    "custom_fields": {},
    "trial_info": {
        "ending_before": "2025-02-01T00:00:00Z",
        "spending_caps": [
            {"credit_type": {"id": "usd", "name": "USD", "x": 1}, "amount": 10, "amount_remaining": 4.5}
        ],
        "extended": False,
    },
    "commit_ids": ["k1"],
}


@pytest.fixture
async def adding() -> AsyncIterator[AsyncMetronome]:
    """A server answering retrieve, a two-page customer listing and a plan listing with extra fields."""

    async def retrieve(_: web.Request) -> web.Response:
        return web.json_response({"data": customer(0), "meta": {"served_by": "v2"}})

    async def listing(request: web.Request) -> web.Response:
        if request.query.get("next_page") == "2":
            return web.json_response({"data": [customer(3)], "next_page": None})
        return web.json_response({"data": [customer(1), customer(2)], "next_page": "2"})

    async def plans(_: web.Request) -> web.Response:
        return web.json_response({"data": [PLAN], "next_page": None})

    app = web.Application()
    app.router.add_get("/v1/customers", listing)
    app.router.add_get("/v1/customers/{id}", retrieve)
    app.router.add_get("/v1/customers/{id}/plans", plans)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with AsyncMetronome(
            api_key="k", base_url=f"http://127.0.0.1:{runner.addresses[0][1]}"
        ) as client:
            yield client
    finally:
        await runner.cleanup()


async def test_to_dict_returns_every_field_as_received(adding: AsyncMetronome) -> None:
    got = await adding.customers.retrieve(CUSTOMER_ID)
    assert got.to_dict() == customer(0)
    assert json.loads(json.dumps(got.to_dict())) == customer(0)  # JSON-ready
    assert got.created_at == datetime(2025, 3, 1, 12, 30, 0, 123456, tzinfo=timezone.utc)  # still parsed
    assert got.customer_config is not None
    assert got.customer_config.to_dict() == {"salesforce_account_id": "sf-1", "hubspot_id": "hs-9"}


async def test_to_dict_is_a_copy(adding: AsyncMetronome) -> None:
    got = await adding.customers.retrieve(CUSTOMER_ID)
    first = got.to_dict()
    first["balances"][0]["amount"] = 0
    first["name"] = "changed"
    assert got.to_dict() == customer(0)


async def test_listed_items_keep_their_extra_fields(adding: AsyncMetronome) -> None:
    listed = await adding.customers.list().to_list()
    assert [c.to_dict() for c in listed] == [customer(1), customer(2), customer(3)]
    plans = await adding.customers.plans.list(CUSTOMER_ID).to_list()
    assert plans[0].to_dict() == PLAN
    assert plans[0].trial_info is not None
    assert plans[0].trial_info.spending_caps[0].credit_type.to_dict() == {"id": "usd", "name": "USD", "x": 1}


async def test_the_embedded_metronomes_answers_round_trip(client: AsyncMetronome) -> None:
    created = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    got = await client.customers.retrieve(created.id)
    as_dict = got.to_dict()
    assert as_dict["id"] == created.id and as_dict["ingest_aliases"] == ["acme"]
    assert isinstance(as_dict["created_at"], str)
    assert got.created_at is not None and parse_datetime(as_dict["created_at"]) == got.created_at


def test_a_model_built_in_code_gives_its_own_fields() -> None:
    moment = datetime(2025, 3, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    built = Customer(id="c1", name="Acme", ingest_aliases=["a"], created_at=moment)
    assert built.to_dict() == {
        "id": "c1",
        "name": "Acme",
        "external_id": None,
        "ingest_aliases": ["a"],
        "custom_fields": {},
        "customer_config": None,
        "created_at": "2025-03-01T12:30:00Z",
        "updated_at": None,
        "archived_at": None,
        "current_billable_status": None,
    }
    # a changed copy describes itself, not the answer its original came from
    received = Customer(id="c1", name="Acme")
    assert attrs.evolve(received, name="Renamed").to_dict()["name"] == "Renamed"


def test_every_model_has_to_dict() -> None:
    classes = [c for _, c in inspect.getmembers(models, inspect.isclass) if attrs.has(c)]
    assert len(classes) >= 10
    missing = [c.__name__ for c in classes if not issubclass(c, models.Model)]
    assert not missing, f"derive these from models.Model so they keep unknown fields: {missing}"


async def test_what_was_received_does_not_change_equality_or_repr(adding: AsyncMetronome) -> None:
    got = await adding.customers.retrieve(CUSTOMER_ID)
    assert got == attrs.evolve(got)  # the same fields, no received object behind the copy
    assert "tax_exempt" not in repr(got)


COPIES = {
    "pickle": lambda model: pickle.loads(pickle.dumps(model)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


@pytest.mark.parametrize("how", list(COPIES))
async def test_a_copied_or_pickled_model_keeps_every_field_as_received(
    adding: AsyncMetronome, how: str
) -> None:
    copied = COPIES[how]
    got = await adding.customers.retrieve(CUSTOMER_ID)
    listed = await adding.customers.list().to_list()
    plan = (await adding.customers.plans.list(CUSTOMER_ID).to_list())[0]
    answers = [customer(0), customer(1), customer(2), customer(3), PLAN]
    for model, answer in zip([got, *listed, plan], answers, strict=True):
        other = copied(model)
        assert type(other) is type(model) and other == model
        assert other.to_dict() == answer, how
    other_config = copied(got).customer_config
    assert other_config is not None
    assert other_config.to_dict() == {"salesforce_account_id": "sf-1", "hubspot_id": "hs-9"}
    other_plan = copied(plan)
    assert other_plan.trial_info is not None
    assert other_plan.trial_info.spending_caps[0].credit_type.to_dict() == {
        "id": "usd",
        "name": "USD",
        "x": 1,
    }
    built = Customer(id="c1", name="Acme")
    assert copied(built).to_dict() == built.to_dict()  # a model built in code gives its own fields still
