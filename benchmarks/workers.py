"""Several worker processes provisioning against one rate-limited account: time against the ideal, and how
evenly the workers share the limit.

    python benchmarks/workers.py [--workers 4] [--customers 1000] [--rate 200] [--stagger 1] [--rounds 1]
                                 [--code DIR]

The server (a FakeMetronome admitting R requests a second, 429 beyond) runs in its own process
(``server.py --rate-limit R``). Each worker is a process with a client of its own, not told the limit, running
``client.customers.provision_many`` of its own M customers (aliases of its own: each customer in exactly one
worker). Each waits for a go line once its client and items are ready; the workers start ``--stagger``
seconds apart, as processes started one after another do (so the later ones meet a limit the first is already
using up; 0: all at once). A worker's time runs from its go to its last item; the round's, from the first go
to the last worker's last item.

The ideal is every worker's admitted requests (every one not answered 429) over the rate. The server's bucket
starts full (R tokens), so (requests - R) / requests of the ideal is the floor. While every worker runs, a
fair share is R / N items a second each. ``--code DIR`` runs the workers on the package in DIR (another
checkout), for figures before and after a change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from _harness import PYTHON, ServerInfo, load_average, machine, revision, server_process

WORKERS = 4
CUSTOMERS = 1000  # each worker's
RATE = 200.0  # requests per second the server admits, all workers together
STAGGER = 1.0  # seconds between the workers' starts


async def provision(index: int, count: int, server: ServerInfo) -> dict[str, Any]:
    from metronome_async import AsyncMetronome

    items = [
        {"name": f"Worker {index} customer {n}", "ingest_aliases": [f"w{index}-{n}@example.com"]}
        for n in range(count)
    ]
    async with AsyncMetronome(api_key=server.api_key, base_url=server.url) as client:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)  # the go
        started = time.time()  # the wall clock: comparable between the workers' processes
        done: list[float] = []  # when each item was done
        report = await client.customers.provision_many(items, on_progress=lambda *_: done.append(time.time()))
        finished = time.time()
    return {
        "started": started,
        "finished": finished,
        "done": done,
        "created": report.count("created"),
        "failed": report.count("failed"),
    }


def start_worker(index: int, count: int, server: ServerInfo, code: str | None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = os.pathsep.join([code, env.get("PYTHONPATH", "")])
    command = [PYTHON, __file__, "--child", str(index), str(count), server.to_json()]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)


def answer(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise SystemExit(f"a worker exited with {process.wait()} (its error is above)")
    return line


def round_of(
    workers: int, count: int, rate: float, stagger: float = STAGGER, code: str | None = None
) -> dict[str, Any]:
    """One round: a fresh rate-limited server, ``workers`` processes of ``count`` customers each, started
    ``stagger`` seconds apart."""
    statuses: dict[str, int] = {}
    with server_process(1, rate_limit=rate, statuses=statuses) as server:
        processes = [start_worker(i, count, server, code) for i in range(workers)]
        try:
            for process in processes:
                answer(process)  # ready
            for n, process in enumerate(processes):
                time.sleep(stagger if n else 0.0)
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            results = [json.loads(answer(process)) for process in processes]
        except BaseException:
            for process in processes:
                process.kill()
            raise
        finally:
            for process in processes:
                process.wait(timeout=30)
    requests = sum(statuses.values())
    admitted = requests - statuses.get("429", 0)
    ideal = admitted / rate
    started = min(r["started"] for r in results)
    seconds = [r["finished"] - r["started"] for r in results]
    total = max(r["finished"] for r in results) - started
    # While every worker ran (if all did at once): each one's items a second; a fair share is rate / workers.
    together = max(r["started"] for r in results), min(r["finished"] for r in results)
    length = together[1] - together[0]
    together_rates = (
        [sum(together[0] <= t < together[1] for t in r["done"]) / length for r in results]
        if length > 0
        else []
    )
    return {
        "workers": workers,
        "customers": count,
        "rate": rate,
        "stagger": stagger,
        "seconds": total,
        "ideal_seconds": ideal,
        "share_of_ideal": total / ideal,
        "floor": (admitted - rate) / admitted,
        "slowest_seconds": max(seconds),
        "fastest_seconds": min(seconds),
        "worker_seconds": seconds,
        "together_seconds": max(0.0, length),
        "together_rates": together_rates,
        "created": sum(r["created"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "requests": requests,
        "share_429": statuses.get("429", 0) / max(1, requests),
    }


def shares(r: dict[str, Any]) -> str:
    """The lowest and highest worker's items a second while all ran."""
    rates = r["together_rates"]
    return f"{min(rates):.0f}-{max(rates):.0f}" if rates else "-"


def summary(rounds: list[dict[str, Any]]) -> str:
    """One line a round, and the median round's share of the ideal."""
    lines = [
        f"{r['share_of_ideal']:.2f}x ideal ({r['seconds']:.1f} s, ideal {r['ideal_seconds']:.1f} s, floor "
        f"{r['floor']:.2f}x); slowest worker {r['slowest_seconds']:.1f} s, "
        f"fastest {r['fastest_seconds']:.1f} s; "
        f"while all ran ({r['together_seconds']:.1f} s): {shares(r)} items/s each (fair "
        f"{r['rate'] / r['workers']:.0f}); {r['share_429']:.0%} 429s; {r['created']:,} created, "
        f"{r['failed']} failed"
        for r in rounds
    ]
    median = statistics.median(r["share_of_ideal"] for r in rounds)
    return "\n".join([*lines, f"median of {len(rounds)} round(s): {median:.2f}x ideal"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--customers", type=int, default=CUSTOMERS, help="each worker's")
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--stagger", type=float, default=STAGGER, help="seconds between the starts")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--code", help="run the workers on the package in this directory")
    parser.add_argument("--json", help="also write every round's figures to this file")
    parser.add_argument("--child", nargs=3, metavar=("INDEX", "COUNT", "SERVER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        index, count, server = args.child
        result = asyncio.run(provision(int(index), int(count), ServerInfo.from_json(server)))
        print(json.dumps(result), flush=True)
        return
    load = load_average()
    rounds = []
    for _ in range(args.rounds):
        rounds.append(round_of(args.workers, args.customers, args.rate, args.stagger, args.code))
        print(summary(rounds[-1:]).splitlines()[0], file=sys.stderr, flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(rounds, out, indent=2)
    print(f"{machine()}; {revision()}; load {load} -> {load_average()}; code: {args.code or 'this checkout'}")
    print(
        f"{args.workers} workers x {args.customers:,} customers at {args.rate:.0f}/s, provision_many each, "
        f"started {args.stagger:g} s apart"
    )
    print(summary(rounds))


if __name__ == "__main__":
    main()
