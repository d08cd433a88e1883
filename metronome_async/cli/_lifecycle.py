"""The demo's money side, on the embedded Metronome (it moves its own clock): a price list and a package, a
customer provisioned on it with a trial credit, usage priced on a draft invoice, a contract edit, offboarding
at the period's end, the clock past it and the grace period, the finalized invoice and its webhook, and why
the customer is then kept rather than archived."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from metronome_async import AsyncMetronome, MetronomeError, OpenInvoicesError
from metronome_async.models import Invoice
from metronome_async.webhooks import InvoiceFinalized, WebhookReceiver

if TYPE_CHECKING:
    from metronome_async.testing import FakeMetronome

__all__ = ["run_lifecycle"]

Say = Callable[[str], None]
CALLS = 1500
PRICE = 2  # cents per API call: prices are in the rate card's credit type, USD cents by default
TRIAL = 1000  # cents
GRACE = timedelta(hours=24)  # Metronome's: a draft is finalized this long after its period ends


def _dollars(cents: float) -> str:
    return f"${cents / 100:,.2f}"


def _month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(moment: datetime) -> datetime:
    return _month_start(_month_start(moment) + timedelta(days=32))


def _invoice_lines(invoice: Invoice, say: Say) -> None:
    for line in invoice.line_items:
        quantity = "" if line.quantity is None else f" x {line.quantity:g}"
        say(f"     {line.name}{quantity}: {_dollars(line.total)}")
    say(f"     total {_dollars(invoice.total)} ({invoice.status})")


async def run_lifecycle(
    client: AsyncMetronome, fake: FakeMetronome, rate_card_id: str, say: Say, step: Say
) -> None:
    """The scenario, each part introduced by ``step`` (which numbers it) and narrated by ``say``."""
    suffix = uuid.uuid4().hex[:8]
    now = fake.now()
    start, period_end = _month_start(now), _next_month(now)

    step("A price list: API calls at 2 cents each, and a package that contracts are made from")
    say("   > await client.billable_metrics.create(name='API calls', aggregation_type='COUNT',")
    say("         event_type_filter={'in_values': ['api_call']})")
    metric_id = await client.billable_metrics.create(
        name="API calls", aggregation_type="COUNT", event_type_filter={"in_values": ["api_call"]}
    )
    say("   > await client.products.create(name='API calls', type='USAGE', billable_metric_id=...)")
    product_id = await client.products.create(name="API calls", type="USAGE", billable_metric_id=metric_id)
    say(
        "   > await client.rate_cards.rates.add(rate_card_id, product_id=..., rate_type='FLAT', price=2, ...)"
    )
    await client.rate_cards.rates.add(
        rate_card_id, product_id=product_id, starting_at=start, entitled=True, rate_type="FLAT", price=PRICE
    )
    say("   > await client.packages.create(name='Startup', aliases=[{'name': 'startup'}], rate_card_id=...)")
    await client.packages.create(name="Startup", aliases=[{"name": "startup"}], rate_card_id=rate_card_id)
    credit_product = await client.products.create(name="Trial credit", type="FIXED")

    step("A customer on the package, with a trial credit, in one call (safe to repeat, as before)")
    say("   > await client.customers.provision(name=..., ingest_aliases=[...],")
    say("         contract={'package_alias': 'startup', 'starting_at': ...},")
    say("         credits=[{'product_id': ..., 'priority': 1, 'access_schedule': ...}])")
    alias = f"globex-{suffix}@example.com"
    trial = {
        "product_id": credit_product,
        "priority": 1,
        "name": "Trial credit",
        "access_schedule": {
            "schedule_items": [{"amount": TRIAL, "starting_at": start, "ending_before": period_end}]
        },
    }
    result = await client.customers.provision(
        name="Globex",
        ingest_aliases=[alias],
        contract={"package_alias": "startup", "starting_at": start},
        credits=[trial],
    )
    customer_id, contract_id = result.customer_id, result.contract_id
    assert contract_id is not None
    say(f"   customer {customer_id} on contract {contract_id} from {start:%Y-%m-%d}")
    say(f"   with a {_dollars(TRIAL)} trial credit ({result.credit_ids[0]})")

    step(f"Usage: {CALLS:,} API calls, priced on the month's draft invoice, the trial credit applied")
    say("   > await client.usage.ingest(events)")
    at = now - timedelta(minutes=5)
    events = [
        {"transaction_id": f"{suffix}-{n}", "customer_id": alias, "event_type": "api_call", "timestamp": at}
        for n in range(CALLS)
    ]
    report = await client.usage.ingest(events)
    say(f"   {report}")
    say("   > await client.customers.invoices.list(customer_id, status='DRAFT')")
    draft = await _the_invoice(client, customer_id, "DRAFT")
    _invoice_lines(draft, say)

    step("A contract edit: a $15.00 prepaid commit; the draft changes at once (finalized ones never do)")
    say("   > await client.contracts.edit(customer_id, contract_id, add_commits=[{'type': 'PREPAID', ...}])")
    commit = {**trial, "type": "PREPAID", "name": "Prepaid commit", "priority": 2}
    commit["access_schedule"] = {
        "schedule_items": [{"amount": 1500, "starting_at": start, "ending_before": period_end}]
    }
    await client.contracts.edit(customer_id, contract_id, add_commits=[commit])
    _invoice_lines(await _the_invoice(client, customer_id, "DRAFT"), say)

    step(f"The customer leaves: offboard at the end of the month ({period_end:%Y-%m-%d})")
    say("   > await client.customers.offboard(customer_id, ending_before=...)")
    offboarded = await client.customers.offboard(customer_id, ending_before=period_end)
    say(f"   ended contract(s) {', '.join(offboarded.ended_contracts)}; archived nothing")
    for invoice in offboarded.open_invoices:
        say(f"   still to come: invoice {invoice.id}, {invoice.status}, {_dollars(invoice.total)}")
    for item in offboarded.balances:
        say(f"   balance left: {item.name or item.id}, {_dollars(item.balance or 0)}")

    step("The clock passes the period's end and the 24-hour grace: the invoice is finalized, and")
    say("   invoice.finalized reaches your webhook endpoint, verified by WebhookReceiver")
    received: list[InvoiceFinalized] = []
    receiver = WebhookReceiver(secret="demo-" + suffix)

    @receiver.on("invoice.finalized")
    async def finalized(event: InvoiceFinalized) -> None:
        if event.customer_id == customer_id:
            received.append(event)

    from aiohttp import web  # the demo's webhook endpoint: loaded only when the demo runs

    runner = web.AppRunner(receiver.aiohttp_app(path="/webhooks"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        fake.set_webhook(f"http://127.0.0.1:{port}/webhooks", secret="demo-" + suffix)
        say("   > fake.advance_clock(seconds)   (FakeMetronome only: the real clock is the real one)")
        fake.advance_clock((period_end + GRACE - fake.now()).total_seconds() + 60)
        final = await _the_invoice(client, customer_id, "FINALIZED")
        await fake.wait_for_webhooks()
    finally:
        fake.set_webhook(None)
        await runner.cleanup()
    _invoice_lines(final, say)
    for event in received:
        say(f"   webhook: invoice.finalized for invoice {event.invoice_id} (signature verified)")
    if not received:
        raise MetronomeError("the invoice.finalized webhook did not arrive")

    step("Archive? Archiving voids every invoice of the customer, the finalized one too:")
    say("   > await client.customers.archive_churned(customer_id, end_contracts=True)")
    try:
        await client.customers.archive_churned(customer_id, end_contracts=True)
    except OpenInvoicesError as refused:
        say(f"   refused: OpenInvoicesError, {len(refused.invoices)} invoice(s) would be voided.")
    else:
        raise MetronomeError("archive_churned archived a customer whose invoice it would void")
    say("   The offboarded customer stays, ended and billed; archive only a customer made by mistake.")


async def _the_invoice(client: AsyncMetronome, customer_id: str, status: str) -> Invoice:
    invoices = await client.customers.invoices.list(customer_id, status=status).to_list()
    if len(invoices) != 1:
        raise MetronomeError(f"expected one {status} invoice, found {len(invoices)}")
    return invoices[0]
