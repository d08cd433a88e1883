"""``python -m tools.generate``: writes the generated modules from ``spec/metronome-openapi.json`` and
``tools/names.tsv``; ``--check`` writes nothing and fails if a committed file differs (a stale generation)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from tools.generate import emulator_spec
from tools.generate.models import ModelWriter
from tools.generate.names import read_names
from tools.generate.requests import Checks
from tools.generate.resources import PACKAGE, Method, write_area, write_areas
from tools.generate.spec import load_spec, operations

ROOT = Path(__file__).parent.parent.parent
CLIENT_AREAS = {"customers"}
"""Areas whose class the client composes by hand: ``client.customers`` carries the workflows too."""


def generate() -> dict[str, str]:
    """Every generated file: repo-relative path -> text."""
    spec = load_spec()
    names = read_names()
    checks = Checks(spec)
    answers = ModelWriter(spec)
    by_area: dict[str, list[Method]] = defaultdict(list)
    children: dict[str, set[str]] = defaultdict(set)
    for operation in operations(spec, names):
        by_area[operation.name.area].append(Method(spec, operation, checks, answers))
        parts = operation.name.resource.split(".")
        for depth in range(1, len(parts)):
            children[".".join(parts[:depth])].add(".".join(parts[: depth + 1]))
    folder = PACKAGE.replace(".", "/")
    files = {
        f"{folder}/{area}.py": write_area(
            area,
            methods,
            {parent: sorted(kids) for parent, kids in children.items() if parent.split(".")[0] == area},
        )
        for area, methods in sorted(by_area.items())
    }
    files[f"{folder}/_checks.py"] = checks.source()
    hand = {name.area for name in names if name.hand} | CLIENT_AREAS
    files[f"{folder}/__init__.py"] = write_areas(sorted(set(by_area) - hand))
    files.update(answers.write())
    files[emulator_spec.TARGET] = emulator_spec.dumps(emulator_spec.compact(spec))
    return files


def main(argv: list[str]) -> int:
    files = generate()
    stale = [
        path
        for path, text in files.items()
        if not (ROOT / path).exists() or (ROOT / path).read_text() != text
    ]
    if "--check" in argv:
        for path in stale:
            print(f"stale: {path} (run python -m tools.generate)", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(files[path])
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
