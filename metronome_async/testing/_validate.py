"""Typed reads of request bodies and query strings; every violation is a 400 naming the field."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timezone
from typing import Any, Concatenate, ParamSpec, TypeVar

from ._cursors import PageRequest
from ._wire import ApiError, parse_rfc3339

P = ParamSpec("P")
T = TypeVar("T")
MAX_PAGE_SIZE = 100
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def check_text(
    value: object,
    where: str,
    *,
    min_len: int = 0,
    max_len: int | None = None,
    choices: Collection[str] | None = None,
    uuid: bool = False,
) -> str:
    if not isinstance(value, str):
        raise ApiError(400, f"{where}: expected a string")
    if len(value) < min_len:
        raise ApiError(400, f"{where}: must not be empty" if min_len == 1 else f"{where}: too short")
    if max_len is not None and len(value) > max_len:
        raise ApiError(400, f"{where}: longer than {max_len} characters")
    if choices is not None and value not in choices:
        raise ApiError(400, f"{where}: must be one of {', '.join(choices)}")
    if uuid and not _UUID.fullmatch(value):
        raise ApiError(400, f"{where}: must be a UUID")
    return value


class Fields:
    """A JSON object from a request body. Readers return None for an absent (or allowed null) field;
    wrap a reader in `need` for a required one."""

    def __init__(self, value: object, path: str = "") -> None:
        if not isinstance(value, dict):
            raise ApiError(400, f"{path or 'request body'}: expected a JSON object")
        self._obj: dict[str, Any] = value
        self._path = path

    @property
    def raw(self) -> dict[str, Any]:
        """The object itself (do not change it)."""
        return self._obj

    def error(self, name: str, problem: str) -> ApiError:
        return ApiError(400, f"{self.where(name)}: {problem}")

    def where(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def has(self, name: str) -> bool:
        return name in self._obj

    def value(self, name: str) -> Any:
        """The field as sent (None when absent): for a value already checked against the spec's schema."""
        return self._obj.get(name)

    def need(
        self, read: Callable[Concatenate[str, P], T | None], name: str, /, *a: P.args, **k: P.kwargs
    ) -> T:
        if name not in self._obj:
            raise self.error(name, "is required")
        value = read(name, *a, **k)
        if value is None:
            raise self.error(name, "must not be null")
        return value

    def _raw(self, name: str, nullable: bool) -> Any:
        value = self._obj.get(name)
        if value is None and name in self._obj and not nullable:
            raise self.error(name, "must not be null")
        return value

    def text(
        self,
        name: str,
        *,
        nullable: bool = False,
        min_len: int = 0,
        max_len: int | None = None,
        choices: Collection[str] | None = None,
        uuid: bool = False,
    ) -> str | None:
        value = self._raw(name, nullable)
        if value is None:
            return None
        return check_text(
            value, self.where(name), min_len=min_len, max_len=max_len, choices=choices, uuid=uuid
        )

    def flag(self, name: str, *, nullable: bool = False) -> bool | None:
        value = self._raw(name, nullable)
        if value is not None and not isinstance(value, bool):
            raise self.error(name, "expected a boolean")
        return value

    def number(self, name: str) -> float | None:
        value = self._raw(name, False)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise self.error(name, "expected a number")
        return value

    def time(self, name: str, *, midnight: bool = False) -> datetime | None:
        text = self.text(name)
        if text is None:
            return None
        moment = parse_rfc3339(text)
        if moment is None:
            raise self.error(name, "expected an RFC 3339 date-time, e.g. 2024-01-01T00:00:00Z")
        utc = moment.astimezone(timezone.utc)
        if midnight and (utc.hour, utc.minute, utc.second, utc.microsecond) != (0, 0, 0, 0):
            raise self.error(name, "must be at midnight UTC (00:00:00Z)")
        return moment

    def texts(
        self,
        name: str,
        *,
        max_items: int | None = None,
        min_len: int = 0,
        max_len: int | None = None,
        choices: Collection[str] | None = None,
    ) -> list[str] | None:
        items = self._list(name, max_items)
        if items is None:
            return None
        where = self.where(name)
        return [
            check_text(v, f"{where}[{i}]", min_len=min_len, max_len=max_len, choices=choices)
            for i, v in enumerate(items)
        ]

    def text_map(self, name: str) -> dict[str, str] | None:
        value = self.free_obj(name)
        if value is not None:
            for key, item in value.items():
                check_text(item, f"{self.where(name)}.{key}")
        return value

    def free_obj(self, name: str) -> dict[str, Any] | None:
        value = self._raw(name, False)
        if value is not None and not isinstance(value, dict):
            raise self.error(name, "expected a JSON object")
        return value

    def obj(self, name: str) -> Fields | None:
        value = self._raw(name, False)
        return None if value is None else Fields(value, self.where(name))

    def objs(self, name: str) -> list[Fields] | None:
        items = self._list(name, None)
        return None if items is None else [Fields(v, f"{self.where(name)}[{i}]") for i, v in enumerate(items)]

    def _list(self, name: str, max_items: int | None) -> list[Any] | None:
        value = self._raw(name, False)
        if value is not None and not isinstance(value, list):
            raise self.error(name, "expected an array")
        if value is not None and max_items is not None and len(value) > max_items:
            raise self.error(name, f"at most {max_items} items")
        return value


class Query:
    """The query string; arrays arrive comma-joined and booleans as true/false."""

    def __init__(self, query: Mapping[str, str]) -> None:
        self._query = query

    @property
    def raw(self) -> Mapping[str, str]:
        return self._query

    def text(self, name: str) -> str | None:
        return self._query.get(name)

    def flag(self, name: str) -> bool:
        value = self._query.get(name, "false")
        if value not in ("true", "false"):
            raise ApiError(400, f"{name}: expected true or false")
        return value == "true"

    def csv(self, name: str, max_items: int) -> list[str] | None:
        value = self._query.get(name)
        if value is None:
            return None
        items = [item for item in value.split(",") if item]
        if not items:  # `?customer_ids=` would filter on nothing: never read as "no filter", so everything
            raise ApiError(
                400, f"{name}: must name at least one value (leave the parameter out for no filter)"
            )
        if len(items) > max_items:
            raise ApiError(400, f"{name}: at most {max_items} items")
        return items

    def page(self) -> PageRequest:
        raw = self._query.get("limit", str(MAX_PAGE_SIZE))
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ApiError(400, f"limit: must be an integer from 1 to {MAX_PAGE_SIZE}")
        return PageRequest(int(raw), self.cursor())

    def cursor(self) -> str | None:
        """`next_page`; an empty one (`?next_page=`) asks for the first page, like none."""
        return self._query.get("next_page") or None
