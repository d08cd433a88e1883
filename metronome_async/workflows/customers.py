"""``client.customers`` with the integration guide's scenarios as one call each.

The endpoint methods live in ``resources.customers``; this class adds the workflows that compose them, so a
resource never imports a workflow. ``AsyncMetronome`` attaches this class as ``client.customers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from metronome_async._core import validate as check
from metronome_async.resources import customers as endpoints
from metronome_async.workflows.bulk import Progress, ProvisionReport, provision_many
from metronome_async.workflows.churn import ArchiveReport, archive_churned
from metronome_async.workflows.offboard import OffboardReport, offboard
from metronome_async.workflows.provision import ProvisionResult, ProvisionSpec, provision
from metronome_async.workflows.reconcile import ReconcilePlan, reconcile
from metronome_async.workflows.reconcile_apply import ApplyProgress, ReconcileReport, apply_plan

__all__ = ["Customers"]


class Customers(endpoints.Customers):
    """Customers: create, read, list, change and archive them, and provision or retire them in one call."""

    async def provision(
        self,
        *,
        name: str,
        ingest_aliases: Sequence[str],
        external_id: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
        billing_provider_type: str | None = None,
        billing_provider_customer_id: str | None = None,
        stripe_collection_method: str | None = None,
        plan_id: str | None = None,
        starting_on: datetime | str | None = None,
        contract: Mapping[str, Any] | None = None,
        credits: Sequence[Mapping[str, Any]] | None = None,
        commits: Sequence[Mapping[str, Any]] | None = None,
    ) -> ProvisionResult:
        """Create a customer, connect its billing provider, put it on a contract (``contract`` holds
        ``contracts.create``'s keyword arguments without ``customer_id``: a rate card, or a package by
        ``package_alias`` or ``package_id``) or on a plan (``plan_id`` and ``starting_on``; the deprecated
        Plans path), not both, then give it ``credits`` and ``commits`` (each the keyword arguments of
        ``customers.credits.create`` / ``customers.commits.create`` without ``customer_id``: a trial credit,
        say). Safe to call again after a failure or a crash: the first ingest alias identifies the
        customer, so it is found, never made twice, and finished steps are not repeated; the contract's,
        each credit's and each commit's ``uniqueness_key`` (derived from the first alias and the terms
        unless given) means a second one is never made. A customer holding the first alias must be this one
        (same name, every alias asked for), and an alias held by another customer stops provisioning; that
        customer is never changed. A failure part-way raises ProvisionError naming the steps done."""
        spec = ProvisionSpec.build(
            {
                "name": name,
                "ingest_aliases": ingest_aliases,
                "external_id": external_id,
                "custom_fields": custom_fields,
                "billing_provider_type": billing_provider_type,
                "billing_provider_customer_id": billing_provider_customer_id,
                "stripe_collection_method": stripe_collection_method,
                "plan_id": plan_id,
                "starting_on": starting_on,
                "contract": contract,
                "credits": credits,
                "commits": commits,
            }
        )
        return await provision(self, spec)

    async def provision_many(
        self,
        items: Iterable[Mapping[str, Any] | ProvisionSpec],
        *,
        journal: str | Path | None = None,
        on_progress: Progress | None = None,
        concurrency: int | None = None,
    ) -> ProvisionReport:
        """``provision`` for many customers, concurrently (``concurrency``, default the client's
        ``max_concurrency``), streamed: ``items`` (mappings of ``provision``'s arguments, from any iterable)
        are read lazily, ``concurrency`` at most in flight. When ``items`` can be read twice (a list, or an
        iterable whose ``__iter__`` starts over) every item is checked before the first request; an iterator
        (a generator, an open file) is checked item by item as it arrives, a bad item becoming a failed
        outcome. With a ``journal`` file, a rerun resumes where the last run stopped; a file that is not a
        journal raises JournalError before anything is sent. ``on_progress(outcome, done, total)`` is
        called after each item (``total`` is ``None`` for an iterator). The report holds the totals and
        every failed item's outcome. If reading ``items`` raises part-way, the items read before are
        finished, then a ``SourceError`` carrying the report is raised."""
        workers = (
            self._transport.max_concurrency
            if concurrency is None
            else check.page_size("concurrency", concurrency, maximum=1000)
        )
        return await provision_many(
            self, items, journal=journal, on_progress=on_progress, concurrency=workers
        )

    async def offboard(
        self, customer_id: str, *, ending_before: datetime | str, dry_run: bool = False
    ) -> OffboardReport:
        """End a leaving customer's contracts at ``ending_before`` (exclusive: their last billing period ends
        there) and report what is left: the invoices still to come or unpaid (the final usage invoice is a
        draft until its period ends and the grace period after it passes) and the commits and credits with a
        balance left. Archives nothing: once the report is ``settled``, ``archive_churned`` archives without
        voiding what is owed. Contracts already ending by then, or starting at or after it, are left as they
        are (and listed). Safe to run again. ``dry_run=True`` changes nothing."""
        check.text("customer_id", customer_id)
        boundary = check.moment("ending_before", ending_before)
        return await offboard(self, customer_id, boundary, dry_run=check.flag("dry_run", dry_run))

    async def archive_churned(
        self,
        customer_id: str,
        *,
        end_plans: bool = False,
        end_contracts: bool = False,
        void_invoices: bool = False,
        dry_run: bool = False,
    ) -> ArchiveReport:
        """Archive a customer, irreversibly. Metronome voids every invoice of an archived customer (archiving
        is meant for a customer onboarded by mistake), so this refuses while a plan or a contract has not
        ended (ActivePlanError), unless ``end_plans=True`` / ``end_contracts=True`` end them first, and while
        the customer has an invoice of a non-zero total that is not void (OpenInvoicesError: drafts, unpaid
        and paid ones alike), unless ``void_invoices=True``. For a customer who churns, ``offboard`` ends
        the contracts and shows what is still owed; archive, if at all, once that is settled. Confirms the
        customer left the active list. ``dry_run=True`` reports what it would do, the invoices archiving
        would void included, and changes nothing."""
        check.text("customer_id", customer_id)
        return await archive_churned(
            self,
            customer_id,
            end_plans=check.flag("end_plans", end_plans),
            end_contracts=check.flag("end_contracts", end_contracts),
            void_invoices=check.flag("void_invoices", void_invoices),
            dry_run=check.flag("dry_run", dry_run),
        )

    async def reconcile(
        self,
        desired: Iterable[Mapping[str, Any] | ProvisionSpec],
        *,
        owner: str,
        archive_missing: bool = False,
        max_archive_share: float = 0.1,
    ) -> ReconcilePlan:
        """Compare the desired customers (``provision``'s items, from any iterable) with Metronome and return
        the plan that would make them equal; read-only. Every customer is listed once, archived ones too, and
        both sides meet in a temporary file, so memory stays flat at any size. Only customers marked as
        owned by ``owner`` (the custom field ``managed_by``) are updated or archived; a customer holding a
        desired alias that is not owned is a conflict, never modified. With ``archive_missing=True``, owned
        customers missing from ``desired`` are archived, unless they are more than ``max_archive_share`` of
        the owned customers (ArchiveShareError: an empty or truncated source is not a mass churn). A bad
        item raises ValueError listing every bad one, before anything is sent."""
        if isinstance(desired, (Mapping, ProvisionSpec, str, bytes)):
            raise TypeError("desired must be an iterable of items (wrap a single item in a list)")
        return await reconcile(
            self,
            desired,
            owner=check.text("owner", owner, max_length=200),
            archive_missing=check.flag("archive_missing", archive_missing),
            max_archive_share=check.number("max_archive_share", max_archive_share, minimum=0, maximum=1),
            concurrency=self._transport.max_concurrency,
        )

    async def apply_plan(
        self,
        plan: ReconcilePlan,
        *,
        journal: str | Path | None = None,
        on_progress: ApplyProgress | None = None,
        void_invoices: bool = False,
    ) -> ReconcileReport:
        """Carry out a plan of ``reconcile`` with ``provision``'s guarantees: a key per write, exactly once
        through failures and retries, and with a ``journal`` file, a rerun after a crash skips what finished
        and resumes what started. Every customer the plan updates or archives is read again first: if one
        changed since the plan was made, nothing is applied (StalePlanError). Conflicts are skipped. An
        archive the plan marked blocked (it would void invoices) is not sent unless ``void_invoices=True``.
        ``on_progress(outcome, done, total)`` is called after each change; the report holds the totals and
        the changes that failed or were blocked."""
        if not isinstance(plan, ReconcilePlan):
            raise TypeError(
                f"plan must be a ReconcilePlan from customers.reconcile, not {type(plan).__name__}"
            )
        return await apply_plan(
            self,
            plan,
            journal=journal,
            on_progress=on_progress,
            void_invoices=check.flag("void_invoices", void_invoices),
            concurrency=self._transport.max_concurrency,
        )
