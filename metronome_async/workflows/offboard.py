"""``customers.offboard``: a customer who leaves stops being billed at a boundary, and what is still owed or
left shows. Nothing is archived: archiving a customer voids its invoices, so it comes last, once the final
invoice is settled (``archive_churned``)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs

from metronome_async._core.serde import format_datetime
from metronome_async.models import Balance, Contract, Invoice
from metronome_async.resources.contracts import Contracts

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

__all__ = ["OffboardReport", "is_open", "offboard", "unvoided_invoices"]

SETTLED = frozenset({"PAID", "VOID", "DELETED", "UNCOLLECTIBLE"})
"""The billing provider's statuses of an invoice that has nothing left to collect."""


def is_open(invoice: Invoice) -> bool:
    """Whether ``invoice`` still has money to collect: a draft (it will be finalized), or a finalized invoice
    of a non-zero total that its billing provider has not marked paid (one with no billing provider counts as
    unpaid: only the caller knows whether it was collected)."""
    if invoice.status == "DRAFT":
        return True
    if invoice.status != "FINALIZED" or invoice.total == 0:
        return False
    external = invoice.external_invoice
    status = None if external is None else external.external_status
    return status is None or str(getattr(status, "value", status)) not in SETTLED


async def unvoided_invoices(customers: Customers, customer_id: str) -> list[Invoice]:
    """Every invoice of the customer that is not void: what archiving the customer would void."""
    return [invoice async for invoice in customers.invoices.list(customer_id) if invoice.status != "VOID"]


@attrs.frozen(kw_only=True)
class OffboardReport:
    """What ``offboard`` did, or with ``dry_run`` what it would do. ``settled`` says whether the customer can
    be archived without voiding an invoice that is still owed."""

    customer_id: str
    ending_before: datetime
    dry_run: bool
    ended_contracts: list[str]
    """Contracts ended at ``ending_before`` (or that would be, on a dry run)."""
    already_ending: list[str]
    """Contracts that end by ``ending_before`` already: left as they are."""
    not_started: list[str]
    """Contracts starting at or after ``ending_before``: left as they are (archive them if they must never
    start: ``contracts.archive``)."""
    open_invoices: list[Invoice]
    """Drafts still to be finalized (the final one among them) and finalized invoices not marked paid."""
    balances: list[Balance]
    """Commits and credits with a balance left, which end unused with the contracts."""

    @property
    def settled(self) -> bool:
        return not self.open_invoices

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: ids, statuses, totals and balances."""
        return {
            "customer_id": self.customer_id,
            "ending_before": format_datetime(self.ending_before, "ending_before"),
            "dry_run": self.dry_run,
            "ended_contracts": self.ended_contracts,
            "already_ending": self.already_ending,
            "not_started": self.not_started,
            "open_invoices": [_invoice_summary(invoice) for invoice in self.open_invoices],
            "balances": [
                {"id": item.id, "type": str(item.type), "name": item.name, "balance": item.balance}
                for item in self.balances
            ],
            "settled": self.settled,
        }


def _invoice_summary(invoice: Invoice) -> dict[str, Any]:
    period = (invoice.start_timestamp, invoice.end_timestamp)
    start, end = (None if moment is None else format_datetime(moment, "period") for moment in period)
    return {
        "id": invoice.id,
        "status": invoice.status,
        "total": invoice.total,
        "contract_id": invoice.contract_id,
        "start_timestamp": start,
        "end_timestamp": end,
    }


async def offboard(
    customers: Customers, customer_id: str, ending_before: datetime, *, dry_run: bool
) -> OffboardReport:
    contracts = Contracts(customers._transport)
    to_end: list[str] = []
    sorted_out: dict[str, list[str]] = {"already_ending": [], "not_started": []}
    async for contract in contracts.list(customer_id):
        place = _place(contract, ending_before)
        if place is None:
            to_end.append(contract.id)
        else:
            sorted_out[place].append(contract.id)
    if not dry_run:
        for contract_id in to_end:
            await contracts.update_end_date(customer_id, contract_id, ending_before=ending_before)
    invoices = await unvoided_invoices(customers, customer_id)
    open_invoices = [invoice for invoice in invoices if is_open(invoice)]
    balances = [
        item
        async for item in contracts.list_balances(
            customer_id, include_contract_balances=True, include_balance=True, exclude_zero_balances=True
        )
        if (item.balance or 0) > 0
    ]
    return OffboardReport(
        customer_id=customer_id,
        ending_before=ending_before.astimezone(timezone.utc),
        dry_run=dry_run,
        ended_contracts=to_end,
        already_ending=sorted_out["already_ending"],
        not_started=sorted_out["not_started"],
        open_invoices=open_invoices,
        balances=balances,
    )


def _place(contract: Contract, boundary: datetime) -> str | None:
    """Where a contract goes in the report: ``None`` if it is to be ended at ``boundary``."""
    if contract.starting_at >= boundary:
        return "not_started"
    if contract.ended_by(boundary):
        return "already_ending"
    return None
