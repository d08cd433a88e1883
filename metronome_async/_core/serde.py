"""The wire format in one place: JSON, RFC 3339 datetimes, open enums, and the unset sentinel."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable
from datetime import datetime, timezone
from types import UnionType
from typing import Any, Final, Literal, Union, get_args, get_origin

import cattrs

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


def format_datetime(value: datetime, name: str) -> str:
    """RFC 3339 in UTC with a ``Z``; a naive datetime is refused, never guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (for example datetime(..., tzinfo=timezone.utc))")
    text = value.astimezone(timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


def parse_datetime(text: str) -> datetime:
    """Parse RFC 3339 (``Z`` or an offset, any number of fraction digits) into an aware datetime."""
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


def wire_value(value: Any) -> Any:
    """A request value as JSON: enums by value, datetimes as RFC 3339, attrs models unstructured."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return converter.unstructure(value)
