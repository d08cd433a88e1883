"""Bulk provisioning against a rate-limited FakeMetronome: time against the ideal N / R, and the 429 share.

    python benchmarks/bulk.py [--customers 1000] [--rate 200] [--gather]

The fake runs in a background thread of this process (``with FakeMetronome(...)``) so its recorded exchanges
can be read directly. Uses ``client.customers.provision_many`` when the SDK has it; otherwise (or with
``--gather``, for comparison) what a user writes without it: ``asyncio.gather`` of ``customers.create``.
The fake's token bucket starts full (R tokens), so (N - R) / R is the floor: 0.8x ideal for 1,000 at 200/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome

CUSTOMERS = 1000
RATE = 200.0  # requests per second the fake admits


def specs(count: int) -> list[dict[str, Any]]:
    return [{"name": f"Bulk customer {i}", "ingest_aliases": [f"bulk-{i}@example.com"]} for i in range(count)]


async def provision(client: AsyncMetronome, customers: list[dict[str, Any]], gather: bool) -> str:
    """Create every customer; returns which way it was done."""
    provision_many = getattr(client.customers, "provision_many", None)
    if (
        provision_many is not None and not gather
    ):  # the hook: adjust this call if provision_many's final signature differs
        await provision_many(customers)
        return "customers.provision_many"
    await asyncio.gather(*(client.customers.create(**spec) for spec in customers), return_exceptions=True)
    return "asyncio.gather(customers.create)"


def bulk(count: int = CUSTOMERS, rate: float = RATE, *, gather: bool = False) -> dict[str, Any]:
    with FakeMetronome(rate_limit=rate) as fake:

        async def timed() -> tuple[str, float]:
            async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
                started = time.perf_counter()
                how = await provision(client, specs(count), gather)
                return how, time.perf_counter() - started

        how, elapsed = asyncio.run(timed())
        statuses = [e.status for e in fake.exchanges if e.method == "POST" and e.route == "/v1/customers"]
        created = len(fake.customers())
    ideal = count / rate
    return {
        "how": how,
        "customers": count,
        "rate": rate,
        "created": created,
        "seconds": elapsed,
        "ideal_seconds": ideal,
        "share_of_ideal": elapsed / ideal,
        "requests": len(statuses),
        "share_429": statuses.count(429) / max(1, len(statuses)),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=CUSTOMERS)
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--gather", action="store_true", help="asyncio.gather even if provision_many exists")
    args = parser.parse_args()
    print(json.dumps(bulk(args.customers, args.rate, gather=args.gather), indent=2))
