"""``metronome-async provision FILE``: provision every customer of a CSV or JSON-lines file, concurrently,
with a progress bar and a journal that makes a rerun resume where the last run stopped."""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from metronome_async import ItemOutcome, ProvisionReport, ProvisionSpec
from metronome_async.cli._common import (
    CommandError,
    Exit,
    add_connection_options,
    dumps_line,
    make_client,
    open_output,
    positive_int,
)
from metronome_async.workflows.bulk import spec_problems
from metronome_async.workflows.provision import FIELDS

__all__ = ["FIELDS", "read_items", "register"]

SKIPPED = frozenset(
    {"id", "created_at", "updated_at", "archived_at", "salesforce_account_id", "customer_config"}
    | {"current_billable_status"}
)
"""What ``customers export`` writes and provisioning has no use for: skipped, so an export reads back."""

CUSTOM_FIELD_PREFIX = "custom_fields."
ALIAS_SEPARATORS = re.compile(r"[;|]")
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PROBLEMS_SHOWN = 100
MAX_FAILURES_SHOWN = 20
MAX_CONCURRENCY = 1000


# --- reading the file ---------------------------------------------------------------------------------------


@attrs.frozen
class Row:
    line: int
    values: dict[str, Any]


class RowError(ValueError):
    pass


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


def _csv_rows(handle: IO[str], source: str) -> Iterator[Row | RowError]:
    reader = csv.DictReader(handle)
    columns = reader.fieldnames
    if not columns:
        return
    columns = [column.strip() for column in columns]
    reader.fieldnames = columns
    unknown = _unknown(columns)
    missing = [name for name in ("name", "ingest_aliases") if name not in columns]
    if unknown or missing:
        problems = [_unknown_message(unknown, "column")] if unknown else []
        problems += [f"missing column(s): {', '.join(missing)}"] if missing else []
        raise CommandError(f"{source}, line 1: {'; '.join(problems)}; nothing was sent", Exit.USAGE)
    for record in reader:
        line = reader.line_num
        if None in record:
            yield RowError(f"line {line}: more cells than the {len(columns)} columns")
            continue
        values: dict[str, Any] = {}
        custom: dict[str, str] = {}
        try:
            for column, raw in record.items():
                cell = (raw or "").strip()
                if not cell or column in SKIPPED:
                    continue
                if column == "ingest_aliases":
                    values[column] = [
                        alias.strip() for alias in ALIAS_SEPARATORS.split(cell) if alias.strip()
                    ]
                elif column == "custom_fields":
                    parsed = json.loads(cell)
                    if not isinstance(parsed, dict):
                        raise RowError(
                            f'line {line}: custom_fields must be a JSON object, like {{"tier": "gold"}}'
                        )
                    custom.update(parsed)
                elif column.startswith(CUSTOM_FIELD_PREFIX):
                    custom[column.removeprefix(CUSTOM_FIELD_PREFIX)] = cell
                else:
                    values[column] = _starting_on(cell) if column == "starting_on" else cell
        except json.JSONDecodeError as exc:
            yield RowError(f"line {line}: custom_fields is not JSON ({exc.msg})")
            continue
        except RowError as exc:
            yield exc
            continue
        if custom:
            values["custom_fields"] = custom
        yield Row(line, values)


def _jsonl_rows(handle: IO[str]) -> Iterator[Row | RowError]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RowError(f"line {line}: not JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield RowError(f"line {line}: expected a JSON object, got {type(record).__name__}")
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


def _format_of(path: str, handle: IO[str], chosen: str | None) -> str:
    if chosen:
        return chosen
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "jsonl" if handle.read(1) == "{" else "csv"  # a sniff: the caller reopens or seeks back


def _open(path: str) -> IO[str]:
    if path == "-":
        return io.StringIO(sys.stdin.read().removeprefix("\ufeff"), newline="")
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}", Exit.USAGE) from None


def read_items(path: str, fmt: str | None = None) -> tuple[list[int], list[ProvisionSpec]]:
    """Every row of the file, checked as the SDK checks ``provision``'s arguments: the line numbers and the
    specs, or one ``CommandError`` listing every bad row."""
    source = "stdin" if path == "-" else path
    rows: list[Row] = []
    problems: list[str] = []
    with _open(path) as handle:
        try:
            kind = _format_of(path, handle, fmt)
            handle.seek(0)
            for row in _csv_rows(handle, source) if kind == "csv" else _jsonl_rows(handle):
                if isinstance(row, RowError):
                    problems.append(str(row))
                else:
                    rows.append(row)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{source} is not UTF-8 text ({exc.reason} at byte {exc.start})", Exit.USAGE
            ) from None
        except csv.Error as exc:
            raise CommandError(f"{source} is not a CSV file this can read: {exc}", Exit.USAGE) from None
    specs, bad_rows = spec_problems([row.values for row in rows], [f"line {row.line}" for row in rows])
    problems += bad_rows
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        listing = "\n".join(f"  {problem}" for problem in shown) + (
            f"\n  ... and {more} more" if more else ""
        )
        raise CommandError(
            f"{len(problems)} problem(s) in {source}; nothing was sent:\n{listing}\n"
            f"The columns (or JSON keys) are provision's arguments: {', '.join(FIELDS)}.",
            Exit.USAGE,
        )
    return [row.line for row in rows], specs  # no problems: one spec per row, in order


# --- progress -----------------------------------------------------------------------------------------------


class _Progress:
    """Counts outcomes and shows them: a tqdm bar on a terminal when tqdm is installed, else a plain line
    every ``interval`` seconds and a last one at the end."""

    def __init__(self, total: int, mode: str, stream: IO[str], interval: float = 2.0) -> None:
        self.total = total
        self.stream = stream
        self.interval = interval
        self.failed = 0
        self.started = self.last = time.monotonic()
        self.done = 0
        self.bar: Any = None
        self.enabled = mode != "none"
        if mode in ("auto", "bar"):
            tqdm = _tqdm()
            if tqdm is not None and (mode == "bar" or stream.isatty()):
                self.bar = tqdm(total=total, unit="customer", file=stream, dynamic_ncols=True, smoothing=0.1)
            elif mode == "bar":
                print(
                    "note: no progress bar: tqdm is not installed (pip install 'metronome-async[cli]'); "
                    "printing progress lines instead",
                    file=stream,
                )

    def __call__(self, outcome: ItemOutcome, done: int, total: int) -> None:
        self.done = done
        if outcome.status == "failed":
            self.failed += 1
        if self.bar is not None:
            if outcome.status == "failed":
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
            return
        now = time.monotonic()
        if self.enabled and (now - self.last >= self.interval or done == total):
            self.last = now
            self._line(now)

    def _line(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        percent = 100 * self.done // max(self.total, 1)
        eta = _duration(left)
        print(
            f"  {self.done}/{self.total} ({percent}%)  {rate:.1f}/s  ETA {eta}  failed {self.failed}",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _tqdm() -> Any:
    try:
        return importlib.import_module("tqdm").tqdm
    except ImportError:
        return None


def _duration(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f}s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


# --- the command --------------------------------------------------------------------------------------------


def _customers(count: int) -> str:
    return f"{count} customer{'s' * (count != 1)}"


def _summary(report: ProvisionReport, seconds: float) -> str:
    counts = [
        f"{report.count('created')} created",
        f"{report.count('existed')} already existed",
        f"{report.count('done_earlier')} done in an earlier run",
        f"{report.count('failed')} failed",
    ]
    return f"{_customers(len(report.outcomes))} in {_duration(seconds)}: {', '.join(counts)}"


def _write_results(path: str, report: ProvisionReport, lines: list[int]) -> None:
    with open_output(path) as out:
        for outcome in report.outcomes:
            record = {
                "line": lines[outcome.index],
                "ingest_alias": outcome.key,
                "status": outcome.status,
                "customer_id": outcome.customer_id,
                "customer_plan_id": outcome.customer_plan_id,
                "error": None if outcome.error is None else str(outcome.error),
            }
            out.write(dumps_line(record) + "\n")


async def _provision(args: argparse.Namespace) -> int:
    lines, specs = read_items(args.file, args.format)
    source = "stdin" if args.file == "-" else args.file
    if not specs:
        print(f"Nothing to provision: {source} has no rows.")
        return Exit.OK
    journal: str | None = args.journal
    if journal is None and not args.no_journal and args.file != "-":
        journal = f"{args.file}.journal.sqlite"
    if journal is not None:
        args.interrupt_hint = f"rerun the same command to resume: the journal {journal} records what was done"

    async with make_client(args, max_concurrency=args.concurrency) as client:
        async for _ in client.customers.list(limit=1):  # reachable, and the key works, before the job starts
            break
        print(
            f"Provisioning {_customers(len(specs))} from {source} into {client.base_url}, "
            f"{args.concurrency} at a time; journal: {journal or 'none'}",
            file=sys.stderr,
        )
        progress = _Progress(len(specs), args.progress, sys.stderr)
        started = time.monotonic()
        try:
            report = await client.customers.provision_many(
                specs, journal=journal, on_progress=progress, concurrency=args.concurrency
            )
        finally:
            progress.close()
    print(_summary(report, time.monotonic() - started))
    if args.results:
        _write_results(args.results, report, lines)
    failures = report.failures
    if not failures:
        return Exit.OK
    print(f"{len(failures)} customer(s) failed:", file=sys.stderr)
    for outcome in failures[:MAX_FAILURES_SHOWN]:
        print(f"  line {lines[outcome.index]} ({outcome.key}): {outcome.error}", file=sys.stderr)
    if len(failures) > MAX_FAILURES_SHOWN:
        where = f"in {args.results}" if args.results else "with --results FILE"
        print(f"  ... and {len(failures) - MAX_FAILURES_SHOWN} more (every outcome {where})", file=sys.stderr)
    rerun = "rerun the same command: the journal skips what is done" if journal else "rerun the failed rows"
    print(f"Fix the cause, then {rerun}.", file=sys.stderr)
    return Exit.FAILED


def _concurrency(text: str) -> int:
    value = positive_int(text)
    if value > MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_CONCURRENCY}, got {value}")
    return value


def register(commands: Any) -> None:
    provision = commands.add_parser(
        "provision",
        help="provision the customers of a CSV or JSON-lines file",
        description="Create each customer of FILE, connect its billing provider and put it on its plan, "
        "concurrently. Columns (CSV) or keys (JSON lines) are provision's arguments: "
        f"{', '.join(FIELDS)}. In CSV, separate ingest_aliases with ; or |, give custom_fields as a JSON "
        "object or as custom_fields.KEY columns, and starting_on as a date (midnight UTC) or an RFC 3339 "
        "time. Every row is checked before anything is sent; bad rows are all listed (exit 2). A journal "
        "records each step, so rerunning the same command after a failure or a crash resumes where it "
        "stopped and never makes a customer twice. Exit 1 if any customer failed.",
    )
    provision.add_argument("file", metavar="FILE", help="a .csv or .jsonl file (- for stdin)")
    provision.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        help="the file's format (default: from its extension or content)",
    )
    journal = provision.add_mutually_exclusive_group()
    journal.add_argument(
        "--journal", metavar="JOURNAL", help="the journal file (default: FILE.journal.sqlite; none for stdin)"
    )
    journal.add_argument("--no-journal", action="store_true", help="keep no journal")
    provision.add_argument(
        "--concurrency",
        type=_concurrency,
        default=32,
        metavar="N",
        help="customers in flight at once, and requests in flight (default: %(default)s); a 429 slows the "
        "whole job down by itself",
    )
    provision.add_argument(
        "--progress",
        choices=("auto", "bar", "lines", "none"),
        default="auto",
        help="auto (default): a bar on a terminal when tqdm is installed, else a line every 2 seconds",
    )
    provision.add_argument(
        "--results", metavar="RESULTS", help="write every row's outcome and customer id as JSON lines"
    )
    add_connection_options(provision)
    provision.set_defaults(handler=_provision)
