"""Run every benchmark and print one table: ``python benchmarks/run.py`` (about 2.5 minutes on 2 cores).

The server (FakeMetronome seeded with 100,000 customers) runs in its own process; each client library is
measured in a process of its own (``cases.py``), so CPU and memory figures are that client's alone. The
libraries are taken in turn, round after round, and each figure is the median over the rounds, so a change
in the machine's background load falls on all of them alike.
``--quick`` runs a small version of everything (a smoke test: its numbers are not meaningful);
``--json FILE`` also writes the raw results.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from _harness import (
    interleaved,
    interleaved_workers,
    load_average,
    machine,
    ratio,
    render_table,
    revision,
    run_client,
    server_process,
)
from bulk import bulk
from imports import best_import_seconds

HEADERS = [
    "benchmark",
    "metronome_async",
    "raw aiohttp",
    "official SDK",
    "official SDK [aiohttp]",
    "vs raw",
    "vs official",
    "target",
    "met",
]
IN_FLIGHT = (1, 50)
# table column -> library name in libraries.py
ASYNC_COLUMNS = {
    "mine": "metronome_async",
    "raw": "aiohttp",
    "official": "official",
    "official-aiohttp": "official-aiohttp",
}
SYNC_COLUMNS = {"mine": "metronome_async", "raw": "http.client", "official": "official"}
LISTING_COLUMNS = {"mine": "metronome_async", "raw": "aiohttp", "official": "official"}


def measure(quick: bool) -> dict[str, Any]:
    customers, small = (2_000, 200) if quick else (100_000, 10_000)
    rounds, seconds, import_runs = (1, 0.2, 1) if quick else (5, 0.8, 5)
    listing_rounds = 1 if quick else 2  # 1,000 pages each; the official SDK's ~25 s pass runs once only
    r: dict[str, Any] = {"customers": customers, "small": small, "rounds": rounds, "import_runs": import_runs}
    stages = r["stage_seconds"] = {}

    with timed(stages, "imports"):
        r["imports"] = {m: best_import_seconds(m, import_runs) for m in ("metronome_async", "metronome")}
    with server_process(customers) as server:
        calls = {f"in_flight_{n}_us": {"in_flight": n, "seconds": seconds} for n in IN_FLIGHT}
        with timed(stages, "calls"):
            r["calls"] = interleaved_workers("calls", [*ASYNC_COLUMNS.values()], server, rounds, calls)
        sequential = {"sequential_us": {"seconds": seconds}}
        with timed(stages, "sync"):
            r["sync"] = interleaved_workers("sync", [*SYNC_COLUMNS.values()], server, rounds, sequential)
        with timed(stages, "listing"):
            r["listing"] = interleaved("listing", ["metronome_async", "aiohttp"], server, listing_rounds)
            r["listing"]["official"] = run_client("listing", "official", server)
        with timed(stages, "flat_memory"):
            r["flat_memory"] = {
                items: run_client("listing", "metronome_async", server, items=items, tracemalloc=1)
                for items in (small, customers)
            }
    with timed(stages, "bulk"):
        count, rate = (200, 100) if quick else (1000, 200)
        r["bulk"] = bulk(count, rate)
        r["bulk_gather"] = bulk(count, rate, gather=True)  # what a user writes without provision_many
    return r


@contextmanager
def timed(stages: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    stages[name] = round(time.perf_counter() - started, 1)


def row(
    name: str, values: dict[str, float], unit: str, target: str = "", ok: bool | None = None
) -> list[str]:
    """One table row; ``values`` by column key, ratios against raw and official from the same run."""
    cells = [values.get(k) for k in ("mine", "raw", "official", "official-aiohttp")]
    shown = ["-" if v is None else f"{v:,.{0 if v >= 100 else 1 if v >= 10 else 2}f} {unit}" for v in cells]
    ratios = [ratio(values.get("mine"), values.get(other)) for other in ("raw", "official")]
    return [name, *shown, *ratios, target, verdict(ok)]


def note_row(name: str, text: str, target: str, ok: bool | None) -> list[str]:
    """A row whose figure is metronome_async's alone."""
    return [name, text, "-", "-", "-", "-", "-", target, verdict(ok)]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else "yes" if ok else "NO"


def table(r: dict[str, Any]) -> str:
    rows = []
    for n in IN_FLIGHT:
        v = {key: r["calls"][lib][f"in_flight_{n}_us"] for key, lib in ASYNC_COLUMNS.items()}
        name = f"retrieve customer, {n} in flight: client CPU/call"
        rows.append(row(name, v, "µs", "<= 1.3x raw", v["mine"] <= 1.3 * v["raw"]))

    v = {key: r["sync"][lib]["sequential_us"] for key, lib in SYNC_COLUMNS.items()}
    name = "sync retrieve, sequential: client CPU/call (raw = http.client)"
    rows.append(row(name, v, "µs", "<= 0.4x official", v["mine"] <= 0.4 * v["official"]))

    def listing(field: str) -> dict[str, float]:
        return {key: r["listing"][lib][field] for key, lib in LISTING_COLUMNS.items()}

    count, small, big = f"{r['customers']:,}", r["flat_memory"][r["small"]], r["flat_memory"][r["customers"]]
    flat = big["traced_peak_mb"] <= 1.5 * small["traced_peak_mb"] + 0.5
    cpu = listing("cpu_us_per_customer")
    ok = cpu["mine"] <= 3 * cpu["raw"] and flat
    rows.append(row(f"list {count} customers: client CPU/customer", cpu, "µs", "<= 3x raw, flat memory", ok))
    rows.append(row(f"list {count} customers: wall time", listing("wall_s"), "s"))
    rows.append(row(f"list {count} customers: client peak RSS growth", listing("rss_growth_mb"), "MB"))
    peaks = f"{small['traced_peak_mb']:.2f} -> {big['traced_peak_mb']:.2f} MB"
    rows.append(note_row(f"list: traced peak, {r['small']:,} -> {count} customers", peaks, "flat", flat))

    for key, target in (("bulk", "<= 1.15x ideal, < 10% 429s"), ("bulk_gather", "(reference)")):
        b = r[key]
        figure = f"{b['share_of_ideal']:.2f}x ideal, {b['share_429']:.0%} 429s, {b['created']:,} created"
        ok = b["share_of_ideal"] <= 1.15 and b["share_429"] < 0.10 and b["created"] == b["customers"]
        name = f"bulk create {b['customers']:,} at {b['rate']:.0f}/s: {b['how']}"
        rows.append(note_row(name, figure, target, ok if key == "bulk" else None))

    imports = {"mine": r["imports"]["metronome_async"] * 1000, "official": r["imports"]["metronome"] * 1000}
    rows.append(row(f"import time (best of {r['import_runs']})", imports, "ms"))
    return render_table(HEADERS, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run; numbers not meaningful")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()
    started, load_before = time.perf_counter(), load_average()
    results = measure(args.quick)
    results["load_average"] = {"before": load_before, "after": load_average()}
    results["machine"], results["revision"] = machine(), revision()
    results["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2, default=str)
    print(table(results))
    took = time.perf_counter() - started
    load = results["load_average"]
    print(f"\n{results['machine']}; {results['date']}; metronome_async at {results['revision']}")
    print(f"took {took:.0f} s {results['stage_seconds']}")
    print(f"load average before {load['before']}, after {load['after']} (other work skews the CPU figures)")


if __name__ == "__main__":
    main()
