"""``metronome-async demo``: the integration guide's three scenarios, narrated, each with the SDK call that
does it; against the embedded Metronome unless ``--base-url`` names a real one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime, time, timedelta, timezone
from typing import Any

from metronome_async import ActivePlanError, AsyncMetronome, MetronomeError
from metronome_async.cli._common import Exit, add_connection_options, make_client

__all__ = ["register", "run_demo"]

Say = Callable[[str], None]


def _today_midnight_utc() -> datetime:
    return datetime.combine(datetime.now(timezone.utc).date(), time(0), tzinfo=timezone.utc)


async def run_demo(
    client: AsyncMetronome, plan_id: str, say: Say = print, *, plan_name: str = "", cleanup: bool = False
) -> None:
    """Provision a customer (twice, to show nothing is made twice), page through customers, archive one."""
    suffix = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
    alias = f"acme-{suffix}@example.com"
    start = _today_midnight_utc() - timedelta(days=30)

    say("1. Provision a customer")
    say("   > await client.customers.provision(name=..., ingest_aliases=[...], plan_id=..., starting_on=...,")
    say("         billing_provider_type=..., billing_provider_customer_id=...)")
    arguments: dict[str, Any] = {
        "name": "Acme Corp",
        "ingest_aliases": [alias],
        "billing_provider_type": "stripe",
        "billing_provider_customer_id": f"cus_{suffix}",
        "plan_id": plan_id,
        "starting_on": start,
    }
    result = await client.customers.provision(**arguments)
    say(f"   created customer {result.customer_id} (Acme Corp), ingest alias {alias}")
    say(f"   connected it to Stripe as cus_{suffix}")
    on_plan = plan_name or plan_id
    say(f"   put it on plan {on_plan} from {start:%Y-%m-%d} (customer plan {result.customer_plan_id})")
    again = await client.customers.provision(**arguments)
    if again.customer_id != result.customer_id or again.created:
        raise MetronomeError(f"provisioning {alias} again made another customer: {again.customer_id}")
    say("   called again, as a retry after a crash would: found the same customer, created nothing")

    say("")
    say("2. Page through all customers")
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

    say("")
    say("3. Archive a churned customer")
    say("   > await client.customers.archive_churned(customer_id)")
    try:
        await client.customers.archive_churned(result.customer_id)
    except ActivePlanError as refused:
        running = ", ".join(plan.plan_name for plan in refused.plans)
        say(f"   refused, nothing changed: ActivePlanError, plan {running} is still running")
    say("   > await client.customers.archive_churned(customer_id, end_plans=True)")
    report = await client.customers.archive_churned(result.customer_id, end_plans=True)
    for plan in report.open_plans:
        say(f"   ended plan {plan.plan_name} ({plan.id})")
    archived = [
        c.id async for c in client.customers.list(only_archived=True, customer_ids=[result.customer_id])
    ]
    if not archived:
        raise MetronomeError(f"customer {result.customer_id} is not listed as archived after archiving")
    say(f"   archived {result.customer_id}: gone from the active list, listed with only_archived=True")

    if cleanup:
        for customer_id in ids[1:]:
            await client.customers.archive(customer_id)
        say("   (cleanup) archived the 4 paging customers the demo created")


async def _plan_to_use(client: AsyncMetronome, plan_id: str | None) -> tuple[str, str]:
    if plan_id:
        return plan_id, ""
    async for plan in client.plans.list(limit=1):
        return plan.id, plan.name
    raise MetronomeError("this Metronome account has no plan to put the demo customer on: pass --plan-id")


async def _demo(args: argparse.Namespace) -> int:
    if args.base_url:
        async with make_client(args) as client:
            plan_id, plan_name = await _plan_to_use(client, args.plan_id)
            print(f"Running the demo against {client.base_url}: it creates 5 customers and archives them.")
            print()
            await run_demo(client, plan_id, plan_name=plan_name, cleanup=True)
        print("Demo finished.")
        return Exit.OK

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome() as fake:
        print(f"Embedded Metronome at {fake.url} (in this process: nothing leaves your machine)")
        plan_id = fake.create_plan(name="Pro", description="Usage-based Pro plan")
        print(f'Plan "Pro" seeded in the emulator: {plan_id}')
        print()
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            await run_demo(client, plan_id, plan_name="Pro")
    print()
    print("Demo finished. Next:")
    print("  metronome-async emulator --plan Pro      serve the embedded Metronome for your own code")
    print(
        "  metronome-async --help                   the other commands (customers, provision, archive, ...)"
    )
    print("  python examples/quickstart_async.py      the SDK in 30 lines")
    return Exit.OK


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="run the guide's scenarios, narrated (embedded Metronome by default)",
        description="Provision a customer, page through customers and archive a churned one, showing each "
        "SDK call. Runs against an embedded Metronome in this process unless --base-url is given: the demo "
        "never touches a real account unless you ask it to.",
    )
    add_connection_options(
        demo,
        base_url_help="run against this Metronome instead of the embedded one (creates 5 customers there "
        "and archives them); METRONOME_BASE_URL is deliberately ignored",
    )
    demo.add_argument(
        "--plan-id", help="with --base-url: the plan to put the demo customer on (default: the first)"
    )
    demo.set_defaults(handler=_demo)
