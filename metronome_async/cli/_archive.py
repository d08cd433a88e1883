"""``metronome-async archive ID``: archive a churned customer, never leaving a plan or a contract running by
mistake."""

from __future__ import annotations

import argparse
from typing import Any

import attrs

from metronome_async import (
    ActivePlanError,
    ArchiveReport,
    Contract,
    CustomerPlan,
    NotFoundError,
    OpenInvoicesError,
)
from metronome_async._core import validate as check
from metronome_async._core.words import counted
from metronome_async.cli._common import (
    CommandError,
    Exit,
    accepted_by,
    add_connection_options,
    add_json_option,
    emit_json,
    make_client,
    summary_stream,
)
from metronome_async.models import Invoice
from metronome_async.workflows.offboard import is_open

__all__ = ["register"]


def _plans(plans: list[CustomerPlan]) -> str:
    listed = ", ".join(f"{plan.plan_name} ({plan.id}, since {plan.starting_on:%Y-%m-%d})" for plan in plans)
    return f"{counted(len(plans), 'plan')} not ended: {listed}"


def _contracts(contracts: list[Contract]) -> str:
    listed = ", ".join(
        f"{contract.name or 'unnamed'} ({contract.id}, since {contract.starting_at:%Y-%m-%d})"
        for contract in contracts
    )
    return f"{counted(len(contracts), 'contract')} not ended: {listed}"


def _invoices(invoices: list[Invoice]) -> str:
    listed = ", ".join(f"{invoice.id} ({invoice.status}, total {invoice.total:g})" for invoice in invoices)
    return f"{counted(len(invoices), 'invoice')} that archiving would void: {listed}"


def _voided(invoices: list[Invoice]) -> str:
    """The invoices archiving voids: those of a total listed, the others counted."""
    billed = [invoice for invoice in invoices if invoice.total != 0]
    empty = len(invoices) - len(billed)
    words = [f"invoice {each.id} ({each.status}, total {each.total:g})" for each in billed]
    if empty:
        words.append(f"{counted(empty, 'invoice')} of nothing")
    return ", ".join(words)


def _in_the_way(plans: list[CustomerPlan], contracts: list[Contract], invoices: list[Invoice]) -> str:
    parts = [
        *([_plans(plans)] if plans else []),
        *([_contracts(contracts)] if contracts else []),
        *([_invoices(invoices)] if invoices else []),
    ]
    return " and ".join(parts)


def _refusal(who: str, plans: list[CustomerPlan], contracts: list[Contract], invoices: list[Invoice]) -> str:
    return f"customer {who} still has {_in_the_way(plans, contracts, invoices)}"


def _advice(plans: list[CustomerPlan], contracts: list[Contract], invoices: list[Invoice]) -> str:
    switches = [
        *(["--end-plans"] if plans else []),
        *(["--end-contracts"] if contracts else []),
        *(["--void-invoices"] if invoices else []),
    ]
    advice = f"Rerun with {' '.join(switches)} to archive the customer anyway (add --dry-run to preview)."
    if invoices:
        advice += (
            " Archiving voids every invoice of the customer: for a customer who churned, run "
            "`metronome-async offboard` instead and keep the customer until its final invoice is settled."
        )
    return advice


def _result(report: ArchiveReport, error: str | None = None) -> dict[str, Any]:
    """``--json``'s object: the report's fields (plans and contracts as Metronome gave them), and ``error``,
    why archiving was refused (``None`` when it was not)."""
    return {field.name: getattr(report, field.name) for field in attrs.fields(ArchiveReport)} | {
        "error": error
    }


async def _archive(args: argparse.Namespace) -> int:
    customer_id = args.customer_id
    async with make_client(args) as client:
        try:
            customer = await client.customers.retrieve(customer_id)
        except NotFoundError:
            raise CommandError(f"no customer with id {customer_id!r} at {client.base_url}") from None
        who = f"{customer.id} ({customer.name})"
        try:
            report = await client.customers.archive_churned(
                customer_id,
                end_plans=args.end_plans,
                end_contracts=args.end_contracts,
                void_invoices=args.void_invoices,
                dry_run=args.dry_run,
            )
        except (ActivePlanError, OpenInvoicesError) as refused:
            plans, contracts = getattr(refused, "plans", []), getattr(refused, "contracts", [])
            invoices = getattr(refused, "invoices", [])
            if args.json:
                unchanged = ArchiveReport(
                    customer_id=customer_id,
                    dry_run=False,
                    open_plans=plans,
                    open_contracts=contracts,
                    invoices=invoices,
                    open_invoices=[invoice for invoice in invoices if is_open(invoice)],
                    ended_plans=[],
                    archived=False,
                )
                emit_json(_result(unchanged, _refusal(who, plans, contracts, invoices)))
            raise CommandError(
                f"refused: {_refusal(who, plans, contracts, invoices)}; "
                f"nothing was changed.\n{_advice(plans, contracts, invoices)}"
            ) from None

    # a dry run that would be refused: what stands in the way
    plans = [] if args.end_plans else report.open_plans
    contracts = [] if args.end_contracts else report.open_contracts
    invoices = [] if args.void_invoices else [invoice for invoice in report.invoices if invoice.total != 0]
    blocked = report.dry_run and not report.archived and not report.already_archived
    refusal = _refusal(who, plans, contracts, invoices) if blocked else None
    if args.json:
        emit_json(_result(report, refusal))
    _tell(report, args, who, refusal, _advice(plans, contracts, invoices))
    return Exit.OK if refusal is None else Exit.FAILED


def _tell(
    report: ArchiveReport, args: argparse.Namespace, who: str, refusal: str | None, advice: str
) -> None:
    """What was done, or on a dry run what would be (or why it would be refused, and ``advice``), in
    words."""
    out = summary_stream(args)
    if report.already_archived:
        print(f"Customer {who} is already archived; nothing to do.", file=out)
        return
    if report.dry_run:
        print("Dry run: nothing was changed.", file=out)
        if refusal is not None:
            print(f"Archiving would be refused: {refusal}.", file=out)
            print(advice, file=out)
            return
        if report.open_plans or report.open_contracts:
            running = _in_the_way(report.open_plans, report.open_contracts, [])
            print(f"Would end today {running.replace(' not ended', '')}.", file=out)
        if report.invoices:
            print(f"Would void {_voided(report.invoices)}.", file=out)
        print(f"Would archive customer {who}.", file=out)
        return
    for plan in report.open_plans:
        print(f"Ended plan {plan.plan_name} ({plan.id}).", file=out)
    for contract in report.open_contracts:
        print(f"Ended contract {contract.name or 'unnamed'} ({contract.id}).", file=out)
    if report.invoices:
        print(f"Voided {_voided(report.invoices)}.", file=out)
    print(f"Archived customer {who}: it is no longer in the active list.", file=out)


def register(commands: Any) -> None:
    archive = commands.add_parser(
        "archive",
        help="archive a customer (refuses while a plan, a contract or an invoice would be cut short)",
        description="Archive a customer, irreversibly (its ingest aliases stay reserved; Metronome voids all "
        "its invoices). Refuses, changing nothing, while one of its plans or contracts has not ended, unless "
        "--end-plans / --end-contracts, and while it has a non-zero invoice that is not void, unless "
        "--void-invoices; then checks that the customer left the active list. For a customer who churned, "
        "`offboard` comes first. With --dry-run, exits 1 if the real run would be refused.",
    )
    archive.add_argument(
        "customer_id", type=accepted_by(check.path_segment), metavar="ID", help="the customer's Metronome id"
    )
    archive.add_argument("--end-plans", action="store_true", help="end its running plans today first")
    archive.add_argument("--end-contracts", action="store_true", help="end its running contracts today first")
    archive.add_argument(
        "--void-invoices", action="store_true", help="archive even though its invoices are voided with it"
    )
    archive.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    add_json_option(
        archive,
        "customer_id, dry_run, archived (or would be), already_archived, open_plans and open_contracts (not "
        "ended when it began; refused: those in the way), ended_plans and ended_contracts (ids), invoices "
        "(those archiving voids) and open_invoices (those still owed), error (why archiving is or would be "
        "refused, else null)",
    )
    add_connection_options(archive)
    archive.set_defaults(handler=_archive)
