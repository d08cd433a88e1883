"""Checks of request values, built from the spec's schemas by the generated operations.

Each builder returns a ``Check``: ``check(name, value)`` gives the value as it goes on the wire (datetimes as
RFC 3339, enums by value, mappings as dicts) or raises ``TypeError``/``ValueError`` naming where the value is
wrong, as the caller wrote it: ``commits[0]['access_schedule']['schedule_items'][1]['amount']``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import UNSET, format_datetime

__all__ = [
    "Check",
    "anything",
    "array",
    "boolean",
    "both",
    "day",
    "integer",
    "lazy",
    "mapping",
    "nullable",
    "number",
    "obj",
    "one_of",
    "string",
    "timestamp",
    "uuid",
]

Check = Callable[[str, Any], Any]
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def string(
    *, min_length: int | None = None, max_length: int | None = None, enum: Iterable[str] | None = None
) -> Check:
    """A string (``enum``: one of these; an enum member counts as its value)."""
    options = None if enum is None else tuple(enum)

    def check_string(name: str, value: Any) -> str:
        value = _plain(name, value)
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
        check.sendable(name, value)
        if options is not None and value not in options:
            raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}")
        if min_length is not None and len(value) < min_length:
            raise ValueError(f"{name} must not be empty" if min_length == 1 else f"{name} is too short")
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"{name} is {len(value)} characters; at most {max_length} are allowed")
        return value

    return check_string


def uuid(name: str, value: Any) -> str:
    """A UUID, as a string (Metronome's ids)."""
    value = _plain(name, value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string (a UUID), not {type(value).__name__}")
    if not _UUID.fullmatch(value):
        raise ValueError(f"{name} must be a UUID such as 8deed800-1b7a-495d-a207-6c52bac54dc9, not {value!r}")
    return value


def timestamp(name: str, value: Any) -> str:
    """An aware datetime or an RFC 3339 string, sent in UTC with a ``Z``."""
    return format_datetime(check.moment(name, value), name)


def day(name: str, value: Any) -> str:
    """A date: a ``datetime.date`` or a ``YYYY-MM-DD`` string."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date such as 2025-01-31 (a datetime.date or a string), not {value!r}")


def number(*, minimum: float | None = None, maximum: float | None = None) -> Check:
    """A finite number, never a bool."""
    return lambda name, value: check.number(name, value, minimum=minimum, maximum=maximum)


def integer(*, minimum: float | None = None, maximum: float | None = None) -> Check:
    """A whole number, never a bool."""
    return lambda name, value: check.number(name, value, minimum=minimum, maximum=maximum, whole=True)


def boolean(name: str, value: Any) -> bool:
    return check.flag(name, value)


def anything(name: str, value: Any) -> Any:
    """Any JSON value (a field the spec leaves open)."""
    return check.json_value(name, _wire(value))


def both(first: Check, then: Check) -> Check:
    """``first``, then ``then`` on what it gives (a rule the spec does not state, after the spec's check)."""
    return lambda name, value: then(name, first(name, value))


def nullable(inner: Check) -> Check:
    """``None`` (sent as JSON null) or what ``inner`` takes."""
    return lambda name, value: None if value is None else inner(name, value)


def array(items: Check, *, min_items: int | None = None, max_items: int | None = None) -> Check:
    """A list (or tuple, or other sequence; a lone string or mapping is refused) of ``items``."""

    def check_array(name: str, value: Any) -> list[Any]:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            raise TypeError(f"{name} must be a list, not {type(value).__name__}")
        checked = [items(f"{name}[{index}]", item) for index, item in enumerate(value)]
        if min_items is not None and len(checked) < min_items:
            raise ValueError(f"{name} has {len(checked)} items; at least {min_items} are needed")
        if max_items is not None and len(checked) > max_items:
            raise ValueError(f"{name} has {len(checked)} items; at most {max_items} are allowed")
        return checked

    return check_array


def obj(fields: Mapping[str, Check], *, required: Iterable[str] = (), closed: bool = True) -> Check:
    """A mapping with these fields (``required`` ones present; one whose value is ``UNSET`` is left out, as an
    argument is); a key the schema does not list is refused (a typo would otherwise be dropped by the API)
    unless the schema is open (``closed=False``)."""
    needed = tuple(required)

    def check_object(name: str, value: Any) -> dict[str, Any]:
        value = _mapping(name, value)
        missing = [f"{name}[{field!r}]" for field in needed if value.get(field, UNSET) is UNSET]
        if missing:
            raise ValueError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required")
        checked = {}
        for key, item in value.items():
            if item is UNSET:
                continue
            field = fields.get(key)
            if field is not None:
                checked[key] = field(f"{name}[{key!r}]", item)
            elif closed or not isinstance(key, str):
                known = ", ".join(fields) or "none"
                raise TypeError(f"{name}[{key!r}] is not a field of {name} (its fields: {known})")
            else:
                checked[key] = anything(f"{name}[{key!r}]", item)
        return checked

    return check_object


def mapping(values: Check) -> Check:
    """A mapping of string keys to ``values`` (a map the schema leaves open in its keys)."""

    def check_mapping(name: str, value: Any) -> dict[str, Any]:
        value = _mapping(name, value)
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"{name} has a key of type {type(key).__name__}; keys are strings")
            check.sendable(f"{name} key", key)
        return {key: values(f"{name}[{key!r}]", item) for key, item in value.items() if item is not UNSET}

    return check_mapping


def one_of(*choices: Check) -> Check:
    """A value that one of ``choices`` takes (the first that does); the error says why the last refused."""

    def check_one_of(name: str, value: Any) -> Any:
        problem: Exception | None = None
        for choice in choices:
            try:
                return choice(name, value)
            except (TypeError, ValueError) as error:
                problem = error
        assert problem is not None  # there is at least one choice
        raise problem

    return check_one_of


def lazy(get: Callable[[], Check]) -> Check:
    """A check defined later in its module (a schema that refers to itself, or to one further down)."""
    return lambda name, value: get()(name, value)


def _plain(name: str, value: Any) -> Any:
    """An enum member's value; ``UNSET`` (which leaves out a field of an object, and is no value) refused."""
    if value is UNSET:
        raise TypeError(f"{name} is UNSET, which can only leave out a field of an object")
    return value.value if isinstance(value, enum.Enum) else value


def _mapping(name: str, value: Any) -> Mapping[Any, Any]:
    if value is UNSET or not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    return value


def _wire(value: Any) -> Any:
    """Enums by value, datetimes as RFC 3339, inside lists and mappings too (a field whose value is ``UNSET``
    left out; ``UNSET`` elsewhere is kept, for ``json_value`` to refuse, naming where it is)."""
    if isinstance(value, enum.Enum) and value is not UNSET:
        return value.value
    if isinstance(value, datetime):
        return format_datetime(value, "value")
    if isinstance(value, Mapping):
        return {key: _wire(item) for key, item in value.items() if item is not UNSET}
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    return value
