"""Bulk provisioning against a rate-limited FakeMetronome: time against the ideal, and the 429 share.

    python benchmarks/bulk.py [--customers 1000] [--rate 200] [--contracts | --gather | --reconcile]

The fake runs in a background thread of this process (``with FakeMetronome(...)``) so its recorded exchanges
can be read directly. ``client.customers.provision_many`` creates each customer (``--contracts``: and its
billing configuration and a contract on a rate card, three requests an item); ``--gather`` shows, for
comparison, what a user writes without it: ``asyncio.gather`` of ``customers.create``. ``--reconcile`` applies
a reconciliation plan instead: half the customers exist (owned) under another name and are renamed, half
are created; the plan is made first, and only ``customers.apply_plan`` and its requests are counted.

The ideal is the admitted requests (every one not answered 429) over the rate. The fake's token bucket starts
full (R tokens), so (requests - R) / requests of the ideal is the floor: 0.8x for 1,000 requests at 200/s,
0.93x for 3,000.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import datetime, timezone
from typing import Any

from reconcile import OWNER, seed_owned

from metronome_async import AsyncMetronome, ReconcilePlan
from metronome_async.testing import FakeMetronome

CUSTOMERS = 1000
RATE = 200.0  # requests per second the fake admits
STARTING_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


def specs(count: int, rate_card_id: str | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {"name": f"Bulk customer {i}", "ingest_aliases": [f"bulk-{i}@example.com"]} for i in range(count)
    ]
    if rate_card_id is not None:
        for i, item in enumerate(items):
            item["billing_provider_type"] = "stripe"
            item["billing_provider_customer_id"] = f"cus_bulk_{i}"
            item["contract"] = {"rate_card_id": rate_card_id, "starting_at": STARTING_AT}
    return items


def reconciled(fake: FakeMetronome, count: int) -> list[dict[str, Any]]:
    """A source of ``count`` customers: the first half exist under another name, the rest do not."""
    seed_owned(fake, count // 2, "Bulk customer", "bulk-")
    return [{"name": f"Customer {k}", "ingest_aliases": [f"bulk-{k}"]} for k in range(1, count + 1)]


async def provision(
    client: AsyncMetronome, items: list[dict[str, Any]], gather: bool, plan: ReconcilePlan | None
) -> str:
    """Provision every item (or apply ``plan``); returns which way it was done."""
    if plan is not None:
        report = await client.customers.apply_plan(plan)
        if not report.ok:
            raise SystemExit(f"apply_plan failed: {report}")
        return f"customers.apply_plan ({plan.counts['create']} create, {plan.counts['update']} update)"
    if gather:
        await asyncio.gather(*(client.customers.create(**item) for item in items), return_exceptions=True)
        return "asyncio.gather(customers.create)"
    report = await client.customers.provision_many(items)
    if not report.ok:
        raise SystemExit(f"provision_many failed: {report.failures[0].error}")
    return "customers.provision_many" + (" on contracts" if "contract" in items[0] else "")


def bulk(
    count: int = CUSTOMERS,
    rate: float = RATE,
    *,
    gather: bool = False,
    contracts: bool = False,
    reconcile: bool = False,
) -> dict[str, Any]:
    if gather + contracts + reconcile > 1:
        raise ValueError("gather, contracts and reconcile are three different runs: ask one")
    with FakeMetronome(rate_limit=rate) as fake:
        if reconcile:
            items = reconciled(fake, count)
        else:
            items = specs(count, fake.create_rate_card(name="Bulk") if contracts else None)

        async def timed() -> tuple[str, float, int]:
            async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
                plan = await client.customers.reconcile(items, owner=OWNER) if reconcile else None
                since = len(fake.exchanges)
                started = time.perf_counter()
                how = await provision(client, items, gather, plan)
                return how, time.perf_counter() - started, since

        how, elapsed, since = asyncio.run(timed())
        statuses = [e.status for e in fake.exchanges[since:]]
        created = len(fake.customers())
    admitted = len(statuses) - statuses.count(429)
    ideal = admitted / rate
    return {
        "how": how,
        "customers": count,
        "rate": rate,
        "created": created,
        "seconds": elapsed,
        "ideal_seconds": ideal,
        "share_of_ideal": elapsed / ideal,
        "floor": (admitted - rate) / admitted,
        "requests": len(statuses),
        "share_429": statuses.count(429) / max(1, len(statuses)),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=CUSTOMERS)
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--contracts", action="store_true", help="a billing configuration and a contract too")
    parser.add_argument("--gather", action="store_true", help="asyncio.gather of customers.create instead")
    parser.add_argument("--reconcile", action="store_true", help="apply a reconciliation plan instead")
    args = parser.parse_args()
    if args.gather + args.contracts + args.reconcile > 1:
        parser.error("--gather, --contracts and --reconcile are three different runs: give one")
    result = bulk(
        args.customers, args.rate, gather=args.gather, contracts=args.contracts, reconcile=args.reconcile
    )
    print(json.dumps(result, indent=2))
