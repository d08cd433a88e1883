"""Arguments that would go out wrong are refused before anything is sent, naming the argument: an empty
list filter (it would widen to everything), a blank or malformed Idempotency-Key (it would be no key at all),
a timestamp that is not RFC 3339, a value outside an enum of the official API. The embedded Metronome refuses
the same requests, and fault settings that would hang it or turn a fault silently off."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing import FakeMetronome

CID = "00000000-0000-4000-8000-000000000000"
JAN = "2025-01-01T00:00:00Z"

Call = Callable[[AsyncMetronome], Awaitable[Any]]


async def _drain(pager: Any) -> Any:
    return [item async for item in pager]


async def _refused(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(client)
    assert fake.exchanges == [], "nothing may reach the server"


# ---------------------------------------------------------------------- an empty list filter


EMPTY_FILTERS: dict[str, tuple[Call, str]] = {
    "customer_ids": (lambda c: _drain(c.customers.list(customer_ids=[])), "customer_ids"),
    "customer_ids from an empty generator": (
        lambda c: _drain(c.customers.list(customer_ids=(i for i in ()))),
        "customer_ids",
    ),
    "salesforce_account_ids": (
        lambda c: _drain(c.customers.list(salesforce_account_ids=[])),
        "salesforce_account_ids",
    ),
    "custom field entities": (lambda c: _drain(c.custom_fields.list_keys(entities=[])), "entities"),
}


@pytest.mark.parametrize(("call", "names"), EMPTY_FILTERS.values(), ids=EMPTY_FILTERS)
async def test_an_empty_list_filter_is_refused_not_widened_to_everything(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, names: str
) -> None:
    fake.seed_customers(3)
    await _refused(client, fake, call, ValueError, names)


async def test_a_filter_that_names_ids_still_lists_only_those(client: AsyncMetronome) -> None:
    first = await client.customers.create(name="A")
    await client.customers.create(name="B")
    assert [c.id async for c in client.customers.list(customer_ids=[first.id])] == [first.id]


def test_the_blocking_client_refuses_an_empty_filter_too(sync_client: Metronome) -> None:
    with pytest.raises(ValueError, match="customer_ids"):
        list(sync_client.customers.list(customer_ids=[]))


@pytest.mark.parametrize("name", ["customer_ids", "salesforce_account_ids"])
@pytest.mark.parametrize("value", ["", ","])
async def test_the_fake_answers_an_empty_list_filter_with_400(
    fake: FakeMetronome, session: aiohttp.ClientSession, name: str, value: str
) -> None:
    fake.seed_customers(3)
    async with session.get("/v1/customers", params={name: value}) as response:
        assert response.status == 400
        assert name in (await response.json())["message"]


# ---------------------------------------------------------------------- Idempotency-Key


def _keyed_calls(key: Any) -> dict[str, Call]:
    """Every call that takes ``idempotency_key``, with valid arguments otherwise."""
    return {
        "customers.create": lambda c: c.customers.create(name="A", idempotency_key=key),
        "customers.create_with_contract": lambda c: c.customers.create_with_contract(
            customer={"name": "A"}, contract={"starting_at": JAN, "rate_card_id": CID}, idempotency_key=key
        ),
        "customers.set_billing_config": lambda c: c.customers.set_billing_config(
            CID, billing_provider_type="stripe", billing_provider_customer_id="cus_1", idempotency_key=key
        ),
        "customers.set_billing_provider_configurations": lambda c: (
            c.customers.set_billing_provider_configurations(
                data=[
                    {
                        "customer_id": CID,
                        "billing_provider": "stripe",
                        "delivery_method": "direct_to_billing_provider",
                    }
                ],
                idempotency_key=key,
            )
        ),
        "customers.plans.add": lambda c: c.customers.plans.add(
            CID, plan_id=CID, starting_on=JAN, idempotency_key=key
        ),
        "contracts.create": lambda c: c.contracts.create(
            CID, starting_at=JAN, rate_card_id=CID, idempotency_key=key
        ),
        "rate_cards.create": lambda c: c.rate_cards.create(name="Card", idempotency_key=key),
        "request": lambda c: c.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key=key),
    }


BAD_KEYS: dict[str, tuple[Any, type[Exception]]] = {
    "empty": ("", ValueError),
    "blank": ("   ", ValueError),
    "a tab": ("\t", ValueError),
    "a newline inside": ("key\nX-Injected: 1", ValueError),
    "a NUL": ("key\x00", ValueError),
    "a leading space": (" key", ValueError),
    "a trailing space": ("key ", ValueError),
    "not ASCII": ("clé-1", ValueError),
    "256 characters": ("k" * 256, ValueError),
    "a number": (123, TypeError),
    "bytes": (b"key", TypeError),
}


@pytest.mark.parametrize("method", list(_keyed_calls("")))
@pytest.mark.parametrize(("key", "error"), BAD_KEYS.values(), ids=BAD_KEYS)
async def test_a_bad_idempotency_key_is_refused_before_sending(
    client: AsyncMetronome, fake: FakeMetronome, method: str, key: Any, error: type[Exception]
) -> None:
    await _refused(client, fake, _keyed_calls(key)[method], error, "idempotency_key")


async def test_a_blank_key_never_lets_a_retried_create_make_a_second_customer(fake: FakeMetronome) -> None:
    """The failure a blank key caused: it went out as no key, so each retry of a dropped answer made one
    more customer."""
    fake.configure(disconnect_rate=1.0)
    async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=2) as client:
        with pytest.raises(ValueError, match="idempotency_key"):
            await client.customers.create(name="Once", idempotency_key="")
    assert fake.customers() == []


async def test_a_key_of_255_printable_characters_goes_out_as_given(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    key = "order 42/" + "k" * 246
    await client.customers.create(name="A", idempotency_key=key)
    assert fake.exchanges[-1].idempotency_key == key


async def test_request_takes_an_idempotency_key_and_a_replay_makes_one_object(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    first = await client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="make-a")
    again = await client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="make-a")
    assert first == again and len(fake.customers()) == 1
    assert [ex.idempotency_key for ex in fake.exchanges] == ["make-a", "make-a"]


def test_the_blocking_request_takes_an_idempotency_key(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    sync_client.request("POST", "/v1/customers", body={"name": "A"}, idempotency_key="blocking-a")
    assert thread_fake.exchanges[-1].idempotency_key == "blocking-a"


async def test_request_refuses_a_key_on_a_call_that_sends_none(client: AsyncMetronome) -> None:
    with pytest.raises(ValueError, match="idempotency_key"):
        await client.request("GET", "/v1/customers", idempotency_key="k")
    with pytest.raises(ValueError, match="idempotency_key"):
        await client.request("POST", "/v1/customers", body={}, idempotent=False, idempotency_key="k")


@pytest.mark.parametrize("name", ["Idempotency-Key", "idempotency-key"])
def test_extra_headers_cannot_carry_an_idempotency_key(client: AsyncMetronome, name: str) -> None:
    """One key for every call of a client would make each create replay the first; and the call's own key
    replaced it (or went out beside it) anyway."""
    with pytest.raises(ValueError, match="idempotency_key"):
        client.with_options(extra_headers={name: "fixed"})


# ---------------------------------------------------------------------- RFC 3339 timestamps


NOT_RFC3339 = {
    "no seconds": "2025-01-01T00:00Z",
    "a week date": "2025-W01-1T00:00:00Z",
    "an ordinal date": "2025-001T00:00:00Z",
    "basic format": "20250101T000000Z",
    "a space for T": "2025-01-01 00:00:00Z",
    "a lower-case t": "2025-01-01t00:00:00Z",
    "an offset without colon": "2025-01-01T00:00:00+0000",
    "an offset of hours only": "2025-01-01T00:00:00+00",
    "a comma fraction": "2025-01-01T00:00:00,5Z",
    "an empty fraction": "2025-01-01T00:00:00.Z",
    "a leading space": " 2025-01-01T00:00:00Z",
    "a trailing newline": "2025-01-01T00:00:00Z\n",
    "full-width digits": "\uff12\uff10\uff12\uff15-01-01T00:00:00Z",
    "Arabic-Indic digits": "\u0662\u0660\u0662\u0665-01-01T00:00:00Z",
    "no offset": "2025-01-01T00:00:00",
    "a date alone": "2025-01-01",
    "month 13": "2025-13-01T00:00:00Z",
    "hour 24": "2025-01-01T24:00:00Z",
}
RFC3339 = [
    "2025-01-01T00:00:00Z",
    "2025-01-01T00:00:00.5Z",
    "2025-01-01T00:00:00.123456789+05:30",
    "2025-01-01T00:00:00-00:00",
]


def _event(timestamp: Any) -> dict[str, Any]:
    return {"transaction_id": "t1", "customer_id": "c", "event_type": "e", "timestamp": timestamp}


@pytest.mark.parametrize("timestamp", NOT_RFC3339.values(), ids=NOT_RFC3339)
async def test_an_event_timestamp_that_is_not_rfc3339_is_refused_before_sending(
    client: AsyncMetronome, fake: FakeMetronome, timestamp: str
) -> None:
    events = [_event(JAN), _event(timestamp)]
    await _refused(client, fake, lambda c: c.usage.ingest(events), ValueError, r"events\[1\]\['timestamp'\]")


@pytest.mark.parametrize("timestamp", NOT_RFC3339.values(), ids=NOT_RFC3339)
async def test_the_fake_refuses_a_timestamp_that_is_not_rfc3339(
    session: aiohttp.ClientSession, timestamp: str
) -> None:
    async with session.post("/v1/ingest", json=[_event(timestamp)]) as response:
        assert response.status == 400
        assert "[0].timestamp" in (await response.json())["message"]


@pytest.mark.parametrize("timestamp", RFC3339)
async def test_rfc3339_timestamps_are_sent_as_given_and_accepted(
    client: AsyncMetronome, fake: FakeMetronome, timestamp: str
) -> None:
    report = await client.usage.ingest([_event(timestamp)])
    assert report.ok and fake.exchanges[-1].request_body == [_event(timestamp)]


BAD_TIMES: dict[str, tuple[Call, str]] = {
    "contract start": (
        lambda c: c.contracts.create(CID, starting_at="2025-W01-1T00:00:00Z", rate_card_id=CID),
        "starting_at",
    ),
    "contract end": (
        lambda c: c.contracts.update_end_date(CID, CID, ending_before="2025-02-01 00:00:00Z"),
        "ending_before",
    ),
    "contract as_of_date": (
        lambda c: c.contracts.retrieve(CID, CID, as_of_date="20250101T000000Z"),
        "as_of_date",
    ),
    "contracts covering_date": (
        lambda c: _drain(c.contracts.list(CID, covering_date="2025-01-01T00:00:00+0000")),
        "covering_date",
    ),
    "plan start": (
        lambda c: c.customers.plans.add(CID, plan_id=CID, starting_on="20250101T000000Z"),
        "starting_on",
    ),
    "plan end": (
        lambda c: c.customers.plans.end(CID, CID, ending_before="2025-02-01T00:00Z"),
        "ending_before",
    ),
    "billable status": (
        lambda c: c.customers.set_billable_status(
            CID, billable_status="billable", effective_at="2025-01-01 00:00:00Z"
        ),
        "effective_at",
    ),
    "rate card alias": (
        lambda c: c.rate_cards.create(
            name="R", aliases=[{"name": "a", "starting_at": " 2025-01-01T00:00:00Z"}]
        ),
        r"aliases\[0\]\['starting_at'\]",
    ),
}


@pytest.mark.parametrize(("call", "names"), BAD_TIMES.values(), ids=BAD_TIMES)
async def test_every_date_time_argument_is_rfc3339_strictly(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, names: str
) -> None:
    await _refused(client, fake, call, ValueError, names)


# ---------------------------------------------------------------------- enums of the official API


PROVIDER = {"billing_provider": "stripe", "delivery_method": "direct_to_billing_provider"}

BAD_ENUMS: dict[str, tuple[Call, type[Exception], str]] = {
    "stripe_collection_method not a string": (
        lambda c: c.customers.set_billing_config(
            CID,
            billing_provider_type="stripe",
            billing_provider_customer_id="cus",
            stripe_collection_method=5,
        ),
        TypeError,
        "stripe_collection_method",
    ),
    "stripe_collection_method unknown": (
        lambda c: c.customers.set_billing_config(
            CID,
            billing_provider_type="stripe",
            billing_provider_customer_id="cus",
            stripe_collection_method="x",
        ),
        ValueError,
        "stripe_collection_method",
    ),
    "aws_region unknown": (
        lambda c: c.customers.set_billing_config(
            CID,
            billing_provider_type="aws_marketplace",
            billing_provider_customer_id="a",
            aws_region="mars-1",
        ),
        ValueError,
        "aws_region",
    ),
    "aws_product_code not a string": (
        lambda c: c.customers.set_billing_config(
            CID, billing_provider_type="aws_marketplace", billing_provider_customer_id="a", aws_product_code=5
        ),
        TypeError,
        "aws_product_code",
    ),
    "create's billing_config stripe_collection_method": (
        lambda c: c.customers.create(
            name="A",
            billing_config={
                "billing_provider_type": "stripe",
                "billing_provider_customer_id": "cus",
                "stripe_collection_method": "bogus",
            },
        ),
        ValueError,
        r"billing_config\['stripe_collection_method'\]",
    ),
    "create's billing_config aws_region": (
        lambda c: c.customers.create(
            name="A",
            billing_config={
                "billing_provider_type": "aws_marketplace",
                "billing_provider_customer_id": "a",
                "aws_region": "mars-1",
            },
        ),
        ValueError,
        r"billing_config\['aws_region'\]",
    ),
    "provider configuration delivery_method": (
        lambda c: c.customers.create(
            name="A", customer_billing_provider_configurations=[{**PROVIDER, "delivery_method": "pigeon"}]
        ),
        ValueError,
        r"customer_billing_provider_configurations\[0\]\['delivery_method'\]",
    ),
    "provider configuration tax_provider": (
        lambda c: c.customers.set_billing_provider_configurations(
            data=[{**PROVIDER, "customer_id": CID, "tax_provider": "taxman"}]
        ),
        ValueError,
        r"data\[0\]\['tax_provider'\]",
    ),
    "revenue system provider": (
        lambda c: c.customers.create_with_contract(
            customer={
                "name": "A",
                "customer_revenue_system_configurations": [
                    {"provider": "sap", "delivery_method": "direct_to_billing_provider"}
                ],
            },
            contract={"starting_at": JAN, "rate_card_id": CID},
        ),
        ValueError,
        r"customer_revenue_system_configurations'\]\[0\]\['provider'\]",
    ),
    "multiplier_override_prioritization": (
        lambda c: c.contracts.create(
            CID, starting_at=JAN, rate_card_id=CID, multiplier_override_prioritization="HIGHEST"
        ),
        ValueError,
        "multiplier_override_prioritization",
    ),
    "scheduled_charges_on_usage_invoices": (
        lambda c: c.contracts.create(
            CID, starting_at=JAN, rate_card_id=CID, scheduled_charges_on_usage_invoices="SOME"
        ),
        ValueError,
        "scheduled_charges_on_usage_invoices",
    ),
    "contract billing provider": (
        lambda c: c.contracts.create(
            CID,
            starting_at=JAN,
            rate_card_id=CID,
            billing_provider_configuration={**PROVIDER, "billing_provider": "custom"},
        ),
        ValueError,
        r"billing_provider_configuration\['billing_provider'\]",
    ),
    "contract delivery method": (
        lambda c: c.contracts.create(
            CID,
            starting_at=JAN,
            rate_card_id=CID,
            billing_provider_configuration={**PROVIDER, "delivery_method": "fax"},
        ),
        ValueError,
        r"billing_provider_configuration\['delivery_method'\]",
    ),
    "usage statement frequency": (
        lambda c: c.contracts.create(
            CID, starting_at=JAN, rate_card_id=CID, usage_statement_schedule={"frequency": "DAILY"}
        ),
        ValueError,
        r"usage_statement_schedule\['frequency'\]",
    ),
    "usage statement day": (
        lambda c: c.contracts.create(
            CID,
            starting_at=JAN,
            rate_card_id=CID,
            usage_statement_schedule={"frequency": "MONTHLY", "day": "LAST_OF_MONTH"},
        ),
        ValueError,
        r"usage_statement_schedule\['day'\]",
    ),
    "price adjustment type": (
        lambda c: c.customers.plans.add(
            CID,
            plan_id=CID,
            starting_on=JAN,
            price_adjustments=[{"charge_id": CID, "adjustment_type": "discount", "start_period": 0}],
        ),
        ValueError,
        r"price_adjustments\[0\]\['adjustment_type'\]",
    ),
    "provision's stripe_collection_method": (
        lambda c: c.customers.provision(
            name="A",
            ingest_aliases=["a"],
            billing_provider_type="stripe",
            billing_provider_customer_id="cus",
            stripe_collection_method="bogus",
        ),
        ValueError,
        "stripe_collection_method",
    ),
}


@pytest.mark.parametrize(("call", "error", "names"), BAD_ENUMS.values(), ids=BAD_ENUMS)
async def test_a_value_outside_an_enum_of_the_api_is_refused_before_sending(
    client: AsyncMetronome, fake: FakeMetronome, call: Call, error: type[Exception], names: str
) -> None:
    await _refused(client, fake, call, error, names)


async def test_every_collection_method_of_the_spec_is_accepted(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    customer = await client.customers.create(name="A")
    for method in (
        "charge_automatically",
        "send_invoice",
        "auto_charge_payment_intent",
        "manually_charge_payment_intent",
    ):
        await client.customers.set_billing_config(
            customer.id,
            billing_provider_type="stripe",
            billing_provider_customer_id="cus",
            stripe_collection_method=method,
        )
        config = await client.customers.retrieve_billing_config(customer.id, "stripe")
        assert config.stripe_collection_method == method


async def test_set_billing_provider_configurations_takes_every_provider_of_the_spec(
    client: AsyncMetronome,
) -> None:
    """Its ``billing_provider`` has the API's nine values, not the five of a configuration made with a
    customer or a contract."""
    customer = await client.customers.create(name="A")
    made = await client.customers.set_billing_provider_configurations(
        data=[{**PROVIDER, "customer_id": customer.id, "billing_provider": "custom"}]
    )
    assert [config.billing_provider for config in made] == ["custom"]


# ---------------------------------------------------------------------- the embedded Metronome's knobs


NOT_A_SETTING: dict[str, tuple[dict[str, Any], type[Exception]]] = {
    "latency nan": ({"latency": math.nan}, ValueError),
    "latency inf": ({"latency": math.inf}, ValueError),
    "latency negative": ({"latency": -1}, ValueError),
    "latency a string": ({"latency": "1"}, TypeError),
    "rate_limit nan": ({"rate_limit": math.nan}, ValueError),
    "rate_limit inf": ({"rate_limit": math.inf}, ValueError),
    "rate_limit negative": ({"rate_limit": -5}, ValueError),
    "rate_limit a bool": ({"rate_limit": True}, TypeError),
    "error_rate nan": ({"error_rate": math.nan}, ValueError),
    "error_rate inf": ({"error_rate": math.inf}, ValueError),
    "disconnect_rate nan": ({"disconnect_rate": math.nan}, ValueError),
    "disconnect_rate negative": ({"disconnect_rate": -0.5}, ValueError),
    "disconnect_rate a string": ({"disconnect_rate": "0.5"}, TypeError),
    "seed nan": ({"seed": math.nan}, TypeError),
}


@pytest.mark.parametrize(("setting", "error"), NOT_A_SETTING.values(), ids=NOT_A_SETTING)
def test_the_fake_refuses_a_fault_setting_that_is_not_a_finite_number(
    setting: dict[str, Any], error: type[Exception]
) -> None:
    [name] = setting
    with pytest.raises(error, match=name):
        FakeMetronome(**setting)
    fake = FakeMetronome(latency=0.01, rate_limit=50, error_rate=0.1, disconnect_rate=0.1, seed=1)
    before = fake.faults
    with pytest.raises(error, match=name):
        fake.configure(**setting)
    assert fake.faults == before, "a refused change leaves the settings as they were"


async def test_a_fake_with_finite_faults_still_answers() -> None:
    fake = FakeMetronome(latency=0.001, rate_limit=1000)
    async with fake, AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        await client.customers.create(name="A")
    assert fake.count("POST", "/v1/customers", status=200) == 1


@pytest.mark.parametrize(
    ("make", "names"),
    [
        (lambda: FakeMetronome(cursor_ttl=math.nan), "cursor_ttl"),
        (lambda: FakeMetronome(cursor_ttl=-1), "cursor_ttl"),
        (lambda: FakeMetronome(webhook_retry_delays=[1, math.inf]), r"webhook_retry_delays\[1\]"),
        (lambda: FakeMetronome(webhook_retry_delays=[math.nan]), r"webhook_retry_delays\[0\]"),
        (lambda: FakeMetronome().set_webhook(None, retry_delays=[math.inf]), r"retry_delays\[0\]"),
        (lambda: FakeMetronome().advance_clock(math.nan), "seconds"),
        (lambda: FakeMetronome().advance_clock(math.inf), "seconds"),
        (lambda: FakeMetronome().wait_for_webhooks_blocking(math.nan), "timeout"),
    ],
    ids=[
        "cursor_ttl nan",
        "cursor_ttl negative",
        "a retry delay of inf",
        "a retry delay of nan",
        "set_webhook retry delay of inf",
        "advance_clock nan",
        "advance_clock inf",
        "wait timeout nan",
    ],
)
def test_the_fake_refuses_other_settings_that_are_not_finite(make: Callable[[], Any], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        make()
