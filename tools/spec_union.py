"""Writes ``spec/metronome-openapi.json``, the one copy of the official spec this project reads: Metronome's
fuller spec (the one the official SDKs mock from, with the Plans and per-customer billing-config
endpoints) plus the operations only the docs spec has (payments), with the schemas they need.

    python -m tools.spec_union FULL.json DOCS.json

Nothing is edited: every operation and schema is copied as it is in one of the two files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tools.generate.spec import SPEC as TARGET
from tools.generate.spec import referenced, refs_in


def union(full: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    merged = json.loads(json.dumps(full))
    schemas = merged["components"]["schemas"]
    for path, item in docs["paths"].items():
        for method, operation in item.items():
            if method in merged["paths"].get(path, {}):
                continue
            merged["paths"].setdefault(path, {})[method] = operation
            needed = referenced(refs_in(operation), docs["components"]["schemas"])
            for name in sorted(needed):
                if name in schemas and schemas[name] != docs["components"]["schemas"][name]:
                    raise SystemExit(f"schema {name} differs between the two specs")
                schemas.setdefault(name, docs["components"]["schemas"][name])
    return merged


def main() -> None:
    full, docs = (json.loads(Path(name).read_text()) for name in sys.argv[1:3])
    TARGET.write_text(json.dumps(union(full, docs), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
