"""The embedded Metronome's audit log over loopback: every write it carries out (hand-written and generic
operations alike) is logged with the fake's clock, reads and refused requests are not; `GET /v1/auditLogs`
pages them oldest first, filters by date and resource, and its `next_page` tails the log. Every exchange
is checked against the official spec by the `fake` fixture."""

from __future__ import annotations

from datetime import timedelta

import pytest

from metronome_async import AsyncMetronome, BadRequestError
from metronome_async.testing import FakeMetronome
from metronome_async.testing._audit import is_write, resource_and_action

UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"


@pytest.mark.parametrize(
    ("method", "template", "expected"),
    [
        ("POST", "/v1/customers", ("customer", "create")),
        ("POST", "/v1/customers/{customer_id}/setName", ("customer", "set_name")),
        ("POST", "/v1/contract-pricing/rate-cards/addRate", ("rate_card", "add_rate")),
        ("PUT", "/v1/billable-metrics/{billable_metric_id}", ("billable_metric", "update")),
        (
            "POST",
            "/v1/setCustomerBillingProviderConfigurations",
            ("customer_billing_provider_configuration", "set"),
        ),
        (
            "DELETE",
            "/v1/customers/{customer_id}/billing-config/{billing_provider_type}",
            ("billing_config", "delete"),
        ),
        ("POST", "/v1/contracts/customerCommits/create", ("customer_commit", "create")),
    ],
)
def test_a_write_is_named_after_its_path(method: str, template: str, expected: tuple[str, str]) -> None:
    assert is_write(method, template) and resource_and_action(method, template) == expected


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("GET", "/v1/customers"),
        ("POST", "/v1/contract-pricing/products/get"),
        ("POST", "/v1/contract-pricing/rate-cards/getRates"),
        ("POST", "/v1/packages/listContractsOnPackage"),
        ("POST", "/v1/usage"),
        ("POST", "/v1/events/search"),
        ("POST", "/v1/ingest"),  # usage events are data, not a change to the account
    ],
)
def test_reads_and_ingestion_are_not_audited(method: str, template: str) -> None:
    assert not is_write(method, template)


async def test_every_write_is_logged_oldest_first(fake: FakeMetronome, client: AsyncMetronome) -> None:
    start = fake.now()
    customer = await client.customers.create(name="Acme")
    await client.customers.set_name(customer.id, name="Acme Inc")
    metric_id = await client.billable_metrics.create(name="Calls", aggregation_type="COUNT")
    alert_id = await client.alerts.create(alert_type="spend_threshold_reached", name="Spend", threshold=1)
    await client.customers.retrieve(customer.id)  # a read
    await client.products.list().to_list()  # a read sent as a POST
    with pytest.raises(BadRequestError):
        await client.products.create(name="Calls", type="USAGE")  # refused: nothing was done
    await client.usage.ingest(
        [{"transaction_id": "t", "customer_id": "acme", "event_type": "e", "timestamp": start.isoformat()}]
    )

    entries = [e async for e in client.audit_logs.list()]
    assert [(e.resource_type, e.action, e.resource_id) for e in entries] == [
        ("customer", "create", customer.id),
        ("customer", "set_name", customer.id),
        ("billable_metric", "create", metric_id),
        ("alert", "create", alert_id),
    ]
    first = entries[0]
    assert first.status == "success" and first.description == "POST /v1/customers"
    assert start <= first.timestamp <= fake.now()
    assert first.request.id and first.request.ip == "127.0.0.1" and first.request.user_agent
    assert first.actor is not None and first.actor.name == "API token"
    assert len({e.id for e in entries}) == 4 and len({e.request.id for e in entries}) == 4


async def test_the_log_is_filtered_by_date_and_resource(fake: FakeMetronome, client: AsyncMetronome) -> None:
    first = await client.customers.create(name="First")
    fake.advance_clock(3600)
    middle = fake.now()
    second = await client.customers.create(name="Second")
    await client.customers.set_name(first.id, name="First Inc")
    fake.advance_clock(3600)
    last = await client.customers.create(name="Last")

    async def ids(**query: object) -> list[str | None]:
        return [e.resource_id async for e in client.audit_logs.list(**query)]  # type: ignore[arg-type]

    assert await ids(starting_on=middle) == [second.id, first.id, last.id]
    assert await ids(starting_on=middle, ending_before=middle + timedelta(minutes=30)) == [
        second.id,
        first.id,
    ]
    assert await ids(resource_type="customer", resource_id=first.id) == [first.id, first.id]
    assert await ids(sort="date_desc", limit=2) == [last.id, first.id, second.id, first.id]
    with pytest.raises(BadRequestError, match="resource_type: give it with resource_id, or neither"):
        await ids(resource_type="customer")


async def test_next_page_tails_the_log(fake: FakeMetronome, client: AsyncMetronome) -> None:
    """A page's next_page points after its last entry: kept, it reads only what was logged since (the
    API's advice for continuous retrieval); with nothing new, the page is empty and next_page null."""
    for name in ("A", "B", "C"):
        await client.customers.create(name=name)
    page = await client.request("GET", "/v1/auditLogs", query={"limit": 2})
    assert len(page["data"]) == 2 and page["next_page"]
    rest = await client.request("GET", "/v1/auditLogs", query={"next_page": page["next_page"]})
    assert len(rest["data"]) == 1 and rest["next_page"]
    tail = rest["next_page"]
    assert await client.request("GET", "/v1/auditLogs", query={"next_page": tail}) == {
        "data": [],
        "next_page": None,
    }
    await client.customers.create(name="D")
    news = await client.request("GET", "/v1/auditLogs", query={"next_page": tail})
    assert [e["resource_type"] for e in news["data"]] == ["customer"]
    fake.advance_clock(86400)  # tokens do not expire: a tail may be polled rarely
    assert (await client.request("GET", "/v1/auditLogs", query={"next_page": tail}))["data"] == news["data"]

    later = {"next_page": tail, "starting_on": "2999-01-01T00:00:00Z"}  # the token's own filters hold
    assert (await client.request("GET", "/v1/auditLogs", query=later))["data"] == news["data"]
    with pytest.raises(BadRequestError, match="next_page: invalid cursor"):
        await client.request("GET", "/v1/auditLogs", query={"next_page": "forged"})


async def test_a_replayed_request_is_logged_once(fake: FakeMetronome, client: AsyncMetronome) -> None:
    await client.billable_metrics.create(name="Calls", aggregation_type="COUNT", idempotency_key="once")
    await client.billable_metrics.create(name="Calls", aggregation_type="COUNT", idempotency_key="once")
    assert fake.count("POST", "/v1/billable-metrics/create") == 2
    assert [e.action async for e in client.audit_logs.list()] == ["create"]
