"""The wire format in one place: JSON, RFC 3339 datetimes, open enums, the unset sentinel, and the
structure hooks that turn answers into models (checking every field's JSON type as they go)."""

from __future__ import annotations

import enum
import functools
import inspect
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from types import UnionType
from typing import Any, Final, Literal, Union, get_args, get_origin

import attrs
import cattrs

from metronome_async.models import Model, wire_name

try:  # optional accelerator: pip install 'metronome-async[speed]'
    import orjson

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value)

    loads: Callable[[bytes | str], Any] = orjson.loads
except ImportError:  # pragma: no cover - exercised when orjson is absent

    def dumps(value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()

    loads = json.loads


class _Unset(enum.Enum):
    """The type of UNSET: an argument that was not given, so the field is left out of the request."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


def omit_unset(fields: dict[str, Any]) -> dict[str, Any]:
    """A request body without the fields the caller did not give (``None`` stays, as JSON null)."""
    return {key: value for key, value in fields.items() if value is not UNSET}


# --- datetimes -------------------------------------------------------------------------------------------

_FRACTION = re.compile(r"\.(\d+)")
RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))", re.ASCII
)
"""An RFC 3339 date-time as Metronome reads it: ``2025-01-01T00:00:00Z``, ``2025-01-01T09:30:00.5+05:30``."""


def format_datetime(value: datetime, name: str) -> str:
    """RFC 3339 in UTC with a ``Z``; a naive datetime is refused, never guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (for example datetime(..., tzinfo=timezone.utc))")
    text = value.astimezone(timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


def parse_rfc3339(text: str) -> datetime:
    """The aware datetime of an RFC 3339 date-time; ``ValueError`` for anything else, however leniently
    ``datetime.fromisoformat`` would read it (a week date, ``+0000``, a space for ``T``, no seconds, ...).
    The check of every date-time argument, and of the embedded Metronome's."""
    match = RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an RFC 3339 date-time such as 2025-01-01T00:00:00Z")
    year, month, day, hour, minute, second, fraction, sign, offset_hours, offset_minutes = match.groups()
    offset = timedelta(hours=int(offset_hours or 0), minutes=int(offset_minutes or 0))
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone(-offset if sign == "-" else offset),
        )
        moment.astimezone(timezone.utc)  # 9999-12-31T23:00:00-01:00 has no UTC form
    except (ValueError, OverflowError):  # month 13, second 60, an offset of a day or more, out of range
        raise ValueError(f"{text!r} is not a valid date and time") from None
    return moment


def parse_datetime(text: str) -> datetime:
    """Read a date-time of an answer: RFC 3339 (``Z`` or an offset, any number of fraction digits), and the
    near spellings a server may use, into an aware datetime. Arguments are checked by ``parse_rfc3339``."""
    try:  # Python 3.11+ reads RFC 3339 as it comes; the slower path below is for 3.10 and odd spellings
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            return parsed
    normalized = text.strip().replace("z", "Z").replace(" ", "T", 1)
    if normalized.endswith("Z"):
        normalized = normalized[:-1] + "+00:00"
    # Python 3.10's fromisoformat takes only 3 or 6 fraction digits.
    normalized = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), normalized, count=1)
    parsed = datetime.fromisoformat(normalized)
    if parsed.tzinfo is None:
        raise ValueError(f"{text!r} has no timezone offset")
    return parsed


# --- the converter ---------------------------------------------------------------------------------------

converter: Final = cattrs.Converter(forbid_extra_keys=False, omit_if_default=False)

converter.register_structure_hook(datetime, lambda value, _: parse_datetime(value))
converter.register_unstructure_hook(datetime, lambda value: format_datetime(value, "datetime"))


def _open_enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    """A known value becomes its member; a value this SDK does not know yet stays the raw string."""
    members = {member.value: member for member in cls}

    def structure(value: Any, _: Any) -> Any:
        return members.get(value, value)  # None passes through for optional fields

    return structure


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _is_open_enum(tp: Any) -> bool:
    """``SomeEnum | str`` (or ``| None``): how models spell a field whose values the server may extend."""
    args = [arg for arg in get_args(tp) if arg is not type(None)]
    return len(args) == 2 and _is_enum(args[0]) and args[1] is str


def _is_optional(tp: Any) -> bool:
    """``X | None`` for a single ``X``."""
    args = get_args(tp)
    return get_origin(tp) in (Union, UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(tp: Any) -> Callable[[Any, Any], Any]:
    """``X | None`` with ``X``'s hook looked up once, not on every value (listings parse many)."""
    inner = next(arg for arg in get_args(tp) if arg is not type(None))
    structure_inner = converter.get_structure_hook(inner)

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure


converter.register_structure_hook_factory(_is_optional, _optional_hook)
converter.register_structure_hook_factory(_is_enum, _open_enum_hook)
converter.register_structure_hook_factory(_is_open_enum, lambda tp: _open_enum_hook(get_args(tp)[0]))


# --- response models: one generated structure hook per model --------------------------------------------


class ResponseShapeError(ValueError):
    """An answer that does not have the shape its model needs; ``where`` is the path to the field."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.where, self.problem)  # how pickle and copy rebuild it

    def inside(self, outer: str) -> ResponseShapeError:
        """The same problem, one level further out (``outer`` is a field name or ``[index]``)."""
        if not self.where:
            return ResponseShapeError(outer, self.problem)
        joiner = "" if self.where.startswith("[") else "."
        return ResponseShapeError(f"{outer}{joiner}{self.where}", self.problem)


class _Missing(enum.Enum):
    MISSING = "MISSING"


MISSING: Final = _Missing.MISSING
_JSON_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


def _got(value: Any) -> str:
    kind = _JSON_KINDS.get(type(value)) or ("a number" if isinstance(value, (int, float)) else "")
    if value is None or isinstance(value, (dict, list)):
        return kind
    return f"{kind} ({value!r:.80})" if kind else f"{value!r:.80}"


def shape_error(where: str, expected: str, value: Any) -> ResponseShapeError:
    """``where`` should hold ``expected`` but holds ``value`` (or is missing: ``value`` is ``MISSING``)."""
    if value is MISSING:
        return ResponseShapeError(where, "required field is missing")
    return ResponseShapeError(where, f"expected {expected}, got {_got(value)}")


def _wrong_item(where: str, items: Any, item: Any, expected: str) -> ResponseShapeError:
    index = next(i for i, x in enumerate(items) if x is item)
    return shape_error(f"{where}[{index}]", expected, item)


def _wrong_value(where: str, mapping: Any, value: Any, expected: str) -> ResponseShapeError:
    key = next(k for k, x in mapping.items() if x is value)
    return shape_error(f"{where}.{key}", expected, value)


def _datetime(where: str, value: Any) -> datetime:
    if type(value) is str:
        try:
            return parse_datetime(value)
        except ValueError:
            pass
    raise shape_error(where, "an RFC 3339 datetime", value)


def structure_list(where: str, structure: Callable[..., Any], items: Any) -> list[Any]:
    if type(items) is not list:
        raise shape_error(where, "an array", items)
    try:
        return [structure(item) for item in items]
    except ResponseShapeError as error:
        index = next(i for i, item in enumerate(items) if not _fits(structure, item))
        raise error.inside(f"{where}[{index}]") from None


def _fits(structure: Callable[..., Any], value: Any) -> bool:
    try:
        structure(value)
    except ResponseShapeError:
        return False
    return True


def _other(where: str, tp: Any, value: Any) -> Any:
    """A field type without a specialised check: cattrs structures it, and its failure names the field."""
    try:
        return converter.structure(value, tp)
    except ResponseShapeError as error:
        raise error.inside(where) from None
    except Exception as error:  # cattrs' and the types' own errors, as one kind
        raise ResponseShapeError(where, f"cannot read {_got(value)} as {tp}: {error}") from None


_MODELS = Model.__module__
_GENERATED_MODELS = _MODELS + "._"


def _is_model(tp: Any) -> bool:
    """A class of ``metronome_async.models`` or of its generated modules (new ones included): answers are
    checked field by field."""
    if not (isinstance(tp, type) and attrs.has(tp)):
        return False
    return tp.__module__ == _MODELS or tp.__module__.startswith(_GENERATED_MODELS)


def _non_null(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``; ``(tp, False)`` otherwise."""
    if get_origin(tp) in (Union, UnionType) and type(None) in get_args(tp):
        rest = tuple(arg for arg in get_args(tp) if arg is not type(None))
        return (rest[0] if len(rest) == 1 else Union[rest]), True  # noqa: UP007 - a runtime union
    return tp, False


def _check(tp: Any, where: str, env: dict[str, Any]) -> list[str]:
    """Source lines that check (and convert) ``v``, the value of field ``where`` of type ``tp``."""
    w = repr(where)
    if tp is Any or tp is object:
        return []
    if tp is str:
        return [f"if type(v) is not str and not isinstance(v, str): raise wrong({w}, 'a string', v)"]
    if tp is bool:
        return [f"if type(v) is not bool: raise wrong({w}, 'a boolean', v)"]
    if tp is int:
        return [f"if type(v) is not int: raise wrong({w}, 'an integer', v)"]
    if tp is float:
        return [f"if type(v) is not float and type(v) is not int: raise wrong({w}, 'a number', v)"]
    if tp is datetime:  # the common spelling read in one C call; the rest (and every error) by parse_datetime
        return [
            "try:",
            "    v = fromisoformat(v) if type(v) is str else to_datetime(" + w + ", v)",
            "    if v.tzinfo is None: raise ValueError",
            "except ValueError:",
            f"    v = to_datetime({w}, d.get({w}))",
        ]
    enum_type = _open_enum_type(tp)
    if enum_type is not None:
        key = f"members_{len(env)}"
        env[key] = {member.value: member for member in enum_type}.get
        return [f"if type(v) is not str: raise wrong({w}, 'a string', v)", f"v = {key}(v, v)"]
    if _is_model(tp):
        key = f"hook_{len(env)}"
        env[key] = _model_structure(tp)
        shared = _all_null(tp)
        if shared is not None:  # the common all-null answer without the call
            env[f"null_{key}"] = shared
            return [
                f"if {_is_all_null(tp, 'v')}: v = null_{key}",
                "else:",
                "    try:",
                f"        v = {key}(v)",
                "    except ResponseShapeError as error:",
                f"        raise error.inside({w}) from None",
            ]
        return [
            "try:",
            f"    v = {key}(v)",
            "except ResponseShapeError as error:",
            f"    raise error.inside({w}) from None",
        ]
    origin, args = get_origin(tp), get_args(tp)
    if origin is list and args and args[0] is str:
        return [
            f"if type(v) is not list: raise wrong({w}, 'an array', v)",
            "for x in v:",
            f"    if type(x) is not str: raise wrong_item({w}, v, x, 'a string')",
        ]
    if origin is list and args and _is_model(args[0]):
        key = f"hook_{len(env)}"
        env[key] = _model_structure(args[0])
        return [f"v = models({w}, {key}, v)"]
    if origin is dict and args == (str, str):
        return [
            f"if type(v) is not dict: raise wrong({w}, 'an object', v)",
            "for x in v.values():",
            f"    if type(x) is not str: raise wrong_value({w}, v, x, 'a string')",
        ]
    if tp is dict or (origin is dict and args[1:] in ((Any,), (object,))):
        return [f"if type(v) is not dict: raise wrong({w}, 'an object', v)"]
    if origin in (Union, UnionType) and set(args) == {datetime, str}:  # a datetime if it reads as one
        return [
            f"if type(v) is not str: raise wrong({w}, 'a string', v)",
            "try:",
            "    v = to_datetime(" + w + ", v)",
            "except ValueError:",
            "    pass",
        ]
    if origin in (Union, UnionType) and all(arg in _JSON_SCALARS for arg in args):
        key = f"types_{len(env)}"
        env[key] = args
        expected = " or ".join(_JSON_SCALARS[arg] for arg in args)
        return [f"if not isinstance(v, {key}): raise wrong({w}, {expected!r}, v)"]
    key = f"type_{len(env)}"
    env[key] = tp
    return [f"v = other({w}, {key}, v)"]


_JSON_SCALARS = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}


_writing: set[type] = set()  # the models whose hooks are being written


def _model_structure(cls: type) -> Callable[..., Any]:
    """``cls``'s structure hook; for a model whose hook is being written (one that contains itself, at any
    depth), a stand-in that looks the hook up when it is called."""
    if cls not in _writing:
        return converter.get_structure_hook(cls)

    def structure(value: Any, _: Any = None) -> Any:
        return converter.get_structure_hook(cls)(value, cls)

    return structure


def _open_enum_type(tp: Any) -> type[enum.Enum] | None:
    """The enum of ``SomeEnum`` or ``SomeEnum | str`` (string values): its unknown values stay strings."""
    if _is_open_enum(tp):
        tp = get_args(tp)[0]
    if _is_enum(tp) and all(isinstance(member.value, str) for member in tp):
        return tp  # type: ignore[no-any-return]
    return None


def _builder(cls: type) -> type | None:
    """A plain class with the layout of the frozen slotted ``cls``: a hook makes one of its objects, fills it
    with ordinary attribute writes (a frozen class's slot writes are descriptor calls, several times dearer)
    and turns it into a ``cls`` by assigning ``__class__``, which CPython allows, and checks, between heap
    types of the same layout. ``None`` where ``cls``'s layout or bases do not allow it."""
    own_slots = cls.__dict__.get("__slots__", ())
    builder = type(f"{cls.__name__}Builder", cls.__bases__, {"__slots__": own_slots, "__module__": __name__})
    if any(
        getattr(builder, name) is not getattr(object, name) for name in ("__new__", "__init__", "__setattr__")
    ):
        return None  # a base class with a say in construction or in writes
    try:
        builder().__class__ = cls
    except TypeError:  # another layout (a __weakref__ or __dict__ slot of cls's own, say)
        return None
    return builder


@functools.cache
def _all_null(cls: type) -> Any:
    """The one ``cls`` whose fields are all null, shared by every answer that says just that (as most
    customers' ``customer_config`` does), or ``None`` unless ``cls`` is a frozen model whose fields all
    default to null. Being immutable, it can be shared; ``to_dict()`` gives a copy of its JSON object."""
    fields = attrs.fields(cls)
    plain = all(f.default is None and f.init and not (f.validator or f.converter) for f in fields)
    if not (fields and plain and issubclass(cls, Model)):
        return None
    shared = cls(**{f.alias: None for f in fields})
    try:
        setattr(shared, fields[0].name, None)
    except AttributeError:  # attrs' FrozenInstanceError: immutable indeed
        Model.__dict__["_raw"].__set__(shared, {wire_name(f): None for f in fields})
        return shared
    return None


def _is_all_null(cls: type, d: str) -> str:
    """Source of the test that the object ``d`` is ``cls``'s all-null answer: its keys only, in its order (as
    ``to_dict()`` gives them back), each null."""
    names = tuple(wire_name(f) for f in attrs.fields(cls))
    nulls = " and ".join(f"{d}.get({name!r}, MISSING) is None" for name in names)
    in_order = f" and tuple({d}) == {names!r}" if len(names) > 1 else ""
    return f"type({d}) is dict and len({d}) == {len(names)} and {nulls}{in_order}"


def _model_hook(cls: type) -> Callable[..., Any]:
    """A structure function written for ``cls``: one ``dict.get`` and one type check per field, nested models
    through their own hooks, each datetime parsed once, unknown keys ignored, and (for a ``Model``) the
    object kept as it came for ``to_dict()``. Built without ``__init__`` when the class has no validators
    (through its ``_builder`` twin where the layout allows), and an all-null object shared (``_all_null``)."""
    _writing.add(cls)
    try:
        return _write_model_hook(cls)
    finally:
        _writing.discard(cls)


def _write_model_hook(cls: type) -> Callable[..., Any]:
    attrs.resolve_types(cls)
    env: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "MISSING": MISSING,
        "ResponseShapeError": ResponseShapeError,
        "wrong": shape_error,
        "wrong_item": _wrong_item,
        "wrong_value": _wrong_value,
        "to_datetime": _datetime,
        "fromisoformat": datetime.fromisoformat,
        "models": structure_list,
        "other": _other,
    }
    fields = attrs.fields(cls)
    direct = "__slots__" in cls.__dict__ and not hasattr(cls, "__attrs_post_init__")
    direct = direct and all(f.validator is None and f.converter is None for f in fields)
    builder = _builder(cls) if direct else None
    body = ["if type(d) is not dict: raise wrong('', 'an object', d)", "get = d.get"]
    env["all_null"] = _all_null(cls)  # the same test as a parent's hook makes (_check)
    if env["all_null"] is not None:
        body.append(f"if {_is_all_null(cls, 'd')}: return all_null")
    if builder is not None:
        env["builder"] = builder
        body.append("o = builder()")
    elif direct:
        body.append("o = new(cls)")
    for number, field in enumerate(fields):
        tp, nullable = _non_null(field.type)
        check = _check(tp, wire_name(field), env)
        key = repr(wire_name(field))
        self_checking = bool(check) and not check[0].startswith("v = other(")
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            env[f"default_{number}"] = default.factory
            default_source = f"default_{number}()"
        else:
            env[f"default_{number}"] = default
            default_source = f"default_{number}"
        if default is attrs.NOTHING:  # required: present, and null only if its type says so
            body.append(f"v = get({key}, MISSING)")
            if nullable:
                body.append(f"if v is MISSING: raise wrong({key}, '', v)")
            elif not self_checking:
                body.append(f"if v is MISSING or v is None: raise wrong({key}, 'a value', v)")
        elif nullable:  # absent means the default; null is a value
            body.append(f"v = get({key})" if default is None else f"v = get({key}, MISSING)")
            if default is not None:
                body.append(f"if v is MISSING: v = {default_source}")
        else:  # absent or null means the default
            body.append(f"v = get({key})")
            body.append(f"if v is None: v = {default_source}")
            check = ["else:", *(f"    {line}" for line in check)] if check else []
        if nullable and check:
            check = ["if v is not None:", *(f"    {line}" for line in check)]
        body += check
        if builder is not None:
            body.append(f"o.{field.name} = v")
        elif direct:
            env[f"set_{number}"] = inspect.getattr_static(cls, field.name).__set__  # an inherited slot too
            body.append(f"set_{number}(o, v)")
        else:
            body.append(f"v{number} = v")
    if not direct:
        arguments = ", ".join(f"{field.alias}=v{number}" for number, field in enumerate(fields))
        body.append(f"o = cls({arguments})")
    if issubclass(cls, Model) and builder is not None:
        body.append("o._raw = d")
    elif issubclass(cls, Model):
        env["set_raw"] = Model.__dict__["_raw"].__set__
        body.append("set_raw(o, d)")
    if builder is not None:
        body.append("o.__class__ = cls")
    body.append("return o")
    source = "def structure(d, _=None):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<structure {cls.__qualname__}>", "exec"), env)  # source made from the field types
    return env["structure"]  # type: ignore[no-any-return]


converter.register_structure_hook_factory(_is_model, _model_hook)


def model_reader(cls: type) -> Callable[[Any], Any]:
    """The function that reads one ``cls`` from its JSON object: the model's own hook, which takes the JSON
    alone (a listing calls it for every item)."""
    hook: Callable[..., Any] = converter.get_structure_hook(cls)
    return hook if _is_model(cls) else lambda value: hook(value, cls)


def wire_value(value: Any) -> Any:
    """A request value as JSON: enums by value, datetimes as RFC 3339, attrs models unstructured."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return converter.unstructure(value)
