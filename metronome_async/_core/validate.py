"""Checks on arguments before anything is sent; each error names the argument at fault."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, time, timedelta, timezone
from math import isfinite
from typing import Any
from urllib.parse import quote

from metronome_async._core.serde import format_datetime, parse_rfc3339

MAX_ALIASES = 2000
MAX_ALIAS_LENGTH = 128
MAX_CUSTOM_FIELD_VALUE = 200
MAX_NAME_LENGTH = 160
"""Metronome keeps this many characters of a customer's name."""
MAX_PAGE_SIZE = 100
MAX_IDEMPOTENCY_KEY = 255
"""The longest Idempotency-Key sent. Metronome documents none; 255 is the usual bound (Stripe's), far above a
UUID or a digest, which is what a key is in practice."""
_HEADER_TEXT = re.compile(r"[!-~]+(?: +[!-~]+)*")  # printable ASCII, spaces only between words
SMALLEST_INT, LARGEST_INT = -(2**63), 2**64 - 1
"""The integers a request can carry: JSON is written by orjson, which takes 64 bits (signed or unsigned)."""


def text(name: str, value: Any, *, max_length: int | None = None) -> str:
    """A non-empty string, at most ``max_length`` characters when given."""
    if _plain_text(value, max_length):
        return value  # type: ignore[no-any-return]
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        raise ValueError(f"{name} is required")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    sendable(name, value)
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"{name} is {len(value)} characters; at most {max_length} are allowed")
    return value


def _plain_text(value: Any, max_length: int | None) -> bool:
    """Whether ``value`` is plainly good text (a short, non-blank ASCII ``str``): the usual case, which
    ``text`` and ``strings`` pass without naming it."""
    return (
        type(value) is str
        and value.isascii()
        and (max_length is None or len(value) <= max_length)
        and value != ""
        and not value.isspace()
    )


def sendable(name: str, value: str) -> str:
    """``value``, unless it holds a lone surrogate (from a byte string decoded with ``surrogateescape``, say),
    which UTF-8, and so a request, cannot carry."""
    if not value.isascii():
        _refuse(name, _text_problem(value))
    return value


def _text_problem(value: str) -> _Problem | None:
    try:
        value.encode()
    except UnicodeEncodeError as error:
        bad = value[error.start]
        return ("", ValueError, f"holds {bad!r}, a lone surrogate, which UTF-8 cannot carry")
    return None


def _int_problem(value: int) -> _Problem | None:
    if SMALLEST_INT <= value <= LARGEST_INT:
        return None
    return ("", ValueError, f"is {value}, beyond the 64-bit integers a request can carry")


def path_segment(name: str, value: Any) -> str:
    """An id or other path parameter, percent-encoded; passed through as given otherwise."""
    value = text(name, value)
    if value in (".", ".."):
        raise ValueError(f"{name} must not be {value!r}")
    return quote(value, safe="")


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return value


class NotANumberError(TypeError, ValueError):
    """An argument that should be a number is of another kind (a string, a bool): both a ``TypeError`` and
    a ``ValueError``, so code that catches either for a bad argument catches this one too."""


def number(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
    whole: bool = False,
) -> Any:
    """A finite number (never a bool) with ``minimum <= value <= maximum`` and ``value > above`` where given;
    ``whole`` asks for an int. The one check of numeric arguments: its errors name the argument."""
    wanted = ("a whole number" if whole else "a number") + _range(minimum, maximum, above)
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise NotANumberError(f"{name} must be {wanted}, not {value!r}")
    if not isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if isinstance(value, int):
        _refuse(name, _int_problem(value))
    out_of_range = (
        (minimum is not None and value < minimum)
        or (maximum is not None and value > maximum)
        or (above is not None and not value > above)
    )
    if out_of_range:
        raise ValueError(f"{name} must be {wanted}, not {value!r}")
    return value


def _range(minimum: float | None, maximum: float | None, above: float | None) -> str:
    if above is not None:
        return f" greater than {above:g}"
    if minimum is not None and maximum is not None:
        return f" from {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f" of {minimum:g} or more"
    return "" if maximum is None else f" of at most {maximum:g}"


def page_size(name: str, value: Any, *, maximum: int = MAX_PAGE_SIZE) -> int:
    """A whole number from 1 to ``maximum`` (a page size, by default)."""
    return int(number(name, value, minimum=1, maximum=maximum, whole=True))


def strings(
    name: str, values: Any, *, max_items: int | None = None, max_length: int | None = None
) -> list[str]:
    """A list of non-empty strings (a lone string is refused: it is almost always a mistake)."""
    if type(values) not in (list, tuple) and (
        isinstance(values, (str, bytes)) or not isinstance(values, Iterable)
    ):
        raise TypeError(f"{name} must be a list of strings, not {type(values).__name__}")
    items = [
        value if _plain_text(value, max_length) else text(f"{name}[{index}]", value, max_length=max_length)
        for index, value in enumerate(values)
    ]
    if max_items is not None and len(items) > max_items:
        raise ValueError(f"{name} has {len(items)} items; at most {max_items} are allowed")
    return items


def filter_strings(name: str, values: Any, *, max_items: int | None = None) -> list[str]:
    """The values of a listing's filter: a list as ``strings`` takes, and not empty. An empty filter is
    refused rather than sent: sent, it reads as no filter at all, and the listing widens to everything."""
    items = strings(name, values, max_items=max_items)
    if not items:
        raise ValueError(
            f"{name} is empty: a filter on nothing would match everything; leave it out (None) for no filter"
        )
    return items


def ingest_aliases(name: str, values: Any) -> list[str]:
    return strings(name, values, max_items=MAX_ALIASES, max_length=MAX_ALIAS_LENGTH)


def custom_field_values(name: str, values: Any) -> dict[str, str]:
    """A mapping of key to value, each value a string of at most 200 characters."""
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a mapping of key to value, not {type(values).__name__}")
    checked = {}
    for key, value in values.items():
        text(f"{name} key", key)
        if not isinstance(value, str):
            raise TypeError(f"{name}[{key!r}] must be a string, not {type(value).__name__}")
        if len(value) > MAX_CUSTOM_FIELD_VALUE:
            raise ValueError(
                f"{name}[{key!r}] is {len(value)} characters; at most {MAX_CUSTOM_FIELD_VALUE} are allowed"
            )
        checked[key] = value
    return checked


def timestamp(name: str, value: Any) -> str:
    """An RFC 3339 timestamp: a string that is one, sent as given, or an aware datetime, formatted."""
    checked = moment(name, value)
    return value if isinstance(value, str) else format_datetime(checked, name)


def moment(name: str, value: Any) -> datetime:
    """An aware datetime, or the one an RFC 3339 string holds (``2025-01-01T00:00:00Z``, strictly: no week
    date, no ``+0000``, no space for ``T``); a naive time is refused, never guessed."""
    if value is None:
        raise ValueError(f"{name} is required")
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{name} must be timezone-aware (for example datetime(..., tzinfo=timezone.utc))"
            )
        return value
    if isinstance(value, str):
        try:
            return parse_rfc3339(value)
        except ValueError:
            raise ValueError(
                f"{name} must be an RFC 3339 timestamp with a timezone, such as 2025-01-01T00:00:00Z, "
                f"not {value!r}"
            ) from None
    raise TypeError(f"{name} must be a datetime or an RFC 3339 string, not {type(value).__name__}")


def today_at_midnight_utc() -> datetime:
    """The start of today in UTC: the earliest date a plan can start or end on today."""
    return datetime.combine(datetime.now(timezone.utc).date(), time(0), tzinfo=timezone.utc)


def midnight_utc(name: str, value: Any) -> str:
    """A plan date: an aware datetime at exactly 00:00 UTC (Metronome refuses any other time)."""
    when = moment(name, value)
    utc = when.astimezone(timezone.utc)
    if utc.time() != time(0):
        written = repr(value) if isinstance(value, str) else value.isoformat()  # as the caller wrote it
        in_utc = "" if when.utcoffset() == timedelta(0) else f", {format_datetime(utc, name)} in UTC"
        raise ValueError(f"{name} must be at midnight UTC (00:00:00Z), not {written}{in_utc}")
    return format_datetime(utc, name)


def one_of(name: str, value: Any, allowed: Iterable[str]) -> str:
    """A value of a closed set the API checks itself; refusing a typo here saves a round trip."""
    choice = text(name, value)
    options = list(allowed)
    if choice not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {choice!r}")
    return choice


def idempotency_key(name: str, value: Any) -> str:
    """An Idempotency-Key: 1 to ``MAX_IDEMPOTENCY_KEY`` printable ASCII characters, spaces only between
    words. A blank key would go out as no key, so a retried create could make a second object; a control
    character would break the header, and a leading or trailing space be trimmed on the way."""
    key = text(name, value, max_length=MAX_IDEMPOTENCY_KEY)
    if not _HEADER_TEXT.fullmatch(key):
        raise ValueError(
            f"{name} must be printable ASCII (letters, digits, punctuation; spaces only between words)"
        )
    return key


def choices(allowed: Iterable[str]) -> Callable[[str, Any], str]:
    """The check of an enum field of the API: ``one_of`` these values."""
    options = tuple(allowed)
    return lambda name, value: one_of(name, value, options)


def fields(
    values: Mapping[str, Any],
    checks: Mapping[str, Callable[[str, Any], Any]],
    label: Callable[[str], str] = str,
) -> None:
    """Check each of ``values`` that ``checks`` has a check for and that is given (not ``None``), naming it
    ``label(field)``, e.g. ``billing_config['aws_region']``."""
    for field, check_field in checks.items():
        if values.get(field) is not None:
            check_field(label(field), values[field])


def joined(name: str, values: Any, *, max_items: int | None = None) -> str:
    """A filter's ids sent as one comma-separated query value (never an empty one, see ``filter_strings``);
    an id holding a comma would split in two."""
    items = filter_strings(name, values, max_items=max_items)
    for index, item in enumerate(items):
        if "," in item:
            raise ValueError(f"{name}[{index}] must not contain a comma (the ids are sent comma-separated)")
    return ",".join(items)


def json_body(body: Any) -> Any:
    """``body`` if it can be sent as JSON; else a ``ValueError`` (NaN or infinity, which JSON cannot carry) or
    a ``TypeError`` (a value of another kind) naming where it is: a top-level field by its name."""
    if isinstance(body, dict):
        for key, value in body.items():
            _refuse(str(key), _json_problem(value))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            _refuse(f"[{index}]", _json_problem(value))
    else:
        _refuse("the request body", _json_problem(body))
    return body


def json_value(name: str, value: Any) -> Any:
    """``value`` if it can be sent as JSON; else the error ``json_body`` gives, naming ``name`` and where."""
    _refuse(name, _json_problem(value))
    return value


_Problem = tuple[str, type[Exception], str]


def _refuse(name: str, problem: _Problem | None) -> None:
    if problem is not None:
        where, kind, what = problem
        raise kind(f"{name}{where} {what}")


def _json_problem(value: Any) -> _Problem | None:
    """Where in ``value`` something cannot become JSON, the error for it and why; ``None`` if all can."""
    kind = type(value)
    if kind is bool or value is None or (kind is str and value.isascii()):  # the common cases first
        return None
    if kind is float and value - value == 0.0:  # finite (NaN and infinities give NaN)
        return None
    if isinstance(value, str):  # not ASCII, or a subclass (a str enum)
        return _text_problem(value)
    if isinstance(value, int):  # an int, or a subclass (IntEnum)
        return _int_problem(value)
    if isinstance(value, float):
        return None if isfinite(value) else ("", ValueError, f"must be a finite number, not {value!r}")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return (
                    f"[{key!r}]",
                    TypeError,
                    f"has a key of type {type(key).__name__}; JSON keys are strings",
                )
            problem = _json_problem(key) or _json_problem(item)
            if problem is not None:
                return (f"[{key!r}]{problem[0]}", *problem[1:])
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problem = _json_problem(item)
            if problem is not None:
                return (f"[{index}]{problem[0]}", *problem[1:])
        return None
    return (
        "",
        TypeError,
        f"cannot be sent as JSON: {type(value).__name__} is not a string, number, bool, list or mapping",
    )
