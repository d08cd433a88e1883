"""Import time of a package: ``python -X importtime``'s cumulative figure for it, best of several fresh runs.

python benchmarks/imports.py metronome_async metronome
"""

from __future__ import annotations

import subprocess
import sys

from _harness import PYTHON

RUNS = 5


def import_seconds(module: str) -> float:
    """Cumulative import time of ``module`` in one fresh interpreter (startup itself excluded)."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, check=True
    )
    for line in done.stderr.splitlines():  # "import time: self [us] | cumulative | imported package"
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1]) / 1e6
    raise RuntimeError(f"no import time for {module} in:\n{done.stderr[-2000:]}")


def best_import_seconds(module: str, runs: int = RUNS) -> float:
    return min(import_seconds(module) for _ in range(runs))


if __name__ == "__main__":
    for name in sys.argv[1:] or ["metronome_async", "metronome"]:
        print(f"{name}: {best_import_seconds(name) * 1000:.0f} ms")
