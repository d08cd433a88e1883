"""Where metronome_async's client CPU goes: cProfile of the 50-in-flight retrieve and of a long listing.

    python benchmarks/profile_sdk.py [--calls 5000] [--customers 20000] [--top 25] [--save DIR]

The server runs in its own process, as in run.py, so the profile holds the client alone; the profiler's
clock is the process's CPU time, so time spent waiting for the server is not counted. ``--save DIR``
keeps the ``.prof`` files (``python -m pstats`` or snakeviz can open them).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from _harness import ServerInfo, server_process
from libraries import AsyncClient, metronome_async

IN_FLIGHT = 50


async def retrieve_many(client: AsyncClient, server: ServerInfo, calls: int) -> None:
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await client.retrieve(server.customer_id)

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))


async def list_all(client: AsyncClient, _: ServerInfo, customers: int) -> None:
    seen = 0
    async for _ in client.customers():
        seen += 1
        if seen == customers:
            return


Scenario = Callable[[AsyncClient, ServerInfo, int], Awaitable[None]]


def profile(
    name: str, scenario: Scenario, server: ServerInfo, count: int, top: int, save: Path | None
) -> None:
    async def run() -> None:
        async with metronome_async(server) as client:
            await scenario(client, server, 200)  # warm-up
            profiler.enable()
            await scenario(client, server, count)
            profiler.disable()

    profiler = cProfile.Profile(time.process_time)  # CPU time: waiting on the server costs nothing
    asyncio.run(run())
    print(f"\n=== {name}: {count:,} ===")
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(save / f"{name}.prof")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    with server_process(args.customers) as server:
        profile("retrieve-50-in-flight", retrieve_many, server, args.calls, args.top, args.save)
        profile("listing", list_all, server, args.customers, args.top, args.save)


if __name__ == "__main__":
    main()
