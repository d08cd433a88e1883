"""``metronome-async archive ID``: archive a churned customer, never leaving a plan or a contract running by
mistake."""

from __future__ import annotations

import argparse
from typing import Any

from metronome_async import ActivePlanError, Contract, CustomerPlan, NotFoundError
from metronome_async._core import validate as check
from metronome_async.cli._common import CommandError, Exit, accepted_by, add_connection_options, make_client

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


def _advice(plans: list[CustomerPlan], contracts: list[Contract]) -> str:
    switches = " ".join([*(["--end-plans"] if plans else []), *(["--end-contracts"] if contracts else [])])
    return f"Rerun with {switches} to end them today and archive the customer (add --dry-run to preview)."


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
            raise CommandError(
                f"refused: customer {who} still has {_running(refused.plans, refused.contracts)}; "
                f"nothing was changed.\n{_advice(refused.plans, refused.contracts)}"
            ) from None

    if report.already_archived:
        print(f"Customer {who} is already archived; nothing to do.")
        return Exit.OK
    if report.dry_run:
        print("Dry run: nothing was changed.")
        if not report.archived:  # the real run would be refused
            plans = [] if args.end_plans else report.open_plans
            contracts = [] if args.end_contracts else report.open_contracts
            print(f"Archiving would be refused: customer {who} still has {_running(plans, contracts)}.")
            print(_advice(plans, contracts))
            return Exit.FAILED
        if report.open_plans or report.open_contracts:
            running = _running(report.open_plans, report.open_contracts)
            print(f"Would end today {running.replace(' not ended', '')}.")
        print(f"Would archive customer {who}.")
        return Exit.OK
    for plan in report.open_plans:
        print(f"Ended plan {plan.plan_name} ({plan.id}).")
    for contract in report.open_contracts:
        print(f"Ended contract {contract.name or 'unnamed'} ({contract.id}).")
    print(f"Archived customer {who}: it is no longer in the active list.")
    return Exit.OK


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
    add_connection_options(archive)
    archive.set_defaults(handler=_archive)
