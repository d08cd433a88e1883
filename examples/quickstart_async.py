"""Quickstart, async: create a customer, connect it to Stripe, put it on a plan, list customers.

    python examples/quickstart_async.py

With METRONOME_BASE_URL and METRONOME_API_KEY set, it runs against that Metronome (and METRONOME_PLAN_ID, else
the account's first plan); otherwise it starts the embedded Metronome in this process, so it runs anywhere.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import datetime, timezone

from metronome_async import AsyncMetronome, ConflictError


async def quickstart(client: AsyncMetronome, plan_id: str) -> None:
    alias = f"acme-{uuid.uuid4().hex[:8]}@example.com"  # ingest aliases are unique in an account

    customer = await client.customers.create(name="Acme Corp", ingest_aliases=[alias])
    print(f"Created customer {customer.id} ({customer.name})")

    await client.customers.set_billing_config(
        customer.id, billing_provider_type="stripe", billing_provider_customer_id="cus_demo123"
    )
    print("Connected it to Stripe")

    first_of_month = datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    customer_plan_id = await client.customers.plans.add(
        customer.id, plan_id=plan_id, starting_on=first_of_month
    )
    print(f"Put it on plan {plan_id} from {first_of_month:%Y-%m-%d} (customer plan {customer_plan_id})")

    try:
        await client.customers.create(name="Acme again", ingest_aliases=[alias])
    except ConflictError as error:  # every error derives from metronome_async.MetronomeError
        print(f"A second customer with the same alias is refused: {error.status_code}")

    count = 0
    async for listed in client.customers.list():  # follows next_page to the end, one page in memory
        count += 1
        if listed.id == customer.id:
            print(f"Listed: {listed.name}, aliases {', '.join(listed.ingest_aliases)}")
    print(f"{count} customer(s) in the account")


async def main() -> None:
    if os.environ.get("METRONOME_BASE_URL"):
        async with AsyncMetronome() as client:  # METRONOME_API_KEY and METRONOME_BASE_URL
            plan_id = os.environ.get("METRONOME_PLAN_ID")
            async for plan in client.plans.list(limit=1):
                plan_id = plan_id or plan.id
            if not plan_id:
                raise SystemExit("no plan in this account: set METRONOME_PLAN_ID")
            await quickstart(client, plan_id)
        return

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome() as fake:  # a real HTTP server on 127.0.0.1, state in memory
        print(f"Using the embedded Metronome at {fake.url}")
        plan_id = fake.create_plan(name="Pro")
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            await quickstart(client, plan_id)


if __name__ == "__main__":
    asyncio.run(main())
