"""Run every benchmark and print one table: ``python benchmarks/run.py`` (about 5 minutes on 2 cores).

The server (FakeMetronome seeded with 100,000 customers) runs in its own process; each client library is
measured in a process of its own (``cases.py``), so CPU and memory figures are that client's alone.
metronome_async and its raw baseline are measured in pairs of runs, ours then raw, pair after pair; the
ratio shown is the median of the pairs' ratios (with the lowest and highest pair), because the two runs of a
pair see about the same background load while runs minutes apart do not. The official SDK is measured in
rounds of its own (median).
``--only GROUP`` (repeatable: imports, calls, sync, listing, parse, bulk, workers) runs some rows; ``--quick``
runs a small version of everything (a smoke test: its numbers are not meaningful); ``--json FILE`` also writes
the raw results (every run of every pair); ``--import-baseline DIR`` also compares ``import metronome_async``
with the one of another checkout (a worktree of the last release), in pairs.
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
    interleaved_workers,
    load_average,
    machine,
    paired_clients,
    paired_workers,
    ratio,
    render_table,
    revision,
    run_client,
    server_process,
)
from bulk import bulk
from imports import best_import_seconds, first_use_seconds, paired_import
from parse import paired_parsers
from workers import round_of, shares

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
    "reproduce",
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
JSON_DECODERS = ("orjson", "stdlib")
GROUPS = ("imports", "calls", "sync", "listing", "parse", "bulk", "workers")
BULK_TARGET = 1.0  # at least as fast as the admitted requests over the rate (the bucket starts full)
WORKERS_TARGET = 1.05  # workers sharing a limit: about the ideal
COMMAND = "python benchmarks/run.py --only {}"


IMPORT_TARGET = 1.2  # import metronome_async: at most 20 % slower than the last release


def measure(
    quick: bool,
    only: set[str],
    official: bool = True,
    pairs: int | None = None,
    import_baseline: str | None = None,
) -> dict[str, Any]:
    customers, small = (2_000, 200) if quick else (100_000, 10_000)
    default_pairs, rounds, seconds, import_runs = (1, 1, 0.2, 1) if quick else (8, 3, 0.8, 5)
    listing_pairs = pairs or (1 if quick else 4)  # 1,000 pages a run; the official SDK's pass runs once
    pairs = pairs or default_pairs
    r: dict[str, Any] = {"customers": customers, "small": small, "pairs": pairs, "rounds": rounds}
    r["listing_pairs"], r["import_runs"] = listing_pairs, import_runs
    stages = r["stage_seconds"] = {}

    if "imports" in only:
        with timed(stages, "imports"):
            r["imports"] = {m: best_import_seconds(m, import_runs) for m in ("metronome_async", "metronome")}
            r["first_use"] = {m: first_use_seconds(m, import_runs) for m in ("metronome_async", "metronome")}
            if import_baseline:
                r["import_baseline"] = {
                    "code": import_baseline,
                    "revision": revision(import_baseline),
                    **paired_import(import_baseline, import_runs),
                }
    if only & {"calls", "sync", "listing"}:
        with server_process(customers) as server:
            if "calls" in only:
                calls = {f"in_flight_{n}_us": {"in_flight": n, "seconds": seconds} for n in IN_FLIGHT}
                with timed(stages, "calls"):
                    r["calls"] = paired_workers("calls", "metronome_async", "aiohttp", server, pairs, calls)
                    if official:
                        libraries = ["official", "official-aiohttp"]
                        r["calls_official"] = interleaved_workers("calls", libraries, server, rounds, calls)
            if "sync" in only:
                sequential = {"sequential_us": {"seconds": seconds}}
                with timed(stages, "sync"):
                    r["sync"] = paired_workers(
                        "sync", "metronome_async", "http.client", server, pairs, sequential
                    )
                    if official:
                        r["sync_official"] = interleaved_workers(
                            "sync", ["official"], server, rounds, sequential
                        )
            if "listing" in only:
                with timed(stages, "listing"):
                    r["listing"] = {
                        decoder: paired_clients(
                            "listing", "metronome_async", "aiohttp", server, listing_pairs, json=decoder
                        )
                        for decoder in JSON_DECODERS
                    }
                    if official:
                        r["listing_official"] = run_client("listing", "official", server)
                with timed(stages, "flat_memory"):
                    r["flat_memory"] = {
                        items: run_client("listing", "metronome_async", server, items=items, tracemalloc=1)
                        for items in (small, customers)
                    }
    if "parse" in only:
        with timed(stages, "parse"):
            r["parse"] = paired_parsers(pairs=1 if quick else 5, seconds=0.2 if quick else 1.0)
    if "bulk" in only:
        with timed(stages, "bulk"):
            count, rate = (200, 100) if quick else (1000, 200)
            r["bulk"] = bulk(count, rate)
            r["bulk_contracts"] = bulk(count, rate, contracts=True)  # three requests an item
            r["bulk_gather"] = bulk(count, rate, gather=True)  # what a user writes without provision_many
            r["bulk_reconcile"] = bulk(count, rate, reconcile=True)  # applying a plan: creates and renames
    if "workers" in only:
        with timed(stages, "workers"):
            workers, count, rate = (2, 300, 100) if quick else (4, 1000, 200)
            r["workers"] = round_of(workers, count, rate)  # processes sharing one account's limit
    return r


@contextmanager
def timed(stages: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    stages[name] = round(time.perf_counter() - started, 1)


def figure(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:,.{0 if value >= 100 else 1 if value >= 10 else 2}f} {unit}"


def paired_ratio(p: dict[str, Any]) -> str:
    """The median of the pairs' ratios, with the lowest and highest pair."""
    return f"{p['ratio']:.2f}x ({p['ratio_min']:.2f}-{p['ratio_max']:.2f}, {p['pairs']} pairs)"


def row(
    name: str,
    values: dict[str, float | None],
    unit: str,
    command: str,
    vs_raw: str = "-",
    target: str = "",
    ok: bool | None = None,
) -> list[str]:
    """One table row; ``values`` by column key; ``vs_raw`` from pairs; against official from medians."""
    cells = [figure(values.get(k), unit) for k in ("mine", "raw", "official", "official-aiohttp")]
    vs_official = ratio(values.get("mine"), values.get("official"))
    return [name, *cells, vs_raw, vs_official, target, verdict(ok), f"`{command}`"]


def note_row(name: str, text: str, command: str, target: str, ok: bool | None) -> list[str]:
    """A row whose figure is metronome_async's alone."""
    return [name, text, "-", "-", "-", "-", "-", target, verdict(ok), f"`{command}`"]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else "yes" if ok else "NO"


def table(r: dict[str, Any]) -> str:
    rows = []
    if "calls" in r:
        for n, target in zip(IN_FLIGHT, (1.3, 1.15), strict=True):
            p = r["calls"][f"in_flight_{n}_us"]
            official = {
                k: r.get("calls_official", {}).get(ASYNC_COLUMNS[k], {}).get(f"in_flight_{n}_us")
                for k in ASYNC_COLUMNS
                if "off" in k
            }
            v = {"mine": p["mine"], "raw": p["other"], **official}
            name = f"retrieve customer, {n} in flight: client CPU/call"
            ok = p["ratio"] <= target
            rows.append(row(name, v, "µs", COMMAND.format("calls"), paired_ratio(p), f"<= {target}x raw", ok))
    if "sync" in r:
        p = r["sync"]["sequential_us"]
        v = {
            "mine": p["mine"],
            "raw": p["other"],
            "official": r.get("sync_official", {}).get("official", {}).get("sequential_us"),
        }
        name = "sync retrieve, sequential: client CPU/call (raw = http.client)"
        ok = None if v["official"] is None else v["mine"] <= 0.35 * v["official"]
        rows.append(row(name, v, "µs", COMMAND.format("sync"), paired_ratio(p), "<= 0.35x official", ok))
    if "listing" in r:
        count = f"{r['customers']:,}"
        small, big = r["flat_memory"][r["small"]], r["flat_memory"][r["customers"]]
        flat = big["traced_peak_mb"] <= 1.5 * small["traced_peak_mb"] + 0.5
        official = r.get("listing_official", {})
        for decoder in JSON_DECODERS:
            listing = r["listing"][decoder]
            cpu = listing["cpu_us_per_customer"]
            v = {"mine": cpu["mine"], "raw": cpu["other"]}
            if decoder == "orjson":
                v["official"] = official.get("cpu_us_per_customer")
            name = f"list {count} customers ({decoder}): client CPU/customer"
            command = COMMAND.format("listing")
            ok = cpu["ratio"] <= 1.6 and flat
            rows.append(row(name, v, "µs", command, paired_ratio(cpu), "<= 1.6x raw, flat memory", ok))
        wall = r["listing"]["orjson"]["wall_s"]
        v = {"mine": wall["mine"], "raw": wall["other"], "official": official.get("wall_s")}
        rows.append(row(f"list {count} customers (orjson): wall time", v, "s", command, paired_ratio(wall)))
        rss = r["listing"]["orjson"]["rss_growth_mb"]
        v = {"mine": rss["mine"], "raw": rss["other"], "official": official.get("rss_growth_mb")}
        rows.append(row(f"list {count} customers (orjson): client peak RSS growth", v, "MB", command))
        peaks = f"{small['traced_peak_mb']:.2f} -> {big['traced_peak_mb']:.2f} MB"
        name = f"list: traced peak, {r['small']:,} -> {count} customers"
        rows.append(note_row(name, peaks, command, "flat", flat))
    if "parse" in r:
        rows += parse_rows(r["parse"])
    if "bulk" in r:
        commands = {
            "bulk": "",
            "bulk_contracts": " --contracts",
            "bulk_gather": " --gather",
            "bulk_reconcile": " --reconcile",
        }
        for key, flag in commands.items():
            b = r[key]
            text = (
                f"{b['share_of_ideal']:.2f}x ideal (floor {b['floor']:.2f}x), {b['share_429']:.0%} 429s, "
                f"{b['created']:,} created"
            )
            reference = key == "bulk_gather"
            met = (
                b["share_of_ideal"] <= BULK_TARGET
                and b["share_429"] < 0.10
                and b["created"] == b["customers"]
            )
            name = f"bulk {b['customers']:,} at {b['rate']:.0f}/s: {b['how']}"
            target = "(reference)" if reference else f"<= {BULK_TARGET}x ideal, < 10% 429s"
            command = "python benchmarks/bulk.py" + flag
            rows.append(note_row(name, text, command, target, None if reference else met))
    if "workers" in r:
        w = r["workers"]
        fair = w["rate"] / w["workers"]
        text = (
            f"{w['share_of_ideal']:.2f}x ideal (floor {w['floor']:.2f}x), workers {w['fastest_seconds']:.1f}-"
            f"{w['slowest_seconds']:.1f} s, {shares(w)}/s each while all ran (fair {fair:.0f}), "
            f"{w['share_429']:.0%} 429s, {w['created']:,} created"
        )
        met = w["share_of_ideal"] <= WORKERS_TARGET and w["created"] == w["workers"] * w["customers"]
        name = (
            f"bulk, {w['workers']} workers x {w['customers']:,} at {w['rate']:.0f}/s, started "
            f"{w['stagger']:g} s apart: provision_many each"
        )
        target = f"<= {WORKERS_TARGET}x ideal, all created"
        rows.append(note_row(name, text, "python benchmarks/workers.py", target, met))
    if "imports" in r:
        imports = {
            "mine": r["imports"]["metronome_async"] * 1000,
            "official": r["imports"]["metronome"] * 1000,
        }
        name = f"import time (best of {r['import_runs']})"
        ok = imports["mine"] <= imports["official"]
        rows.append(row(name, imports, "ms", "python benchmarks/imports.py", target="<= official", ok=ok))
        if "import_baseline" in r:
            b = r["import_baseline"]
            name = f"import metronome_async: this revision vs {b['revision']} (importtime, pairs)"
            text = f"{b['mine'] * 1000:.1f} ms vs {b['other'] * 1000:.1f} ms"
            ok = b["ratio"] <= IMPORT_TARGET
            command = f"python benchmarks/imports.py --code {b['code']}"
            rows.append(note_row(name, f"{text}, {paired_ratio(b)}", command, f"<= {IMPORT_TARGET}x", ok))
        mine, theirs = r["first_use"]["metronome_async"], r["first_use"]["metronome"]
        runs = r["import_runs"]
        name = f"import, client, first contracts.edit answer (best of {runs}; import + client + area)"
        cells = [phases(mine), "-", phases(theirs), "-", "-", ratio(mine["total"], theirs["total"])]
        rows.append([name, *cells, "", "", "`python benchmarks/imports.py`"])
    return render_table(HEADERS, rows)


def phases(first_use: dict[str, float]) -> str:
    parts = " + ".join(f"{first_use[k] * 1000:,.0f}" for k in ("import", "client", "area"))
    return f"{first_use['total'] * 1000:,.0f} ms ({parts})"


def parse_rows(p: dict[str, Any]) -> list[list[str]]:
    """The large answer: each of our parsers against decoding alone (the raw column) and the official SDK,
    both ratios from pairs; then the memory each keeps."""
    rows, m, command = [], p["medians"], "python benchmarks/parse.py"
    names = {
        "metronome_async": "hand Contract (contracts.retrieve)",
        "metronome_async-generated": "generated ContractV2",
    }
    for parser, what in names.items():
        for official in ("official", "official-strict"):
            if parser == "metronome_async" and official == "official-strict":
                continue
            v = {
                "mine": m[parser]["us_per_parse"],
                "raw": m["decode"]["us_per_parse"],
                "official": m[official]["us_per_parse"],
            }
            name = f"large contract answer: CPU/parse, {what}" + (
                " vs official strict validation" if official == "official-strict" else ""
            )
            cells = row(name, v, "µs", command, paired_ratio(p[f"{parser} vs decode"]))
            cells[6] = paired_ratio(p[f"{parser} vs {official}"])
            rows.append(cells)
    kept = {
        k: m[k]["kept_kib"] / 1024
        for k in ("metronome_async", "metronome_async-generated", "decode", "official")
    }
    text = f"{kept['metronome_async']:.2f} MB hand, {kept['metronome_async-generated']:.2f} MB generated"
    cells = [text, figure(kept["decode"], "MB"), figure(kept["official"], "MB"), "-", "-"]
    hand, generated = (kept[k] / kept["official"] for k in ("metronome_async", "metronome_async-generated"))
    cells.append(f"{hand:.2f}x, {generated:.2f}x")
    rows.append(["large contract answer: memory kept per parsed answer", *cells, "", "", f"`{command}`"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run; numbers not meaningful")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--only", action="append", choices=GROUPS, help="run only these rows (repeatable)")
    parser.add_argument("--pairs", type=int, help="pairs of runs per paired figure (default 8; listing 4)")
    parser.add_argument("--no-official", action="store_true", help="leave the official SDK out (faster)")
    parser.add_argument("--import-baseline", metavar="DIR", help="a checkout to compare the import with")
    args = parser.parse_args()
    started, load_before = time.perf_counter(), load_average()
    only = set(args.only or GROUPS)
    results = measure(args.quick, only, not args.no_official, args.pairs, args.import_baseline)
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
