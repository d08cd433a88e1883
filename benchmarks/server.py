"""The benchmark server: a FakeMetronome in its own process, seeded with customers.

    python benchmarks/server.py --customers 100000 [--rate-limit R]

prints one JSON line ``{"url", "api_key", "customer_id", "customers"}`` once it listens, and serves until
its standard input closes (so it never outlives the run that started it). The customers are inserted with
``FakeMetronome.seed_customers`` (no HTTP; 100,000 take a second or two), and the fake records no
exchanges (``record_limit=0``), so its memory stays flat however long the run. With ``--rate-limit`` it
admits R requests a second (429 beyond), records its exchanges, and prints one more JSON line when its
standard input closes: how many it answered with each status.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from collections import Counter

from metronome_async.testing import FakeMetronome


async def serve(customers: int, port: int, rate_limit: float | None = None) -> None:
    stdin_closed = asyncio.Event()
    loop = asyncio.get_running_loop()

    def wait_for_eof() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(stdin_closed.set)

    threading.Thread(target=wait_for_eof, daemon=True).start()
    record_limit = None if rate_limit else 0
    async with FakeMetronome(port=port, record_limit=record_limit, rate_limit=rate_limit) as fake:
        ids = fake.seed_customers(customers, name_prefix="Benchmark customer", alias_prefix="bench-")
        info = {"url": fake.url, "api_key": fake.api_key, "customer_id": ids[0], "customers": customers}
        print(json.dumps(info), flush=True)
        await stdin_closed.wait()
        if rate_limit:
            print(json.dumps(Counter(str(exchange.status) for exchange in fake.exchanges)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1, help="customers to seed (at least 1)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-limit", type=float, help="requests a second admitted; 429 beyond")
    args = parser.parse_args()
    asyncio.run(serve(max(1, args.customers), args.port, args.rate_limit))


if __name__ == "__main__":
    main()
