"""The embedded Metronome's copy of the spec: what it needs at run time to check requests and build answers.

``compact(spec)`` keeps, per operation, its method, path, path and query parameters, request body schema,
2xx answer (status, content type, schema) and error statuses (with the codes their bodies require); and the
component schemas those reach. It drops descriptions, examples, defaults and ``x-*`` extensions. The
runtime package cannot read ``spec/`` (it is not installed), so ``python -m tools.generate`` writes the result
to ``metronome_async/testing/_openapi.json``.
"""

from __future__ import annotations

import json
from typing import Any

from tools.generate.spec import referenced, refs_in

TARGET = "metronome_async/testing/_openapi.json"

METHODS = ("get", "post", "put", "patch", "delete")
# Schema keywords the emulator reads; every other key (description, example, default, x-*) is dropped.
_SCALAR_KEYS = frozenset({
    "type", "format", "enum", "required", "nullable", "$ref", "pattern",
    "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
})  # fmt: skip
_SCHEMA_KEYS = frozenset({"items", "not"})  # a schema
_SCHEMA_LIST_KEYS = frozenset({"allOf", "oneOf", "anyOf"})  # a list of schemas


def compact(spec: dict[str, Any]) -> dict[str, Any]:
    """``{"operations": [...], "schemas": {...}}``, operations sorted by path then method."""
    operations = [
        _operation(spec, path, method, item)
        for path, item in sorted(spec["paths"].items())
        for method in METHODS
        if method in item
    ]
    schemas = spec["components"]["schemas"]
    used = referenced(refs_in(operations), schemas)
    return {"operations": operations, "schemas": {name: _schema(schemas[name]) for name in sorted(used)}}


def dumps(compacted: dict[str, Any]) -> str:
    """Minified, keys sorted: the same spec always gives the same bytes."""
    return json.dumps(compacted, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def _operation(spec: dict[str, Any], path: str, method: str, item: dict[str, Any]) -> dict[str, Any]:
    operation = item[method]
    parameters: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*item.get("parameters", ()), *operation.get("parameters", ())]:  # the operation's win
        parameter = _resolve(spec, raw)
        if parameter["in"] in ("path", "query"):
            parameters[(parameter["in"], parameter["name"])] = {
                "in": parameter["in"],
                "name": parameter["name"],
                "required": bool(parameter.get("required")),
                "schema": _schema(parameter.get("schema", {})),
            }
    body = None
    if "requestBody" in operation:
        request = _resolve(spec, operation["requestBody"])
        body = {
            "required": bool(request.get("required")),
            "schema": _schema(request["content"]["application/json"]["schema"]),
        }
    answer: dict[str, Any] = {}
    errors: dict[str, list[str] | None] = {}
    for status, raw in sorted(operation["responses"].items()):
        response = _resolve(spec, raw)
        content = response.get("content", {})
        if status.startswith("2") and not answer:
            content_type = next(iter(content), None)
            schema = content.get("application/json", {}).get("schema")
            answer = {
                "status": int(status),
                "content_type": content_type,
                "schema": None if schema is None else _schema(schema),
            }
        elif not status.startswith("2"):
            errors[status] = _coded(spec, content.get("application/json", {}).get("schema"))
    return {
        "method": method.upper(),
        "path": path,
        "parameters": list(parameters.values()),
        "body": body,
        "answer": answer,
        "errors": errors,
    }


def _coded(spec: dict[str, Any], schema: dict[str, Any] | None) -> list[str] | None:
    """The codes an error body must carry (``[]``: any string), or None when it needs no ``code``."""
    if schema is None:
        return None
    schema = _resolve(spec, schema)
    if "code" not in schema.get("required", ()):
        return None
    return list(schema["properties"]["code"].get("enum", []))


def _schema(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema  # additionalProperties: true/false
    out: dict[str, Any] = {key: schema[key] for key in _SCALAR_KEYS if key in schema}
    if "properties" in schema:
        out["properties"] = {name: _schema(value) for name, value in schema["properties"].items()}
    if "additionalProperties" in schema:
        out["additionalProperties"] = _schema(schema["additionalProperties"])
    for key in _SCHEMA_KEYS & schema.keys():
        out[key] = _schema(schema[key])
    for key in _SCHEMA_LIST_KEYS & schema.keys():
        out[key] = [_schema(branch) for branch in schema[key]]
    return out


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (of a parameter, request body, response or schema) to what it names."""
    while "$ref" in node:
        target: Any = spec
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
