"""Client processes, one library each; ``run.py`` starts them and reads the JSON lines they print.

    python benchmarks/cases.py calls   LIBRARY --server JSON   # worker: async retrieve
    python benchmarks/cases.py sync    LIBRARY --server JSON   # worker: blocking retrieve, one after another
    python benchmarks/cases.py listing LIBRARY --server JSON [--items N] [--tracemalloc 1] [--json stdlib]

``calls`` and ``sync`` are workers: they build the client once, then answer each request line on standard
input, ``{"seconds": 0.8, "in_flight": 50}``, with one line ``{"us_per_call": ...}`` after a warm-up and a
measurement of that many seconds; they stop at the end of their input. So ``run.py`` can take the
libraries in turn for several rounds without paying for a process start each time. ``listing`` streams the
customers once, after a warm-up of two pages, and prints one line.

CPU is ``time.process_time()`` of this process (every thread), so a sync facade's loop thread counts too.
``--json stdlib`` (or ``BENCHMARK_NO_ORJSON=1``) hides orjson, so the SDK and the raw baselines use ``json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

if os.environ.get("BENCHMARK_NO_ORJSON"):  # --json stdlib: every library here decodes with json
    sys.modules["orjson"] = None  # type: ignore[assignment]

from _harness import Meter, ServerInfo
from libraries import ASYNC_CLIENTS, PAGE_SIZE, SYNC_CLIENTS

WARM_UP_SECONDS = 0.2


async def cpu_per_call(call: Callable[[], Awaitable[Any]], in_flight: int, seconds: float) -> float:
    """Client CPU seconds per call, keeping ``in_flight`` calls going for ``seconds``."""
    deadline = time.perf_counter() + seconds
    done = 0

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await call()
            done += 1

    meter = Meter().start()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return meter.stop().cpu / done


def cpu_per_sequential_call(call: Callable[[], Any], seconds: float) -> float:
    deadline, done = time.perf_counter() + seconds, 0
    meter = Meter().start()
    while time.perf_counter() < deadline:
        call()
        done += 1
    return meter.stop().cpu / done


def answer(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


async def calls(library: str, server: ServerInfo) -> None:
    loop = asyncio.get_running_loop()
    async with ASYNC_CLIENTS[library](server) as client:

        def retrieve() -> Awaitable[Any]:
            return client.retrieve(server.customer_id)

        while line := await loop.run_in_executor(None, sys.stdin.readline):
            request = json.loads(line)
            await cpu_per_call(retrieve, request["in_flight"], WARM_UP_SECONDS)
            answer(
                {"us_per_call": await cpu_per_call(retrieve, request["in_flight"], request["seconds"]) * 1e6}
            )


def sync_calls(library: str, server: ServerInfo) -> None:
    with SYNC_CLIENTS[library](server) as retrieve_customer:

        def retrieve() -> Any:
            return retrieve_customer(server.customer_id)

        for line in sys.stdin:
            request = json.loads(line)
            cpu_per_sequential_call(retrieve, WARM_UP_SECONDS)
            answer({"us_per_call": cpu_per_sequential_call(retrieve, request["seconds"]) * 1e6})


async def listing(library: str, server: ServerInfo, items: int, trace: bool) -> None:
    """Stream ``items`` customers: client CPU and wall time per customer, and memory."""
    async with ASYNC_CLIENTS[library](server) as client:

        async def stream(limit: int) -> int:
            seen = 0
            async for _ in client.customers():
                seen += 1
                if seen == limit:
                    break
            return seen

        await stream(2 * PAGE_SIZE)  # warm-up: connection, first pages, code paths
        if trace:
            tracemalloc.start()
        meter = Meter().start()
        seen = await stream(items)
        meter.stop()
    result = {
        "customers": seen,
        "cpu_us_per_customer": meter.cpu / seen * 1e6,
        "wall_s": meter.wall,
        "rss_growth_mb": meter.rss_growth / 2**20,
    }
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    answer(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=["calls", "sync", "listing"])
    parser.add_argument("library")
    parser.add_argument("--server", required=True, type=ServerInfo.from_json)
    parser.add_argument("--items", type=int, default=100_000, help="customers to stream (listing)")
    parser.add_argument("--tracemalloc", type=int, default=0, help="1: also trace the peak (slower)")
    parser.add_argument("--json", choices=["orjson", "stdlib"], default="orjson", help="the JSON decoder")
    args = parser.parse_args()
    if args.case == "calls":
        asyncio.run(calls(args.library, args.server))
    elif args.case == "sync":
        sync_calls(args.library, args.server)
    else:
        asyncio.run(listing(args.library, args.server, args.items, bool(args.tracemalloc)))


if __name__ == "__main__":
    main()
