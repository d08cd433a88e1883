"""``metronome-async ingest FILE``: send the usage events of a JSON-lines file, in batches of at most 100,
concurrently, with a progress bar.

The file is read twice, a line at a time: a first pass checks every event (nothing is sent if one is bad),
a second feeds ``usage.ingest``, so a file of any size runs in constant memory. A failed batch is listed by
its lines; rerunning the same command is safe, since Metronome drops an event whose ``transaction_id`` it
has already seen."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from typing import Any

from metronome_async import IngestBatch, IngestReport
from metronome_async._core.streams import Problems
from metronome_async._core.words import counted
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
from metronome_async.cli._items import Lines, RowError, Source, json_objects, source
from metronome_async.cli._progress import MODES, Progress, duration
from metronome_async.resources.usage import usage_event

__all__ = ["check_events_file", "register"]

MAX_FAILURES_SHOWN = 20
MAX_CONCURRENCY = 100
FIELDS = ("transaction_id", "customer_id", "event_type", "timestamp", "properties")


def check_events_file(src: Source) -> int:
    """The first pass: every line an event as ``usage.ingest`` checks it. How many events there are, or
    one ``CommandError`` listing the bad lines."""
    problems = Problems()
    count = 0
    with src.lines() as handle:
        for line, record in json_objects(handle):
            if isinstance(record, RowError):
                problems.add(str(record))
                continue
            count += 1
            try:
                usage_event(count - 1, record, name="event")
            except (TypeError, ValueError) as exc:
                problems.add(f"line {line}: {exc}")
    if problems:
        raise CommandError(
            f"{problems.count} problem(s) in {src.name}; nothing was sent:\n{problems.listing('  ')}\n"
            f"Each line is one JSON object with the fields {', '.join(FIELDS)} (properties optional).",
            Exit.USAGE,
        )
    return count


def _events(src: Source, lines: Lines) -> Iterator[dict[str, Any]]:
    """The second pass: each event, its line number noted for its batch's outcome."""
    with src.lines() as handle:
        for line, record in json_objects(handle, checking=False):
            if isinstance(record, RowError):
                raise CommandError(f"{src.name} changed while it was being sent ({record})", Exit.USAGE)
            lines.note(line)
            yield record


class _Batches:
    """What the command does with each batch as it finishes: the progress, and the lines of the failed."""

    def __init__(self, lines: Lines, progress: Progress) -> None:
        self.lines = lines
        self.progress = progress
        self.failed_lines: dict[int, tuple[int, int]] = {}

    def __call__(self, batch: IngestBatch, done: int, total: int | None) -> None:
        lines = [self.lines.pop(index) for index in range(batch.start, batch.stop)]
        if batch.error is not None:
            self.failed_lines[batch.start] = (lines[0], lines[-1])
        self.progress.advance(batch.size, failed=batch.size if batch.error is not None else 0)


def _result(report: IngestReport, total: int, failed_lines: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """``--json``'s object; ``failed_lines``: each failed batch's first and last line, by its start."""
    failed = [
        {"first_line": first, "last_line": last, "events": batch.size, "error": str(batch.error)}
        for batch in report.failed_batches
        for first, last in [failed_lines[batch.start]]
    ]
    return {
        "events": total,
        "events_sent": report.events_sent,
        "batches_sent": report.batches_sent,
        "events_failed": report.events_failed,
        "failed_batches": failed,
    }


def _summary(report: IngestReport, total: int, seconds: float) -> str:
    failed = report.events_failed
    return (
        f"{counted(total, 'event')} in {duration(seconds)}: {report.events_sent} sent in "
        f"{report.batches_sent} batch(es), {failed} failed"
    )


async def _ingest(args: argparse.Namespace) -> int:
    with source(args.file) as src:
        return await _ingest_from(args, src)


async def _ingest_from(args: argparse.Namespace, src: Source) -> int:
    total = check_events_file(src)
    if not total:
        if args.json:
            emit_json(_result(IngestReport(), 0, {}))
        print(f"Nothing to send: {src.name} has no events.", file=summary_stream(args))
        return Exit.OK
    async with reachable_client(args, max_concurrency=args.concurrency) as client:
        print(
            f"Sending {total} events from {src.name} to {client.base_url}, "
            f"{args.concurrency} batches of 100 at a time",
            file=sys.stderr,
        )
        progress = Progress(total, args.progress, sys.stderr, unit="event")
        lines = Lines()
        batches = _Batches(lines, progress)
        started = time.monotonic()
        try:
            report = await client.usage.ingest(_events(src, lines), on_progress=batches)
        finally:
            progress.close()
    if args.json:
        emit_json(_result(report, total, batches.failed_lines))
    print(_summary(report, total, time.monotonic() - started), file=summary_stream(args))
    if report.ok:
        return Exit.OK
    failures = report.failed_batches
    print(f"{len(failures)} batch(es) failed:", file=sys.stderr)
    for batch in failures[:MAX_FAILURES_SHOWN]:
        first, last = batches.failed_lines[batch.start]
        print(f"  lines {first}-{last} ({batch.size} events): {batch.error}", file=sys.stderr)
    if len(failures) > MAX_FAILURES_SHOWN:
        print(f"  ... and {len(failures) - MAX_FAILURES_SHOWN} more", file=sys.stderr)
    print(
        "Fix the cause, then rerun the same command: Metronome drops the events it already has "
        "(same transaction_id), so nothing is counted twice.",
        file=sys.stderr,
    )
    return Exit.FAILED


def register(commands: Any) -> None:
    ingest = commands.add_parser(
        "ingest",
        help="send the usage events of a JSON-lines file",
        description="Send every usage event of FILE (one JSON object per line, with the fields "
        f"{', '.join(FIELDS)}) to Metronome, in batches of at most 100, concurrently. Every event is "
        "checked before anything is sent; bad lines are all listed (exit 2). A batch that fails is listed "
        "by its lines (exit 1); rerunning the same command is safe: Metronome drops an event whose "
        "transaction_id it has already seen.",
    )
    ingest.add_argument("file", metavar="FILE", help="a .jsonl file (- for stdin)")
    ingest.add_argument(
        "--concurrency",
        type=whole_number(1, MAX_CONCURRENCY),
        default=8,
        metavar="N",
        help="batches in flight at once (default: %(default)s)",
    )
    ingest.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="auto (default): a bar on a terminal when tqdm is installed, else a line every 2 seconds",
    )
    add_json_option(
        ingest,
        "events (in the file), events_sent, batches_sent, events_failed, failed_batches (each with "
        "first_line, last_line, events, error)",
    )
    add_connection_options(ingest)
    ingest.set_defaults(handler=_ingest)
