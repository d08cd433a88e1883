"""``customers.archive_churned``: archive a customer who left, without leaving a plan running by mistake."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

import attrs

from metronome_async.errors import MetronomeError
from metronome_async.models import CustomerPlan

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers


@attrs.frozen(kw_only=True)
class ArchiveReport:
    """What ``archive_churned`` did, or with ``dry_run`` what it would do."""

    customer_id: str
    dry_run: bool
    open_plans: list[CustomerPlan]
    """Plans not yet ended when the call began."""
    ended_plans: list[str]
    """Customer-plan ids ended (or to be ended, on a dry run)."""
    archived: bool
    """The customer is archived (or would be, on a dry run)."""
    already_archived: bool = False


class ActivePlanError(MetronomeError):
    """The customer still has plans that have not ended; pass ``end_plans=True`` to end them first."""

    def __init__(self, customer_id: str, plans: list[CustomerPlan]) -> None:
        self.customer_id = customer_id
        self.plans = plans
        names = ", ".join(f"{plan.plan_name} ({plan.id})" for plan in plans)
        super().__init__(
            f"customer {customer_id} still has {len(plans)} plan(s) not ended: {names}; "
            "pass end_plans=True to end them before archiving"
        )


def _end_date(plan: CustomerPlan, today: datetime) -> datetime:
    """Today at midnight UTC, or for a plan that starts today or later, the first day it can end."""
    return max(today, plan.starting_on + timedelta(days=1))


async def archive_churned(
    customers: Customers, customer_id: str, *, end_plans: bool = False, dry_run: bool = False
) -> ArchiveReport:
    customer = await customers.retrieve(customer_id)
    if customer.archived:
        return ArchiveReport(
            customer_id=customer_id,
            dry_run=dry_run,
            open_plans=[],
            ended_plans=[],
            archived=True,
            already_archived=True,
        )
    today = datetime.combine(datetime.now(timezone.utc).date(), time(0), tzinfo=timezone.utc)
    open_plans = [
        p
        async for p in customers.plans.list(customer_id)
        if p.ending_before is None or p.ending_before > today
    ]
    if open_plans and not end_plans:
        if dry_run:
            return ArchiveReport(
                customer_id=customer_id, dry_run=True, open_plans=open_plans, ended_plans=[], archived=False
            )
        raise ActivePlanError(customer_id, open_plans)
    to_end = [plan.id for plan in open_plans]
    if dry_run:
        return ArchiveReport(
            customer_id=customer_id, dry_run=True, open_plans=open_plans, ended_plans=to_end, archived=True
        )
    for plan in open_plans:
        await customers.plans.end(customer_id, plan.id, ending_before=_end_date(plan, today))
    await customers.archive(customer_id)
    still_listed = [c.id async for c in customers.list(customer_ids=[customer_id])]
    if still_listed:
        raise MetronomeError(f"customer {customer_id} was archived but is still in the active list")
    return ArchiveReport(
        customer_id=customer_id, dry_run=False, open_plans=open_plans, ended_plans=to_end, archived=True
    )
