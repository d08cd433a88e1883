"""The ``metronome-async`` command: ``demo`` runs the integration guide's scenarios; ``emulator`` serves the
embedded Metronome."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta, timezone

from metronome_async import AsyncMetronome, MetronomeError

__all__ = ["main"]


def _today_midnight_utc() -> datetime:
    return datetime.combine(datetime.now(timezone.utc).date(), time(0), tzinfo=timezone.utc)


async def run_demo(client: AsyncMetronome, plan_id: str, say: Callable[[str], None] = print) -> None:
    """The guide's three scenarios, narrated: provision a customer, page through customers, archive one."""
    suffix = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
    say("1. Provision a customer")
    customer = await client.customers.create(name="Acme Corp", ingest_aliases=[f"acme-{suffix}@example.com"])
    say(f"   created customer {customer.id} ({customer.name}), alias {customer.ingest_aliases[0]}")
    await client.customers.set_billing_config(
        customer.id, billing_provider_type="stripe", billing_provider_customer_id=f"cus_{suffix}"
    )
    say("   connected it to Stripe")
    start = _today_midnight_utc() - timedelta(days=30)
    customer_plan_id = await client.customers.plans.add(customer.id, plan_id=plan_id, starting_on=start)
    say(f"   put it on plan {plan_id} from {start:%Y-%m-%d} (customer plan {customer_plan_id})")

    say("2. Page through all customers")
    for i in range(4):
        await client.customers.create(name=f"Demo customer {i}", ingest_aliases=[f"demo-{i}-{suffix}"])
    page_number = total = 0
    async for page in client.customers.list(limit=2).pages():
        page_number += 1
        total += len(page.data)
        say(f"   page {page_number}: {', '.join(c.name for c in page.data)}")
    say(f"   {total} customers in {page_number} pages")

    say("3. Archive a churned customer")
    active = [p async for p in client.customers.plans.list(customer.id) if p.ending_before is None]
    for plan in active:
        await client.customers.plans.end(customer.id, plan.id, ending_before=_today_midnight_utc())
        say(f"   ended plan {plan.plan_name} ({plan.id})")
    await client.customers.archive(customer.id)
    still_active = [c.id async for c in client.customers.list() if c.id == customer.id]
    archived = [c.id async for c in client.customers.list(only_archived=True) if c.id == customer.id]
    if still_active or not archived:
        raise MetronomeError(f"customer {customer.id} is still in the active list after archiving")
    say(f"   archived {customer.id}: gone from the active list, listed with only_archived=True")


async def _demo(args: argparse.Namespace) -> None:
    if args.base_url:
        async with AsyncMetronome(api_key=args.api_key, base_url=args.base_url) as client:
            plan_id = args.plan_id
            async for plan in client.plans.list(limit=1):
                plan_id = plan_id or plan.id
                break
            if plan_id is None:
                raise MetronomeError("no plan to use: pass --plan-id")
            await run_demo(client, plan_id)
        return
    from metronome_async.testing import FakeMetronome

    async with FakeMetronome() as fake:
        print(f"Embedded Metronome at {fake.url}")
        plan_id = fake.create_plan(name="Pro", description="Usage-based Pro plan")
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            await run_demo(client, plan_id)
    print("Demo finished.")


async def _emulator(args: argparse.Namespace) -> None:
    from metronome_async.testing import FakeMetronome

    async with FakeMetronome(port=args.port, api_key=args.api_key) as fake:
        print(f"Metronome emulator at {fake.url}")
        print(f"API key: {fake.api_key}")
        for name in args.plan:
            print(f"Plan {name}: {fake.create_plan(name=name)}")
        print("Press Ctrl+C to stop.", flush=True)
        await asyncio.Event().wait()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="metronome-async", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the guide's scenarios (embedded Metronome by default)")
    demo.add_argument("--base-url", help="a real Metronome to run against instead (uses METRONOME_API_KEY)")
    demo.add_argument("--api-key", help="API key for --base-url (default: METRONOME_API_KEY)")
    demo.add_argument("--plan-id", help="plan to provision the demo customer on (with --base-url)")
    emulator = commands.add_parser("emulator", help="serve the embedded Metronome until interrupted")
    emulator.add_argument("--port", type=int, default=0, help="port to listen on (default: any free port)")
    emulator.add_argument("--api-key", help="API key to accept (default: a random one, printed)")
    emulator.add_argument(
        "--plan", action="append", default=[], metavar="NAME", help="create a plan at start (repeatable)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"demo": _demo, "emulator": _emulator}[args.command]
    try:
        asyncio.run(handler(args))
    except KeyboardInterrupt:
        return 130
    except (MetronomeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
