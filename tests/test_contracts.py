"""Contracts, rate cards, billable status and the composite create, over HTTP against the embedded Metronome,
through the async and the blocking client; bad arguments fail before anything is sent."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hostile import serve

from metronome_async import (
    AsyncMetronome,
    BadRequestError,
    ConflictError,
    Contract,
    CustomerWithContract,
    Metronome,
    NotFoundError,
    RateCard,
)
from metronome_async.testing import FakeMetronome

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2025, 2, 1, tzinfo=timezone.utc)
MAR = datetime(2025, 3, 1, tzinfo=timezone.utc)


def _posts(fake: FakeMetronome, path: str) -> list[Any]:
    return [ex for ex in fake.exchanges if ex.method == "POST" and ex.path == path]


async def test_contract_lifecycle(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = await client.rate_cards.create(name="Standard", aliases=["standard"], description="list")
    customer = await client.customers.create(name="Acme", ingest_aliases=["acme"])
    contract_id = await client.contracts.create(
        customer.id,
        starting_at=JAN,
        rate_card_id=rate_card_id,
        name="Acme 2025",
        uniqueness_key="acme-2025",
        custom_fields=None,
    )
    [create] = _posts(fake, "/v1/contracts/create")
    assert create.idempotency_key, "a create carries an Idempotency-Key"
    assert create.request_body["starting_at"] == "2025-01-01T00:00:00Z"

    contract = await client.contracts.retrieve(customer.id, contract_id)
    assert isinstance(contract, Contract)
    assert (contract.id, contract.customer_id, contract.rate_card_id) == (
        contract_id,
        customer.id,
        rate_card_id,
    )
    assert contract.starting_at == JAN and contract.ending_before is None and contract.name == "Acme 2025"
    assert contract.uniqueness_key == "acme-2025"

    # Its months up to the fake's now are finalized invoices: ending before them must be allowed.
    await client.contracts.update_end_date(
        customer.id, contract_id, ending_before=MAR, allow_ending_before_finalized_invoice=True
    )
    assert (await client.contracts.retrieve(customer.id, contract_id)).ending_before == MAR
    await client.contracts.update_end_date(customer.id, contract_id)
    assert (await client.contracts.retrieve(customer.id, contract_id)).ending_before is None, "open-ended"

    assert [c.id for c in await client.contracts.list(customer.id)] == [contract_id]
    await client.contracts.archive(customer.id, contract_id, void_invoices=False)
    assert await client.contracts.list(customer.id) == []
    [archived] = await client.contracts.list(customer.id, include_archived=True).to_list()
    assert archived.archived

    reads = [*_posts(fake, "/v2/contracts/get"), *_posts(fake, "/v2/contracts/list")]
    assert reads and all(ex.idempotency_key is None for ex in reads), "reads spelled as POST send no key"


async def test_a_reused_uniqueness_key_is_a_conflict(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    customer = await client.customers.create(name="Acme")
    await client.contracts.create(customer.id, starting_at=JAN, rate_card_id=rate_card_id, uniqueness_key="k")
    with pytest.raises(ConflictError):
        await client.contracts.create(
            customer.id, starting_at=FEB, rate_card_id=rate_card_id, uniqueness_key="k"
        )
    assert len(await client.contracts.list(customer.id)) == 1


async def test_a_rate_card_by_alias(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard", aliases=["std"])
    customer = await client.customers.create(name="Acme")
    contract_id = await client.contracts.create(customer.id, starting_at=JAN, rate_card_alias="std")
    assert (await client.contracts.retrieve(customer.id, contract_id)).rate_card_id == rate_card_id
    with pytest.raises(BadRequestError, match="no-such-alias"):
        await client.contracts.create(customer.id, starting_at=JAN, rate_card_alias="no-such-alias")


async def test_listing_follows_the_cursor_and_filters(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    customer = await client.customers.create(name="Many")
    made = []
    for n in range(45):
        start = JAN + timedelta(days=n)
        made.append(
            await client.contracts.create(
                customer.id,
                starting_at=start,
                ending_before=start + timedelta(days=1),
                rate_card_id=rate_card_id,
            )
        )
    listed = [c.id async for c in client.contracts.list(customer.id)]
    assert listed == made, "every contract once, in chronological order"
    assert len(_posts(fake, "/v2/contracts/list")) == 3, "pages of 20 until the cursor runs out"
    covering = await client.contracts.list(customer.id, covering_date=JAN + timedelta(days=10, hours=3))
    assert [c.id for c in covering] == [made[10]]
    later = await client.contracts.list(customer.id, starting_at=JAN + timedelta(days=40))
    assert [c.id for c in later] == made[40:]


async def test_rate_cards(client: AsyncMetronome, fake: FakeMetronome) -> None:
    seeded = fake.create_rate_card(name="Seeded")
    made = await client.rate_cards.create(
        name="Made",
        aliases=["made", {"name": "made-2025", "starting_at": JAN}],
        custom_fields=None,
    )
    card = await client.rate_cards.retrieve(made)
    assert isinstance(card, RateCard) and card.name == "Made"
    assert [alias.name for alias in card.aliases] == ["made", "made-2025"]
    assert card.aliases[1].starting_at == JAN
    assert {c.id async for c in client.rate_cards.list(limit=1)} == {seeded, made}
    with pytest.raises(NotFoundError):
        await client.rate_cards.retrieve("00000000-0000-4000-8000-000000000000")


async def test_billable_status(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Acme")
    await client.customers.set_billable_status(customer.id, billable_status="unbillable", effective_at=FEB)
    status = (await client.customers.retrieve(customer.id)).current_billable_status
    assert status is not None and status.value == "unbillable"


async def test_create_with_contract(client: AsyncMetronome, fake: FakeMetronome) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    made = await client.customers.create_with_contract(
        customer={"name": "Both", "ingest_aliases": ["both"]},
        contract={"starting_at": JAN, "rate_card_id": rate_card_id, "name": "first"},
    )
    assert isinstance(made, CustomerWithContract) and made.customer_id and made.contract_id
    assert (await client.customers.retrieve(made.customer_id)).ingest_aliases == ["both"]
    [contract] = await client.contracts.list(made.customer_id)
    assert contract.id == made.contract_id and contract.rate_card_id == rate_card_id
    [create] = _posts(fake, "/v1/composite/createCustomerWithContract")
    assert create.idempotency_key


async def test_the_composite_makes_both_or_neither(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.customers.create_with_contract(
            customer={"name": "Neither", "ingest_aliases": ["neither"]},
            contract={"starting_at": JAN, "rate_card_id": "00000000-0000-4000-8000-000000000000"},
        )
    assert [c async for c in client.customers.list(ingest_alias="neither")] == []


def test_through_the_blocking_client(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    rate_card_id = sync_client.rate_cards.create(name="Sync", aliases=["sync-card"])
    assert sync_client.rate_cards.retrieve(rate_card_id).name == "Sync"
    assert [card.id for card in sync_client.rate_cards.list()] == [rate_card_id]
    customer = sync_client.customers.create(name="Sync")
    contract_id = sync_client.contracts.create(customer.id, starting_at=JAN, rate_card_alias="sync-card")
    assert sync_client.contracts.retrieve(customer.id, contract_id).rate_card_id == rate_card_id
    sync_client.contracts.update_end_date(
        customer.id, contract_id, ending_before=FEB, allow_ending_before_finalized_invoice=True
    )
    [contract] = sync_client.contracts.list(customer.id)
    assert contract.ending_before == FEB
    assert sync_client.contracts.list(customer.id).to_list() == [contract]
    sync_client.contracts.archive(customer.id, contract_id, void_invoices=True)
    assert sync_client.contracts.list(customer.id).to_list() == []
    sync_client.customers.set_billable_status(customer.id, billable_status="billable", effective_at=JAN)
    made = sync_client.customers.create_with_contract(
        customer={"name": "Sync both"}, contract={"starting_at": JAN, "rate_card_id": rate_card_id}
    )
    assert [c.id for c in sync_client.contracts.list(made.customer_id)] == [made.contract_id]


NAIVE = datetime(2025, 1, 1)


@pytest.mark.parametrize(
    ("arguments", "error", "names"),
    [
        ({"starting_at": NAIVE, "rate_card_id": "r"}, ValueError, "starting_at must be timezone-aware"),
        ({"starting_at": "2025-01-01T00:00:00", "rate_card_id": "r"}, ValueError, "starting_at"),
        ({"starting_at": "tomorrow", "rate_card_id": "r"}, ValueError, "starting_at"),
        ({"starting_at": 20250101, "rate_card_id": "r"}, TypeError, "starting_at"),
        ({"starting_at": FEB, "ending_before": JAN, "rate_card_id": "r"}, ValueError, "ending_before"),
        ({"starting_at": JAN, "ending_before": JAN, "rate_card_id": "r"}, ValueError, "ending_before"),
        ({"starting_at": JAN, "ending_before": NAIVE, "rate_card_id": "r"}, ValueError, "ending_before"),
        ({"starting_at": JAN, "rate_card_id": "r", "rate_card_alias": "a"}, ValueError, "rate_card_alias"),
        ({"starting_at": JAN, "rate_card_id": ""}, ValueError, "rate_card_id"),
        ({"starting_at": JAN, "uniqueness_key": ""}, ValueError, "uniqueness_key"),
        ({"starting_at": JAN, "uniqueness_key": "k" * 129}, ValueError, "uniqueness_key"),
        ({"starting_at": JAN, "net_payment_terms_days": float("nan")}, ValueError, "net_payment_terms_days"),
        ({"starting_at": JAN, "net_payment_terms_days": "30"}, TypeError, "net_payment_terms_days"),
        ({"starting_at": JAN, "custom_fields": {"k": 1}}, TypeError, "custom_fields"),
        (
            {"starting_at": JAN, "billing_provider_configuration": {"billing_provider": "stripe"}},
            ValueError,
            "delivery_method",
        ),
        ({"starting_at": JAN, "commits": {"product_id": "p"}}, TypeError, "commits"),
    ],
)
async def test_create_checks_arguments_first(
    client: AsyncMetronome, fake: FakeMetronome, arguments: dict[str, Any], error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await client.contracts.create("c", **arguments)
    assert fake.exchanges == []


async def test_a_uniqueness_key_of_128_characters_is_fine(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    customer = await client.customers.create(name="Long")
    contract_id = await client.contracts.create(
        customer.id, starting_at=JAN, rate_card_id=fake.create_rate_card(name="R"), uniqueness_key="k" * 128
    )
    assert (await client.contracts.retrieve(customer.id, contract_id)).uniqueness_key == "k" * 128


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.contracts.list("c", covering_date=JAN, starting_at=JAN), ValueError, "covering_date"),
        (lambda c: c.contracts.list("c", covering_date=NAIVE), ValueError, "covering_date"),
        (lambda c: c.contracts.list("c", limit=21), ValueError, "limit"),
        (lambda c: c.contracts.list(""), ValueError, "customer_id"),
        (lambda c: c.contracts.retrieve("c", ""), ValueError, "contract_id"),
        (lambda c: c.contracts.update_end_date("c", "k", ending_before=NAIVE), ValueError, "ending_before"),
        (lambda c: c.contracts.archive("c", "k", void_invoices="yes"), TypeError, "void_invoices"),
        (
            lambda c: c.contracts.archive("c", "k", void_invoices=None),
            ValueError,
            "void_invoices is required",
        ),
        (lambda c: c.rate_cards.create(name=""), ValueError, "name"),
        (lambda c: c.rate_cards.create(name="R", aliases="one"), TypeError, "aliases"),
        (
            lambda c: c.rate_cards.create(name="R", aliases=[{"name": "a", "starting_at": NAIVE}]),
            ValueError,
            "aliases",
        ),
        (lambda c: c.rate_cards.retrieve(""), ValueError, "rate_card_id"),
        (
            lambda c: c.customers.set_billable_status("c", billable_status="maybe", effective_at=JAN),
            ValueError,
            "billable_status",
        ),
        (
            lambda c: c.customers.set_billable_status("c", billable_status="billable", effective_at=NAIVE),
            ValueError,
            "effective_at",
        ),
        (
            lambda c: c.customers.create_with_contract(
                customer={"name": "A"}, contract={"rate_card_id": "r"}
            ),
            ValueError,
            r"contract\['starting_at'\] is required",
        ),
        (
            lambda c: c.customers.create_with_contract(customer={}, contract={"starting_at": JAN}),
            ValueError,
            r"customer\['name'\]",
        ),
        (
            lambda c: c.customers.create_with_contract(
                customer={"name": "A"}, contract={"starting_at": JAN, "package_id": "p"}
            ),
            TypeError,
            r"contract\['package_id'\]",
        ),
        (
            lambda c: c.customers.create_with_contract(
                customer={"name": "A", "colour": "blue"}, contract={"starting_at": JAN}
            ),
            TypeError,
            r"customer\['colour'\]",
        ),
    ],
)
async def test_other_calls_check_arguments_first(
    client: AsyncMetronome, fake: FakeMetronome, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        result = call(client)
        if inspect.isawaitable(result):
            await result
    assert fake.exchanges == []


def test_the_blocking_client_checks_first(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    with pytest.raises(ValueError, match="rate_card_alias"):
        sync_client.contracts.create("c", starting_at=JAN, rate_card_id="r", rate_card_alias="a")
    with pytest.raises(ValueError, match="billable_status"):
        sync_client.customers.set_billable_status("c", billable_status="no", effective_at=JAN)
    assert thread_fake.exchanges == []


def test_contracts_parse_forward_compatibly() -> None:
    from metronome_async._core.serde import converter

    contract = converter.structure(
        {
            "id": "k",
            "customer_id": "c",
            "starting_at": "2025-01-01T00:00:00Z",
            "usage_statement_schedule": {"billing_anchor_date": "2025-01-01T00:00:00Z", "frequency": "DAILY"},
            "a_field_from_the_future": {"x": 1},
        },
        Contract,
    )
    assert contract.usage_statement_schedule is not None
    assert contract.usage_statement_schedule.frequency == "DAILY", "an unknown enum value stays a string"
    assert contract.active_at(FEB) and not contract.ended_by(FEB)


@pytest.fixture
async def hostile() -> Any:
    """A server answering every request with the JSON the test sets (``state["body"]``)."""
    from aiohttp import web

    state: dict[str, Any] = {"body": {}}

    async def handle(_: web.Request) -> web.Response:
        return web.json_response(state["body"])

    async with serve(handle) as url, AsyncMetronome(api_key="k", base_url=url, max_retries=0) as client:
        yield state, client


CONTRACT = {"id": "k", "customer_id": "c", "starting_at": "2025-01-01T00:00:00Z", "from_the_future": [1]}


@pytest.mark.parametrize(
    ("body", "call"),
    [
        ({"data": None}, lambda c: c.contracts.retrieve("c", "k")),
        ({"data": {**CONTRACT, "starting_at": "soon"}}, lambda c: c.contracts.retrieve("c", "k")),
        ({"data": {**CONTRACT, "id": 5}}, lambda c: c.contracts.retrieve("c", "k")),
        ({"data": None, "cursor": None}, lambda c: c.contracts.list("c").to_list()),
        ({"data": [CONTRACT, None]}, lambda c: c.contracts.list("c").to_list()),
        ({"data": [CONTRACT], "cursor": 7}, lambda c: c.contracts.list("c").to_list()),
        ({"data": {}}, lambda c: c.contracts.create("c", starting_at=JAN)),
        ([], lambda c: c.rate_cards.create(name="R")),
        ({"data": {"id": "r"}}, lambda c: c.rate_cards.retrieve("r")),
        (
            {"data": {"customer_id": "c"}},
            lambda c: c.customers.create_with_contract(customer={"name": "A"}, contract={"starting_at": JAN}),
        ),
    ],
)
async def test_malformed_answers_are_typed_errors(hostile: Any, body: Any, call: Any) -> None:
    from metronome_async import APIResponseValidationError

    state, client = hostile
    state["body"] = body
    with pytest.raises(APIResponseValidationError):
        await call(client)


async def test_a_contract_keeps_what_it_was_read_from(hostile: Any) -> None:
    state, client = hostile
    state["body"] = {"data": [CONTRACT], "cursor": None}
    [contract] = await client.contracts.list("c")
    assert contract.to_dict() == CONTRACT, "unknown fields included"
