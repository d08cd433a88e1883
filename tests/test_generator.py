"""The request side of the generator (``tools/generate``) on small specs: the names table's marks, which
identifiers come first, where each field goes, how a schema becomes a check, and how an answer is read. The
written module is executed, so what it describes is what a method does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tools.generate.models import ModelWriter
from tools.generate.names import Name, read_names
from tools.generate.requests import Checks, argument_name, lit
from tools.generate.resources import Method
from tools.generate.spec import operations

UUID = {"type": "string", "format": "uuid"}


def _spec(path: str, method: str, operation: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    return {"paths": {path: {method: operation}}, "components": {"schemas": schemas}}


def _method(name: str, spec: dict[str, Any], **marks: Any) -> Method:
    ((path, item),) = spec["paths"].items()
    (verb,) = item
    [operation] = operations(spec, [Name(name, verb.upper(), path, **marks)])
    return Method(spec, operation, Checks(spec), ModelWriter(spec))


def _answer(data: dict[str, Any], **more: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"data": data, **more}}
    return {"200": {"content": {"application/json": {"schema": schema}}}}


def _body(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required or []}
    return {"content": {"application/json": {"schema": schema}}}


def test_the_object_own_id_comes_first_named_after_its_resource_and_goes_out_as_id() -> None:
    spec = _spec(
        "/v1/invoices/void",
        "post",
        {
            "requestBody": _body({"id": UUID}, ["id"]),
            "responses": _answer({"type": "object", "properties": {"id": UUID}}),
        },
    )
    method = _method("invoices.void", spec)
    assert [(f[0], f[1], f[2]) for f in method.positional] == [("invoice_id", "id", "BODY")]
    assert (method.parse, method.returns, method.idempotent) == ("data_id", "str", True)


def test_identifiers_first_path_then_customer_then_parents_then_the_rest_by_keyword() -> None:
    body = _body(
        {"name": {"type": "string"}, "rate_card_id": UUID, "customer_id": UUID, "note": {"type": "string"}},
        ["name", "rate_card_id", "customer_id"],
    )
    spec = _spec(
        "/v1/x/{thing_id}/rates",
        "post",
        {
            "parameters": [{"name": "thing_id", "in": "path", "schema": UUID}],
            "requestBody": body,
            "responses": {},
        },
    )
    method = _method("rate_cards.rates.add", spec)
    assert [f[0] for f in method.positional] == ["thing_id", "customer_id", "rate_card_id"]
    assert [(f[0], f[4]) for f in method.keywords] == [("name", True), ("note", False)]
    assert (method.parse, method.returns) == ("nothing", "None")


def test_the_table_can_name_the_identifiers_that_come_first(tmp_path: Path) -> None:
    spec = _spec(
        "/v2/commits/edit",
        "post",
        {
            "requestBody": _body({"customer_id": UUID, "commit_id": UUID}, ["customer_id", "commit_id"]),
            "responses": {},
        },
    )
    table = tmp_path / "names.tsv"
    table.write_text("contracts.edit_commit\tPOST\t/v2/commits/edit\tpositional=customer_id,commit_id\n")
    [name] = read_names(table)
    method = _method("contracts.edit_commit", spec, positional=name.positional)
    assert [f[0] for f in method.positional] == ["customer_id", "commit_id"]


def test_a_listing_pages_where_its_operation_takes_the_cursor() -> None:
    item = {"type": "object", "properties": {"id": UUID, "name": {"type": "string"}}, "required": ["id"]}
    page = _answer(
        {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}, next_page={"type": "string"}
    )
    in_query = _spec(
        "/v1/things",
        "get",
        {
            "parameters": [
                {"name": "next_page", "in": "query", "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
            ],
            "responses": page,
        },
        Thing=item,
    )
    in_body = _spec(
        "/v1/things/list",
        "post",
        {
            "requestBody": _body({"next_page": {"type": "string"}, "customer_id": UUID}, ["customer_id"]),
            "responses": page,
        },
        Thing=item,
    )
    query, body = _method("things.list", in_query), _method("things.list", in_body)
    assert (query.cursor, query.returns) == ("QUERY", "AsyncPager[Thing]")
    assert (body.cursor, body.returns, body.idempotent) == ("BODY", "AsyncPager[Thing]", False)
    assert "next_page" not in [f[0] for f in query.fields + body.fields]  # the pager sends it
    assert query.checks["limit"] == "integer(minimum=1, maximum=100)"


def test_a_nullable_field_defaults_to_unset_and_a_keyword_name_gets_an_underscore() -> None:
    body = _body(
        {"ending": {"type": "string", "format": "date-time", "nullable": True}, "from": {"type": "string"}}
    )
    method = _method("things.edit", _spec("/v1/things/edit", "post", {"requestBody": body, "responses": {}}))
    source = "\n".join(method.source())
    assert "ending: datetime | str | None | Unset = UNSET," in source
    assert "from_: str | None = None," in source
    assert (
        argument_name("transactionIds") == "transactionIds"
        and argument_name("idempotency_key") != "idempotency_key"
    )


def test_a_deprecated_operation_says_so_and_a_binary_answer_is_bytes() -> None:
    spec = _spec(
        "/v1/x/{id}/pdf",
        "get",
        {
            "description": "Get it. This is a Plans (deprecated) endpoint. New clients should use contracts.",
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "responses": {"200": {"content": {"application/pdf": {"schema": {"type": "object"}}}}},
        },
    )
    method = _method("things.retrieve_pdf", spec)
    description = "\n".join(method.description())
    assert 'deprecated="things.retrieve_pdf is deprecated by Metronome: use contracts instead"' in description
    assert 'accept="application/pdf"' in description and method.returns == "bytes"
    assert "Deprecated:" in "\n".join(method.source())


CHECKS: list[tuple[dict[str, Any], str]] = [
    ({"type": "string", "format": "uuid"}, "uuid"),
    ({"type": "string", "format": "date-time"}, "timestamp"),
    ({"type": "string", "format": "date"}, "day"),
    ({"type": "string", "enum": ["A", "B"]}, 'string(enum=("A", "B"))'),
    ({"type": "string", "minLength": 1, "maxLength": 3}, "string(min_length=1, max_length=3)"),
    ({"type": "number", "minimum": 0}, "number(minimum=0)"),
    ({"type": "boolean"}, "boolean"),
    ({"type": "array", "items": {"type": "string"}, "maxItems": 2}, "array(string(), max_items=2)"),
    ({"type": "object", "additionalProperties": {"type": "string"}}, "mapping(string())"),
    ({"type": "object"}, "mapping(anything)"),
    ({}, "anything"),
    ({"type": "string", "nullable": True}, "nullable(string())"),
    ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "one_of(integer(), string())"),
    (
        {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
        'obj({"a": integer()}, required=("a",))',
    ),
    (
        {"type": "object", "properties": {"a": {}}, "additionalProperties": True},
        'obj({"a": anything}, closed=False)',
    ),
    (
        {
            "allOf": [
                {"type": "object", "properties": {"a": {}}},
                {"properties": {"b": {}}, "required": ["b"]},
            ]
        },
        'obj({"a": anything, "b": anything}, required=("b",))',
    ),
    ({"$ref": "#/components/schemas/Thing"}, "C.Thing"),
]


@pytest.mark.parametrize(("schema_", "expected"), CHECKS, ids=[expected for _, expected in CHECKS])
def test_a_schema_becomes_its_check(schema_: dict[str, Any], expected: str) -> None:
    assert Checks({"components": {"schemas": {"Thing": {}}}}).expression(schema_) == expected


def test_components_that_refer_to_each_other_or_themselves_are_looked_up_when_used() -> None:
    node = {
        "type": "object",
        "properties": {
            "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "leaf": {"$ref": "#/components/schemas/Leaf"},
        },
    }
    leaf = {"type": "object", "properties": {"node": {"$ref": "#/components/schemas/Node"}}}
    checks = Checks({"components": {"schemas": {"Node": node, "Leaf": leaf}}})
    assert checks.expression({"$ref": "#/components/schemas/Node"}) == "C.Node"
    source = checks.source()
    assert 'Leaf: Check = obj({"node": lazy(lambda: Node)})' in source  # Node is defined after Leaf
    assert "lazy(lambda: Node)" in source.split("Node: Check = ")[1]  # and refers to itself
    namespace: dict[str, Any] = {}
    exec(compile(source, "<checks>", "exec"), namespace)  # the module as written
    check = namespace["Node"]
    assert check("tree", {"kids": [{"leaf": {"node": {"kids": []}}}]}) == {
        "kids": [{"leaf": {"node": {"kids": []}}}]
    }
    with pytest.raises(TypeError, match=r"tree\['kids'\]\[0\]\['leaf'\]\['x'\] is not a field"):
        check("tree", {"kids": [{"leaf": {"x": 1}}]})


def test_literals_are_written_with_double_quotes() -> None:
    assert (
        lit('a"b') == '"a\\"b"'
        and lit(("x",)) == '("x",)'
        and lit(("x", "y")) == '("x", "y")'
        and lit(3) == "3"
    )
    assert lit("é") == '"é"'
