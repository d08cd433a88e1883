"""``metronome-async reconcile FILE --owner NAME``: the plan that would make Metronome's customers equal to a
CSV or JSON-lines file (read as ``provision`` reads it), printed and changed nothing; ``--apply`` carries it
out with a progress bar.

The file is read twice, a row at a time: a first pass checks every row (nothing is sent if one is bad), a
second feeds ``customers.reconcile``, which keeps both sides in a temporary file, so any size runs in constant
memory. The exit code tells "no changes", "changes planned" and "conflicts" apart, for CI and cron."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections.abc import Iterator
from typing import Any

from metronome_async._core.streams import Problems
from metronome_async.cli._common import (
    CommandError,
    Exit,
    add_connection_options,
    add_json_option,
    emit_json,
    reachable_client,
    summary_stream,
    whole_number,
)
from metronome_async.cli._items import RowError, Source, provision_rows, source
from metronome_async.cli._progress import MODES, Progress, duration
from metronome_async.workflows.journal import JournalError, check_journal
from metronome_async.workflows.provision import FIELDS
from metronome_async.workflows.reconcile import (
    ACTIONS,
    VOID_ADVICE,
    ArchiveShareError,
    Change,
    ReconcilePlan,
    desired_spec,
)
from metronome_async.workflows.reconcile_apply import ChangeOutcome, ReconcileReport, StalePlanError

__all__ = ["register"]

MAX_CONCURRENCY = 1000
MAX_SHOWN = 20


def _check_file(src: Source, kind: str) -> None:
    """The first pass: every row checked as ``reconcile`` checks a desired item; one CommandError listing
    the bad ones. (Rows sharing an alias are not bad input: the plan shows them as conflicts.)"""
    problems = Problems()
    with src.lines() as handle:
        for row in provision_rows(handle, src.name, kind):
            if isinstance(row, RowError):
                problems.add(str(row))
                continue
            try:
                desired_spec(row.values)
            except (TypeError, ValueError) as exc:
                problems.add(f"line {row.line}: {exc}")
    if problems:
        raise CommandError(
            f"{problems.count} problem(s) in {src.name}; nothing was sent:\n{problems.listing('  ')}\n"
            f"The columns (or JSON keys) are provision's arguments: {', '.join(FIELDS)}.",
            Exit.USAGE,
        )


def _rows(src: Source, kind: str) -> Iterator[dict[str, Any]]:
    """The second pass: each row's values."""
    with src.lines() as handle:
        for row in provision_rows(handle, src.name, kind, checking=False):
            if isinstance(row, RowError):
                raise CommandError(f"{src.name} changed while it was being read ({row}); rerun", Exit.USAGE)
            yield row.values


_LISTED = 3
"""Ids shown of a longer list (the invoices an archive voids, say); ``--json`` has them all."""


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list) and len(value) > _LISTED:
        return f"{', '.join(map(repr, value[:_LISTED]))} and {len(value) - _LISTED} more"
    return repr(value)


def _describe(change: Change) -> str:
    if change.action == "create":
        return ", ".join(f"{field}={_value(desired)}" for field, (_, desired) in change.diff.items())
    changed = "; ".join(
        f"{field}: {_value(current)} -> {_value(desired)}"
        for field, (current, desired) in change.diff.items()
    )
    return "; ".join(part for part in (changed, _reason(change)) if part)


def _reason(change: Change) -> str:
    """The change's reason, its advice in the command's words."""
    return (change.reason or "").replace(VOID_ADVICE, "rerun with --apply --void-invoices")


def _counts(plan: ReconcilePlan) -> str:
    return ", ".join(f"{plan.counts[action]} {action}" for action in ACTIONS)


def _print_plan(plan: ReconcilePlan, where: str, stream: Any) -> None:
    """Counts first, then a table of the changes grouped by action (the plan lists them in that order)."""
    print(f"Plan for owner {plan.owner!r} on {where}: {_counts(plan)}", file=stream)
    if plan.register_owner_field:
        print("The custom field key 'managed_by' will be registered for customers.", file=stream)
    if plan.missing and not plan.archive_missing:
        print(
            f"{plan.missing} owned customer(s) are not in the file: left as they are "
            "(--archive-missing archives them)",
            file=stream,
        )
    action = None
    for change in plan.changes:
        if change.action != action:
            action = change.action
            print(f"\n{action} ({plan.counts[action]}):", file=stream)
        who = change.key or "(no alias)"
        if change.customer_id:
            who += f" [{change.customer_id}]"
        blocked = " (blocked)" if change.blocked else ""
        print(f"  {who}{blocked}  {_describe(change)}", file=stream)
    if not plan.has_changes and not plan.has_conflicts:
        print("No changes: Metronome holds the file's customers as they are.", file=stream)


def _outcome_entry(outcome: ChangeOutcome) -> dict[str, Any]:
    return {
        "action": outcome.action,
        "key": outcome.key,
        "customer_id": outcome.customer_id,
        "status": outcome.status,
        "error": None if outcome.error is None else str(outcome.error),
    }


def _report_dict(report: ReconcileReport) -> dict[str, Any]:
    return {
        "total": report.total,
        "counts": report.counts,
        "failures": [_outcome_entry(outcome) for outcome in report.failures],
        "blocked": [_outcome_entry(outcome) for outcome in report.blocked],
    }


def _exit(plan: ReconcilePlan, report: ReconcileReport | None) -> Exit:
    if report is not None and report.failures:
        return Exit.FAILED
    if plan.has_conflicts:
        return Exit.CONFLICTS
    pending = plan.has_changes if report is None else bool(report.blocked)
    return Exit.CHANGES if pending else Exit.OK


async def _reconcile(args: argparse.Namespace) -> int:
    with source(args.file) as src:
        kind = src.format(args.format)
        _check_file(src, kind)
        if args.journal is not None:
            try:
                check_journal(args.journal)
            except JournalError as exc:
                raise CommandError(str(exc), Exit.USAGE) from None
        async with reachable_client(args, max_concurrency=args.concurrency) as client:
            try:
                plan = await client.customers.reconcile(
                    _rows(src, kind),
                    owner=args.owner,
                    archive_missing=args.archive_missing,
                    max_archive_share=args.max_archive_share / 100,
                )
            except ArchiveShareError as exc:
                raise CommandError(
                    f"{exc.missing} of the {exc.owned} customers owned by {args.owner!r} are not in "
                    f"{src.name}, more than --max-archive-share {args.max_archive_share:g}% allows; is the "
                    "file complete? Nothing was planned or changed",
                    Exit.FAILED,
                ) from None
            try:
                return await _show_and_apply(args, client, plan, src.name)
            finally:
                plan.close()


async def _show_and_apply(args: argparse.Namespace, client: Any, plan: ReconcilePlan, name: str) -> int:
    stream = summary_stream(args)
    _print_plan(plan, f"{client.base_url} from {name}", stream)
    if not args.apply or not plan.has_changes:
        if args.json:
            emit_json({"plan": plan.to_dict(), "report": None})
        return _exit(plan, None)
    if args.journal:
        args.interrupt_hint = f"rerun the same command: the journal {args.journal} records what was done"
    progress = Progress(len(plan.changes), args.progress, sys.stderr, unit="change")
    started = time.monotonic()

    def advance(outcome: ChangeOutcome, done: int, total: int) -> None:
        progress.advance(1, failed=int(outcome.status == "failed"))

    try:
        report = await client.customers.apply_plan(
            plan, journal=args.journal, on_progress=advance, void_invoices=args.void_invoices
        )
    except StalePlanError as exc:
        raise CommandError(f"{exc}\n(rerun the same command to plan again)", Exit.FAILED) from None
    except JournalError as exc:
        raise CommandError(str(exc), Exit.FAILED if exc.started else Exit.USAGE) from None
    finally:
        progress.close()
    if args.json:
        emit_json({"plan": plan.to_dict(), "report": _report_dict(report)})
    print(f"\nApplied in {duration(time.monotonic() - started)}: {report}", file=stream)
    for title, outcomes in (("failed", report.failures), ("blocked", report.blocked)):
        if outcomes:
            print(f"{len(outcomes)} change(s) {title}:", file=sys.stderr)
            for outcome in outcomes[:MAX_SHOWN]:
                why = outcome.error or _reason(outcome.change)
                print(f"  {outcome.action} {outcome.key} [{outcome.customer_id}]: {why}", file=sys.stderr)
            if len(outcomes) > MAX_SHOWN:
                print(f"  ... and {len(outcomes) - MAX_SHOWN} more (--json lists them all)", file=sys.stderr)
    return _exit(plan, report)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a percentage from 0 to 100, not {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be a percentage from 0 to 100, not {text!r}")
    return value


EXIT_CODES = """\
exit codes:
  0    no changes: Metronome holds the file's customers as they are (with --apply: all applied)
  4    changes planned, not applied (with --apply: archives blocked by invoices, see --void-invoices)
  5    conflicts: changes that cannot be applied without touching what is not ours (listed)
  1    Metronome answered with an error, a change failed, the plan was refused (stale, or too many
       archives), or an unexpected error
  2    usage: a bad command line or a bad row in FILE (nothing was sent)
  3    Metronome could not be reached
  130  interrupted"""


def register(commands: Any) -> None:
    reconcile = commands.add_parser(
        "reconcile",
        help="plan (and with --apply, make) the changes that keep Metronome's customers equal to a file",
        description=textwrap.fill(
            "Compare the customers of FILE (a CSV or JSON-lines file, read as `provision` reads it) with "
            "Metronome and print the plan: a table grouped by action (create, update, archive, conflict), "
            "counts first. Changes nothing unless --apply. Only customers whose custom field managed_by "
            "is --owner are updated or archived; a customer holding an alias of the file that is not owned "
            "is a conflict, never modified. Owned customers missing from FILE are archived only with "
            "--archive-missing, and never more than --max-archive-share of them (an empty or truncated "
            "file is not a mass churn).",
            width=100,
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reconcile.add_argument("file", metavar="FILE", help="a .csv or .jsonl file (- for stdin)")
    reconcile.add_argument(
        "--owner", required=True, metavar="NAME", help="the owner: the value of managed_by on our customers"
    )
    reconcile.add_argument("--apply", action="store_true", help="apply the plan (default: only print it)")
    reconcile.add_argument(
        "--archive-missing", action="store_true", help="archive owned customers that are not in FILE"
    )
    reconcile.add_argument(
        "--max-archive-share",
        type=_share,
        default=10.0,
        metavar="PERCENT",
        help="refuse to archive more than this share of the owned customers (default: %(default)g)",
    )
    reconcile.add_argument(
        "--void-invoices",
        action="store_true",
        help="with --apply, archive customers even when archiving voids their invoices",
    )
    reconcile.add_argument("--format", choices=("csv", "jsonl"), help="the file's format (default: guessed)")
    reconcile.add_argument(
        "--journal", metavar="JOURNAL", help="with --apply, record each change in this file (see provision)"
    )
    reconcile.add_argument(
        "--concurrency",
        type=whole_number(1, MAX_CONCURRENCY),
        default=32,
        metavar="N",
        help="requests in flight at once (default: %(default)s)",
    )
    reconcile.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="auto (default): a bar on a terminal when tqdm is installed, else a line every 2 seconds",
    )
    add_json_option(
        reconcile,
        "plan (owner, archive_missing, register_owner_field, counts, owned, missing, changes: each with "
        "action, key, customer_id, diff as field -> [current, desired], reason, blocked) and report (null "
        "without --apply; else total, counts by status, failures, blocked)",
    )
    add_connection_options(reconcile)
    reconcile.set_defaults(handler=_reconcile)
