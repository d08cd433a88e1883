"""The response models generated from the spec (``tools/generate/models.py``): the committed ones are fresh,
every example answer of the spec parses into them and gives itself back, and the generator types, names and
places what small specs describe."""

from __future__ import annotations

import importlib
import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from metronome_async._core.serde import ResponseShapeError, converter
from metronome_async.models import CreditType, Model, WireEnum
from metronome_async.pagination import Page
from tools.generate.models import ModelWriter
from tools.generate.names import read_names

ROOT = Path(__file__).resolve().parent.parent
SPEC = json.loads((ROOT / "spec/metronome-openapi.json").read_text(encoding="utf-8"))


# --- the real spec ------------------------------------------------------------------------------------------


def _examples() -> Iterator[Any]:
    """``(generated operation, example answer)`` for every example answer of every generated operation."""
    for name in read_names():
        if name.hand:
            continue
        responses = SPEC["paths"][name.path][name.method.lower()]["responses"]
        content = next(v for k, v in sorted(responses.items()) if k.startswith("2")).get("content", {})
        content = content.get("application/json", {})
        found = [content["example"]] if "example" in content else []
        found += [example["value"] for example in (content.get("examples") or {}).values()]
        module = importlib.import_module(f"metronome_async.resources._generated.{name.area}")
        operation = getattr(module, "_" + name.name.upper().replace(".", "_"))
        for number, example in enumerate(found):
            yield pytest.param(operation, example, id=f"{name.name}-{number}")


EXAMPLES = list(_examples())


def _as_json(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def test_most_generated_answers_have_an_example() -> None:
    assert len(EXAMPLES) >= 90


@pytest.mark.parametrize(("operation", "example"), EXAMPLES)
def test_every_example_answer_parses_and_gives_itself_back(operation: Any, example: Any) -> None:
    """Read as the generated method reads it: the envelope unwrapped, an id as a string, a page's items."""
    parsed = operation.parse(example)
    if isinstance(parsed, Page):
        cursor = (
            example.get("next_page")
            or example.get("cursor")
            or example.get("pagination", {}).get("next_page")
        )
        assert _as_json(parsed.data) == example["data"] and parsed.next_page == cursor
    elif isinstance(parsed, str) and isinstance(example, dict) and set(example) == {"data"}:
        assert parsed == example["data"]["id"]
    elif parsed is not None:
        assert _as_json(parsed) in (example, example.get("data") if isinstance(example, dict) else None)


def test_a_generated_model_is_served_lazily_from_metronome_async_models() -> None:
    script = (
        "import json, sys, metronome_async.models as m\n"
        "loaded = lambda: sorted(k for k in sys.modules if k.startswith('metronome_async.models.'))\n"
        "before = loaded()\n"
        "from metronome_async.models import Invoice\n"
        "print(json.dumps([before, loaded(), Invoice.__module__, 'Invoice' in dir(m)]))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    before, after, home, listed = json.loads(out)
    assert before == ["metronome_async.models._index"]  # the index only: no model module yet
    assert after == sorted({*before, home, "metronome_async.models._shared"})  # its module and what it uses
    assert listed
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        importlib.import_module("metronome_async.models").Nothing  # noqa: B018


def test_a_parsed_generated_model_pickles_with_its_answer() -> None:
    from metronome_async.models import ProductListItem

    example = SPEC["paths"]["/v1/contract-pricing/products/get"]["post"]["responses"]["200"]["content"]
    data = example["application/json"]["example"]["data"]
    product = converter.structure(data, ProductListItem)
    again = pickle.loads(pickle.dumps(product))
    assert again == product and again.to_dict() == data


# --- small specs --------------------------------------------------------------------------------------------


def _spec(**schemas: Any) -> dict[str, Any]:
    return {"components": {"schemas": schemas}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.fixture
def generate() -> Iterator[Any]:
    """``generate(spec, *answers)`` -> the answers' types and the loaded modules, by area: each generated
    module is run as the real one would be (under ``metronome_async.models``), and unloaded afterwards."""
    loaded: list[str] = []

    def run(
        spec: dict[str, Any], *asked: tuple[dict[str, Any], str, str]
    ) -> tuple[list[str], dict[str, Any]]:
        writer = ModelWriter(spec)
        types = [writer.answer_type(schema, hint, area)[0] for schema, hint, area in asked]
        files = writer.write()
        assert files == writer.write()
        modules: dict[str, ModuleType] = {}
        for path in sorted(files, key=lambda p: not p.endswith("_shared.py")):  # shared first
            name = path.removesuffix(".py").replace("/", ".")
            if name.endswith("._index"):
                continue
            module = ModuleType(name)
            sys.modules[name] = module
            loaded.append(name)
            exec(compile(files[path], path, "exec"), module.__dict__)
            modules[name.rsplit("._", 1)[1]] = module
        return types, {"files": files, **modules}

    yield run
    for name in loaded:
        del sys.modules[name]


ORDER = {
    "type": "object",
    "description": "An order. It has lines.",
    "required": ["id", "placed_at", "lines", "status"],
    "properties": {
        "id": {"type": "string"},
        "placed_at": {"type": "string", "format": "date-time"},
        "count": {"type": "integer"},
        "total": {"type": "number"},
        "paid": {"type": "boolean"},
        "note": {"type": "string", "nullable": True},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "lines": {"type": "array", "items": _ref("Line")},
        "shipping": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        "tags": {"type": "object", "additionalProperties": {"type": "string"}},
        "extra": {"type": "object"},
    },
}
LINE = {
    "type": "object",
    "required": ["sku"],
    "properties": {"sku": {"type": "string"}, "qty": {"type": "number"}},
}


def test_objects_fields_arrays_enums_and_nested_objects(generate: Any) -> None:
    (annotation,), modules = generate(_spec(Order=ORDER, Line=LINE), (_ref("Order"), "Unused", "shop"))
    shop = modules["shop"]
    assert annotation == "Order"
    fields = {f.name: (f.type, f.default) for f in attrs.fields(shop.Order)}
    assert fields == {
        "id": ("str", attrs.NOTHING),
        "placed_at": ("datetime", attrs.NOTHING),
        "count": ("int | None", None),
        "total": ("float | None", None),
        "paid": ("bool | None", None),
        "note": ("str | None", None),
        "status": ("OrderStatus | str", attrs.NOTHING),
        "lines": ("list[Line]", attrs.NOTHING),
        "shipping": ("OrderShipping | None", None),
        "tags": ("dict[str, str] | None", None),
        "extra": ("dict[str, Any] | None", None),
    }
    assert issubclass(shop.OrderStatus, WireEnum) and shop.OrderStatus.CLOSED == "closed"
    assert shop.Order.__doc__ == "An order."
    answer = {
        "id": "o1",
        "placed_at": "2025-01-01T00:00:00Z",
        "status": "shipped",  # a value this SDK does not know yet
        "lines": [{"sku": "a", "qty": 2}],
        "shipping": {"city": "Oslo"},
        "unknown": [1],
    }
    order = converter.structure(answer, shop.Order)
    assert order.placed_at == datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert order.status == "shipped" and order.lines[0].sku == "a" and order.shipping.city == "Oslo"
    assert order.to_dict() == answer
    assert converter.structure({**answer, "status": "open"}, shop.Order).status is shop.OrderStatus.OPEN
    with pytest.raises(ResponseShapeError, match=r"lines\[0\]\.sku: required field is missing"):
        converter.structure({**answer, "lines": [{}]}, shop.Order)
    with pytest.raises(ResponseShapeError, match="count: expected an integer"):
        converter.structure({**answer, "count": "3"}, shop.Order)


def test_an_inline_answer_is_named_after_the_hint_and_its_fields_after_their_paths(generate: Any) -> None:
    answer = {"type": "array", "items": ORDER["properties"]["shipping"]}
    balance = {"type": "object", "properties": {"credit": {"type": "object", "properties": {"id": {}}}}}
    types, modules = generate(_spec(Line=LINE), (answer, "Place", "shop"), (balance, "NetBalance", "ledger"))
    assert types == ["list[Place]", "NetBalance"]
    assert attrs.fields(modules["ledger"].NetBalance).credit.type == "NetBalanceCredit | None"
    assert attrs.fields(modules["ledger"].NetBalanceCredit).id.type == "Any | None"


def test_all_of_is_merged(generate: Any) -> None:
    named = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    item = {"allOf": [_ref("Named"), {"type": "object", "properties": {"size": {"type": "integer"}}}]}
    _, modules = generate(_spec(Named=named, Item=item), (_ref("Item"), "X", "shop"))
    assert [(f.name, f.type) for f in attrs.fields(modules["shop"].Item)] == [
        ("name", "str"),
        ("size", "int | None"),
    ]
    assert not hasattr(modules["shop"], "Named")  # only what the answers use


def test_one_of_objects_is_one_model_with_the_fields_of_each(generate: Any) -> None:
    card = {
        "type": "object",
        "required": ["kind", "last4"],
        "properties": {"kind": {"type": "string", "enum": ["card"]}, "last4": {"type": "string"}},
    }
    bank = {
        "type": "object",
        "required": ["kind", "iban"],
        "properties": {"kind": {"type": "string", "enum": ["bank"]}, "iban": {"type": "string"}},
    }
    spec = _spec(Card=card, Bank=bank, Method={"oneOf": [_ref("Card"), _ref("Bank")]})
    _, modules = generate(spec, (_ref("Method"), "X", "pay"))
    method = modules["pay"].Method
    assert [(f.name, f.type) for f in attrs.fields(method)] == [
        ("kind", "MethodKind | str"),
        ("last4", "str | None"),
        ("iban", "str | None"),
    ]
    assert [m.value for m in modules["pay"].MethodKind] == ["card", "bank"]
    assert "One of: Card, Bank" in method.__doc__
    bank_answer = {"kind": "bank", "iban": "NO93"}
    assert converter.structure(bank_answer, method).to_dict() == bank_answer


def test_a_recursive_schema(generate: Any) -> None:
    node = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": _ref("Node")}},
    }
    _, modules = generate(_spec(Node=node), (_ref("Node"), "X", "tree"))
    tree = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    parsed = converter.structure(tree, modules["tree"].Node)
    assert parsed.children[0].children[0].name == "c" and parsed.to_dict() == tree


def test_name_clashes_are_resolved_deterministically(generate: Any) -> None:
    order_line = {"type": "object", "properties": {"x": {"type": "string"}}}
    order = {
        "type": "object",
        "properties": {"line": {"type": "object", "properties": {"y": {"type": "string"}}}},
    }
    _, modules = generate(
        _spec(**{"Order": order, "OrderLine": order_line, "order-line v2": order_line}),
        (
            {
                "type": "object",
                "properties": {"a": _ref("Order"), "b": _ref("OrderLine"), "c": _ref("order-line v2")},
            },
            "Answer",
            "shop",
        ),
    )
    shop = modules["shop"]
    assert attrs.fields(shop.Order).line.type == "OrderLine2 | None"  # the component keeps its name
    assert attrs.fields(shop.Answer).b.type == "OrderLine | None"
    assert attrs.fields(shop.Answer).c.type == "OrderLineV2 | None"


def test_field_names_that_are_keywords_or_not_identifiers(generate: Any) -> None:
    odd = {
        "type": "object",
        "required": ["class", "x-id"],
        "properties": {"class": {"type": "string"}, "x-id": {"type": "integer"}, "2fa": {"type": "boolean"}},
    }
    _, modules = generate(_spec(Odd=odd), (_ref("Odd"), "X", "shop"))
    cls = modules["shop"].Odd
    assert [(f.name, f.metadata.get("wire")) for f in attrs.fields(cls)] == [
        ("class_", "class"),
        ("x_id", "x-id"),
        ("n2fa", "2fa"),
    ]
    answer = {"class": "gold", "x-id": 7, "2fa": True}
    parsed = converter.structure(answer, cls)
    assert (parsed.class_, parsed.x_id, parsed.n2fa) == ("gold", 7, True)
    assert parsed.to_dict() == answer
    assert cls(class_="gold", x_id=7).to_dict() == {"class": "gold", "x-id": 7, "2fa": None}  # built in code
    with pytest.raises(ResponseShapeError, match="x-id: required field is missing"):
        converter.structure({"class": "gold"}, cls)


def test_a_hand_model_is_reused_where_it_reads_the_schema_and_renamed_around_where_not(generate: Any) -> None:
    credit_type = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "more": {"type": "integer"}},
    }
    contract = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}},
    }  # no customer_id
    holder = {
        "type": "object",
        "properties": {"credit_type": _ref("CreditType"), "contract": _ref("Contract")},
    }
    spec = _spec(CreditType=credit_type, Contract=contract, Holder=holder)
    _, modules = generate(spec, (_ref("Holder"), "X", "shop"))
    shop = modules["shop"]
    assert attrs.fields(shop.Holder).credit_type.type == "CreditType | None"
    assert shop.CreditType is CreditType  # the hand model, imported
    assert attrs.fields(shop.Holder).contract.type == "ContractSchema | None"
    assert "class ContractSchema(Model)" in modules["files"]["metronome_async/models/_shop.py"]


def test_models_several_areas_use_go_in_the_shared_module(generate: Any) -> None:
    spec = _spec(Line=LINE, Order=ORDER)
    _, modules = generate(spec, (_ref("Order"), "X", "shop"), (_ref("Line"), "Y", "stock"))
    assert modules["shared"].Line.__module__ == "metronome_async.models._shared"
    assert modules["shop"].Order.__module__ == "metronome_async.models._shop"
    assert "stock" not in modules  # nothing of its own
    index = modules["files"]["metronome_async/models/_index.py"]
    assert '"Line": "_shared",' in index and '"Order": "_shop",' in index
