"""The benchmark server: a FakeMetronome in its own process, seeded with customers.

    python benchmarks/server.py --customers 100000

prints one JSON line ``{"url", "api_key", "customer_id", "customers"}`` once it listens, and serves until
its standard input closes (so it never outlives the run that started it).

FakeMetronome has no bulk-seeding helper, and creating 100,000 customers over HTTP would take minutes, so the
customers are written straight into the fake's in-memory state (``FakeMetronome._state.create_customer``,
under its lock): the same records, ids and wire form as ``POST /v1/customers`` makes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading

from metronome_async.testing import FakeMetronome

EXCHANGE_TRIM_SECONDS = 1.0  # the fake records every exchange; a long run must not pile them up


def seed_customers(fake: FakeMetronome, count: int) -> str | None:
    """``count`` customers, each with one ingest alias; returns the first one's id."""
    state = fake._state  # no public bulk helper yet: see the module docstring
    first = None
    with state.lock:
        for i in range(count):
            wire = state.create_customer(
                name=f"Benchmark customer {i}",
                ingest_aliases=[f"bench-{i}@example.com"],
                external_id=None,
                custom_fields={},
                billing_config=None,
                provider_configs=[],
            )
            first = first or wire["id"]
    return first


async def trim_exchanges(fake: FakeMetronome) -> None:
    while True:
        await asyncio.sleep(EXCHANGE_TRIM_SECONDS)
        fake.exchanges.clear()


async def serve(customers: int, port: int) -> None:
    stdin_closed = asyncio.Event()
    loop = asyncio.get_running_loop()

    def wait_for_eof() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(stdin_closed.set)

    threading.Thread(target=wait_for_eof, daemon=True).start()
    async with FakeMetronome(port=port) as fake:
        customer_id = seed_customers(fake, customers)
        trimmer = asyncio.create_task(trim_exchanges(fake))
        info = {"url": fake.url, "api_key": fake.api_key, "customer_id": customer_id, "customers": customers}
        print(json.dumps(info), flush=True)
        await stdin_closed.wait()
        trimmer.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1, help="customers to seed (at least 1)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(max(1, args.customers), args.port))


if __name__ == "__main__":
    main()
