"""``metronome-async customers list|get|export``: read customers as a table, JSON lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import datetime
from typing import IO, Any

import attrs

from metronome_async import AsyncMetronome, Customer, NotFoundError
from metronome_async._core import validate as check
from metronome_async._core.words import counted
from metronome_async.cli._common import (
    CommandError,
    Exit,
    accepted_by,
    add_connection_options,
    add_json_option,
    dumps_line,
    emit_json,
    make_client,
    open_output,
    whole_number,
)

__all__ = ["CSV_COLUMNS", "customer_row", "register"]

CSV_COLUMNS = (
    "id",
    "name",
    "external_id",
    "ingest_aliases",
    "custom_fields",
    "created_at",
    "updated_at",
    "archived_at",
    "salesforce_account_id",
)
"""``customers export --format csv``'s columns. ``provision`` reads such a file back: ``ingest_aliases`` are
separated by ``;``, ``custom_fields`` is a JSON object, and the columns it has no use for are skipped."""

PAGE_SIZE = 100


def customer_row(customer: Customer) -> dict[str, str]:
    """A customer as one CSV row."""
    data = customer.to_dict()
    config = data.get("customer_config") or {}
    return {
        "id": customer.id,
        "name": customer.name,
        "external_id": customer.external_id or "",
        "ingest_aliases": ";".join(customer.ingest_aliases),
        "custom_fields": json.dumps(customer.custom_fields, ensure_ascii=False)
        if customer.custom_fields
        else "",
        "created_at": data.get("created_at") or "",
        "updated_at": data.get("updated_at") or "",
        "archived_at": data.get("archived_at") or "",
        "salesforce_account_id": config.get("salesforce_account_id") or "",
    }


class _Writer:
    """Writes customers one at a time, in constant memory."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out = out
        self.count = 0
        self._csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writeheader()

    def write(self, customer: Customer) -> None:
        if self._csv is not None:
            self._csv.writerow(customer_row(customer))
        else:
            self.out.write(dumps_line(customer.to_dict()) + "\n")
        self.count += 1


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else ""


@attrs.frozen
class _Column:
    """A column of ``customers list``'s table: its title, its widest (longer cells are cut with …), the
    least room it keeps for rows after the first ones, and its cell for a customer."""

    title: str
    cap: int
    floor: int
    cell: Callable[[Customer], str]

    def width(self, cells: Iterable[str], more_to_come: bool) -> int:
        """The width that fits ``cells`` (and later, longer ones when ``more_to_come``), up to ``cap``."""
        return min(self.cap, max(len(self.title), self.floor if more_to_come else 0, *map(len, cells)))


_COLUMNS = (
    _Column("ID", 36, 0, lambda customer: customer.id),
    _Column("NAME", 32, 16, lambda customer: customer.name),
    _Column("EXTERNAL ID", 24, 12, lambda customer: customer.external_id or ""),
    _Column("INGEST ALIASES", 40, 16, lambda customer: ", ".join(customer.ingest_aliases)),
    _Column("CREATED", 10, 0, lambda customer: _day(customer.created_at)),
)
_ARCHIVED = _Column("ARCHIVED", 10, 0, lambda customer: _day(customer.archived_at))


class _Table:
    """A plain-text table, streamed: column widths come from the first 1000 rows, longer cells are cut
    with …."""

    BUFFERED = 1000

    def __init__(self, out: IO[str], archived: bool) -> None:
        self.out = out
        self.columns = (*_COLUMNS, _ARCHIVED) if archived else _COLUMNS
        self.kind = "archived customer" if archived else "customer"
        self.widths: list[int] | None = None
        self.pending: list[list[str]] = []
        self.count = 0

    def _cells(self, customer: Customer) -> list[str]:
        """The customer's row, each cell on one line: no newline or tab breaks the table."""
        return [" ".join(column.cell(customer).split()) for column in self.columns]

    def write(self, customer: Customer) -> None:
        self.count += 1
        self.pending.append(self._cells(customer))
        if self.widths is not None or len(self.pending) >= self.BUFFERED:
            self.flush()

    def flush(self) -> None:
        if self.widths is None:
            if not self.pending:
                return
            more_to_come = len(self.pending) >= self.BUFFERED
            self.widths = [
                column.width((row[i] for row in self.pending), more_to_come)
                for i, column in enumerate(self.columns)
            ]
            self._line([column.title for column in self.columns])
        for row in self.pending:
            self._line(row)
        self.pending.clear()

    def _line(self, cells: list[str]) -> None:
        assert self.widths is not None
        fitted = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(cells, self.widths, strict=True)
        ]
        self.out.write(
            "  ".join(cell.ljust(w) for cell, w in zip(fitted, self.widths, strict=True)).rstrip() + "\n"
        )

    def close(self) -> None:
        self.flush()
        kind, count = self.kind, self.count
        self.out.write(f"No {kind}s.\n" if count == 0 else f"{counted(count, kind)}\n")


async def _listing(
    client: AsyncMetronome, *, archived: str, max_items: int | None = None, ingest_alias: str | None = None
) -> AsyncIterator[Customer]:
    """Active customers, archived ones, or both (``archived``: exclude, only, include), at most ``max_items``
    of them; pages are no larger than needed."""
    page_size = min(PAGE_SIZE, max_items or PAGE_SIZE)
    passes = {"exclude": [False], "only": [True], "include": [False, True]}[archived]
    seen = 0
    for only_archived in passes:
        async for customer in client.customers.list(
            limit=page_size, only_archived=only_archived, ingest_alias=ingest_alias
        ):
            yield customer
            seen += 1
            if max_items is not None and seen >= max_items:
                return  # before the pager asks for another page


async def _list(args: argparse.Namespace) -> int:
    async with make_client(args) as client:
        archived = "only" if args.only_archived else "exclude"
        customers = _listing(
            client, archived=archived, max_items=args.max_items, ingest_alias=args.ingest_alias
        )
        if args.format == "table":
            table = _Table(sys.stdout, archived=args.only_archived)
            async for customer in customers:
                table.write(customer)
            table.close()
        else:
            writer = _Writer(sys.stdout, args.format)
            async for customer in customers:
                writer.write(customer)
    return Exit.OK


async def _get(args: argparse.Namespace) -> int:
    async with make_client(args) as client:
        try:
            customer = await client.customers.retrieve(args.customer_id)
        except NotFoundError:
            raise CommandError(
                f"no customer with id {args.customer_id!r} at {client.base_url}; "
                "`metronome-async customers list` shows the ids"
            ) from None
        data = customer.to_dict()
        if args.with_plans:
            data["plans"] = [plan.to_dict() async for plan in client.customers.plans.list(args.customer_id)]
    if args.json:
        emit_json(data)
    else:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    return Exit.OK


async def _export(args: argparse.Namespace) -> int:
    archived = "only" if args.only_archived else "include" if args.include_archived else "exclude"
    async with make_client(args) as client:
        with open_output(args.output) as out:
            writer = _Writer(out, args.format)
            async for customer in _listing(client, archived=archived):
                writer.write(customer)
    if args.output not in (None, "-"):
        noun = "customer" if writer.count == 1 else "customers"
        print(f"Exported {writer.count} {noun} to {args.output}", file=sys.stderr)
    return Exit.OK


def register(commands: Any) -> None:
    customers = commands.add_parser(
        "customers", help="list, show or export customers", description="Read the account's customers."
    )
    actions = customers.add_subparsers(dest="action", required=True, metavar="{list,get,export}")

    listing = actions.add_parser(
        "list",
        help="show customers as a table (or JSON lines, CSV)",
        description="Show customers, active ones by default. For every customer into a file, use export.",
    )
    listing.add_argument(
        "--format", choices=("table", "jsonl", "csv"), default="table", help="output format (default: table)"
    )
    listing.add_argument("--only-archived", action="store_true", help="list archived customers instead")
    listing.add_argument("--max-items", type=whole_number(1), metavar="N", help="show at most N customers")
    listing.add_argument(
        "--ingest-alias",
        type=accepted_by(check.text),
        metavar="ALIAS",
        help="only the customer with this ingest alias",
    )
    add_connection_options(listing)
    listing.set_defaults(handler=_list)

    get = actions.add_parser(
        "get", help="show one customer as JSON", description="Print one customer as JSON."
    )
    get.add_argument(
        "customer_id", type=accepted_by(check.path_segment), metavar="ID", help="the customer's Metronome id"
    )
    get.add_argument("--with-plans", action="store_true", help="include the customer's plans")
    add_json_option(get, "the customer's fields, as Metronome gave them, and plans with --with-plans")
    add_connection_options(get)
    get.set_defaults(handler=_get)

    export = actions.add_parser(
        "export",
        help="write every customer as JSON lines or CSV",
        description="Stream every customer, page by page in constant memory, as JSON lines (one customer "
        "per line, as the API returns it) or CSV. With --output, the file appears only once the export is "
        "complete. The CSV can be fed back to `metronome-async provision` (into another account, say); "
        "archived customers are refused there, so export only active ones for that.",
    )
    export.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default: jsonl)"
    )
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--only-archived", action="store_true", help="only archived customers")
    which.add_argument("--include-archived", action="store_true", help="active customers, then archived ones")
    add_connection_options(export)
    export.set_defaults(handler=_export)
