"""``metronome-async archive ID``: archive a churned customer, never leaving a plan or a contract running by
mistake."""

from __future__ import annotations

import argparse
from typing import Any

import attrs

from metronome_async import ActivePlanError, ArchiveReport, Contract, CustomerPlan, NotFoundError
from metronome_async._core import validate as check
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

__all__ = ["register"]


def _plans(plans: list[CustomerPlan]) -> str:
    listed = ", ".join(f"{plan.plan_name} ({plan.id}, since {plan.starting_on:%Y-%m-%d})" for plan in plans)
    return f"{len(plans)} plan{'s' * (len(plans) != 1)} not ended: {listed}"


def _contracts(contracts: list[Contract]) -> str:
    listed = ", ".join(
        f"{contract.name or 'unnamed'} ({contract.id}, since {contract.starting_at:%Y-%m-%d})"
        for contract in contracts
    )
    return f"{len(contracts)} contract{'s' * (len(contracts) != 1)} not ended: {listed}"


def _running(plans: list[CustomerPlan], contracts: list[Contract]) -> str:
    return " and ".join(
        [*([_plans(plans)] if plans else []), *([_contracts(contracts)] if contracts else [])]
    )


def _refusal(who: str, plans: list[CustomerPlan], contracts: list[Contract]) -> str:
    return f"customer {who} still has {_running(plans, contracts)}"


def _advice(plans: list[CustomerPlan], contracts: list[Contract]) -> str:
    switches = " ".join([*(["--end-plans"] if plans else []), *(["--end-contracts"] if contracts else [])])
    return f"Rerun with {switches} to end them today and archive the customer (add --dry-run to preview)."


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
                customer_id, end_plans=args.end_plans, end_contracts=args.end_contracts, dry_run=args.dry_run
            )
        except ActivePlanError as refused:
            if args.json:
                unchanged = ArchiveReport(
                    customer_id=customer_id,
                    dry_run=False,
                    open_plans=refused.plans,
                    open_contracts=refused.contracts,
                    ended_plans=[],
                    archived=False,
                )
                emit_json(_result(unchanged, _refusal(who, refused.plans, refused.contracts)))
            raise CommandError(
                f"refused: {_refusal(who, refused.plans, refused.contracts)}; "
                f"nothing was changed.\n{_advice(refused.plans, refused.contracts)}"
            ) from None

    # a dry run that would be refused: what stands in the way
    plans = [] if args.end_plans else report.open_plans
    contracts = [] if args.end_contracts else report.open_contracts
    refusal = _refusal(who, plans, contracts) if report.dry_run and not report.archived else None
    if args.json:
        emit_json(_result(report, refusal))
    _tell(report, args, who, refusal, _advice(plans, contracts))
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
            running = _running(report.open_plans, report.open_contracts)
            print(f"Would end today {running.replace(' not ended', '')}.", file=out)
        print(f"Would archive customer {who}.", file=out)
        return
    for plan in report.open_plans:
        print(f"Ended plan {plan.plan_name} ({plan.id}).", file=out)
    for contract in report.open_contracts:
        print(f"Ended contract {contract.name or 'unnamed'} ({contract.id}).", file=out)
    print(f"Archived customer {who}: it is no longer in the active list.", file=out)


def register(commands: Any) -> None:
    archive = commands.add_parser(
        "archive",
        help="archive a churned customer (refuses while a plan or a contract is running)",
        description="Archive a customer, irreversibly (its ingest aliases stay reserved). Refuses, changing "
        "nothing, while one of its plans or contracts has not ended, unless --end-plans / --end-contracts; "
        "then checks that the customer left the active list. With --dry-run, exits 1 if the real run would "
        "be refused.",
    )
    archive.add_argument(
        "customer_id", type=accepted_by(check.path_segment), metavar="ID", help="the customer's Metronome id"
    )
    archive.add_argument("--end-plans", action="store_true", help="end its running plans today first")
    archive.add_argument("--end-contracts", action="store_true", help="end its running contracts today first")
    archive.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    add_json_option(
        archive,
        "customer_id, dry_run, archived (or would be), already_archived, open_plans and open_contracts (not "
        "ended when it began; refused: those in the way), ended_plans and ended_contracts (ids), error (why "
        "archiving is or would be refused, else null)",
    )
    add_connection_options(archive)
    archive.set_defaults(handler=_archive)
