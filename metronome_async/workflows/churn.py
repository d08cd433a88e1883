"""``customers.archive_churned``: archive a customer who left, without leaving a plan or a contract running
by mistake."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import attrs

from metronome_async._core import validate as check
from metronome_async.errors import MetronomeError
from metronome_async.models import Contract, CustomerPlan, Invoice
from metronome_async.resources.contracts import Contracts
from metronome_async.workflows.offboard import is_open, unvoided_invoices

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
    open_contracts: list[Contract] = attrs.field(factory=list)
    """Contracts not yet ended when the call began."""
    ended_contracts: list[str] = attrs.field(factory=list)
    """Contract ids ended (or to be ended, on a dry run)."""
    invoices: list[Invoice] = attrs.field(factory=list)
    """The invoices archiving voids (or would void, on a dry run): every one that is not void yet."""
    open_invoices: list[Invoice] = attrs.field(factory=list)
    """Those still owed: drafts, and finalized invoices not marked paid."""


class ActivePlanError(MetronomeError):
    """The customer still has plans or contracts that have not ended; pass ``end_plans=True`` /
    ``end_contracts=True`` to end them first."""

    def __init__(
        self, customer_id: str, plans: list[CustomerPlan], contracts: list[Contract] | None = None
    ) -> None:
        self.customer_id = customer_id
        self.plans = plans
        self.contracts = contracts or []
        running = [f"plan {plan.plan_name} ({plan.id})" for plan in plans]
        running += [f"contract {contract.name or 'unnamed'} ({contract.id})" for contract in self.contracts]
        switches = [
            switch
            for switch, given in (("end_plans=True", plans), ("end_contracts=True", self.contracts))
            if given
        ]
        super().__init__(
            f"customer {customer_id} still has {len(running)} plan(s) or contract(s) not ended: "
            f"{', '.join(running)}; pass {' and '.join(switches)} to end them before archiving"
        )


class OpenInvoicesError(MetronomeError):
    """The customer has invoices of a non-zero total that archiving would void (Metronome voids every invoice
    of an archived customer, paid or not); pass ``void_invoices=True`` to archive anyway. ``open_invoices``
    are those still owed: drafts, and finalized invoices not marked paid."""

    def __init__(self, customer_id: str, invoices: list[Invoice]) -> None:
        self.customer_id = customer_id
        self.invoices = invoices
        self.open_invoices = [invoice for invoice in invoices if is_open(invoice)]
        listed = ", ".join(f"{each.id} ({each.status}, total {each.total:g})" for each in invoices)
        super().__init__(
            f"customer {customer_id} has {len(invoices)} invoice(s) that archiving would void "
            f"({len(self.open_invoices)} still owed): {listed}; archive a customer who churned only once "
            "its final invoice is settled, or pass void_invoices=True to void them"
        )


def _plan_end(plan: CustomerPlan, today: datetime) -> datetime:
    """Today at midnight UTC, or for a plan that starts today or later, the first day it can end."""
    return max(today, plan.starting_on + timedelta(days=1))


def _contract_end(contract: Contract, today: datetime) -> datetime:
    """Today at midnight UTC, or for a contract that starts today or later, a day after its start."""
    return max(today, contract.starting_at + timedelta(days=1))


async def archive_churned(
    customers: Customers,
    customer_id: str,
    *,
    end_plans: bool = False,
    end_contracts: bool = False,
    void_invoices: bool = False,
    dry_run: bool = False,
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
    now = datetime.now(timezone.utc)
    today = check.today_at_midnight_utc()
    contracts = Contracts(customers._transport)
    open_plans = [
        p
        async for p in customers.plans.list(customer_id)
        if p.ending_before is None or p.ending_before > today
    ]
    open_contracts = [c async for c in contracts.list(customer_id) if not c.ended_by(now)]
    refused_plans = open_plans if not end_plans else []
    refused_contracts = open_contracts if not end_contracts else []
    invoices = await unvoided_invoices(customers, customer_id)
    open_invoices = [invoice for invoice in invoices if is_open(invoice)]
    report = functools.partial(
        ArchiveReport,
        customer_id=customer_id,
        dry_run=dry_run,
        open_plans=open_plans,
        open_contracts=open_contracts,
        invoices=invoices,
        open_invoices=open_invoices,
    )
    # paid or not, archiving voids them all; one of nothing (a period without usage) loses nothing
    refused_invoices = [invoice for invoice in invoices if invoice.total != 0] if not void_invoices else []
    if refused_plans or refused_contracts or refused_invoices:
        if dry_run:
            return report(ended_plans=[], ended_contracts=[], archived=False)
        if refused_plans or refused_contracts:
            raise ActivePlanError(customer_id, refused_plans, refused_contracts)
        raise OpenInvoicesError(customer_id, refused_invoices)
    to_end_plans = [plan.id for plan in open_plans]
    to_end_contracts = [contract.id for contract in open_contracts]
    if dry_run:
        return report(ended_plans=to_end_plans, ended_contracts=to_end_contracts, archived=True)
    for plan in open_plans:
        await customers.plans.end(customer_id, plan.id, ending_before=_plan_end(plan, today))
    for contract in open_contracts:
        await contracts.update_end_date(
            customer_id, contract.id, ending_before=_contract_end(contract, today)
        )
    await customers.archive(customer_id)
    still_listed = [c.id async for c in customers.list(customer_ids=[customer_id])]
    if still_listed:
        raise MetronomeError(f"customer {customer_id} was archived but is still in the active list")
    return report(ended_plans=to_end_plans, ended_contracts=to_end_contracts, archived=True)
