"""The response models: attrs classes (and open enums) for what the operations answer, written from the spec's
schemas into ``metronome_async/models/_<area>.py`` (a model several areas use goes in ``_shared.py``), with an
index (``_index.py``) from which ``metronome_async.models`` serves each class on first use.

Types: string -> ``str`` (``date-time`` -> ``datetime``), integer -> ``int``, number -> ``float``, boolean ->
``bool``, array -> ``list[...]``, an object with properties -> a model, any other object -> ``dict[str, X]``,
a string enum -> a ``WireEnum`` (the field ``TheEnum | str``: a value the SDK does not know yet stays a
string), ``nullable`` -> ``| None``. ``allOf`` is merged; a ``oneOf`` of objects becomes one model with the
fields of every alternative (those not in all of them optional), since the spec gives no discriminator. A
required, non-nullable field is a required attribute; every other defaults to ``None``.

Names: a component schema keeps its name; a hand model of ``metronome_async.models`` of that name is reused
when it reads the schema's objects, and the generated class is renamed (``...Schema``) otherwise. An inline
schema is named after where it is: its model's name plus its field's."""

from __future__ import annotations

import enum
import json
import keyword
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import attrs

import metronome_async.models as hand_models  # the hand models a generated one may be
from metronome_async.models._index import HOMES  # the generated ones (served from there once used)

PACKAGE = "metronome_async.models"
SPEC = "spec/metronome-openapi.json"
WIDTH = 110  # the project's line length
_TAKEN_FIELDS = {"self", "to_dict"}  # an attribute of every model, or the name of __init__'s first argument


@dataclass
class _Field:
    name: str  # the attribute
    wire: str  # the key in the JSON object
    annotation: str
    required: bool


@dataclass
class _Class:
    name: str
    doc: str
    fields: list[_Field] = field(default_factory=list)  # a model's
    members: list[tuple[str, str]] = field(default_factory=list)  # an enum's: (name, value)
    uses: set[str] = field(default_factory=set)  # the generated classes its annotations name
    hand: set[str] = field(default_factory=set)  # the hand classes (and Any, datetime) they name

    @property
    def is_enum(self) -> bool:
        return not self.fields and bool(self.members)


class ModelWriter:
    """Response models for a spec: ``answer_type`` for each operation's answer, then ``write`` once."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._schemas: dict[str, Any] = spec["components"]["schemas"]
        self._hand = {
            name: value
            for name, value in vars(hand_models).items()
            if isinstance(value, type) and value.__module__ == PACKAGE
        }
        self._taken = {name for name in vars(hand_models) if not name.startswith("__") and name not in HOMES}
        self._taken |= {"Any", "annotations", "attrs", "datetime", "HOMES", "TYPE_CHECKING"}
        self._classes: dict[str, _Class] = {}  # every generated class, by name
        self._areas: dict[str, set[str]] = {}  # the areas whose answers use a class, directly
        self._components: dict[str, str] = {}  # a component schema's class (generated or hand), once made
        self._inline_answers: dict[str, tuple[str, set[str], set[str]]] = {}  # by the schema and hint
        # A component's name is its own, whatever is asked first; a clash with a hand class it cannot reuse
        # renames the generated one, and inline models take the names that are left.
        self._component_names = {name: self._component_name(name) for name in self._schemas}
        self._taken |= set(self._component_names.values())

    # --- the interface -----------------------------------------------------------------------------------

    def answer_type(self, schema: dict[str, Any], hint: str, area: str) -> tuple[str, set[tuple[str, str]]]:
        """The Python type of a value of ``schema`` as source (``"list[Invoice]"``) and the imports it needs,
        as ``(module, name)`` pairs; registers every model it needs. An inline object is named ``hint``, and
        the models land in ``area``'s module (or the shared one, if other areas use them too)."""
        key = json.dumps([hint, schema], sort_keys=True)
        if key not in self._inline_answers:  # asked twice, the same classes
            self._inline_answers[key] = self._answer(schema, hint)
        annotation, uses, hand = self._inline_answers[key]
        for name in uses:
            self._areas.setdefault(name, set()).add(area)
        imports = {(PACKAGE, name) for name in uses | {n for n in hand if n in self._hand}}
        imports |= {("datetime", "datetime")} if "datetime" in hand else set()
        imports |= {("typing", "Any")} if "Any" in hand else set()
        return annotation, imports

    def write(self) -> dict[str, str]:
        """Every generated file, by path from the repository's root."""
        homes = self._homes()
        modules: dict[str, list[_Class]] = {}
        for name, module in homes.items():
            modules.setdefault(module, []).append(self._classes[name])
        files = {
            _path(module): self._module_source(module, sorted(classes, key=lambda c: c.name), homes)
            for module, classes in sorted(modules.items())
        }
        files[_path(f"{PACKAGE}._index")] = _index_source(homes)
        return files

    def _answer(self, schema: dict[str, Any], hint: str) -> tuple[str, set[str], set[str]]:
        """``_type`` for an answer: an inline model, or the inline items of an array, are named ``hint``."""
        if schema.get("type") == "array" and "$ref" not in schema and schema.get("items"):
            inner, uses, hand = self._answer(schema["items"], hint)
            return f"list[{inner}]", uses, hand
        return self._type(schema, hint)

    # --- naming ------------------------------------------------------------------------------------------

    def _component_name(self, ref: str) -> str:
        name = _camel(ref)
        hand = self._hand.get(name)
        if hand is None or self._reads(hand, {"$ref": f"#/components/schemas/{ref}"}, set()):
            return name
        return self._fresh(name + "Schema")

    def _fresh(self, name: str) -> str:
        """``name``, or with the first free number after it when it is taken (deterministic for a spec)."""
        number, candidate = 1, name
        while candidate in self._taken or candidate in self._classes:
            number += 1
            candidate = f"{name}{number}"
        self._taken.add(candidate)
        return candidate

    # --- schemas -----------------------------------------------------------------------------------------

    def _deref(self, schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The schema a ``$ref`` points to (through any chain), and whether the value may be null."""
        nullable = bool(schema.get("nullable"))
        while "$ref" in schema:
            schema = self._schemas[_ref_name(schema["$ref"])]
            nullable = nullable or bool(schema.get("nullable"))
        return schema, nullable

    def _is_model_schema(self, schema: dict[str, Any]) -> bool:
        schema, _ = self._deref(schema)
        if "allOf" in schema:
            return True
        if "oneOf" in schema:
            return all(self._is_model_schema(member) for member in schema["oneOf"])
        return bool(schema.get("properties")) and schema.get("type", "object") == "object"

    def _is_enum_schema(self, schema: dict[str, Any]) -> bool:
        schema, _ = self._deref(schema)
        if "oneOf" in schema:
            return all(self._is_enum_schema(member) for member in schema["oneOf"])
        return bool(schema.get("enum")) and all(isinstance(value, str) for value in schema["enum"])

    def _object(self, schema: dict[str, Any]) -> tuple[dict[str, Any], set[str], list[str]]:
        """The properties and required names of a model schema, ``allOf`` and ``oneOf`` merged, and the names
        of a ``oneOf``'s alternatives."""
        schema, _ = self._deref(schema)
        if "allOf" in schema:
            properties: dict[str, Any] = {}
            required: set[str] = set()
            for member in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
                more, more_required, _ = self._object(member)
                properties.update(more)
                required |= more_required
            return properties, required, []
        if "oneOf" in schema:
            alternatives = [self._object(member) for member in schema["oneOf"]]
            merged: dict[str, list[Any]] = {}
            for more, _, _ in alternatives:
                for name, value in more.items():
                    merged.setdefault(name, []).append(value)
            properties = {name: _one_of(values) for name, values in merged.items()}
            required = set.intersection(*(more_required for _, more_required, _ in alternatives))
            names = [_ref_name(member.get("$ref", "/")) for member in schema["oneOf"]]
            return properties, required, names if all(names) else [f"{len(names)} shapes"]
        return dict(schema.get("properties") or {}), set(schema.get("required") or ()), []

    def _type(self, schema: dict[str, Any], name: str) -> tuple[str, set[str], set[str]]:
        """The annotation of a value of ``schema`` (without ``| None``), the generated classes and the other
        names it uses. ``name`` is the class an inline model or enum gets."""
        if len(schema.get("oneOf", ())) == 1:  # one alternative: that one
            return self._type(schema["oneOf"][0], name)
        if "$ref" in schema and (self._is_model_schema(schema) or self._is_enum_schema(schema)):
            cls = self._component(_ref_name(schema["$ref"]))
            generated = cls in self._classes
            suffix = " | str" if self._is_enum_schema(schema) else ""
            return cls + suffix, {cls} if generated else set(), set() if generated else {cls}
        target, _ = self._deref(schema)
        if self._is_model_schema(target):
            cls = self._model(target, self._fresh(name), schema.get("description", ""))
            return cls, {cls}, set()
        if self._is_enum_schema(target):  # a name taken by a model: the enum is its values
            free = name if name not in self._taken and name not in self._classes else name + "Value"
            cls = self._enum(target, self._fresh(free), schema.get("description", ""))
            return cls + " | str", {cls}, set()
        if "oneOf" in target:  # alternatives that are not all objects or all enums
            parts = [self._type(member, name) for member in target["oneOf"]]
            annotations = list(dict.fromkeys(part[0] for part in parts))
            if all(a in ("str", "int", "float", "bool", "datetime") for a in annotations):
                return " | ".join(annotations), set(), {a for a in annotations if a == "datetime"}
            return "Any", set(), {"Any"}
        kind = target.get("type")
        if kind == "string":
            return (
                ("datetime", set(), {"datetime"})
                if target.get("format") == "date-time"
                else ("str", set(), set())
            )
        if kind in ("integer", "number", "boolean"):
            return {"integer": "int", "number": "float", "boolean": "bool"}[kind], set(), set()
        if kind == "array":
            items = target.get("items")
            if not items:
                return "list[Any]", set(), {"Any"}
            inner, uses, hand = self._type(items, _singular(name))
            return f"list[{inner}]", uses, hand
        if kind == "object" or "additionalProperties" in target:
            values = target.get("additionalProperties")
            if isinstance(values, dict) and values:
                inner, uses, hand = self._type(values, name + "Value")
                return f"dict[str, {inner}]", uses, hand
            return "dict[str, Any]", set(), {"Any"}
        return "Any", set(), {"Any"}

    def _component(self, ref: str) -> str:
        """The class of a component schema, made on first use."""
        name = self._component_names[ref]
        if ref not in self._components:
            self._components[ref] = name
            if name in self._hand:
                pass
            elif self._is_enum_schema(self._schemas[ref]):
                self._enum(self._schemas[ref], name, "")
            else:
                self._model(self._schemas[ref], name, "")
        return name

    def _model(self, schema: dict[str, Any], name: str, description: str) -> str:
        cls = self._classes[name] = _Class(name, "")  # registered first: a model may contain itself
        properties, required, alternatives = self._object(schema)
        doc = _sentence(self._deref(schema)[0].get("description") or description)
        if alternatives:
            doc += (" " if doc else "") + (
                f"One of: {', '.join(alternatives)}; the fields of each, those not in all of them optional."
            )
        cls.doc = doc
        attributes: set[str] = set()
        for wire, value in properties.items():
            annotation, uses, hand = self._type(value, name + _camel(wire))
            _, nullable = self._deref(value)
            attribute = _attribute(wire, attributes)
            attributes.add(attribute)
            is_required = wire in required and not nullable
            cls.fields.append(_Field(attribute, wire, annotation, is_required))
            cls.uses |= uses
            cls.hand |= hand
        return name

    def _enum(self, schema: dict[str, Any], name: str, description: str) -> str:
        schema, _ = self._deref(schema)
        values = _enum_values(self, schema)
        members: list[tuple[str, str]] = []
        for value in values:
            member = _member(value)
            number = 1
            while any(member == taken for taken, _ in members):
                number += 1
                member = f"{_member(value)}_{number}"
            members.append((member, value))
        self._classes[name] = _Class(
            name, _sentence(schema.get("description") or description), members=members
        )
        return name

    # --- reusing hand models -----------------------------------------------------------------------------

    def _reads(self, hand: Any, schema: dict[str, Any], seen: set[tuple[str, str]]) -> bool:
        """Whether the hand class ``hand`` reads every value of ``schema``: each of its fields is in the
        schema with a type it reads, and the ones it requires the schema requires (the schema's other fields
        are kept by ``to_dict()`` all the same)."""
        if isinstance(hand, type) and issubclass(hand, enum.Enum):
            values = {member.value for member in hand}
            return self._is_enum_schema(schema) and set(_enum_values(self, self._deref(schema)[0])) <= values
        if not (attrs.has(hand) and self._is_model_schema(schema)):
            return False
        key = (hand.__name__, json.dumps(schema, sort_keys=True))
        if key in seen:  # a recursive model: assume it reads, and check the rest
            return True
        seen.add(key)
        properties, required, _ = self._object(schema)
        for hand_field in attrs.fields(hand):
            annotation = hand.__annotations__[hand_field.name]  # as written: parsing resolves field.type
            value = properties.get(hand_field.name)
            needed = hand_field.default is attrs.NOTHING
            if value is None:
                if needed:
                    return False
                continue
            nullable = self._deref(value)[1]
            if needed and (hand_field.name not in required or nullable) and "None" not in annotation:
                return False
            if not self._annotation_reads(annotation, value, seen):
                return False
        return True

    def _annotation_reads(self, annotation: str, schema: dict[str, Any], seen: set[tuple[str, str]]) -> bool:
        """Whether a hand field annotated ``annotation`` reads every value of ``schema``."""
        parts = [part.strip() for part in _split_union(annotation) if part.strip() != "None"]
        if len(parts) > 1:
            return any(self._annotation_reads(part, schema, seen) for part in parts)
        part = parts[0]
        target, _ = self._deref(schema)
        kind = target.get("type")
        if part in ("Any", "object"):
            return True
        if part == "str":
            return kind == "string"
        if part == "datetime":
            return kind == "string" and target.get("format") == "date-time"
        if part in ("float", "int", "bool"):
            return kind in {"float": ("number", "integer"), "int": ("integer",), "bool": ("boolean",)}[part]
        if part.startswith("list[") and part.endswith("]"):
            return kind == "array" and self._annotation_reads(part[5:-1], target.get("items") or {}, seen)
        if part.startswith("dict[str, ") and part.endswith("]"):
            if kind != "object" and "additionalProperties" not in target:
                return False
            values = target.get("additionalProperties")
            inner = part[10:-1]
            return inner == "Any" or (
                isinstance(values, dict) and self._annotation_reads(inner, values, seen)
            )
        hand = self._hand.get(part)
        return hand is not None and self._reads(hand, schema, seen)

    # --- modules -----------------------------------------------------------------------------------------

    def _homes(self) -> dict[str, str]:
        """Each generated class's module: its area's, or the shared one if answers of several areas use it."""
        areas = {name: set(found) for name, found in self._areas.items()}
        changed = True
        while changed:  # a class is used wherever a class that uses it is
            changed = False
            for name in sorted(areas):
                for used in self._classes[name].uses:
                    if not areas[name] <= areas.setdefault(used, set()):
                        areas[used] |= areas[name]
                        changed = True
        return {
            name: f"{PACKAGE}._{_module_name(next(iter(found)))}" if len(found) == 1 else f"{PACKAGE}._shared"
            for name, found in sorted(areas.items())
        }

    def _module_source(self, module: str, classes: list[_Class], homes: dict[str, str]) -> str:
        area = module.rsplit("._", 1)[1]
        what = "several areas" if area == "shared" else f"the {area} operations"
        header = (
            f"Response models used by {what}, generated by ``python -m tools.generate`` from ``{SPEC}``. "
            "Do not edit: change the spec or the generator (``tools/generate/models.py``)."
        )
        names = {used for cls in classes for used in cls.uses | cls.hand}
        imports: dict[str, set[str]] = {}
        if "datetime" in names:
            imports.setdefault("datetime", set()).add("datetime")
        if "Any" in names:
            imports.setdefault("typing", set()).add("Any")
        ours = {PACKAGE: {"WireEnum"} if any(c.is_enum for c in classes) else set()}
        if any(not c.is_enum for c in classes):
            ours[PACKAGE].add("Model")
        for name in sorted(names):
            if name in self._hand:
                ours[PACKAGE].add(name)
            elif name in homes and homes[name] != module:
                ours.setdefault(homes[name], set()).add(name)
        lines = [_docstring(header, 0), "", "from __future__ import annotations", ""]
        for home in sorted(imports):
            lines.append(_import(home, imports[home]))
        if imports:
            lines.append("")
        if any(not c.is_enum for c in classes):
            lines += ["import attrs", ""]
        for home in sorted(ours):
            if ours[home]:
                lines.append(_import(home, ours[home]))
        for cls in classes:
            lines += ["", "", *_class_source(cls)]
        return "\n".join(lines) + "\n"


# --- source text --------------------------------------------------------------------------------------------


def _class_source(cls: _Class) -> list[str]:
    if cls.is_enum:
        lines = [f"class {cls.name}(WireEnum):"]
    else:
        lines = ["@attrs.frozen(kw_only=True)", f"class {cls.name}(Model):"]
    if cls.doc:
        lines += [_docstring(cls.doc, 4), ""]
    for member, value in cls.members:
        lines += _assignment(member, _string(value))
    for item in cls.fields:
        annotation = item.annotation if item.required else f"{item.annotation} | None"
        default = "" if item.required else "None"
        if item.wire != item.name:
            options = [*(["default=None"] if default else []), f'metadata={{"wire": {_string(item.wire)}}}']
            default = f"attrs.field({', '.join(options)})"
        lines += _field_lines(item.name, annotation, default)
    return lines


def _field_lines(name: str, annotation: str, default: str) -> list[str]:
    """``name: annotation = default`` in a class body, split as ruff splits a line too long."""
    if not default:
        return _assignment(name, annotation, ": ")
    lines = _assignment(f"{name}: {annotation}", default)
    if len(lines[0]) <= WIDTH:
        return lines
    return [f"    {name}: (", f"        {annotation}", f"    ) = {default}"]


def _assignment(target: str, value: str, operator: str = " = ") -> list[str]:
    """``target = value`` in a class body, the value in parentheses on a line of its own if too long."""
    line = f"    {target}{operator}{value}"
    if len(line) <= WIDTH:
        return [line]
    return [f"    {target}{operator}(", f"        {value}", "    )"]


def _index_source(homes: dict[str, str]) -> str:
    by_module: dict[str, list[str]] = {}
    for name, module in sorted(homes.items()):
        by_module.setdefault(module, []).append(name)
    header = (
        f"Where each generated model lives, generated by ``python -m tools.generate`` from ``{SPEC}``: "
        "``metronome_async.models`` imports a model from its module (``HOMES``) when it is first used. "
        "Do not edit."
    )
    lines = [
        _docstring(header, 0),
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING",
    ]
    lines += ["", "if TYPE_CHECKING:"]
    for module, names in sorted(by_module.items()):
        lines += ["    " + line for line in _import(module, set(names)).splitlines()]
    lines += ["", "__all__ = ["]
    lines += [f"    {_string(name)}," for name in sorted(homes, key=lambda name: _sort_key(name, fold=False))]
    lines += ["]", "", "HOMES = {"]
    lines += [
        f"    {_string(name)}: {_string(module.rsplit('.', 1)[1])}," for name, module in sorted(homes.items())
    ]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def _import(module: str, names: set[str]) -> str:
    """``from module import ...`` as ruff (isort) writes it: one line if it fits, else one name a line."""
    ordered = sorted(names, key=_sort_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= WIDTH:
        return line
    return "\n".join([f"from {module} import (", *(f"    {name}," for name in ordered), ")"])


def _sort_key(name: str, fold: bool = True) -> tuple[Any, ...]:
    """The order of ruff's isort (``fold``) and of its sorted ``__all__``: CONSTANTS, then Classes, then the
    rest, numbers by value, case-insensitively for imports and case-sensitively for ``__all__``."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    runs = re.findall(r"\d+|\D+", name.lower() if fold else name)
    return kind, tuple((int(run), "") if run.isdigit() else (-1, run) for run in runs), name


def _docstring(text: str, indent: int) -> str:
    """A docstring at ``indent``, wrapped so that every line, the closing quotes included, fits."""
    pad = " " * indent
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = textwrap.wrap(text, WIDTH - indent - 3, initial_indent='"""', break_on_hyphens=False)
    lines[-1] += '"""'
    return "\n".join(pad + line for line in lines)


def _string(value: str) -> str:
    """A string literal as ruff formats it: double quotes unless that needs more escapes."""
    if '"' in value and "'" not in value:
        return "'" + value.replace("\\", "\\\\") + "'"
    return json.dumps(value, ensure_ascii=False)


_ASCII = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _sentence(description: str) -> str:
    """A description's first sentence on one line (the docstring of its class)."""
    text = " ".join(description.translate(_ASCII).split())
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z`(\[])", text)
    if match:
        text = text[: match.start()]
    text = text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text


def _camel(name: str) -> str:
    """``credit_type`` -> ``CreditType``, ``CreditType`` stays, ``v1-thing`` -> ``V1Thing``."""
    parts = [part for part in re.split(r"[^0-9A-Za-z]+", name) if part]
    text = "".join(part[0].upper() + part[1:] for part in parts) or "Unnamed"
    return text if text[0].isalpha() else "N" + text


def _singular(name: str) -> str:
    """The class name of an array's items: ``InvoiceLineItems`` -> ``InvoiceLineItem``."""
    for plural, single in (("ies", "y"), ("sses", "ss"), ("uses", "us"), ("xes", "x"), ("ches", "ch")):
        if name.endswith(plural):
            return name[: -len(plural)] + single
    if name.endswith("s") and not name.endswith(("ss", "us", "is")):
        return name[:-1]
    return name + "Item"


def _attribute(wire: str, taken: set[str]) -> str:
    """A field's Python name: its wire name when that is a usable identifier, else the nearest one."""
    name = re.sub(r"\W", "_", wire, flags=re.ASCII).lstrip("_") or "field"
    if name[0].isdigit():
        name = "n" + name
    if keyword.iskeyword(name) or name in _TAKEN_FIELDS:
        name += "_"
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def _member(value: str) -> str:
    """An enum member's name: ``aws_marketplace`` -> ``AWS_MARKETPLACE``, ``a.b`` -> ``A_B``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value)
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").upper() or "EMPTY"
    return "V_" + text if text[0].isdigit() else text


def _enum_values(writer: ModelWriter, schema: dict[str, Any]) -> list[str]:
    if "oneOf" in schema:
        return list(
            dict.fromkeys(v for m in schema["oneOf"] for v in _enum_values(writer, writer._deref(m)[0]))
        )
    return list(dict.fromkeys(schema["enum"]))


def _one_of(values: list[Any]) -> Any:
    """A property of several ``oneOf`` alternatives: their one schema (descriptions and extensions aside), an
    array of the ``oneOf`` of their items, or the ``oneOf`` of them."""
    distinct = list({json.dumps(_bare(value), sort_keys=True): _bare(value) for value in values}.values())
    if len(distinct) == 1:
        return distinct[0]
    if all(value.get("type") == "array" and "$ref" not in value for value in distinct):
        return {"type": "array", "items": _one_of([value.get("items") or {} for value in distinct])}
    return {"oneOf": distinct}


def _bare(schema: Any) -> Any:
    """A schema without what does not change its type: descriptions, examples and extensions."""
    return {
        key: value
        for key, value in schema.items()
        if key not in ("description", "example", "title") and not key.startswith("x-")
    }


def _split_union(annotation: str) -> list[str]:
    """``A | list[B | C] | None`` -> ``["A ", " list[B | C] ", " None"]``: the top-level parts."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(annotation[start:index])
            start = index + 1
    return [*parts, annotation[start:]]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


def _module_name(area: str) -> str:
    return re.sub(r"\W", "_", area, flags=re.ASCII)


def _path(module: str) -> str:
    return module.replace(".", "/") + ".py"
