"""``metronome-async archive ID``: archive a churned customer, never leaving a plan running by mistake."""

from __future__ import annotations

import argparse
from typing import Any

from metronome_async import ActivePlanError, CustomerPlan, NotFoundError
from metronome_async.cli._common import CommandError, Exit, add_connection_options, make_client

__all__ = ["register"]


def _plans(plans: list[CustomerPlan]) -> str:
    listed = ", ".join(f"{plan.plan_name} ({plan.id}, since {plan.starting_on:%Y-%m-%d})" for plan in plans)
    return f"{len(plans)} plan{'s' * (len(plans) != 1)} not ended: {listed}"


ADVICE = "Rerun with --end-plans to end them today and archive the customer (add --dry-run to preview)."


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
                customer_id, end_plans=args.end_plans, dry_run=args.dry_run
            )
        except ActivePlanError as refused:
            raise CommandError(
                f"refused: customer {who} still has {_plans(refused.plans)}; nothing was changed.\n{ADVICE}"
            ) from None

    if report.already_archived:
        print(f"Customer {who} is already archived; nothing to do.")
        return Exit.OK
    if report.dry_run:
        print("Dry run: nothing was changed.")
        if not report.archived:  # the real run would be refused
            print(f"Archiving would be refused: customer {who} still has {_plans(report.open_plans)}.")
            print(ADVICE)
            return Exit.FAILED
        if report.open_plans:
            print(f"Would end today {_plans(report.open_plans).replace(' not ended', '')}.")
        print(f"Would archive customer {who}.")
        return Exit.OK
    for plan in report.open_plans:
        print(f"Ended plan {plan.plan_name} ({plan.id}).")
    print(f"Archived customer {who}: it is no longer in the active list.")
    return Exit.OK


def register(commands: Any) -> None:
    archive = commands.add_parser(
        "archive",
        help="archive a churned customer (refuses while a plan is running)",
        description="Archive a customer, irreversibly (its ingest aliases stay reserved). Refuses, changing "
        "nothing, while one of its plans has not ended, unless --end-plans; then checks that the customer "
        "left the active list. With --dry-run, exits 1 if the real run would be refused.",
    )
    archive.add_argument("customer_id", metavar="ID", help="the customer's Metronome id")
    archive.add_argument("--end-plans", action="store_true", help="end its running plans today first")
    archive.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    add_connection_options(archive)
    archive.set_defaults(handler=_archive)
