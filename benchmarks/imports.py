"""Import time of a package, and what the first use of an area of the API loads after it.

    python benchmarks/imports.py [--code DIR] [MODULE ...]   # default: metronome_async metronome

Import time: ``python -X importtime``'s cumulative figure for the package, best of several fresh
interpreters. ``--code DIR`` also measures ``import metronome_async`` from another checkout (a worktree of a
release, say), in pairs with this one's. First use, in a fresh interpreter timed with ``perf_counter``: the
import, then a client (``AsyncMetronome(...)``, which loads the transport and aiohttp), then reading the first
answer of ``contracts.edit``, which loads the resource and the contracts area's models (``models._contracts``,
the largest, with ``models._shared``) and builds the answer's structure hook; the official SDK the same way
(``client.v2.contracts.edit``'s answer read as its client does). No request is sent: the answer is the spec's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import Any

from _harness import PYTHON, Paired

RUNS = 5
_EDITED = {"data": {"id": "d7abd0cd-4ae9-4db7-8676-e986a4ebd8dc"}}  # the spec's example answer of the edit

# Each prints {"import": s, "client": s, "area": s}: the import, the client, the first contracts.edit answer.
FIRST_USE = {
    "metronome_async": f"""
import json, time
started = time.perf_counter()
import metronome_async
imported = time.perf_counter()
client = metronome_async.AsyncMetronome(api_key="benchmark", base_url="http://127.0.0.1:9")
made = time.perf_counter()
client.contracts.edit
from metronome_async.resources._generated.contracts import _CONTRACTS_EDIT
_CONTRACTS_EDIT.parse({_EDITED!r})  # what the first edit call does with its answer
used = time.perf_counter()
print(json.dumps({{"import": imported - started, "client": made - imported, "area": used - made}}))
""",
    "metronome": f"""
import json, time
started = time.perf_counter()
import metronome
imported = time.perf_counter()
client = metronome.AsyncMetronome(bearer_token="benchmark", base_url="http://127.0.0.1:9")
made = time.perf_counter()
client.v2.contracts.edit
from metronome.types.v2 import ContractEditResponse
client._process_response_data(data={_EDITED!r}, cast_to=ContractEditResponse, response=None)
used = time.perf_counter()
print(json.dumps({{"import": imported - started, "client": made - imported, "area": used - made}}))
""",
}


def _environment(code: str | None) -> tuple[dict[str, str] | None, str | None]:
    """The environment and working directory that make ``import metronome_async`` find ``code``'s copy."""
    if code is None:
        return None, None
    return {**os.environ, "PYTHONPATH": code}, code


def import_seconds(module: str, code: str | None = None) -> float:
    """Cumulative import time of ``module`` in one fresh interpreter (startup itself excluded)."""
    env, cwd = _environment(code)
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=cwd,
    )
    for line in done.stderr.splitlines():  # "import time: self [us] | cumulative | imported package"
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1]) / 1e6
    raise RuntimeError(f"no import time for {module} in:\n{done.stderr[-2000:]}")


def best_import_seconds(module: str, runs: int = RUNS) -> float:
    return min(import_seconds(module) for _ in range(runs))


def paired_import(code: str, pairs: int = RUNS) -> dict[str, Any]:
    """``import metronome_async``, this checkout's then ``code``'s, pair after pair."""
    paired = Paired([], [])
    for _ in range(pairs):
        paired.mine.append(import_seconds("metronome_async"))
        paired.other.append(import_seconds("metronome_async", code))
    return paired.summary()


def first_use_seconds(library: str, runs: int = RUNS) -> dict[str, float]:
    """``FIRST_USE[library]`` in fresh interpreters: the phases of the run whose total was the least."""
    results = []
    for _ in range(runs):
        done = subprocess.run([PYTHON, "-c", FIRST_USE[library]], capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best: dict[str, float] = min(results, key=lambda phases: sum(phases.values()))
    return {**best, "total": sum(best.values())}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=["metronome_async", "metronome"])
    parser.add_argument("--code", help="another checkout: its import metronome_async, paired with this one's")
    args = parser.parse_args()
    for name in args.modules:
        print(f"{name}: {best_import_seconds(name) * 1000:.1f} ms")
    if args.code:
        p = paired_import(args.code)
        print(
            f"metronome_async here {p['mine'] * 1000:.1f} ms, at {args.code} {p['other'] * 1000:.1f} ms: "
            f"{p['ratio']:.2f}x ({p['ratio_min']:.2f}-{p['ratio_max']:.2f}, {p['pairs']} pairs)"
        )
    for library in FIRST_USE:
        phases = {k: f"{v * 1000:.0f} ms" for k, v in first_use_seconds(library).items()}
        print(f"{library} first contracts.edit: {phases}", file=sys.stdout)
