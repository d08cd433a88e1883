"""``metronome-async demo``: the integration guide's three scenarios on contracts (the current lifecycle),
then the deprecated Plans path, narrated, each with the SDK call that does it; against the embedded
Metronome unless ``--base-url`` names a real one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from metronome_async import ActivePlanError, AsyncMetronome, MetronomeError
from metronome_async._core import validate as check
from metronome_async.cli._common import Exit, accepted_by, add_connection_options, make_client
from metronome_async.cli._invocation import NAME, invocation
from metronome_async.cli._lifecycle import run_lifecycle

if TYPE_CHECKING:
    from metronome_async.testing import FakeMetronome

__all__ = ["register", "run_demo"]

Say = Callable[[str], None]


class _Steps:
    """Numbers the demo's steps as they come."""

    def __init__(self, say: Say) -> None:
        self.say = say
        self.number = 0

    def __call__(self, title: str) -> None:
        if self.number:
            self.say("")
        self.number += 1
        self.say(f"{self.number}. {title}")


async def run_demo(
    client: AsyncMetronome,
    rate_card_id: str,
    plan_id: str | None,
    say: Say = print,
    *,
    fake: FakeMetronome | None = None,
    rate_card_name: str = "",
    plan_name: str = "",
    cleanup: bool = False,
) -> None:
    """Provision a customer on a contract (twice, to show nothing is made twice), page through customers;
    on the embedded Metronome (``fake``), the money side (a package, a trial credit, usage on a draft
    invoice, an edit, offboarding, the clock, the finalized invoice and its webhook); archive a customer
    made by mistake; then the deprecated Plans path when there is a plan."""
    suffix = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
    alias = f"acme-{suffix}@example.com"
    start = check.today_at_midnight_utc() - timedelta(days=30)
    step = _Steps(say)

    step("Provision a customer on a contract")
    say("   > await client.customers.provision(name=..., ingest_aliases=[...],")
    say("         billing_provider_type='stripe', billing_provider_customer_id=...,")
    say("         contract={'rate_card_id': ..., 'starting_at': ...})")
    arguments: dict[str, Any] = {
        "name": "Acme Corp",
        "ingest_aliases": [alias],
        "billing_provider_type": "stripe",
        "billing_provider_customer_id": f"cus_{suffix}",
        "contract": {"rate_card_id": rate_card_id, "starting_at": start},
    }
    result = await client.customers.provision(**arguments)
    say(f"   created customer {result.customer_id} (Acme Corp), ingest alias {alias}")
    [config] = await client.customers.retrieve_billing_provider_configurations(result.customer_id)
    say(f"   gave it a Stripe billing provider configuration for cus_{suffix} ({config.id})")
    on_card = rate_card_name or rate_card_id
    say(f"   put it on a contract on rate card {on_card} from {start:%Y-%m-%d} ({result.contract_id})")
    again = await client.customers.provision(**arguments)
    if again.customer_id != result.customer_id or again.created or again.contract_id != result.contract_id:
        raise MetronomeError(f"provisioning {alias} again made another customer or contract: {again}")
    say("   called again, as a retry after a crash would: found the same customer and contract, made nothing")

    step("Page through all customers")
    ids = [result.customer_id]
    for i in range(4):
        customer = await client.customers.create(
            name=f"Demo customer {i}", ingest_aliases=[f"demo-{i}-{suffix}"]
        )
        ids.append(customer.id)
    say(f"   created 4 more customers; listing the demo's {len(ids)} customers two per page:")
    say("   > async for page in client.customers.list(limit=2, customer_ids=ids).pages(): ...")
    page_number = total = 0
    async for page in client.customers.list(limit=2, customer_ids=ids).pages():
        page_number += 1
        total += len(page.data)
        say(f"   page {page_number}: {', '.join(c.name for c in page.data)}")
    say(
        f"   {total} customers in {page_number} pages (`async for c in client.customers.list()` streams them)"
    )

    if fake is not None:
        await run_lifecycle(client, fake, rate_card_id, say, step)

    step("Archive a customer made by mistake (a churned one is offboarded instead)")
    await _churn(client, result.customer_id, "end_contracts", say)

    if plan_id is not None:
        step("The legacy path: Plans (deprecated by Metronome; for accounts that still use them)")
        say("   > await client.customers.provision(name=..., ingest_aliases=[...], plan_id=...,")
        say("         starting_on=...)")
        legacy = await client.customers.provision(
            name="Legacy Corp",
            ingest_aliases=[f"legacy-{suffix}@example.com"],
            plan_id=plan_id,
            starting_on=start,
        )
        say(
            f"   created customer {legacy.customer_id} on plan {plan_name or plan_id} "
            f"(customer plan {legacy.customer_plan_id})"
        )
        await _churn(client, legacy.customer_id, "end_plans", say)

    if cleanup:
        for customer_id in ids[1:]:
            await client.customers.archive(customer_id)
        say("   (cleanup) archived the 4 paging customers the demo created")


async def _churn(client: AsyncMetronome, customer_id: str, switch: str, say: Say) -> None:
    """archive_churned refused while something runs, then with ``switch`` (end_contracts or end_plans) and
    ``void_invoices`` (the customer was made by mistake: its invoices are voided with it)."""
    say("   > await client.customers.archive_churned(customer_id)")
    try:
        await client.customers.archive_churned(customer_id)
    except ActivePlanError as refused:
        running = [f"plan {plan.plan_name}" for plan in refused.plans]
        running += [f"contract {contract.id}" for contract in refused.contracts]
        say(f"   refused, nothing changed: ActivePlanError, {', '.join(running)} still running")
    say(f"   > await client.customers.archive_churned(customer_id, {switch}=True, void_invoices=True)")
    report = await client.customers.archive_churned(customer_id, **{switch: True}, void_invoices=True)
    for plan in report.open_plans:
        say(f"   ended plan {plan.plan_name} ({plan.id})")
    for contract in report.open_contracts:
        say(f"   ended contract {contract.id} (update_end_date)")
    for invoice in report.invoices:
        say(f"   voided invoice {invoice.id} ({invoice.status}, total {invoice.total:g}) with it")
    archived = [c.id async for c in client.customers.list(only_archived=True, customer_ids=[customer_id])]
    if not archived:
        raise MetronomeError(f"customer {customer_id} is not listed as archived after archiving")
    say(f"   archived {customer_id}: gone from the active list, listed with only_archived=True")


async def _rate_card_to_use(client: AsyncMetronome, rate_card_id: str | None) -> tuple[str, str]:
    if rate_card_id:
        return rate_card_id, ""
    async for card in client.rate_cards.list(limit=1):
        return card.id, card.name
    raise MetronomeError(
        "this Metronome account has no rate card for the demo's contract: pass --rate-card-id"
    )


async def _plan_to_use(client: AsyncMetronome, plan_id: str | None) -> tuple[str | None, str]:
    if plan_id:
        return plan_id, ""
    async for plan in client.plans.list(limit=1):
        return plan.id, plan.name
    return None, ""  # no plans: the legacy scenario is skipped


async def _demo(args: argparse.Namespace) -> int:
    if args.base_url:
        async with make_client(args) as client:
            rate_card_id, rate_card_name = await _rate_card_to_use(client, args.rate_card_id)
            plan_id, plan_name = await _plan_to_use(client, args.plan_id)
            print(f"Running the demo against {client.base_url}: it creates customers and archives them.")
            print()
            await run_demo(
                client,
                rate_card_id,
                plan_id,
                rate_card_name=rate_card_name,
                plan_name=plan_name,
                cleanup=True,
            )
        print("Demo finished.")
        return Exit.OK

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome() as fake:
        print(f"Embedded Metronome at {fake.url} (in this process: nothing leaves your machine)")
        rate_card_id = fake.create_rate_card(name="Standard", aliases=["standard"])
        print(f'Rate card "Standard" seeded in the emulator: {rate_card_id}')
        plan_id = fake.create_plan(name="Pro", description="Usage-based Pro plan")
        print(f'Plan "Pro" seeded in the emulator (for the legacy Plans path): {plan_id}')
        print()
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            await run_demo(
                client, rate_card_id, plan_id, fake=fake, rate_card_name="Standard", plan_name="Pro"
            )
    print()
    print("Demo finished. Next:")
    for hint in _next_steps():
        print(hint)
    return Exit.OK


def _next_steps() -> list[str]:
    """What to try next, as commands this shell can run (the venv activated first when it must be) and
    nothing that only a source checkout has."""
    run = invocation()
    steps = [
        (f"{run.command} emulator --rate-card Standard", "serve the embedded Metronome for your code"),
        (f"{run.command} --help", "the other commands (provision, archive, ...)"),
        ("the README's Quickstart", "the SDK in 20 lines: a customer on a contract, then a listing"),
    ]
    if run.setup is not None:
        steps.insert(0, (run.setup, f"first, to put {NAME} on this shell's PATH"))
    width = max(len(command) for command, _ in steps) + 3
    return [f"  {command:<{width}}{what}" for command, what in steps]


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="run the guide's scenarios, narrated (embedded Metronome by default)",
        description="Provision a customer on a contract and page through customers; on the embedded "
        "Metronome, the money side (a package, a trial credit, usage on a draft invoice, an edit, "
        "offboarding, the clock, the finalized invoice and its webhook); archive a customer made by mistake; "
        "then the deprecated Plans path, showing each SDK call. Runs against an embedded "
        "Metronome in this process unless --base-url is given: the demo never touches a real account unless "
        "you ask it to.",
    )
    add_connection_options(
        demo,
        base_url_help="run against this Metronome instead of the embedded one (creates customers there "
        "and archives them); METRONOME_BASE_URL is deliberately ignored",
    )
    demo.add_argument(
        "--rate-card-id",
        type=accepted_by(check.text),
        help="with --base-url: the rate card of the demo's contract (default: the first)",
    )
    demo.add_argument(
        "--plan-id",
        type=accepted_by(check.text),
        help="with --base-url: the plan of the legacy scenario (default: the first; none: skipped)",
    )
    demo.set_defaults(handler=_demo)
