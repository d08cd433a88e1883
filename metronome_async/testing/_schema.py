"""The spec's JSON schemas (OpenAPI 3.0) at run time: checks of a value, and answers built to fit one.

`Schemas.problem` finds the first way a value breaks a schema, worded as the hand-written routes word it
(`customer_id: must be a UUID`); `Schemas.conform` turns any value into one the schema accepts, keeping
what already fits and making up, deterministically, what the schema requires and the value lacks.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from typing import Any

from ._wire import parse_rfc3339

Schema = Mapping[str, Any]
MISSING: Any = object()  # "no value": conform makes one up
MAX_DEPTH = 40  # of made-up values; the spec's required fields never nest this deep
SOME_TIME = "2025-01-01T00:00:00.000Z"  # every made-up date-time
# Required fields that hold the object's own fields: as first made and as now (a product, a contract), its
# pricing (a rate card's rate).
SNAPSHOTS = ("initial", "current", "rate")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NAMESPACE = uuid.UUID("6f1c3f5e-8a4b-4c1d-9e2f-3a5b7c9d0e1f")  # made-up ids: uuid5 of the field's name
_KINDS = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean",
    "object": "a JSON object",
    "array": "an array",
}


def child(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def is_kind(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    return kind != "array" or isinstance(value, list)


class Schemas:
    """The component schemas, and what to do with a schema that may `$ref` them."""

    def __init__(self, components: Mapping[str, Schema]) -> None:
        self._components = components

    def resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            schema = self._components[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def kind(self, schema: Schema) -> str | None:
        """The schema's type, or "object" for one that only lists properties."""
        schema = self.resolve(schema)
        declared: str | None = schema.get("type")
        if declared is None and ("properties" in schema or "additionalProperties" in schema):
            return "object"
        return declared

    # ------------------------------------------------------------------ checks

    def problem(self, schema: Schema, value: Any, where: str = "") -> str | None:
        """`"<where>: <what is wrong>"` for the first violation found, or None when `value` fits."""
        schema = self.resolve(schema)
        here = where or "request body"
        if value is None:
            if schema.get("nullable") or not self._constrains(schema):
                return None
            return f"{here}: must not be null"
        for branch in schema.get("allOf", ()):
            found = self.problem(branch, value, where)
            if found is not None:
                return found
        if "oneOf" in schema or "anyOf" in schema:
            found = self._branches(schema, value, where)
            if found is not None:
                return found
        kind = self.kind(schema)
        if kind is not None and not is_kind(kind, value):
            return f"{here}: expected {_KINDS.get(kind, kind)}"
        if "enum" in schema and value not in schema["enum"]:
            return f"{here}: must be one of {', '.join(map(str, schema['enum']))}"
        if isinstance(value, str):
            return self._text(schema, value, here)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _number(schema, value, here)
        if isinstance(value, list):
            return self._array(schema, value, where, here)
        if isinstance(value, dict):
            return self._object(schema, value, where, here)
        return None

    def _constrains(self, schema: Schema) -> bool:
        """Does the schema say anything that a null breaks (a type, an enum, a branch)?"""
        return any(key in schema for key in ("type", "enum", "properties", "items")) or any(
            any(self._constrains(self.resolve(b)) for b in schema.get(key, ()))
            for key in ("allOf", "oneOf", "anyOf")
        )

    def _branches(self, schema: Schema, value: Any, where: str) -> str | None:
        exactly_one = "oneOf" in schema
        branches = schema["oneOf"] if exactly_one else schema["anyOf"]
        problems = [self.problem(branch, value, where) for branch in branches]
        fitting = problems.count(None)
        if fitting == 0:
            first = next(p for p in problems if p is not None)
            return f"{first} (and it fits none of the other allowed shapes either)"
        if exactly_one and fitting > 1:
            return f"{where or 'request body'}: fits more than one of the allowed shapes"
        return None

    def _text(self, schema: Schema, value: str, here: str) -> str | None:
        if len(value) < schema.get("minLength", 0):
            return f"{here}: must not be empty" if schema["minLength"] == 1 else f"{here}: too short"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"{here}: longer than {schema['maxLength']} characters"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return f"{here}: must match {schema['pattern']}"
        fmt = schema.get("format")
        if fmt == "uuid" and not _UUID.fullmatch(value):
            return f"{here}: must be a UUID"
        if fmt == "date-time" and parse_rfc3339(value) is None:
            return f"{here}: expected an RFC 3339 date-time, e.g. 2024-01-01T00:00:00Z"
        return None

    def _array(self, schema: Schema, value: list[Any], where: str, here: str) -> str | None:
        if len(value) < schema.get("minItems", 0):
            return f"{here}: at least {schema['minItems']} items"
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return f"{here}: at most {schema['maxItems']} items"
        items = schema.get("items", {})
        for index, item in enumerate(value):
            found = self.problem(items, item, f"{where or 'request body'}[{index}]")
            if found is not None:
                return found
        return None

    def _object(self, schema: Schema, value: dict[str, Any], where: str, here: str) -> str | None:
        for name in schema.get("required", ()):
            if name not in value:
                return f"{child(where, name)}: is required"
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                found = self.problem(properties[name], item, child(where, name))
            elif extra is False:
                found = f"{child(where, name)}: unknown field"
            elif isinstance(extra, dict):
                found = self.problem(extra, item, child(where, name))
            else:
                found = None
            if found is not None:
                return found
        if len(value) < schema.get("minProperties", 0):
            return f"{here}: at least {schema['minProperties']} fields"
        return None

    # ------------------------------------------------------------------ answers

    def conform(self, schema: Schema, value: Any = MISSING, name: str = "", depth: int = 0) -> Any:
        """A value the schema accepts: `value` where it fits (objects keep only their declared fields,
        recursively), made up where it does not (from what the value has, where it can: see `_seed`).
        Made-up values are the simplest that fit: required fields only, null where allowed, the first enum
        value, formats honoured; `name` (the field's) seeds made-up strings and ids, so the same field
        always gets the same value."""
        if depth > MAX_DEPTH:
            raise RecursionError(f"the schema of {name!r} requires itself")
        schema = self.resolve(schema)
        if value is None and schema.get("nullable"):
            return None
        if value is MISSING and schema.get("nullable") and "enum" not in schema:
            return None
        if "allOf" in schema:
            return self._all_of(schema, value, name, depth)
        if "oneOf" in schema or "anyOf" in schema:
            return self._one_of(schema, value, name, depth)
        if "enum" in schema:
            return value if value in schema["enum"] else schema["enum"][0]
        kind = self.kind(schema)
        if kind == "object":
            return self._conform_object(schema, value, depth)
        if kind == "array":
            items = schema.get("items", {})
            found = (
                [self.conform(items, v, name, depth + 1) for v in value] if isinstance(value, list) else []
            )
            while len(found) < schema.get("minItems", 0):
                found.append(self.conform(items, MISSING, name, depth + 1))
            return found[: schema.get("maxItems")]
        if value is not MISSING and kind is not None and self.problem(schema, value) is None:
            return value
        if kind == "string":
            return _made_up_text(schema, name)
        if kind in ("number", "integer"):
            return _made_up_number(schema, kind)
        if kind == "boolean":
            return False
        return {} if value is MISSING else value  # no type: anything goes

    def _all_of(self, schema: Schema, value: Any, name: str, depth: int) -> Any:
        own = {k: v for k, v in schema.items() if k not in ("allOf", "nullable")}
        parts = [self.conform(branch, value, name, depth + 1) for branch in schema["allOf"]]
        if own:
            parts.append(self.conform(own, value, name, depth + 1))
        if all(isinstance(part, dict) for part in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return parts[-1]

    def _one_of(self, schema: Schema, value: Any, name: str, depth: int) -> Any:
        branches = schema.get("oneOf") or schema["anyOf"]
        candidates = [self.conform(branch, value, name, depth + 1) for branch in branches]
        for candidate in candidates:
            if self.problem(schema, candidate) is None:
                return candidate
        return candidates[0]

    def _conform_object(self, schema: Schema, value: Any, depth: int) -> dict[str, Any]:
        source = value if isinstance(value, dict) else {}
        properties = schema.get("properties", {})
        required = schema.get("required", ())
        found = {}
        for key, sub in properties.items():
            value = source[key] if key in source else _seed(key, source, key in required)
            if value is not MISSING or key in required:
                found[key] = self.conform(sub, value, key, depth + 1)
        extra = schema.get("additionalProperties")
        if extra is True or isinstance(extra, dict):  # a map: keep its entries
            for key, item in source.items():
                if key not in properties:
                    found[key] = item if extra is True else self.conform(extra, item, key, depth + 1)
        while len(found) < schema.get("minProperties", 0) and extra is not False:
            key = f"field_{len(found)}"
            found[key] = self.conform(extra, MISSING, key, depth + 1) if isinstance(extra, dict) else key
        return found


def _seed(key: str, source: Mapping[str, Any], required: bool) -> Any:
    """What an object's missing field can be made from: `product` from `product_id` (`{"id": ...}`), and a
    required snapshot of the object (`initial`, `current`, `rate`) from the object's own fields."""
    if f"{key}_id" in source:
        return {"id": source[f"{key}_id"]}
    return source if required and key in SNAPSHOTS else MISSING


def _number(schema: Schema, value: float, here: str) -> str | None:
    if not math.isfinite(value):
        return f"{here}: expected a finite number"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and (value < low or (schema.get("exclusiveMinimum") and value == low)):
        return f"{here}: must be at least {low}" + (" (exclusive)" if schema.get("exclusiveMinimum") else "")
    if high is not None and (value > high or (schema.get("exclusiveMaximum") and value == high)):
        return f"{here}: must be at most {high}" + (" (exclusive)" if schema.get("exclusiveMaximum") else "")
    return None


def _made_up_text(schema: Schema, name: str) -> str:
    fmt = schema.get("format")
    if fmt == "uuid":
        return str(uuid.uuid5(_NAMESPACE, name))
    if fmt == "date-time":
        return SOME_TIME
    if fmt == "uri":
        return f"https://example.com/{name}"
    text = name or "text"
    if "pattern" in schema and not re.search(schema["pattern"], text):
        text = "/" + text  # the spec's one pattern asks for a leading slash
    text = text.ljust(schema.get("minLength", 0), "x")
    return text[: schema["maxLength"]] if "maxLength" in schema else text


def _made_up_number(schema: Schema, kind: str) -> float:
    low, high = schema.get("minimum"), schema.get("maximum")
    number = 0 if low is None else low + (1 if schema.get("exclusiveMinimum") else 0)
    if high is not None and number > high:
        number = high
    return int(number) if kind == "integer" else number
