"""Provision many customers at once, resumably: ``customers.provision_many`` with a journal.

    python examples/bulk_provision.py [COUNT]

Every item is checked before the first request; items run concurrently under the client's max_concurrency;
a 429 slows the whole job down and success lets it speed up again; one item's failure never stops the others.
With a journal file, rerunning after a failure or a crash (even kill -9) resumes where the last run stopped
and never makes a customer twice: the second run below finds everything done.

Against METRONOME_BASE_URL / METRONOME_API_KEY when set (plan: METRONOME_PLAN_ID); otherwise against the
embedded Metronome, started with a rate limit so that you see the job adapt to 429s.
The same job from the command line: metronome-async provision customers.csv
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from metronome_async import AsyncMetronome, ItemOutcome


def items(count: int, plan_id: str) -> list[dict[str, object]]:
    run = uuid.uuid4().hex[:6]
    return [
        {
            "name": f"Customer {i}",
            "ingest_aliases": [f"bulk-{run}-{i}@example.com"],  # the first alias identifies the customer
            "billing_provider_type": "stripe",
            "billing_provider_customer_id": f"cus_{run}_{i}",
            "plan_id": plan_id,
            "starting_on": "2025-01-01T00:00:00Z",  # plan dates are midnight UTC
        }
        for i in range(count)
    ]


FIRST: list[ItemOutcome] = []  # the first item's outcome, as the job reports it (the report keeps totals)


def progress(outcome: ItemOutcome, done: int, total: int | None) -> None:
    if outcome.index == 0:
        FIRST[:] = [outcome]
    if outcome.status == "failed":
        print(f"  {outcome.key} failed: {outcome.error}")
    if total is not None and (done % max(total // 4, 1) == 0 or done == total):
        print(f"  {done}/{total} done")


async def provision(client: AsyncMetronome, plan_id: str, count: int) -> None:
    batch = items(count, plan_id)
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "provisioning.sqlite"
        for attempt in ("First run", "Rerun with the same journal"):
            print(f"{attempt}:")
            started = time.perf_counter()
            report = await client.customers.provision_many(batch, journal=journal, on_progress=progress)
            print(f"  {report} in {time.perf_counter() - started:.1f}s")
            for outcome in report.failures:
                print(f"  {outcome.key}: {outcome.error}")
    [first] = FIRST
    print(f"Customer {first.key} is {first.customer_id}, on customer plan {first.customer_plan_id}")


async def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if os.environ.get("METRONOME_BASE_URL"):
        plan_id = os.environ.get("METRONOME_PLAN_ID")
        if not plan_id:
            raise SystemExit("set METRONOME_PLAN_ID to the plan to put the customers on")
        async with AsyncMetronome(max_concurrency=16) as client:
            await provision(client, plan_id, count)
        return

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome(rate_limit=150) as fake:  # answers 429 beyond 150 requests a second
        print(f"Using the embedded Metronome at {fake.url}, limited to 150 requests/s")
        plan_id = fake.create_plan(name="Pro")
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_concurrency=32) as client:
            await provision(client, plan_id, count)
        limited = sum(1 for exchange in list(fake.exchanges) if exchange.status == 429)
        print(f"The embedded Metronome answered 429 to {limited} requests; none was lost")
        print(f"It holds {len(fake.customers())} customers: none made twice")


if __name__ == "__main__":
    asyncio.run(main())
