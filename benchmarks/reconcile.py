"""The client's peak memory and CPU when ``customers.reconcile`` plans N desired customers against N existing
ones, next to one listing of the same customers.

    python benchmarks/reconcile.py                      # 10,000 and 100,000
    python benchmarks/reconcile.py --sizes 2000,20000   # other sizes
    python benchmarks/reconcile.py --code /tmp/old      # the client from another checkout
    python benchmarks/reconcile.py --repeat 5           # more runs of each (the median is shown)

For each size, a server process (a FakeMetronome on loopback, recording no exchanges) is seeded with N
customers owned by ``bench`` (``managed_by=bench``); the desired customers are the same N, fed by a one-shot
generator, with 1% renamed (updates), 1% new (creates) and 0.5% left out (missing from the source; not
archived). Two fresh client processes measure, each with ``time.process_time()`` (all threads) and its peak
RSS (``ru_maxrss``): one lists every customer once (active then archived, as reconcile does) and keeps
nothing; the other makes the plan and reads its changes back. Each runs ``--repeat`` times, alternately, and
the median of each is shown. The plan's CPU over the listing's is the ratio shown; the growth of the peak
from the smallest size says whether memory stays flat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from typing import Any

from _harness import PYTHON, load_average, machine, max_rss_bytes, render_table, revision

OWNER = "bench"


async def serve(count: int) -> None:
    """Seed ``count`` owned customers, print the URL and key, serve until standard input closes."""
    from metronome_async.testing import FakeMetronome

    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), lambda: closed.set() if not sys.stdin.read(1) else None)
    async with FakeMetronome(record_limit=0) as fake:
        seed_owned(fake, count, "Bench", "bench-")
        print(json.dumps({"url": fake.url, "api_key": fake.api_key}), flush=True)
        await closed.wait()


def seed_owned(fake: Any, count: int, name_prefix: str, alias_prefix: str) -> None:
    """``count`` customers named ``f"{name_prefix} {k}"`` with the alias ``f"{alias_prefix}{k}"`` (k from 1),
    each owned by ``OWNER``."""
    ids = fake.seed_customers(count, name_prefix=name_prefix, alias_prefix=alias_prefix)
    fake.add_custom_field_key("customer", "managed_by")
    state = fake._state  # no seeding helper sets custom fields: straight into the state
    for customer_id in ids:
        state.custom_fields.set("customer", customer_id, {"managed_by": OWNER}, checked=False)


def desired(count: int) -> Any:
    """The source: the seeded customers (numbered from 1), 1% renamed, 0.5% left out, 1% new."""
    for k in range(1, count + 1):
        if k % 200 == 0:
            continue
        renamed = " (renamed)" if k % 100 == 1 else ""
        yield {"name": f"Bench {k}{renamed}", "ingest_aliases": [f"bench-{k}"]}
    for k in range(count + 1, count + 1 + count // 100):
        yield {"name": f"Bench {k}", "ingest_aliases": [f"bench-{k}"]}


async def measure(kind: str, count: int, url: str, key: str) -> dict[str, Any]:
    from metronome_async import AsyncMetronome

    async with AsyncMetronome(api_key=key, base_url=url) as client:
        cpu, wall = time.process_time(), time.perf_counter()
        result: dict[str, Any] = {}
        if kind == "listing":
            listed = 0
            for only_archived in (False, True):
                async for _ in client.customers.list(only_archived=only_archived):
                    listed += 1
            result["listed"] = listed
        else:
            plan = await client.customers.reconcile(desired(count), owner=OWNER)
            result["counts"] = plan.counts
            result["missing"] = plan.missing
            result["read_back"] = sum(1 for _ in plan.changes)
            plan.close()
        result["cpu"] = time.process_time() - cpu
        result["wall"] = time.perf_counter() - wall
    result["peak_mb"] = max_rss_bytes() / 2**20
    return result


def _client(kind: str, count: int, server: dict[str, str], code: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = os.pathsep.join([code, env.get("PYTHONPATH", "")])
    command = [PYTHON, __file__, "--child", kind, str(count), server["url"], server["api_key"]]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} {count} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _median(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median CPU."""
    return sorted(results, key=lambda result: result["cpu"])[len(results) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="customer counts (default: %(default)s)")
    parser.add_argument("--code", help="run the clients against the package in this directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each job (default: %(default)s)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=4, metavar=("KIND", "COUNT", "URL", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        asyncio.run(serve(args.serve))
        return
    if args.child:
        kind, count, url, key = args.child
        print(json.dumps(asyncio.run(measure(kind, int(count), url, key))))
        return

    load = load_average()
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()})
    rows = []
    base: dict[str, float] = {}
    for size in sizes:
        server = subprocess.Popen(
            [PYTHON, __file__, "--serve", str(size)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert server.stdin is not None and server.stdout is not None
        try:
            info = json.loads(server.stdout.readline())
            runs: dict[str, list[dict[str, Any]]] = {"listing": [], "plan": []}
            for _ in range(max(1, args.repeat)):
                for kind, done in runs.items():
                    done.append(_client(kind, size, info, args.code))
            listing, plan = (_median(runs[kind]) for kind in ("listing", "plan"))
        finally:
            server.stdin.close()
            server.wait(timeout=30)
        counts = plan["counts"]
        assert plan["read_back"] == sum(counts.values()), plan
        for kind, result in (("listing", listing), ("plan", plan)):
            base.setdefault(kind, result["peak_mb"])
            growth = result["peak_mb"] - base[kind]
            rows.append(
                [
                    f"{size:,}",
                    kind,
                    f"{result['peak_mb']:.1f} MB",
                    f"{growth:+.1f} MB" if size != sizes[0] else "-",
                    f"{result['cpu']:.2f} s",
                    f"{result['cpu'] / listing['cpu']:.2f}x" if kind == "plan" else "1.00x",
                    f"{result['wall']:.1f} s",
                    ", ".join(f"{n} {action}" for action, n in counts.items()) if kind == "plan" else "",
                ]
            )
            print("  " + "  ".join(rows[-1]), file=sys.stderr, flush=True)
    print(f"{machine()}; {revision()}; load {load}; code: {args.code or 'this checkout'}\n")
    headers = ["customers", "job", "client peak RSS", "growth", "client CPU", "vs listing", "wall", "plan"]
    print(render_table(headers, rows))


if __name__ == "__main__":
    main()
