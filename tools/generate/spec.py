"""Reading the spec: its operations with their names, and schemas with ``$ref`` and ``allOf`` resolved."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from tools.generate.names import Name, read_names

SPEC = Path(__file__).parent.parent.parent / "spec" / "metronome-openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
_PLANS_DEPRECATED = "This is a Plans (deprecated) endpoint"
_REF = re.compile(r'"#/components/schemas/([^"]+)"')

Schema = dict[str, Any]


def load_spec(path: Path = SPEC) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(path.read_text())
    return spec


@attrs.frozen
class Parameter:
    name: str
    where: str  # "path" | "query"
    schema: Schema
    required: bool
    description: str


@attrs.frozen
class Operation:
    """One operation of the spec and its name."""

    name: Name
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: Schema | None
    answer: Schema | None
    """The schema of the 2xx JSON answer; ``None`` when there is none (or it is not JSON)."""
    binary: str | None
    """The media type of an answer that is not JSON (``application/pdf``)."""
    deprecated: bool


def operations(spec: dict[str, Any], names: list[Name] | None = None) -> Iterator[Operation]:
    """Every operation of ``spec`` with its name, in the names table's order; a table that misses an operation
    or names one the spec lacks is an error."""
    by_key = {(name.method, name.path): name for name in names or read_names()}
    found = set()
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                found.add((method.upper(), path))
    missing = sorted(found - set(by_key))
    extra = sorted(set(by_key) - found)
    if missing or extra:
        raise ValueError(f"names table out of step with the spec: unnamed {missing}, unknown {extra}")
    for name in sorted(by_key.values(), key=lambda n: n.name):
        raw = spec["paths"][name.path][name.method.lower()]
        yield _operation(spec, name, raw)


def _operation(spec: dict[str, Any], name: Name, raw: dict[str, Any]) -> Operation:
    parameters = []
    for parameter in raw.get("parameters", []):
        parameter = resolve(spec, parameter)
        parameters.append(
            Parameter(
                parameter["name"],
                parameter["in"],
                parameter.get("schema", {}),
                bool(parameter.get("required")) or parameter["in"] == "path",
                parameter.get("description", ""),
            )
        )
    content = raw.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema")
    answer, binary = None, None
    for status in sorted(raw.get("responses", {})):
        if status.startswith("2"):
            answer_content = resolve(spec, raw["responses"][status]).get("content", {})
            answer = answer_content.get("application/json", {}).get("schema")
            if answer_content and "application/json" not in answer_content:
                binary = next(iter(answer_content))
            break
    description = raw.get("description", "")
    return Operation(
        name=name,
        summary=raw.get("summary", ""),
        description=description,
        parameters=tuple(parameters),
        body=body,
        answer=answer,
        binary=binary,
        deprecated=bool(raw.get("deprecated")) or _PLANS_DEPRECATED in description,
    )


def resolve(spec: dict[str, Any], schema: Schema) -> Schema:
    """``schema`` with a top-level ``$ref`` followed (its siblings, such as ``nullable``, kept)."""
    while "$ref" in schema:
        target = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        schema = {**target, **rest}
    return schema


def ref_name(schema: Schema) -> str | None:
    ref = schema.get("$ref")
    return (
        ref.rpartition("/")[2] if isinstance(ref, str) and ref.startswith("#/components/schemas/") else None
    )


def merged(spec: dict[str, Any], schema: Schema) -> Schema:
    """``schema`` resolved, its ``allOf`` parts merged into one object schema."""
    schema = resolve(spec, schema)
    if "allOf" not in schema:
        return schema
    out: Schema = {key: value for key, value in schema.items() if key != "allOf"}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in schema["allOf"]:
        part = merged(spec, part)
        properties.update(part.get("properties", {}))
        required += [field for field in part.get("required", []) if field not in required]
        for key, value in part.items():
            if key not in ("properties", "required", "description"):
                out.setdefault(key, value)
    properties.update(out.get("properties", {}))
    out["properties"] = properties
    out["required"] = required + [field for field in out.get("required", []) if field not in required]
    out.setdefault("type", "object")
    return out


def first_sentence(text: str, limit: int = 100) -> str:
    """The first sentence of a description, without Markdown links, for a one-line docstring."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text.strip())
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."


def refs_in(value: Any) -> list[str]:
    """The names of the component schemas ``value`` (any JSON) refers to directly."""
    return _REF.findall(json.dumps(value))


def referenced(names: list[str], schemas: dict[str, Any]) -> set[str]:
    """``names`` and every component schema they reference, however deep."""
    seen: set[str] = set()
    while names:
        name = names.pop()
        if name not in seen:
            seen.add(name)
            names += refs_in(schemas[name])
    return seen
