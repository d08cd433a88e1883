"""Provision many customers at once, resumably: ``customers.provision_many`` with a journal.

    python examples/bulk_provision.py [COUNT]      # COUNT customers, 200 by default

Every item is checked before the first request; items run concurrently under the client's max_concurrency;
a 429 slows the whole job down and success lets it speed up again; one item's failure never stops the others.
With a journal file, rerunning after a failure or a crash (even kill -9) resumes where the last run stopped
and never makes a customer twice: the second run below finds everything done.

Each customer gets a Stripe billing provider and a contract on a rate card. Against METRONOME_BASE_URL /
METRONOME_API_KEY when set (rate card: METRONOME_RATE_CARD_ID, else the account's first); otherwise against
the embedded Metronome, started with a rate limit so that you see the job adapt to 429s.
The same job from the command line: metronome-async provision customers.csv
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from metronome_async import AsyncMetronome, ItemOutcome

STARTING_AT = datetime(2025, 1, 1, tzinfo=timezone.utc)


def items(count: int, rate_card_id: str) -> list[dict[str, object]]:
    run = uuid.uuid4().hex[:6]
    return [
        {
            "name": f"Customer {i}",
            "ingest_aliases": [f"bulk-{run}-{i}@example.com"],  # the first alias identifies the customer
            "billing_provider_type": "stripe",
            "billing_provider_customer_id": f"cus_{run}_{i}",
            "contract": {"rate_card_id": rate_card_id, "starting_at": STARTING_AT},
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


async def provision(client: AsyncMetronome, rate_card_id: str, count: int) -> None:
    batch = items(count, rate_card_id)
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
    print(f"Customer {first.key} is {first.customer_id}, on contract {first.contract_id}")


def customer_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of customers, got {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected 1 customer or more, got {count}")
    return count


async def main(count: int) -> None:
    if os.environ.get("METRONOME_BASE_URL"):
        async with AsyncMetronome(max_concurrency=16) as client:
            rate_card_id = os.environ.get("METRONOME_RATE_CARD_ID")
            async for card in client.rate_cards.list(limit=1):
                rate_card_id = rate_card_id or card.id
            if not rate_card_id:
                raise SystemExit("no rate card in this account: create one, or set METRONOME_RATE_CARD_ID")
            await provision(client, rate_card_id, count)
        return

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome(rate_limit=150) as fake:  # answers 429 beyond 150 requests a second
        print(f"Using the embedded Metronome at {fake.url}, limited to 150 requests/s")
        rate_card_id = fake.create_rate_card(name="Standard")
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_concurrency=32) as client:
            await provision(client, rate_card_id, count)
        limited = sum(1 for exchange in list(fake.exchanges) if exchange.status == 429)
        print(f"The embedded Metronome answered 429 to {limited} requests; none was lost")
        customers = fake.customers()  # the stored customers, as dicts in the API's JSON form
        contracts = fake.contracts()
        print(f"It holds {len(customers)} customers and {len(contracts)} contracts: none made twice")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "count", nargs="?", type=customer_count, default=200, metavar="COUNT", help="how many (default: 200)"
    )
    asyncio.run(main(parser.parse_args().count))
