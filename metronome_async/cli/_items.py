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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import attrs

from metronome_async.cli._common import CommandError, Exit
from metronome_async.workflows.provision import FIELDS

__all__ = ["Lines", "Row", "RowError", "Source", "json_objects", "provision_rows", "source"]

SKIPPED = frozenset(
    {"id", "created_at", "updated_at", "archived_at", "salesforce_account_id", "customer_config"}
    | {"current_billable_status"}
)
"""What ``customers export`` writes and provisioning has no use for: skipped, so an export reads back."""

CUSTOM_FIELD_PREFIX = "custom_fields."
ALIAS_SEPARATORS = re.compile(r"[;|]")
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        """The file from its start, as text; undecodable bytes or an unreadable CSV are a usage error."""
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
        except csv.Error as exc:
            raise CommandError(f"{self.name} is not a CSV file this can read: {exc}", Exit.USAGE) from None

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


def json_objects(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Each non-blank line of a JSON-lines file as ``(line number, object)``, or a RowError for a line that
    is not a JSON object."""
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield line, RowError(f"line {line}: not JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield line, RowError(f"line {line}: expected a JSON object, got {type(record).__name__}")
            continue
        yield line, record


# --- provisioning rows --------------------------------------------------------------------------------------


def _starting_on(value: Any) -> Any:
    """A bare date means that day at midnight UTC, the only time Metronome accepts."""
    if isinstance(value, str) and DATE_ONLY.fullmatch(value.strip()):
        return f"{value.strip()}T00:00:00Z"
    return value


def _unknown(names: Iterable[str]) -> list[str]:
    return sorted(
        name
        for name in names
        if name not in FIELDS and name not in SKIPPED and not name.startswith(CUSTOM_FIELD_PREFIX)
    )


def _unknown_message(unknown: list[str], what: str) -> str:
    names = ", ".join(map(repr, unknown))
    return f"unknown {what}(s) {names}; expected provision's arguments: {', '.join(FIELDS)}"


def _csv_rows(handle: IO[str], name: str) -> Iterator[Row | RowError]:
    reader = csv.DictReader(handle)
    columns = reader.fieldnames
    if not columns:
        return
    columns = [column.strip() for column in columns]
    reader.fieldnames = columns
    unknown = _unknown(columns)
    missing = [field for field in ("name", "ingest_aliases") if field not in columns]
    if unknown or missing:
        problems = [_unknown_message(unknown, "column")] if unknown else []
        problems += [f"missing column(s): {', '.join(missing)}"] if missing else []
        raise CommandError(f"{name}, line 1: {'; '.join(problems)}; nothing was sent", Exit.USAGE)
    for record in reader:
        line = reader.line_num
        if None in record:
            yield RowError(f"line {line}: more cells than the {len(columns)} columns")
            continue
        try:
            yield Row(line, _csv_values(record, line))
        except RowError as exc:
            yield exc


def _csv_values(record: dict[str, str], line: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    custom: dict[str, str] = {}
    for column, raw in record.items():
        cell = (raw or "").strip()
        if not cell or column in SKIPPED:
            continue
        if column == "ingest_aliases":
            values[column] = [alias.strip() for alias in ALIAS_SEPARATORS.split(cell) if alias.strip()]
        elif column == "custom_fields":
            try:
                parsed = json.loads(cell)
            except json.JSONDecodeError as exc:
                raise RowError(f"line {line}: custom_fields is not JSON ({exc.msg})") from None
            if not isinstance(parsed, dict):
                raise RowError(f'line {line}: custom_fields must be a JSON object, like {{"tier": "gold"}}')
            custom.update(parsed)
        elif column.startswith(CUSTOM_FIELD_PREFIX):
            custom[column.removeprefix(CUSTOM_FIELD_PREFIX)] = cell
        else:
            values[column] = _starting_on(cell) if column == "starting_on" else cell
    if custom:
        values["custom_fields"] = custom
    return values


def _jsonl_rows(handle: IO[str]) -> Iterator[Row | RowError]:
    for line, record in json_objects(handle):
        if isinstance(record, RowError):
            yield record
            continue
        unknown = _unknown(record)
        if unknown:
            yield RowError(f"line {line}: {_unknown_message(unknown, 'key')}")
            continue
        values = {key: value for key, value in record.items() if key in FIELDS and value is not None}
        custom = {
            key.removeprefix(CUSTOM_FIELD_PREFIX): v
            for key, v in record.items()
            if key.startswith(CUSTOM_FIELD_PREFIX)
        }
        if custom:
            values["custom_fields"] = {**(values.get("custom_fields") or {}), **custom}
        if "starting_on" in values:
            values["starting_on"] = _starting_on(values["starting_on"])
        yield Row(line, values)


def provision_rows(handle: IO[str], name: str, kind: str) -> Iterator[Row | RowError]:
    """Each row of a provisioning file (``kind`` ``csv`` or ``jsonl``) as provision's arguments, or a
    RowError saying what is wrong with it; a bad CSV header is a usage error at once."""
    return _csv_rows(handle, name) if kind == "csv" else _jsonl_rows(handle)
