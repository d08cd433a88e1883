"""Instructions per listed customer, metronome_async against raw aiohttp: a figure that, unlike CPU time on a
shared machine, is the same from run to run, for telling whether a change to the per-customer path helps.

    python benchmarks/instructions.py [--libraries metronome_async,aiohttp] [--json stdlib]

Runs ``cases.py listing`` under valgrind's cachegrind (instruction counting only) for two listing lengths
and divides the difference by the extra customers, so start-up, imports and the warm-up cancel out. The
server runs in its own process, outside valgrind. Instructions are not time (cache misses, system calls and
waiting are not in them): use it to compare versions of the same path, and run.py for the ratios.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from _harness import ServerInfo, client_env, server_process

SHORT, LONG = 1_000, 6_000  # customers streamed in the two runs
CASES = Path(__file__).with_name("cases.py")


def instructions(server: ServerInfo, library: str, items: int, decoder: str) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    command += [sys.executable, str(CASES), "listing", library, "--server", server.to_json()]
    command += ["--items", str(items), "--json", decoder]
    done = subprocess.run(
        command, capture_output=True, text=True, env=client_env({"json": decoder}), check=True
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--libraries", default="metronome_async,aiohttp", help="comma-separated, from cases.py"
    )
    parser.add_argument("--json", choices=["orjson", "stdlib"], default="orjson", help="the JSON decoder")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    libraries = args.libraries.split(",")
    with server_process(LONG + 1_000) as server:
        per_customer = {}
        for library in libraries:
            extra = instructions(server, library, LONG, args.json) - instructions(
                server, library, SHORT, args.json
            )
            per_customer[library] = extra / (LONG - SHORT)
            print(
                f"{library}: {per_customer[library]:,.0f} instructions per customer ({args.json})", flush=True
            )
    if len(libraries) == 2:
        first, second = libraries
        print(f"{first} / {second}: {per_customer[first] / per_customer[second]:.2f}x")


if __name__ == "__main__":
    main()
