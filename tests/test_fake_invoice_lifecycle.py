"""The lifecycle of the embedded Metronome's usage invoices, by its clock: DRAFT from the period's start,
FINALIZED once after the period and the grace period (with `invoice.finalized`), untouched by late usage;
void and regenerate; what archiving and ending a contract do to them; edits change drafts at once. Over
loopback through the SDK's generated methods, then the whole flow through the blocking client and the
official SDK (strict)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import metronome
import pytest
from conftest import wire_problems
from test_fake_webhooks import receiver_for, serve

from metronome_async import AsyncMetronome, BadRequestError, Metronome, NotFoundError
from metronome_async.testing import FakeMetronome
from metronome_async.webhooks import InvoiceFinalized

UNKNOWN = "8b54fa40-6eeb-4368-b04b-90429cf3b6ad"
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
GRACE = 3600.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome(invoice_grace_period=GRACE, webhook_retry_delays=(0.01,)) as server:
        yield server
        problems = wire_problems(server.exchanges)
    assert not problems, "\n".join(problems)


@pytest.fixture
async def webhooks(fake: FakeMetronome) -> AsyncIterator[list[Any]]:
    """The events a receiver on loopback verified, in order."""
    fake.set_webhook("http://127.0.0.1:9/unused")
    receiver, seen = receiver_for(fake)
    async with serve(receiver.aiohttp_app()) as url:
        fake.set_webhook(url)
        yield seen


def first_of_month(moment: datetime, months_later: int = 0) -> datetime:
    years, month = divmod(moment.month - 1 + months_later, 12)
    return moment.replace(
        year=moment.year + years, month=month + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def until(fake: FakeMetronome, moment: datetime) -> float:
    """Seconds from the fake's now to `moment`."""
    return (moment - fake.now()).total_seconds()


class Billing:
    """A customer (alias "acme") on a monthly contract from this month's first, on a card pricing `call`
    events' `n` at 5 cents; a 300-cent credit on the contract."""

    def __init__(self, fake: FakeMetronome, client: AsyncMetronome) -> None:
        self.fake, self.client = fake, client
        self.start = first_of_month(fake.now())
        self.end = first_of_month(fake.now(), 1)  # of the current period
        self.events = 0

    async def setup(self, *, credit: float = 300, **contract: Any) -> Billing:
        client = self.client
        metric = await client.billable_metrics.create(
            name="Calls", aggregation_type="SUM", aggregation_key="n", property_filters=[{"name": "n"}]
        )
        self.product = await client.products.create(name="Calls", type="USAGE", billable_metric_id=metric)
        self.fixed = await client.products.create(name="Credits", type="FIXED")
        self.card = self.fake.create_rate_card("Standard")
        await client.rate_cards.rates.add(
            self.card,
            product_id=self.product,
            starting_at=self.start,
            entitled=True,
            rate_type="FLAT",
            price=5,
        )
        self.customer = (await client.customers.create(name="Acme", ingest_aliases=["acme"])).id
        credits = [self.credit(credit)] if credit else []
        self.contract = await client.contracts.create(
            self.customer, starting_at=self.start, rate_card_id=self.card, credits=credits, **contract
        )
        return self

    def credit(self, amount: float) -> dict[str, Any]:
        item = {"amount": amount, "starting_at": self.start, "ending_before": self.start + 400 * DAY}
        return {"product_id": self.fixed, "priority": 1, "access_schedule": {"schedule_items": [item]}}

    async def use(self, n: float, at: datetime | None = None) -> None:
        self.events += 1
        event = {
            "transaction_id": f"t{self.events}",
            "customer_id": "acme",
            "event_type": "call",
            "timestamp": (at or self.fake.now()).isoformat(),
            "properties": {"n": n},
        }
        await self.client.usage.ingest([event])

    async def invoices(self, **filters: Any) -> list[Any]:
        return [i async for i in self.client.customers.invoices.list(self.customer, **filters)]

    async def balance(self, mode: str | None = None) -> float:
        return (
            await self.client.contracts.get_net_balance(self.customer, invoice_inclusion_mode=mode)
        ).balance


async def test_a_draft_is_finalized_once_after_the_grace_period(
    fake: FakeMetronome, client: AsyncMetronome, webhooks: list[Any]
) -> None:
    billing = await Billing(fake, client).setup()
    await billing.use(100)  # 500 cents, 300 of them from the credit
    [draft] = await billing.invoices()
    assert (draft.status, draft.total, await billing.balance("FINALIZED")) == ("DRAFT", 200, 300)

    fake.advance_clock(until(fake, billing.end + timedelta(seconds=GRACE)) - 1)
    still, following = await billing.invoices()  # the next period has begun
    assert (still.id, still.status, following.status) == (draft.id, "DRAFT", "DRAFT")

    fake.advance_clock(1)
    await fake.wait_for_webhooks()
    final, following = await billing.invoices()
    assert (final.id, final.status, final.total, final.issued_at) == (draft.id, "FINALIZED", 200, billing.end)
    assert following.status == "DRAFT" and following.start_timestamp == billing.end
    [event] = webhooks
    assert isinstance(event, InvoiceFinalized)
    assert (event.invoice_id, event.customer_id) == (draft.id, billing.customer)
    assert event.invoice_finalized_date == fake.now().replace(
        microsecond=event.invoice_finalized_date.microsecond
    )
    assert await billing.balance("FINALIZED") == 0, "its deduction is final in the books"

    await billing.use(1000, billing.start + DAY)  # late usage of the finalized period
    fake.advance_clock(60)
    [unchanged, _] = await billing.invoices()
    assert unchanged.to_dict() == final.to_dict()
    await fake.wait_for_webhooks()
    assert len(webhooks) == 1, "finalized exactly once"


async def test_a_grace_period_of_zero_finalizes_at_the_periods_end() -> None:
    with pytest.raises(ValueError, match="invoice_grace_period"):
        FakeMetronome(invoice_grace_period=-1)
    async with (
        FakeMetronome(invoice_grace_period=0) as fake,
        AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client,
    ):
        billing = await Billing(fake, client).setup()
        fake.advance_clock(until(fake, billing.end))
        assert [i.status for i in await billing.invoices()] == ["FINALIZED", "DRAFT"]


async def test_a_request_finalizes_when_the_clock_moved_otherwise(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    billing = await Billing(fake, client).setup()
    fake._state.clock.advance(until(fake, billing.end) + GRACE)  # not through advance_clock
    assert [i.status for i in await billing.invoices()] == ["FINALIZED", "DRAFT"]


async def test_concurrent_requests_finalize_each_invoice_once(
    fake: FakeMetronome, client: AsyncMetronome, webhooks: list[Any]
) -> None:
    billing = await Billing(fake, client).setup()
    await billing.use(100)
    fake._state.clock.advance(until(fake, first_of_month(fake.now(), 3)) + GRACE)
    await asyncio.gather(*(billing.invoices() for _ in range(20)), *(billing.balance() for _ in range(5)))
    await fake.wait_for_webhooks()
    finalized = [i.id for i in await billing.invoices(status="FINALIZED")]
    assert len(finalized) == 3 and sorted(e.invoice_id for e in webhooks) == sorted(finalized)
    [credit] = [
        b
        async for b in client.contracts.list_balances(
            billing.customer, include_contract_balances=True, include_ledgers=True
        )
    ]
    deductions = [e for e in credit.to_dict()["ledger"] if e["type"] == "CREDIT_AUTOMATED_INVOICE_DEDUCTION"]
    assert [(e["amount"], e["invoice_id"]) for e in deductions] == [(-300, finalized[0])]


async def test_void_gives_back_and_regenerate_prices_afresh(
    fake: FakeMetronome, client: AsyncMetronome, webhooks: list[Any]
) -> None:
    billing = await Billing(fake, client).setup()
    await billing.use(40)
    [draft] = await billing.invoices()
    assert await billing.balance() == 100
    with pytest.raises(BadRequestError, match="only a void invoice can be regenerated"):
        await client.invoices.regenerate(draft.id)

    assert await client.invoices.void(draft.id) == draft.id
    [void] = await billing.invoices()
    assert (void.id, void.status) == (draft.id, "VOID")
    assert await billing.balance() == 300, "its deduction was given back"
    with pytest.raises(BadRequestError, match="already void"):
        await client.invoices.void(draft.id)
    await billing.use(20)  # a void invoice does not change
    assert (await client.customers.invoices.retrieve(billing.customer, draft.id)).to_dict() == void.to_dict()

    regenerated = await client.invoices.regenerate(draft.id)
    assert regenerated != draft.id
    again = await client.customers.invoices.retrieve(billing.customer, regenerated)
    assert (again.status, again.regenerated_from_invoice_id, again.subtotal, again.total) == (
        "DRAFT",
        draft.id,
        300,
        0,
    )
    assert await billing.balance() == 0
    with pytest.raises(BadRequestError, match=f"already regenerated, as {regenerated}"):
        await client.invoices.regenerate(draft.id)
    assert [(i.id, i.status) for i in await billing.invoices()] == [
        (draft.id, "VOID"),
        (regenerated, "DRAFT"),
    ]

    # A finalized invoice, voided and regenerated after its grace period: final at once.
    fake.advance_clock(until(fake, billing.end) + GRACE)
    await client.invoices.void(regenerated)
    newest = await client.invoices.regenerate(regenerated)
    await fake.wait_for_webhooks()
    final = await client.customers.invoices.retrieve(billing.customer, newest)
    assert (final.status, final.total) == ("FINALIZED", 0)
    assert [e.invoice_id for e in webhooks] == [regenerated, newest]

    with pytest.raises(NotFoundError):
        await client.invoices.void(UNKNOWN)
    with pytest.raises(NotFoundError):
        await client.invoices.regenerate(UNKNOWN)


async def test_archiving_a_customer_voids_every_invoice(fake: FakeMetronome, client: AsyncMetronome) -> None:
    billing = await Billing(fake, client).setup()
    await billing.use(10)
    fake.advance_clock(until(fake, billing.end) + GRACE)
    assert [i.status for i in await billing.invoices()] == ["FINALIZED", "DRAFT"]
    await client.customers.archive(billing.customer)
    assert [i.status for i in await billing.invoices()] == ["VOID", "VOID"]
    fake.advance_clock(until(fake, first_of_month(fake.now(), 1)))
    assert len(await billing.invoices()) == 2, "no invoices for an archived customer's later periods"


@pytest.mark.parametrize(
    ("void_invoices", "statuses"), [(False, ["FINALIZED", "VOID"]), (True, ["VOID", "VOID"])]
)
async def test_archiving_a_contract_voids_its_drafts_and_finalized_ones_if_asked(
    fake: FakeMetronome, client: AsyncMetronome, void_invoices: bool, statuses: list[str]
) -> None:
    billing = await Billing(fake, client).setup()
    await billing.use(10)
    fake.advance_clock(until(fake, billing.end) + GRACE)
    await client.contracts.archive(billing.customer, billing.contract, void_invoices=void_invoices)
    assert [i.status for i in await billing.invoices()] == statuses
    fake.advance_clock(until(fake, first_of_month(fake.now(), 1)))
    assert len(await billing.invoices()) == 2


async def test_ending_a_contract_truncates_its_draft_and_removes_later_periods(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    billing = await Billing(fake, client).setup()
    fake.advance_clock(until(fake, billing.end) + GRACE + DAY.total_seconds())
    await billing.use(10, billing.end + HOUR)
    first, second = await billing.invoices()
    assert (first.status, second.status, second.total) == ("FINALIZED", "DRAFT", 0)  # the credit pays

    with pytest.raises(BadRequestError, match=f"finalized invoice {first.id} bills until"):
        await client.contracts.update_end_date(
            billing.customer,
            billing.contract,
            ending_before=billing.end - DAY,
            allow_ending_before_finalized_invoice=False,
        )
    assert len(await billing.invoices()) == 2, "nothing changed"

    cut = (fake.now() + DAY).replace(minute=0, second=0, microsecond=0)
    await client.contracts.update_end_date(billing.customer, billing.contract, ending_before=cut)
    _, truncated = await billing.invoices()
    assert (truncated.id, truncated.status, truncated.end_timestamp, truncated.subtotal) == (
        second.id,
        "DRAFT",
        cut,
        50,
    )

    await client.contracts.update_end_date(
        billing.customer,
        billing.contract,
        ending_before=billing.start + DAY,
        allow_ending_before_finalized_invoice=True,
    )
    [only] = await billing.invoices()
    assert only.to_dict() == first.to_dict(), "the finalized invoice is unchanged; the later draft is gone"

    await client.contracts.update_end_date(billing.customer, billing.contract)  # open-ended again
    [_, reopened] = await billing.invoices()
    assert (reopened.status, reopened.start_timestamp, reopened.subtotal) == ("DRAFT", billing.end, 50)


async def test_an_edit_changes_the_draft_at_once_and_never_a_finalized_one(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    billing = await Billing(fake, client).setup(credit=0)
    await billing.use(100)
    fake.advance_clock(until(fake, billing.end) + GRACE)
    await billing.use(20)
    final, draft = await billing.invoices()
    assert (final.total, draft.total) == (500, 100)
    await client.contracts.edit(billing.customer, billing.contract, add_credits=[billing.credit(1000)])
    final_after, draft_after = await billing.invoices()
    assert final_after.to_dict() == final.to_dict()
    assert (draft_after.id, draft_after.total, [line.type for line in draft_after.line_items]) == (
        draft.id,
        0,
        ["usage", "applied_commit_or_credit"],
    )


async def test_contracts_from_a_package_and_the_composite_create_are_invoiced(
    fake: FakeMetronome, client: AsyncMetronome
) -> None:
    billing = await Billing(fake, client).setup()
    package = await client.packages.create(
        name="Weekly",
        rate_card_id=billing.card,
        usage_statement_schedule={"frequency": "WEEKLY", "day": "CONTRACT_START"},
    )
    made = await client.contracts.create(billing.customer, starting_at=billing.start, package_id=package)
    both = await client.customers.create_with_contract(
        customer={"name": "Both"}, contract={"starting_at": billing.start, "rate_card_id": billing.card}
    )
    weekly = await billing.invoices(contract_id=made)
    assert weekly and all(i.end_timestamp - i.start_timestamp <= 7 * DAY for i in weekly)
    [composite] = [i async for i in client.customers.invoices.list(both.customer_id)]
    assert composite.contract_id == both.contract_id


# ---------------------------------------------------------------------- the whole flow, blocking and official


def test_the_whole_flow_through_the_blocking_client() -> None:
    with (
        FakeMetronome(invoice_grace_period=GRACE, webhook_retry_delays=(0.01,)) as fake,
        Metronome(api_key=fake.api_key, base_url=fake.url) as client,
    ):
        received: list[dict[str, Any]] = []
        with _receiver(received) as url:
            fake.set_webhook(url)
            start, end = first_of_month(fake.now()), first_of_month(fake.now(), 1)
            metric = client.billable_metrics.create(name="Calls", aggregation_type="COUNT")
            product = client.products.create(name="Calls", type="USAGE", billable_metric_id=metric)
            fixed = client.products.create(name="Credits", type="FIXED")
            card = client.rate_cards.create(name="Standard")
            client.rate_cards.rates.add(
                card, product_id=product, starting_at=start, entitled=True, rate_type="FLAT", price=7
            )
            customer = client.customers.create(name="Acme", ingest_aliases=["acme"]).id
            contract = client.contracts.create(customer, starting_at=start, rate_card_id=card)
            item = {"amount": 10, "starting_at": start, "ending_before": end + 30 * DAY}
            client.contracts.edit(
                customer,
                contract,
                add_credits=[
                    {"product_id": fixed, "priority": 1, "access_schedule": {"schedule_items": [item]}}
                ],
            )
            now = fake.now().isoformat()
            client.usage.ingest(
                [
                    {"transaction_id": f"e{i}", "customer_id": "acme", "event_type": "call", "timestamp": now}
                    for i in range(3)
                ]
            )
            [draft] = client.customers.invoices.list(customer)
            assert (draft.status, draft.subtotal, draft.total) == ("DRAFT", 21, 11)
            assert [line.type for line in draft.line_items] == ["usage", "applied_commit_or_credit"]

            fake.advance_clock(until(fake, end) + GRACE)
            [final, _] = client.customers.invoices.list(customer)
            fake.wait_for_webhooks_blocking()
            assert (final.id, final.status) == (draft.id, "FINALIZED")
            assert [(e["type"], e["properties"]["invoice_id"]) for e in received] == [
                ("invoice.finalized", draft.id)
            ]

            client.invoices.void(final.id)
            regenerated = client.invoices.regenerate(final.id)
            again = client.customers.invoices.retrieve(customer, regenerated)
            assert (again.status, again.total, again.regenerated_from_invoice_id) == (
                "FINALIZED",
                11,
                final.id,
            )
            fake.wait_for_webhooks_blocking()
            assert [e["properties"]["invoice_id"] for e in received] == [draft.id, regenerated]
        problems = wire_problems(fake.exchanges)
    assert not problems, "\n".join(problems)


def _receiver(received: list[dict[str, Any]]) -> Any:
    """A plain HTTP receiver in a thread that records each JSON body (signatures are tested elsewhere)."""
    import contextlib
    import http.server
    import json
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    @contextlib.contextmanager
    def running() -> Iterator[str]:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            thread.join()

    return running()


def test_the_official_sdk_reads_invoices_strictly() -> None:
    with (
        FakeMetronome(invoice_grace_period=0) as fake,
        metronome.Metronome(
            bearer_token=fake.api_key, base_url=fake.url, max_retries=0, _strict_response_validation=True
        ) as official,
    ):
        v1 = official.v1
        start = datetime(2025, 1, 1, tzinfo=timezone.utc)
        metric = v1.billable_metrics.create(name="Calls", aggregation_type="COUNT").data.id
        product = v1.contracts.products.create(name="Calls", type="USAGE", billable_metric_id=metric).data.id
        fixed = v1.contracts.products.create(name="Credits", type="FIXED").data.id
        card = v1.contracts.rate_cards.create(name="Standard").data.id
        v1.contracts.rate_cards.rates.add(
            rate_card_id=card, product_id=product, starting_at=start, entitled=True, rate_type="FLAT", price=3
        )
        customer = v1.customers.create(name="Acme", ingest_aliases=["acme"]).data.id
        v1.usage.ingest(
            usage=[
                {
                    "transaction_id": "e1",
                    "customer_id": "acme",
                    "event_type": "call",
                    "timestamp": "2025-01-02T00:00:00Z",
                }
            ]
        )
        item = {"amount": 1, "starting_at": start, "ending_before": start + 400 * DAY}
        v1.contracts.create(
            customer_id=customer,
            starting_at=start,
            ending_before=start + 59 * DAY,
            rate_card_id=card,
            credits=[{"product_id": fixed, "access_schedule": {"schedule_items": [item]}}],
        )
        january, february = list(v1.customers.invoices.list(customer_id=customer))
        assert (january.status, january.total, february.total) == ("FINALIZED", 2, 0)
        one = v1.customers.invoices.retrieve(customer_id=customer, invoice_id=january.id).data
        assert [line.type for line in one.line_items] == ["usage", "applied_commit_or_credit"]
        [day] = list(
            v1.customers.invoices.list_breakdowns(
                customer_id=customer, starting_on=start + DAY, ending_before=start + 2 * DAY
            )
        )
        assert day.breakdown_start_timestamp == start + DAY and day.total == 3
        v1.invoices.void(id=january.id)
        assert v1.invoices.regenerate(id=january.id).data is not None
        problems = wire_problems(fake.exchanges)
    assert not problems, "\n".join(problems)


def test_threads_racing_past_the_grace_period_finalize_each_invoice_once() -> None:
    """The fake serves from its thread while other threads read through the API and the inspection methods."""
    from concurrent.futures import ThreadPoolExecutor

    with (
        FakeMetronome(invoice_grace_period=0, webhook_retry_delays=(0.01,)) as fake,
        Metronome(api_key=fake.api_key, base_url=fake.url) as client,
    ):
        received: list[dict[str, Any]] = []
        with _receiver(received) as url:
            fake.set_webhook(url)
            customer = client.customers.create(name="Acme").id
            start = first_of_month(fake.now())
            client.contracts.create(customer, starting_at=start)
            fake._state.clock.advance(until(fake, first_of_month(fake.now(), 2)))
            with ThreadPoolExecutor(8) as pool:
                reads = [
                    pool.submit(lambda: client.customers.invoices.list(customer).to_list()) for _ in range(8)
                ]
                reads += [pool.submit(fake.invoices, customer) for _ in range(8)]
                for read in reads:
                    read.result()
            fake.wait_for_webhooks_blocking()
            finalized = [i["id"] for i in fake.invoices(customer) if i["status"] == "FINALIZED"]
            assert len(finalized) == 2
            assert sorted(e["properties"]["invoice_id"] for e in received) == sorted(finalized)


async def test_a_contract_ended_in_the_past_has_its_last_invoice_finalized_at_once(
    fake: FakeMetronome, client: AsyncMetronome, webhooks: list[Any]
) -> None:
    billing = await Billing(fake, client).setup()
    fake.advance_clock(until(fake, billing.end) + 2 * DAY.total_seconds())
    await billing.use(10, billing.end + HOUR)
    await client.contracts.update_end_date(
        billing.customer, billing.contract, ending_before=billing.end + DAY
    )
    await fake.wait_for_webhooks()
    first, last = await billing.invoices()
    assert (last.status, last.end_timestamp, last.subtotal) == ("FINALIZED", billing.end + DAY, 50)
    assert [e.invoice_id for e in webhooks] == [first.id, last.id]
