"""The official spec at run time: `_openapi.json` (written by `tools/generate/emulator_spec.py`), read on
first use, and the check of a request against its operation.

A request that breaks its operation's parameters or body schema is a 400 naming the field, in Metronome's
error shape (`{"message": ...}`, plus the code the operation's 400 declares for a malformed request,
where it declares one)."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from ._schema import Schema, Schemas
from ._wire import ApiError

_INTEGER = re.compile(r"-?[0-9]+")


@attrs.frozen
class Parameter:
    name: str
    where: str  # "path" or "query"
    required: bool
    schema: Schema


@attrs.frozen
class SpecOperation:
    """One operation as the spec declares it."""

    method: str
    path: str  # the template, e.g. /v1/customers/{customer_id}
    parameters: tuple[Parameter, ...]
    body: Schema | None  # the JSON request body's schema; None when the operation takes no body
    body_required: bool
    status: int  # of a success
    content_type: str | None  # of a success; None for an empty body
    answer: Schema | None  # the JSON answer's schema
    # Declared error statuses -> the codes their body must carry (empty: any string; None: no code).
    errors: Mapping[str, tuple[str, ...] | None]

    def bad_request(self, message: str) -> ApiError:
        """A 400 with the code for a malformed request (`BadRequest`, `InvalidArgument`) where the
        operation's 400 declares one (or any code); plain otherwise."""
        codes = self.errors.get("400")
        if codes is None:
            return ApiError(400, message)
        code = next((c for c in ("BadRequest", "InvalidArgument") if c in codes or not codes), None)
        return ApiError(400, message, code=code)


@attrs.frozen
class Spec:
    operations: tuple[SpecOperation, ...]
    schemas: Schemas


@functools.cache
def spec() -> Spec:
    raw = json.loads(resources.files(__package__).joinpath("_openapi.json").read_text(encoding="utf-8"))
    operations = tuple(
        SpecOperation(
            method=op["method"],
            path=op["path"],
            parameters=tuple(
                Parameter(p["name"], p["in"], p["required"], p["schema"]) for p in op["parameters"]
            ),
            body=None if op["body"] is None else op["body"]["schema"],
            body_required=op["body"] is not None and op["body"]["required"],
            status=op["answer"]["status"],
            content_type=op["answer"]["content_type"],
            answer=op["answer"]["schema"],
            errors={s: None if codes is None else tuple(codes) for s, codes in op["errors"].items()},
        )
        for op in raw["operations"]
    )
    return Spec(operations, Schemas(raw["schemas"]))


def check_request(
    operation: SpecOperation, params: Mapping[str, str], query: Mapping[str, str], body: Any, has_body: bool
) -> dict[str, Any]:
    """The request's fields (path parameters, typed query parameters, then the body's fields), once every
    one is as the operation declares; raises the 400 of the first that is not. Query parameters and body
    fields the operation does not declare are ignored, as the API ignores them."""
    schemas = spec().schemas
    fields: dict[str, Any] = {}
    for parameter in operation.parameters:
        source = params if parameter.where == "path" else query
        if parameter.name not in source:
            if parameter.required:
                raise operation.bad_request(f"{parameter.name}: is required")
            continue
        value = _typed(schemas, parameter.schema, source[parameter.name])
        problem = schemas.problem(parameter.schema, value, parameter.name)
        if problem is not None:
            raise operation.bad_request(problem)
        fields[parameter.name] = value
    if operation.body is None:
        return fields
    if not has_body:
        if operation.body_required or schemas.kind(operation.body) != "object":
            raise operation.bad_request("request body: is required")
        body = {}
    problem = schemas.problem(operation.body, body)
    if problem is not None:
        raise operation.bad_request(problem)
    if isinstance(body, dict):
        fields.update(body)
    return fields


def _typed(schemas: Schemas, schema: Schema, text: str) -> Any:
    """A query or path value read as its schema's type; left as text when it is not one (the check then
    says what was expected). Arrays arrive comma-joined."""
    kind = schemas.kind(schema)
    if kind == "array":
        items = schemas.resolve(schema).get("items", {})
        return [_typed(schemas, items, part) for part in text.split(",") if part]
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text
