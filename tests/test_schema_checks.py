"""The checks the generated operations build from the spec's schemas (``metronome_async._core.schema``): what
each takes, what it sends, and errors that name the value where it is wrong."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from metronome_async._core import schema as s
from metronome_async._core.serde import UNSET


class Color(enum.Enum):
    RED = "RED"


GOOD: list[tuple[s.Check, Any, Any]] = [
    (s.string(), "x", "x"),
    (s.string(enum=("RED", "BLUE")), Color.RED, "RED"),
    (s.uuid, "8DEED800-1b7a-495d-a207-6c52bac54dc9", "8DEED800-1b7a-495d-a207-6c52bac54dc9"),
    (s.timestamp, datetime(2025, 1, 1, 9, tzinfo=timezone(timedelta(hours=9))), "2025-01-01T00:00:00Z"),
    (s.timestamp, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"),
    (s.day, date(2025, 1, 31), "2025-01-31"),
    (s.day, "2025-01-31", "2025-01-31"),
    (s.number(minimum=0), 0, 0),
    (s.number(), 1.5, 1.5),
    (s.integer(maximum=3), 3, 3),
    (s.boolean, False, False),
    (s.nullable(s.string()), None, None),
    (
        s.array(s.uuid, max_items=1),
        ("8deed800-1b7a-495d-a207-6c52bac54dc9",),
        ["8deed800-1b7a-495d-a207-6c52bac54dc9"],
    ),
    (s.mapping(s.string()), {"tier": "gold"}, {"tier": "gold"}),
    (s.obj({"a": s.integer()}, required=("a",)), {"a": 1}, {"a": 1}),
    (s.obj({"a": s.integer()}, closed=False), {"a": 1, "b": Color.RED}, {"a": 1, "b": "RED"}),
    (s.one_of(s.integer(), s.string()), "x", "x"),
    (s.anything, {"when": datetime(2025, 1, 1, tzinfo=timezone.utc)}, {"when": "2025-01-01T00:00:00Z"}),
    (s.obj({"a": s.string(), "b": s.string()}, required=("b",)), {"a": UNSET, "b": "x"}, {"b": "x"}),
    (s.mapping(s.string()), {"a": UNSET, "b": "x"}, {"b": "x"}),
    (s.anything, {"a": UNSET, "b": [1]}, {"b": [1]}),
]


@pytest.mark.parametrize(("check", "value", "sent"), GOOD)
def test_a_good_value_goes_out_as_json(check: s.Check, value: Any, sent: Any) -> None:
    assert check("arg", value) == sent


BAD: list[tuple[s.Check, Any, type[Exception], str]] = [
    (s.string(), 1, TypeError, "arg must be a string, not int"),
    (s.string(min_length=1), "", ValueError, "arg must not be empty"),
    (s.string(max_length=2), "abc", ValueError, "arg is 3 characters; at most 2 are allowed"),
    (s.string(enum=("RED",)), "red", ValueError, "arg must be one of RED; got 'red'"),
    (s.uuid, "cus_1", ValueError, "arg must be a UUID"),
    (s.timestamp, "2025-01-01", ValueError, "arg must be an RFC 3339 timestamp"),
    (s.timestamp, datetime(2025, 1, 1), ValueError, "arg must be timezone-aware"),
    (s.day, "2025-02-30", ValueError, "arg must be a date"),
    (s.day, datetime(2025, 1, 1, tzinfo=timezone.utc), ValueError, "arg must be a date"),
    (s.number(minimum=0), -1, ValueError, "arg must be a number of 0 or more"),
    (s.number(), True, TypeError, "arg must be a number"),
    (s.number(), float("nan"), ValueError, "arg must be a finite number"),
    (s.integer(), 1.5, TypeError, "arg must be a whole number"),
    (s.boolean, "true", TypeError, "arg must be True or False"),
    (s.array(s.string()), "abc", TypeError, "arg must be a list, not str"),
    (s.array(s.string(), min_items=1), [], ValueError, "arg has 0 items; at least 1 are needed"),
    (s.array(s.string(), max_items=1), ["a", "b"], ValueError, "arg has 2 items; at most 1 are allowed"),
    (s.array(s.integer()), [1, "2"], TypeError, "arg[1] must be a whole number"),
    (s.obj({"a": s.integer()}), [], TypeError, "arg must be a mapping, not list"),
    (s.obj({"a": s.integer()}, required=("a",)), {}, ValueError, "arg['a'] is required"),
    (s.obj({"a": s.integer()}), {"b": 1}, TypeError, "arg['b'] is not a field of arg (its fields: a)"),
    (s.obj({"a": s.obj({"b": s.uuid})}), {"a": {"b": "x"}}, ValueError, "arg['a']['b'] must be a UUID"),
    (s.mapping(s.string()), {1: "x"}, TypeError, "arg has a key of type int"),
    (s.mapping(s.string()), {"k": 1}, TypeError, "arg['k'] must be a string"),
    (s.one_of(s.integer(), s.uuid), "x", ValueError, "arg must be a UUID"),
    (s.anything, {"x": float("inf")}, ValueError, "arg['x'] must be a finite number"),
    (s.string(), UNSET, TypeError, "arg is UNSET, which can only leave out a field of an object"),
    (s.array(s.uuid), [UNSET], TypeError, "arg[0] is UNSET"),
    (s.obj({"a": s.string()}, required=("a",)), {"a": UNSET}, ValueError, "arg['a'] is required"),
    (s.anything, [UNSET], TypeError, "arg[0] cannot be sent as JSON"),
]


@pytest.mark.parametrize(("check", "value", "error", "message"), BAD)
def test_a_bad_value_is_refused_naming_where(
    check: s.Check, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        check("arg", value)
    assert str(raised.value).startswith(message)


def test_a_schema_that_refers_to_itself_is_checked_to_any_depth() -> None:
    node: s.Check = s.obj({"children": s.array(s.lazy(lambda: node))})
    assert node("tree", {"children": [{"children": []}]}) == {"children": [{"children": []}]}
    with pytest.raises(TypeError, match=r"tree\['children'\]\[0\]\['kids'\] is not a field"):
        node("tree", {"children": [{"kids": []}]})
