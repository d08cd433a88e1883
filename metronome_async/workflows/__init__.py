"""The integration guide's scenarios, composed from the resources."""

from metronome_async.workflows.bulk import ItemOutcome, ProvisionReport
from metronome_async.workflows.churn import ActivePlanError, ArchiveReport, OpenInvoicesError
from metronome_async.workflows.customers import Customers
from metronome_async.workflows.journal import JournalError
from metronome_async.workflows.offboard import OffboardReport
from metronome_async.workflows.provision import (
    IngestAliasConflictError,
    ProvisionError,
    ProvisionResult,
    ProvisionSpec,
)
from metronome_async.workflows.reconcile import ArchiveShareError, Change, ReconcilePlan
from metronome_async.workflows.reconcile_apply import ChangeOutcome, ReconcileReport, StalePlanError

__all__ = [
    "ActivePlanError",
    "ArchiveReport",
    "ArchiveShareError",
    "Change",
    "ChangeOutcome",
    "Customers",
    "IngestAliasConflictError",
    "ItemOutcome",
    "JournalError",
    "OffboardReport",
    "OpenInvoicesError",
    "ProvisionError",
    "ProvisionReport",
    "ProvisionResult",
    "ProvisionSpec",
    "ReconcilePlan",
    "ReconcileReport",
    "StalePlanError",
]
