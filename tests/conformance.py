"""Check recorded HTTP exchanges against the official Metronome OpenAPI spec.

This stops the SDK and the emulator from drifting away from the real wire format together.
The spec is ``spec/metronome-openapi.json`` (see ``spec/README.md``).

An *exchange* is any object with ``method``, ``path``, ``query`` (``dict[str, str]``; arrays
arrive comma-joined, booleans as ``"true"``/``"false"``), ``request_body`` (parsed JSON or
None), ``status`` (int), ``response_body`` (parsed JSON, or None for an empty body) and an
optional ``check_request`` (default True). :class:`Exchange` is a ready-made one.

Notes on how the spec is read:

* ``nullable: true`` also admits ``null`` next to ``$ref``/``allOf``/``oneOf``/``anyOf``/``enum``
  in the same schema object. That is how the Stainless-generated spec uses it.
* A missing request body counts as a problem when ``requestBody.required`` is true, and also
  when the body schema cannot be satisfied by "no body": an object with required properties,
  or an array with ``minItems``. The spec almost never sets ``required`` on request bodies.
* With ``strict_fields`` (the default), a field is reported when the spec never declares it in
  an object schema that lists ``properties`` and says nothing about ``additionalProperties``.
  Plain JSON Schema accepts such fields. They are reported anyway because an SDK-only or
  emulator-only field is exactly the drift this module exists to catch. The exceptions are the
  few fields in ``SDK_FIELDS``: the official SDK (4.12) sends or reads them, the spec omits them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import FormatChecker
from jsonschema.validators import extend
from openapi_schema_validator import OAS30Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

SPEC_PATH = Path(__file__).parent.parent / "spec" / "metronome-openapi.json"
_BASE_URI = "https://spec.invalid/metronome-openapi.json"
_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_JSON = "application/json"

# --------------------------------------------------------------------------- formats

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
FORMAT_CHECKER = FormatChecker(formats=())

# Fields the official SDK 4.12 sends or reads that the spec does not declare, by (method, path, where), `[*]`
# for any index: the v2 contracts listing pages by a body `cursor` (and takes a `limit`), answered in a
# top-level `cursor`; the SDK requires a subscription's `created_at`.
SDK_FIELDS: dict[tuple[str, str, str], frozenset[str]] = {
    ("POST", "/v2/contracts/list", "request body"): frozenset({"$.cursor", "$.limit"}),
    ("POST", "/v2/contracts/list", "response body"): frozenset(
        {"$.cursor", "$.data[*].subscriptions[*].created_at"}
    ),
    ("POST", "/v2/contracts/get", "response body"): frozenset({"$.data.subscriptions[*].created_at"}),
    ("POST", "/v2/contracts/edit", "response body"): frozenset(
        {"$.data.edit.add_subscriptions[*].created_at"}
    ),
    ("POST", "/v2/contracts/getEditHistory", "response body"): frozenset(
        {"$.data[*].add_subscriptions[*].created_at"}
    ),
}
_INDEX = re.compile(r"\[\d+\]")


@FORMAT_CHECKER.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    try:  # field ranges (month 13, hour 25, ...); the regex already fixed the shape
        datetime.strptime(value[:19].replace("t", "T"), "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return False
    return True


@FORMAT_CHECKER.checks("uuid")
def _is_uuid(value: object) -> bool:
    return not isinstance(value, str) or _UUID.fullmatch(value) is not None


# --------------------------------------------------------------------------- spec access


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed spec; loaded once, on first use."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@functools.cache
def _at(pointer: str) -> Any:
    node: Any = load_spec()
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


@functools.cache
def _deref(pointer: str) -> str:
    """Follow local ``$ref``s from the node at ``pointer``; return the target's pointer."""
    while isinstance(node := _at(pointer), dict) and isinstance(node.get("$ref"), str):
        pointer = node["$ref"].removeprefix("#")
    return pointer


def _nullable_ok(keyword_fn: Any) -> Any:
    def check(validator: Any, value: Any, instance: Any, schema: dict[str, Any]) -> Any:
        if instance is None and schema.get("nullable") is True:
            return iter(())
        return keyword_fn(validator, value, instance, schema)

    return check


_Validator = extend(
    OAS30Validator,
    {kw: _nullable_ok(OAS30Validator.VALIDATORS[kw]) for kw in ("$ref", "allOf", "oneOf", "anyOf", "enum")},
)


@functools.cache
def _registry() -> Registry[Any]:
    return Registry().with_resource(_BASE_URI, DRAFT4.create_resource(load_spec()))


@functools.cache
def _validator(pointer: str) -> Any:
    """A validator for the schema at ``pointer``; ``#/components/...`` refs resolve in the spec."""
    return _Validator({"$ref": f"{_BASE_URI}#{pointer}"}, registry=_registry(), format_checker=FORMAT_CHECKER)


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True, eq=False)
class Operation:
    method: str  # upper case
    path: str  # the template, e.g. /v1/customers/{customer_id}
    operation_id: str
    pointer: str  # JSON pointer of the operation object in the spec
    params: dict[tuple[str, str], str]  # (in, name) -> pointer of the (dereferenced) parameter

    @property
    def spec(self) -> dict[str, Any]:
        return _at(self.pointer)  # type: ignore[no-any-return]


@functools.cache
def _routes() -> dict[tuple[str, int], list[tuple[tuple[str, ...], Operation]]]:
    routes: dict[tuple[str, int], list[tuple[tuple[str, ...], Operation]]] = {}
    for template, item in load_spec()["paths"].items():
        item_ptr = f"/paths/{_esc(template)}"
        for method in _HTTP_METHODS:
            if method not in item:
                continue
            op_ptr = f"{item_ptr}/{method}"
            params: dict[tuple[str, str], str] = {}
            for owner in (item_ptr, op_ptr):  # operation-level parameters override path-level ones
                for i in range(len(_at(owner).get("parameters", ()))):
                    ptr = _deref(f"{owner}/parameters/{i}")
                    params[(_at(ptr)["in"], _at(ptr)["name"])] = ptr
            segments = tuple(template.split("/"))
            op = Operation(method.upper(), template, item[method].get("operationId", ""), op_ptr, params)
            routes.setdefault((method.upper(), len(segments)), []).append((segments, op))
    return routes


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _match(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    segments = path.split("?", 1)[0].split("/")
    best: tuple[tuple[bool, ...], Operation, dict[str, str]] | None = None
    for template, op in _routes().get((method.upper(), len(segments)), ()):
        values: dict[str, str] = {}
        for t, s in zip(template, segments, strict=True):
            if _is_param(t) and s:
                values[t[1:-1]] = unquote(s)
            elif t != s:
                break
        else:
            score = tuple(not _is_param(t) for t in template)  # literal segments win, leftmost first
            if best is None or score > best[0]:
                best = (score, op, values)
    return None if best is None else (best[1], best[2])


def find_operation(method: str, path: str) -> Operation | None:
    """The spec operation serving ``method path`` (a concrete path), or None.

    Literal segments beat parameters: ``/v1/customers/archive`` is the archive operation,
    not ``/v1/customers/{customer_id}``.
    """
    found = _match(method, path)
    return None if found is None else found[0]


# --------------------------------------------------------------------------- validation


def _loc(path: Iterable[Any]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _message(error: Any, limit: int = 300) -> str:
    """The error message, with a long instance repr replaced by a summary."""
    message, instance = error.message, error.instance
    if len(text := repr(instance)) > 80:
        if isinstance(instance, list):
            summary = f"<array of {len(instance)} items>"
        elif isinstance(instance, dict):
            summary = f"<object with keys {', '.join(map(str, list(instance)[:10]))}>"
        else:
            summary = text[:77] + "..."
        message = message.replace(text, summary)
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _schema_problems(
    pointer: str, instance: Any, where: str, strict: bool, known: frozenset[str] = frozenset()
) -> list[str]:
    """`known`: locations of fields to accept though the spec does not declare them."""
    errors = sorted(_validator(pointer).iter_errors(instance), key=lambda e: _loc(e.absolute_path))
    problems = [f"{where} at {_loc(e.absolute_path)}: {_message(e)}" for e in errors]
    if strict:
        problems += [
            f"{where} at {loc}: field not declared in the spec"
            for loc in _undeclared([pointer], instance, "$")
            if _INDEX.sub("[*]", loc) not in known
        ]
    return list(dict.fromkeys(problems))


def _applicable(pointer: str, instance: Any) -> list[str]:
    """Pointers of the schema at ``pointer`` plus every allOf part and matching oneOf/anyOf branch."""
    pointer = _deref(pointer)
    schema = _at(pointer)
    if not isinstance(schema, dict):
        return []
    found = [pointer]
    for i in range(len(schema.get("allOf", ()))):
        found += _applicable(f"{pointer}/allOf/{i}", instance)
    for kw in ("oneOf", "anyOf"):
        for i in range(len(schema.get(kw, ()))):
            if _validator(branch := _deref(f"{pointer}/{kw}/{i}")).is_valid(instance):
                found += _applicable(branch, instance)
    return found


def _undeclared(pointers: list[str], instance: Any, loc: str) -> Iterator[str]:
    """Locations of fields that none of the schemas at ``pointers`` declares."""
    parts = [p for ptr in pointers for p in _applicable(ptr, instance)]
    if isinstance(instance, dict):
        declared: dict[str, list[str]] = {}
        for p in parts:
            for name in _at(p).get("properties", {}):
                declared.setdefault(name, []).append(f"{p}/properties/{_esc(name)}")
        closed = any("properties" in _at(p) for p in parts) and not any(
            "additionalProperties" in _at(p) for p in parts
        )
        extra = [
            f"{p}/additionalProperties" for p in parts if isinstance(_at(p).get("additionalProperties"), dict)
        ]
        for key, value in instance.items():
            if key in declared:
                yield from _undeclared(declared[key], value, f"{loc}.{key}")
            elif closed:
                yield f"{loc}.{key}"
            elif extra:
                yield from _undeclared(extra, value, f"{loc}.{key}")
    elif isinstance(instance, list):
        items = [f"{p}/items" for p in parts if "items" in _at(p)]
        for i, value in enumerate(instance):
            yield from _undeclared(items, value, f"{loc}[{i}]")


def _coerce(schema_ptr: str, raw: str) -> Any:
    """Turn a query/path string into the JSON value its schema describes (if it looks like one)."""
    schema_ptr = _deref(schema_ptr)
    kind = _at(schema_ptr).get("type")
    if kind == "array":
        return [_coerce(f"{schema_ptr}/items", item) for item in raw.split(",")] if raw else []
    if kind == "boolean":
        return {"true": True, "false": False}.get(raw, raw)
    if kind == "integer" and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _needs_body(schema_ptr: str) -> bool:
    schema = _at(_deref(schema_ptr))
    return bool(schema.get("required")) or (schema.get("type") == "array" and schema.get("minItems", 0) > 0)


def _check_request(op: Operation, path_values: dict[str, str], ex: Any, strict: bool) -> list[str]:
    problems: list[str] = []
    query = dict(getattr(ex, "query", None) or {})
    for (where, name), ptr in op.params.items():
        if where == "path" and name in path_values:
            value = _coerce(f"{ptr}/schema", path_values[name])
            problems += _schema_problems(f"{ptr}/schema", value, f"path parameter {name!r}", strict)
        elif where == "query" and name in query:
            value = _coerce(f"{ptr}/schema", str(query.pop(name)))
            problems += _schema_problems(f"{ptr}/schema", value, f"query parameter {name!r}", strict)
        elif where == "query" and _at(ptr).get("required"):
            problems.append(f"required query parameter {name!r} is missing")
    problems += [f"unknown query parameter {name!r}" for name in query]

    body = getattr(ex, "request_body", None)
    if "requestBody" not in op.spec:
        if body is not None:
            problems.append("request has a body, but the operation declares no requestBody")
        return problems
    rb_ptr = _deref(f"{op.pointer}/requestBody")
    if _JSON not in _at(rb_ptr).get("content", {}):
        return problems
    schema_ptr = f"{rb_ptr}/content/{_esc(_JSON)}/schema"
    if body is None:
        if _at(rb_ptr).get("required") or _needs_body(schema_ptr):
            problems.append("request body is missing, but the spec's schema needs one")
    else:
        known = SDK_FIELDS.get((op.method, op.path, "request body"), frozenset())
        problems += _schema_problems(schema_ptr, body, "request body", strict, known)
    return problems


def _check_response(op: Operation, ex: Any, strict: bool) -> list[str]:
    responses = op.spec.get("responses", {})
    status = int(ex.status)
    key = next(
        (k for k in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default") if k in responses),
        None,
    )
    if key is None:
        return [
            f"status {status} is not declared for {op.method} {op.path} (declared: {', '.join(responses)})"
        ]
    resp_ptr = _deref(f"{op.pointer}/responses/{_esc(key)}")
    content = _at(resp_ptr).get("content") or {}
    body = ex.response_body
    if not content:
        return [] if body is None else [f"response has a body, but the spec declares no content for {key}"]
    if _JSON not in content:
        return []  # e.g. the invoice PDF: not JSON, not checked here
    schema_ptr = f"{resp_ptr}/content/{_esc(_JSON)}/schema"
    if body is None:
        ok = _validator(schema_ptr).is_valid(None)
        return [] if ok else [f"response body is empty, but the spec declares {_JSON} content for {key}"]
    known = SDK_FIELDS.get((op.method, op.path, "response body"), frozenset())
    return _schema_problems(schema_ptr, body, "response body", strict, known)


def check_exchange(
    ex: Any, *, check_request: bool = True, check_response: bool = True, strict_fields: bool = True
) -> list[str]:
    """Problems with one exchange against the official spec; an empty list means it conforms.

    The request is checked only if ``check_request`` and ``ex.check_request`` (default True)
    are both true; the response only if ``check_response``. ``strict_fields`` also reports fields
    that the spec does not declare (see the module docstring).
    """
    method = ex.method.upper()
    found = _match(method, ex.path)
    if found is None:
        return [f"unknown operation: the spec has no {method} {ex.path.split('?', 1)[0]}"]
    op, path_values = found
    problems: list[str] = []
    if check_request and getattr(ex, "check_request", True):
        problems += _check_request(op, path_values, ex, strict_fields)
    if check_response:
        problems += _check_response(op, ex, strict_fields)
    return problems


def assert_conforms(
    exchanges: Iterable[Any], *, check_requests: bool = True, strict_fields: bool = True
) -> None:
    """Raise AssertionError listing every problem in ``exchanges``, each with method, path and status."""
    lines = [
        f"{ex.method.upper()} {ex.path} -> {ex.status}: {problem}"
        for ex in exchanges
        for problem in check_exchange(ex, check_request=check_requests, strict_fields=strict_fields)
    ]
    if lines:
        raise AssertionError(
            f"{len(lines)} problem(s) against the official OpenAPI spec:\n  " + "\n  ".join(lines)
        )


@dataclass
class Exchange:
    """A ready-made exchange record. Any object with these attributes works too."""

    method: str
    path: str
    status: int
    request_body: Any = None
    response_body: Any = None
    query: dict[str, str] = field(default_factory=dict)
    check_request: bool = True
