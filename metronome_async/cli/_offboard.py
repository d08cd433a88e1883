"""``metronome-async offboard ID --at TIME`` and ``invoices list ID``: end a leaving customer's contracts at a
boundary and see what is still owed, without archiving anything."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

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
    summary_stream,
)
from metronome_async.errors import NotFoundError
from metronome_async.models import Invoice
from metronome_async.workflows.offboard import OffboardReport

__all__ = ["register"]

STATUSES = ("DRAFT", "FINALIZED", "VOID")


def _day(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def invoice_line(invoice: Invoice) -> str:
    """An invoice in one line of words: id, status, type, period, total."""
    period = f"{_day(invoice.start_timestamp)} to {_day(invoice.end_timestamp)}"
    return f"{invoice.id}  {invoice.status:<9}  {invoice.type:<8}  {period}  total {invoice.total:g}"


async def _offboard(args: argparse.Namespace) -> int:
    async with make_client(args) as client:
        try:
            report = await client.customers.offboard(
                args.customer_id, ending_before=args.at, dry_run=args.dry_run
            )
        except NotFoundError:
            raise CommandError(f"no customer with id {args.customer_id!r} at {client.base_url}") from None
    if args.json:
        emit_json(report.to_dict())
    _tell(report, args)
    return Exit.OK


def _tell(report: OffboardReport, args: argparse.Namespace) -> None:
    out = summary_stream(args)
    boundary = f"{report.ending_before:%Y-%m-%d %H:%M} UTC"
    if report.dry_run:
        print("Dry run: nothing was changed.", file=out)
    verb = "Would end" if report.dry_run else "Ended"
    for contract_id in report.ended_contracts:
        print(f"{verb} contract {contract_id} before {boundary}.", file=out)
    for contract_id in report.already_ending:
        print(f"Contract {contract_id} ends by then already; left as it is.", file=out)
    for contract_id in report.not_started:
        print(f"Contract {contract_id} starts at or after {boundary}; left as it is.", file=out)
    for invoice in report.open_invoices:
        print(f"Still owed: {invoice_line(invoice)}", file=out)
    for item in report.balances:
        print(f"Balance left: {item.type} {item.name or item.id} ({item.id}): {item.balance:g}", file=out)
    if report.settled:
        print(f"Customer {report.customer_id} owes nothing more; nothing was archived.", file=out)
    else:
        print(
            f"Customer {report.customer_id} has {len(report.open_invoices)} invoice(s) still to come or "
            "unpaid; nothing was archived. A draft is finalized once its period ends and the grace period "
            "after it passes.",
            file=out,
        )


async def _list_invoices(args: argparse.Namespace) -> int:
    out = summary_stream(args)
    count = 0
    async with make_client(args) as client:
        try:
            async for invoice in client.customers.invoices.list(args.customer_id, status=args.status):
                count += 1
                print(dumps_line(invoice) if args.json else invoice_line(invoice), flush=args.json)
        except NotFoundError:
            raise CommandError(f"no customer with id {args.customer_id!r} at {client.base_url}") from None
    print("No invoices." if count == 0 else counted(count, "invoice"), file=out)
    return Exit.OK


def _customer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "customer_id", type=accepted_by(check.path_segment), metavar="ID", help="the customer's Metronome id"
    )


def register(commands: Any) -> None:
    offboard = commands.add_parser(
        "offboard",
        help="end a leaving customer's contracts at a boundary; show what is still owed (archives nothing)",
        description="End every contract of the customer that runs past --at (exclusive: the last billing "
        "period ends there), then list the invoices still to come or unpaid and the commits and credits "
        "with a balance left. Archives nothing: archiving voids a customer's invoices, so it waits until "
        "the final invoice is settled (`metronome-async archive`). Safe to run again.",
    )
    _customer_argument(offboard)
    offboard.add_argument(
        "--at",
        required=True,
        type=accepted_by(check.moment),
        metavar="TIME",
        help="the boundary, an RFC 3339 time such as 2025-07-01T00:00:00Z",
    )
    offboard.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    add_json_option(
        offboard,
        "customer_id, ending_before, dry_run, ended_contracts, already_ending and not_started (contract "
        "ids), open_invoices (id, status, total, contract_id, start_timestamp, end_timestamp), balances (id, "
        "type, name, balance), settled (nothing still owed)",
    )
    add_connection_options(offboard)
    offboard.set_defaults(handler=_offboard)

    invoices = commands.add_parser("invoices", help="a customer's invoices")
    actions = invoices.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="list a customer's invoices",
        description="Every invoice of the customer, oldest period first: id, status, type, billing period "
        "and total; with --json, one invoice per line as Metronome gives it.",
    )
    _customer_argument(listing)
    listing.add_argument("--status", choices=STATUSES, help="only invoices with this status")
    listing.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per invoice, one per line (the count goes to stderr)",
    )
    add_connection_options(listing)
    listing.set_defaults(handler=_list_invoices)
