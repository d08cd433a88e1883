"""Reading the items of an input file for the bulk commands, streamed: a CSV or JSON-lines file read twice
(a first pass checks every row, a second feeds the job), each row as it comes, in constant memory.

Standard input can be read only once, so it is first copied to a temporary file."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs

from metronome_async.cli._common import CommandError, Exit
from metronome_async.workflows.provision import DATE_ONLY, FIELDS

__all__ = ["Lines", "Row", "RowError", "Source", "json_objects", "provision_rows", "source"]

SKIPPED = frozenset(
    {"id", "created_at", "updated_at", "archived_at", "salesforce_account_id", "customer_config"}
    | {"current_billable_status"}
)
"""What ``customers export`` writes and provisioning has no use for: skipped, so an export reads back."""

CUSTOM_FIELD_PREFIX = "custom_fields."
JSON_COLUMNS: dict[str, tuple[type, str]] = {
    "custom_fields": (dict, 'object, like {"tier": "gold"}'),
    "credits": (list, "list of credits, each an object of customers.credits.create's fields"),
    "commits": (list, "list of commits, each an object of customers.commits.create's fields"),
}
"""The CSV columns that hold JSON, and what each must be."""
ALIAS_SEPARATORS = re.compile(r"[;|]")
DATE_FIELDS = ("starting_on", "contract_starting_at", "contract_ending_before")
"""Where a bare date means that day at midnight UTC."""


@attrs.frozen
class Row:
    line: int
    values: dict[str, Any]


class RowError(ValueError):
    pass


# --- the file -----------------------------------------------------------------------------------------------


@attrs.frozen
class Source:
    """An input file that can be read again from the start; ``name`` is how messages call it."""

    path: Path
    name: str

    @contextmanager
    def lines(self) -> Iterator[IO[str]]:
        """The file from its start, as text; undecodable bytes are a usage error."""
        try:
            handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"cannot read {self.name}: {exc.strerror or exc}", Exit.USAGE) from None
        try:
            with handle:
                yield handle
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{self.name} is not UTF-8 text ({exc.reason} at byte {exc.start})", Exit.USAGE
            ) from None

    def format(self, chosen: str | None) -> str:
        """``csv`` or ``jsonl``: as chosen, else from the extension, else from the first character."""
        if chosen:
            return chosen
        suffix = self.path.suffix.lower()
        if suffix == ".csv":
            return "csv"
        if suffix in (".jsonl", ".ndjson", ".json"):
            return "jsonl"
        with self.lines() as handle:
            return "jsonl" if handle.read(1) == "{" else "csv"


@contextmanager
def source(path: str) -> Iterator[Source]:
    """``path`` as a Source; ``-`` is standard input, copied to a temporary file so it can be read twice."""
    if path != "-":
        yield Source(Path(path), path)
        return
    with tempfile.TemporaryDirectory(prefix="metronome-async-") as folder:
        copy = Path(folder) / "stdin"
        with copy.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        yield Source(copy, "stdin")


class Lines:
    """The line number of each item in flight: noted as the file is read, dropped once the item's outcome is
    known, so a job of any size keeps only as many as it has in flight."""

    def __init__(self) -> None:
        self._lines: dict[int, int] = {}
        self._next = 0

    def note(self, line: int) -> None:
        self._lines[self._next] = line
        self._next += 1

    def pop(self, index: int) -> int:
        return self._lines.pop(index)


def repeated(names: Iterable[str]) -> list[str]:
    """The names that come more than once, in the order they first come."""
    return [name for name, count in Counter(names).items() if count > 1]


class _RepeatedKeys(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if a key comes twice (``json`` would keep the last one, silently)."""
    record = dict(pairs)
    if len(record) < len(pairs):
        raise _RepeatedKeys(", ".join(map(repr, repeated(key for key, _ in pairs))))
    return record


def json_objects(
    handle: IO[str], *, checking: bool = True
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Each non-blank line of a JSON-lines file as ``(line number, object)``, or a RowError for a line that
    is not a JSON object or, when ``checking`` (the first pass only: it makes parsing twice as slow), has a
    key twice."""
    hook = _unique_keys if checking else None
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text, object_pairs_hook=hook)
        except json.JSONDecodeError as exc:
            yield line, RowError(f"line {line}: not JSON ({exc.msg}, column {exc.colno})")
            continue
        except _RepeatedKeys as exc:
            yield line, RowError(f"line {line}: a key given twice: {exc}")
            continue
        if not isinstance(record, dict):
            yield line, RowError(f"line {line}: expected a JSON object, got {type(record).__name__}")
            continue
        yield line, record


# --- provisioning rows --------------------------------------------------------------------------------------


def _dates(values: dict[str, Any], line: int) -> dict[str, Any]:
    """``values`` once each bare date is a real day (a bad one is quoted as written), ``starting_on``'s made
    that day at midnight UTC, the only time Metronome accepts (the SDK does the same for the contract's)."""
    for field in DATE_FIELDS:
        value = values.get(field)
        if not (isinstance(value, str) and DATE_ONLY.fullmatch(value.strip())):
            continue
        try:
            date.fromisoformat(value.strip())
        except ValueError as exc:
            raise RowError(f"line {line}: {field} is not a date: {value!r} ({exc})") from None
        if field == "starting_on":
            values[field] = f"{value.strip()}T00:00:00Z"
    return values


def _unknown(names: Iterable[str]) -> list[str]:
    return sorted(
        name
        for name in names
        if name not in FIELDS and name not in SKIPPED and not name.startswith(CUSTOM_FIELD_PREFIX)
    )


def _unknown_message(unknown: list[str], what: str) -> str:
    names = ", ".join(map(repr, unknown))
    return f"unknown {what}(s) {names}; expected provision's arguments: {', '.join(FIELDS)}"


def _open_quote(lines: list[str], first: int) -> int | None:
    """The line on which a quoted cell opened and is still open at the end of ``lines`` (a CSV record's
    lines, from line ``first``), or ``None``."""
    state, opened = "start", first
    for number, text in enumerate(lines, start=first):
        for char in text:
            if state == "quoted":
                state = "quote" if char == '"' else state  # a closing quote, or the first of a doubled one
            elif char in ",\r\n":
                state = "start"
            elif char == '"' and state in ("start", "quote"):
                state, opened = "quoted", (opened if state == "quote" else number)  # "" inside, or opening
            else:
                state = "plain"
    return opened if state == "quoted" else None


def _csv_records(handle: IO[str]) -> Iterator[tuple[int, list[str]] | RowError]:
    """Each non-blank record of a CSV file as ``(the line it starts on, its cells)``, or a RowError for what
    cannot be read as CSV. A quote left open would make the rest of the file one cell: it is reported at the
    line where it opened, and reading stops there."""
    lines: list[str] = []  # the lines of the record being read, and no more

    def read() -> Iterator[str]:
        for text in handle:
            lines.append(text)
            yield text

    reader = csv.reader(read(), strict=True)
    first = 1
    while True:
        lines.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            opened = _open_quote(lines, first)
            if opened is not None:
                yield RowError(f'line {opened}: a quoted cell opens here and is never closed (a " missing?)')
                return
            yield RowError(f"line {reader.line_num}: {_CSV_PROBLEMS.get(str(exc), str(exc))}")
        else:
            if cells:
                yield first, cells
        first = reader.line_num + 1


_CSV_PROBLEMS = {
    "',' expected after '\"'": 'text after the closing quote of a quoted cell (write a " inside one as "")',
}
"""The csv module's reasons, said for a person who writes a CSV file."""


def _csv_rows(handle: IO[str], name: str) -> Iterator[Row | RowError]:
    records = _csv_records(handle)
    header = next(records, None)
    if header is None:
        return
    if isinstance(header, RowError):
        raise CommandError(f"{name}, {header}; nothing was sent", Exit.USAGE)
    line, columns = header[0], [column.strip() for column in header[1]]
    twice = repeated(columns)
    unknown = _unknown(columns)
    missing = [field for field in ("name", "ingest_aliases") if field not in columns]
    if twice or unknown or missing:
        problems = [f"column(s) given twice: {', '.join(twice)}"] if twice else []
        problems += [_unknown_message(unknown, "column")] if unknown else []
        problems += [f"missing column(s): {', '.join(missing)}"] if missing else []
        raise CommandError(f"{name}, line {line}: {'; '.join(problems)}; nothing was sent", Exit.USAGE)
    for item in records:
        if isinstance(item, RowError):
            yield item
            continue
        line, cells = item
        if len(cells) > len(columns):
            yield RowError(f"line {line}: more cells than the {len(columns)} columns")
            continue
        try:
            record = dict(zip(columns, cells, strict=False))  # fewer cells: the rest are empty
            yield Row(line, _dates(_csv_values(record, line), line))
        except RowError as exc:
            yield exc


def _with_custom_fields(values: dict[str, Any], columns: dict[str, Any], line: int) -> dict[str, Any]:
    """``values`` with the ``custom_fields.KEY`` columns (or keys) added to its ``custom_fields``; a field
    given both ways is refused rather than one of them dropped."""
    given = values.get("custom_fields")
    if not columns or not isinstance(given, dict | None):  # not a mapping: the SDK's check says so
        return values
    twice = sorted(columns.keys() & (given or {}).keys())
    if twice:
        names = ", ".join(CUSTOM_FIELD_PREFIX + key for key in twice)
        raise RowError(f"line {line}: custom field(s) given twice, in custom_fields and as {names}")
    return {**values, "custom_fields": {**(given or {}), **columns}}


def _refuse_archived(archived_at: Any, line: int) -> None:
    """An exported archived customer (its ``archived_at`` set) is not provisioned as an active one."""
    if archived_at not in (None, ""):
        raise RowError(
            f"line {line}: this customer was archived (archived_at {archived_at}); provisioning it would "
            "make an active customer: remove the row, or export only active customers (without "
            "--only-archived or --include-archived)"
        )


def _csv_values(record: dict[str, str], line: int) -> dict[str, Any]:
    _refuse_archived((record.get("archived_at") or "").strip(), line)
    values: dict[str, Any] = {}
    custom: dict[str, str] = {}
    for column, raw in record.items():
        cell = (raw or "").strip()
        if not cell or column in SKIPPED:
            continue
        if column == "ingest_aliases":
            values[column] = [alias.strip() for alias in ALIAS_SEPARATORS.split(cell) if alias.strip()]
        elif column in JSON_COLUMNS:
            kind, example = JSON_COLUMNS[column]
            try:
                values[column] = json.loads(cell, object_pairs_hook=_unique_keys)
            except json.JSONDecodeError as exc:
                raise RowError(f"line {line}: {column} is not JSON ({exc.msg})") from None
            except _RepeatedKeys as exc:
                raise RowError(f"line {line}: {column} has a key given twice: {exc}") from None
            if not isinstance(values[column], kind):
                raise RowError(f"line {line}: {column} must be a JSON {example}")
        elif column.startswith(CUSTOM_FIELD_PREFIX):
            custom[column.removeprefix(CUSTOM_FIELD_PREFIX)] = cell
        else:
            values[column] = cell
    return _with_custom_fields(values, custom, line)


def _jsonl_rows(handle: IO[str], checking: bool) -> Iterator[Row | RowError]:
    for line, record in json_objects(handle, checking=checking):
        if isinstance(record, RowError):
            yield record
            continue
        unknown = _unknown(record)
        if unknown:
            yield RowError(f"line {line}: {_unknown_message(unknown, 'key')}")
            continue
        values = {key: value for key, value in record.items() if key in FIELDS and value is not None}
        try:
            _refuse_archived(record.get("archived_at"), line)
        except RowError as exc:
            yield exc
            continue
        custom = {
            key.removeprefix(CUSTOM_FIELD_PREFIX): v
            for key, v in record.items()
            if key.startswith(CUSTOM_FIELD_PREFIX)
        }
        try:
            yield Row(line, _dates(_with_custom_fields(values, custom, line), line))
        except RowError as exc:
            yield exc


def provision_rows(
    handle: IO[str], name: str, kind: str, *, checking: bool = True
) -> Iterator[Row | RowError]:
    """Each row of a provisioning file (``kind`` ``csv`` or ``jsonl``) as provision's arguments, or a
    RowError saying what is wrong with it; a bad CSV header is a usage error at once. ``checking``: the first
    pass (see ``json_objects``)."""
    return _csv_rows(handle, name) if kind == "csv" else _jsonl_rows(handle, checking)
