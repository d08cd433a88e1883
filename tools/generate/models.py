"""Placeholder until the model generator lands: every answer as plain JSON types."""

from __future__ import annotations

from typing import Any

from tools.generate.spec import merged


class ModelWriter:
    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec

    def answer_type(self, schema: dict[str, Any], hint: str, area: str) -> tuple[str, set[tuple[str, str]]]:
        schema = merged(self._spec, schema)
        kind = schema.get("type")
        if kind == "array":
            inner, imports = self.answer_type(schema.get("items", {}), hint, area)
            return f"list[{inner}]", imports
        if kind == "string":
            return "str", set()
        if kind == "object" or "properties" in schema:
            return "dict[str, Any]", set()
        return "Any", set()

    def write(self) -> dict[str, str]:
        return {}
