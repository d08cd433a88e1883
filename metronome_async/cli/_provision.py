"""``metronome-async provision FILE``: provision every customer of a CSV or JSON-lines file, concurrently,
with a progress bar and a journal that makes a rerun resume where the last run stopped.

The file is read twice, a row at a time: a first pass checks every row (nothing is sent if one is bad), a
second feeds ``provision_many``, so a file of any size runs in constant memory."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from typing import IO, Any

import attrs

from metronome_async import ItemOutcome, ProvisionReport
from metronome_async._core.streams import Problems
from metronome_async._core.words import counted
from metronome_async.cli._common import (
    CommandError,
    Exit,
    add_connection_options,
    add_json_option,
    dumps_line,
    emit_json,
    open_output,
    reachable_client,
    summary_stream,
    whole_number,
)
from metronome_async.cli._items import Lines, RowError, Source, provision_rows, source
from metronome_async.cli._progress import MODES, Progress, duration
from metronome_async.workflows.bulk import ItemChecker
from metronome_async.workflows.journal import JournalError, check_journal
from metronome_async.workflows.provision import FIELDS, ProvisionState

__all__ = ["check_file", "register"]

MAX_FAILURES_SHOWN = 20
MAX_CONCURRENCY = 1000


def check_file(src: Source, kind: str) -> int:
    """The first pass: every row checked as the SDK checks ``provision``'s arguments, and no ingest alias
    in two rows. How many rows there are, or one ``CommandError`` listing the bad ones."""
    problems = Problems()
    count = 0
    with ItemChecker() as checker, src.lines() as handle:
        for row in provision_rows(handle, src.name, kind):
            if isinstance(row, RowError):
                problems.add(str(row))
                continue
            count += 1
            try:
                checker.check(row.values, f"line {row.line}")
            except (TypeError, ValueError) as exc:
                problems.add(f"line {row.line}: {exc}")
    if problems:
        raise CommandError(
            f"{problems.count} problem(s) in {src.name}; nothing was sent:\n{problems.listing('  ')}\n"
            f"The columns (or JSON keys) are provision's arguments: {', '.join(FIELDS)}.",
            Exit.USAGE,
        )
    return count


def _rows(src: Source, kind: str, lines: Lines) -> Iterator[dict[str, Any]]:
    """The second pass: each row's values, its line number noted for its outcome."""
    with src.lines() as handle:
        for row in provision_rows(handle, src.name, kind, checking=False):
            if isinstance(row, RowError):
                raise CommandError(
                    f"{src.name} changed while it was being provisioned ({row}); fix it and rerun", Exit.USAGE
                )
            lines.note(row.line)
            yield row.values


# --- the command --------------------------------------------------------------------------------------------


def _customers(count: int) -> str:
    return counted(count, "customer")


_SUMMARY = {
    "created": "created",
    "resumed": "finished after an earlier run stopped",
    "existed": "already existed",
    "differs": "differ from the file",
    "done_earlier": "done in an earlier run",
    "failed": "failed",
}
"""How the summary names each outcome (what this run did), in this order."""


def _summary(report: ProvisionReport, seconds: float) -> str:
    counts = [
        f"{report.counts[status]} {label}" for status, label in _SUMMARY.items() if report.counts[status]
    ]
    return f"{_customers(report.total)} in {duration(seconds)}: {', '.join(counts) or 'nothing done'}"


def _result(line: int, outcome: ItemOutcome) -> dict[str, Any]:
    """One row's outcome for ``--results``, with every id its provisioning recorded."""
    state = attrs.asdict(outcome.state or ProvisionState())
    ids = {name: value for name, value in state.items() if name.endswith("_id")}
    error = None if outcome.error is None else str(outcome.error)
    result = {"line": line, "ingest_alias": outcome.key, "status": outcome.status, **ids, "error": error}
    if outcome.differences:
        result["differences"] = {
            field: {"current": current, "desired": desired}
            for field, (current, desired) in outcome.differences.items()
        }
    return result


def _report(report: ProvisionReport, listed_lines: dict[int, int], journal: str | None) -> dict[str, Any]:
    """``--json``'s object; ``listed_lines``: the line of each failed or differing item, by its index."""

    def rows(outcomes: list[ItemOutcome]) -> list[dict[str, Any]]:
        return [_result(listed_lines[outcome.index], outcome) for outcome in outcomes]

    return {
        "total": report.total,
        "counts": report.counts,
        "failures": rows(report.failures),
        "differing": rows(report.differing),
        "journal": journal,
    }


class _Outcomes:
    """What the command does with each outcome as it comes: the results file, the progress, and the line
    numbers of the failures (for the summary)."""

    def __init__(self, lines: Lines, progress: Progress, results: IO[str] | None) -> None:
        self.lines = lines
        self.progress = progress
        self.results = results
        self.listed_lines: dict[int, int] = {}

    def __call__(self, outcome: ItemOutcome, done: int, total: int | None) -> None:
        line = self.lines.pop(outcome.index)
        failed = outcome.status == "failed"
        if failed or outcome.status == "differs":
            self.listed_lines[outcome.index] = line
        if self.results is not None:
            self.results.write(dumps_line(_result(line, outcome)) + "\n")
        self.progress.advance(1, failed=int(failed))


async def _provision(args: argparse.Namespace) -> int:
    if args.json and args.results == "-":
        raise CommandError("--json and --results - both write to stdout: give --results a FILE", Exit.USAGE)
    with source(args.file) as src:
        return await _provision_from(args, src)


async def _provision_from(args: argparse.Namespace, src: Source) -> int:
    kind = src.format(args.format)
    total = check_file(src, kind)
    if not total:
        if args.json:
            emit_json(_report(ProvisionReport(), {}, None))
        print(f"Nothing to provision: {src.name} has no rows.", file=summary_stream(args))
        return Exit.OK
    journal: str | None = args.journal
    if journal is None and not args.no_journal and args.file != "-":
        journal = f"{args.file}.journal.sqlite"
    if journal is not None:
        try:
            check_journal(journal)
        except JournalError as exc:
            raise CommandError(str(exc), Exit.USAGE) from None
        args.interrupt_hint = f"rerun the same command to resume: the journal {journal} records what was done"

    async with reachable_client(args, max_concurrency=args.concurrency) as client:
        print(
            f"Provisioning {_customers(total)} from {src.name} into {client.base_url}, "
            f"{args.concurrency} at a time; journal: {journal or 'none'}",
            file=sys.stderr,
        )
        progress = Progress(total, args.progress, sys.stderr, unit="customer")
        lines = Lines()
        started = time.monotonic()
        with open_output(args.results) if args.results else nullcontext() as results:
            outcomes = _Outcomes(lines, progress, results)
            try:
                report = await client.customers.provision_many(
                    _rows(src, kind, lines),
                    journal=journal,
                    on_progress=outcomes,
                    concurrency=args.concurrency,
                )
            except JournalError as exc:  # held by another job (nothing sent), or it failed part-way
                raise CommandError(str(exc), Exit.FAILED if exc.started else Exit.USAGE) from None
            finally:
                progress.close()
    if args.json:
        emit_json(_report(report, outcomes.listed_lines, journal))
    print(_summary(report, time.monotonic() - started), file=summary_stream(args))
    if report.ok:
        return Exit.OK
    where = f"in {args.results}" if args.results else "with --results FILE"
    if report.differing:
        print(
            f"{len(report.differing)} customer(s) already exist but differ from the file; they were left as "
            "they are (change them with `customers update`, or fix the file):",
            file=sys.stderr,
        )
        _list(report.differing, outcomes, where, _differences)
    if report.failures:
        print(f"{len(report.failures)} customer(s) failed:", file=sys.stderr)
        _list(report.failures, outcomes, where, lambda outcome: str(outcome.error))
        rerun = (
            "rerun the same command: the journal skips what is done" if journal else "rerun the failed rows"
        )
        print(f"Fix the cause, then {rerun}.", file=sys.stderr)
    return Exit.FAILED


def _list(
    shown: list[ItemOutcome], outcomes: _Outcomes, where: str, why: Callable[[ItemOutcome], str]
) -> None:
    for outcome in shown[:MAX_FAILURES_SHOWN]:
        print(
            f"  line {outcomes.listed_lines[outcome.index]} ({outcome.key}): {why(outcome)}", file=sys.stderr
        )
    if len(shown) > MAX_FAILURES_SHOWN:
        print(f"  ... and {len(shown) - MAX_FAILURES_SHOWN} more (every outcome {where})", file=sys.stderr)


def _differences(outcome: ItemOutcome) -> str:
    return "; ".join(
        f"{field} is {current!r}, the file says {desired!r}"
        for field, (current, desired) in outcome.differences.items()
    )


def register(commands: Any) -> None:
    provision = commands.add_parser(
        "provision",
        help="provision the customers of a CSV or JSON-lines file",
        description="Create each customer of FILE, connect its billing provider and put it on a contract "
        "(columns rate_card_id or rate_card_alias, and contract_starting_at), concurrently. Columns (CSV) or "
        f"keys (JSON lines) are provision's arguments: {', '.join(FIELDS)}. In CSV, separate ingest_aliases "
        "with ; or |, give custom_fields as a JSON object or as custom_fields.KEY columns (Metronome "
        "accepts only keys registered for customers: custom_fields.add_key, or emulator --custom-field "
        "customer:KEY), and each date as a date (midnight UTC) or an RFC 3339 time. plan_id and starting_on "
        "put a customer on a plan instead (the deprecated Plans path). "
        "Every row is checked before anything is sent; bad rows are all listed (exit 2). A journal "
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
        type=whole_number(1, MAX_CONCURRENCY),
        default=32,
        metavar="N",
        help="customers in flight at once, and requests in flight (default: %(default)s); a 429 slows the "
        "whole job down by itself",
    )
    provision.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="auto (default): a bar on a terminal when tqdm is installed, else a line every 2 seconds",
    )
    provision.add_argument(
        "--results", metavar="RESULTS", help="write every row's outcome and customer id as JSON lines"
    )
    add_json_option(
        provision,
        "total, counts (by outcome: created, resumed, existed, differs, done_earlier, failed), failures and "
        "differing (every such row, as --results writes it: line, ingest_alias, status, the ids, error, "
        "and differences), journal (its path, or null)",
    )
    add_connection_options(provision)
    provision.set_defaults(handler=_provision)
