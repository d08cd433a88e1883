"""The client's peak memory in the bulk calls as the job grows: ``provision_many`` and ``usage.ingest``.

    python benchmarks/memory.py                                  # the targets' sizes
    python benchmarks/memory.py --provision 2000,40000,1000000 --ingest 20000,400000,4000000
    python benchmarks/memory.py --input generator --no-journal   # other ways to feed the job
    python benchmarks/memory.py --code /tmp/old                  # the same against another checkout

Every job runs in a fresh client process against the benchmark server (a FakeMetronome in its own process,
``benchmarks/server.py``), and reports its peak RSS (``ru_maxrss``): what a user's process would need. The
table gives each size's peak and its growth over the smallest size. The targets: at most 15 MB of growth
from 2,000 to 40,000 items, and from 20,000 to 400,000 events.

By default the input is a JSON-lines file read through an iterable that reopens it (so ``provision_many``
checks every item in a first pass and sends in a second, as ``metronome-async provision FILE`` does), and
provisioning keeps a journal. ``--input generator`` feeds a one-shot generator instead (checked as it
arrives). The input itself is never held in memory, so what grows is the SDK's own state.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _harness import PYTHON, load_average, machine, max_rss_bytes, render_table, revision, server_process

HERE = Path(__file__).resolve().parent


class JsonLines:
    """A JSON-lines file as an iterable that starts over on every ``iter()``: it can be read twice."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def _customer(run: str, n: int) -> dict[str, Any]:
    return {"name": f"Memory customer {n}", "ingest_aliases": [f"mem-{run}-{n}@example.com"]}


def _event(run: str, n: int) -> dict[str, Any]:
    return {
        "transaction_id": f"mem-{run}-{n}",
        "customer_id": "memory-customer",
        "event_type": "api_call",
        "timestamp": "2025-01-01T00:00:00Z",
        "properties": {"n": n, "region": "eu-west-1"},
    }


async def _job(kind: str, count: int, url: str, key: str, feed: str, journal: bool, folder: Path) -> float:
    from metronome_async import AsyncMetronome

    run = uuid.uuid4().hex[:8]
    make = _customer if kind == "provision" else _event
    items: Any
    if feed == "file":
        path = folder / "items.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                out.write(json.dumps(make(run, n)) + "\n")
        items = JsonLines(path)
    else:
        items = (make(run, n) for n in range(count))
    async with AsyncMetronome(api_key=key, base_url=url, max_concurrency=32) as client:
        started = time.perf_counter()
        if kind == "provision":
            report: Any = await client.customers.provision_many(
                items, journal=folder / "journal.sqlite" if journal else None
            )
            assert getattr(report, "ok", True), str(report)
        else:
            report = await client.usage.ingest(items)
            assert getattr(report, "ok", True), str(report)
        return time.perf_counter() - started


def child(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="metronome-memory-") as folder:
        seconds = asyncio.run(
            _job(args.kind, args.count, args.url, args.key, args.input, not args.no_journal, Path(folder))
        )
    print(json.dumps({"peak_mb": max_rss_bytes() / 2**20, "seconds": seconds}))


def _run_child(kind: str, count: int, server: Any, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        PYTHON,
        __file__,
        "--child",
        kind,
        str(count),
        server.url,
        server.api_key,
        "--input",
        args.input,
    ]
    command += ["--no-journal"] if args.no_journal else []
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = os.pathsep.join([args.code, env.get("PYTHONPATH", "")])
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} {count} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _sizes(text: str) -> list[int]:
    return sorted({int(size.replace("_", "")) for size in text.split(",") if size.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provision", default="2000,40000", help="item counts (default: %(default)s)")
    parser.add_argument("--ingest", default="20000,400000", help="event counts (default: %(default)s)")
    parser.add_argument("--input", choices=("file", "generator"), default="file")
    parser.add_argument("--no-journal", action="store_true", help="provision without a journal")
    parser.add_argument("--code", help="run the clients against the package in this directory")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "COUNT", "URL", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.kind, count, args.url, args.key = args.child
        args.count = int(count)
        child(args)
        return

    rows = []
    load = load_average()
    with server_process(1) as server:
        for kind, sizes in (("provision", _sizes(args.provision)), ("ingest", _sizes(args.ingest))):
            base: float | None = None
            for size in sizes:
                result = _run_child(kind, size, server, args)
                base = result["peak_mb"] if base is None else base
                rate = size / result["seconds"] if result["seconds"] else 0.0
                growth = result["peak_mb"] - base
                rows.append(
                    [
                        kind,
                        f"{size:,}",
                        f"{result['peak_mb']:.1f} MB",
                        f"{growth:+.1f} MB" if size != sizes[0] else "-",
                        f"{result['seconds']:.1f} s ({rate:,.0f}/s)",
                    ]
                )
                print("  " + "  ".join(rows[-1]), file=sys.stderr, flush=True)
    feed = f"input: {args.input}" + ("" if args.no_journal else ", provisioning with a journal")
    print(f"{machine()}; {revision()}; load {load}; {feed}; code: {args.code or 'this checkout'}\n")
    print(render_table(["job", "size", "client peak RSS", "growth over the smallest", "time"], rows))


if __name__ == "__main__":
    main()
