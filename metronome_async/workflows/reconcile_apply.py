"""``customers.apply_plan``: carry out a reconciliation plan with ``provision``'s guarantees.

Before anything is written, every customer the plan updates or archives is read again: if one changed since
the plan saw it (a rename in the dashboard, an alias removed, another owner), the whole plan is refused with a
``StalePlanError``. Then each change runs, concurrently:

- a create is ``provision_many``'s item, the ownership mark added: found by its first alias if a create's
  answer was lost, its contract, credits and commits under their uniqueness keys, never made twice;
- an update sets the name, the ingest aliases (the whole set) and the custom fields that differ, under
  Idempotency-Keys derived from the change; a new billing provider configuration is made (found, if its
  answer was lost) before the old one is archived; a missing contract is made by ``provision``;
- an archive is ``archive_churned``'s, which ends the customer's plans and contracts first and refuses while
  it would void invoices (unless ``void_invoices=True``: an archive the plan marked blocked is otherwise
  reported as blocked and not sent);
- a conflict is skipped.

With a journal, each change is recorded as started and as finished: a rerun after a crash (``kill -9``
included) skips what finished, and resumes what started without taking its half-done writes for a change
made by someone else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import anyio
import attrs

from metronome_async._core.streams import Problems, chunks, run_workers
from metronome_async._core.threads import open_in_thread
from metronome_async._core.words import counted
from metronome_async.errors import MetronomeError, NotFoundError
from metronome_async.models import Customer
from metronome_async.resources._generated.custom_fields import CustomFieldsResource
from metronome_async.workflows.bulk import _Run
from metronome_async.workflows.churn import OpenInvoicesError, archive_churned
from metronome_async.workflows.journal import Journal
from metronome_async.workflows.provision import (
    ProvisionSpec,
    ProvisionState,
    _collection_method_differs,
    _ensure_provider_configuration,
    _no_save,
    _Progress,
    _settle,
    provision,
)
from metronome_async.workflows.reconcile import OWNER_FIELD, Change, ReconcilePlan, _bounded
from metronome_async.workflows.reconcile_store import seen, spec_from_json

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

__all__ = ["ChangeOutcome", "ReconcileReport", "StalePlanError", "apply_plan"]

Status = Literal["applied", "done_earlier", "blocked", "skipped", "failed"]


@attrs.frozen(kw_only=True)
class ChangeOutcome:
    """What applying did with one change:

    - ``applied``: done (for a create, the customer made, or found as asked after a lost answer);
    - ``done_earlier``: an earlier run of this journal finished it; nothing was sent;
    - ``blocked``: an archive that would void invoices, not sent (``void_invoices=True`` sends it);
    - ``skipped``: a conflict, which is never applied;
    - ``failed``: ``error`` says why; rerun with the same journal to finish it."""

    change: Change
    status: Status
    customer_id: str | None = None
    error: Exception | None = None

    @property
    def key(self) -> str | None:
        return self.change.key

    @property
    def action(self) -> str:
        return self.change.action


@attrs.define
class ReconcileReport:
    """Totals by status, and the outcomes that failed or were blocked, in plan order."""

    counts: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(get_args(Status), 0))
    failures: list[ChangeOutcome] = attrs.Factory(list)
    blocked: list[ChangeOutcome] = attrs.Factory(list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        """Every change that can be applied was: none failed and none was blocked."""
        return not self.failures and not self.blocked

    def count(self, status: Status) -> int:
        return self.counts[status]

    def add(self, outcome: ChangeOutcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.status == "blocked":
            self.blocked.append(outcome)

    def __str__(self) -> str:
        totals = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in self.counts.items() if n)
        return f"{counted(self.total, 'change')}: {totals or 'none'}"


Check = Callable[[Customer], bool]
ApplyProgress = Callable[[ChangeOutcome, int, int], object]
"""``on_progress(outcome, done, total)``, after each change."""


class StalePlanError(MetronomeError):
    """Customers the plan updates or archives changed since the plan was made; nothing was applied. Make a
    new plan (it shows what changed) and apply that."""

    def __init__(self, changed: list[str], count: int) -> None:
        self.changed = changed
        """The first of them (a hundred at most), each as "id ('key') changed" or "... is gone"."""
        self.count = count
        more = f"\n  ... and {count - len(changed)} more" if count > len(changed) else ""
        listed = "".join(f"\n  {each}" for each in changed)
        super().__init__(
            f"{count} customer(s) changed since the plan was made; nothing was applied, make a new plan:"
            f"{listed}{more}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.changed, self.count)


def _digest(record: Mapping[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _journal_key(record: Mapping[str, Any]) -> str:
    return f"reconcile:{record['action']}:{record['customer_id']}"


class _Apply:
    def __init__(
        self,
        customers: Customers,
        plan: ReconcilePlan,
        journal: Journal | None,
        on_progress: ApplyProgress | None,
        void_invoices: bool,
    ) -> None:
        self.customers = customers
        self.owner = plan.owner
        self.journal = journal
        self.on_progress = on_progress
        self.void_invoices = void_invoices
        self.total = len(plan.changes)
        self.creates = _Run(customers, self.total, journal, None, None)
        self.report = ReconcileReport()
        self.finished = 0
        self._journal_writer = anyio.CapacityLimiter(1)

    async def _started(self, record: Mapping[str, Any]) -> bool:
        """Whether a run of this journal started this change (so the customer may be half-changed by us)."""
        if self.journal is None:
            return False
        entry = await anyio.to_thread.run_sync(self.journal.get, _journal_key(record))
        return entry is not None and entry.fingerprint == _digest(record)

    async def _finished_earlier(self, record: Mapping[str, Any]) -> bool:
        if self.journal is None:
            return False
        entry = await anyio.to_thread.run_sync(self.journal.get, _journal_key(record))
        return entry is not None and entry.fingerprint == _digest(record) and entry.finished

    async def _record(self, record: Mapping[str, Any], finished: bool) -> None:
        if self.journal is not None:
            state = ProvisionState(customer_id=record["customer_id"])
            await anyio.to_thread.run_sync(
                self.journal.save,
                _journal_key(record),
                _digest(record),
                state,
                finished,
                limiter=self._journal_writer,
            )

    async def check_fresh(self, records: Iterator[dict[str, Any]], concurrency: int) -> None:
        """Refuse the plan if a customer it updates or archives changed since it was made."""
        problems = Problems()

        async def check(record: dict[str, Any]) -> None:
            if await self._started(record):
                return  # this journal's earlier run may have changed it already
            try:
                now = seen(await self.customers.retrieve(record["customer_id"])).fingerprint
            except NotFoundError:
                now = None
            if now != record["seen"]:
                what = "is gone" if now is None else "changed"
                problems.add(f"{record['customer_id']} ({record['key']!r}) {what}")

        touching = (r for r in records if r["action"] in ("update", "archive"))
        for page in chunks(touching, 500):
            await _bounded(concurrency, (check(record) for record in page))
        if problems:
            raise StalePlanError(problems.shown, problems.count)

    async def worker(self, queue: Iterator[dict[str, Any]]) -> None:
        for record in queue:
            outcome = await self.change(record)
            self.report.add(outcome)
            self.finished += 1
            if self.on_progress is not None:
                self.on_progress(outcome, self.finished, self.total)

    async def change(self, record: dict[str, Any]) -> ChangeOutcome:
        change = Change.from_record(record)
        customer_id = record["customer_id"]
        if change.action == "conflict":
            return ChangeOutcome(change=change, status="skipped", customer_id=customer_id)
        if change.action == "create":
            return await self._create(change, spec_from_json(record["spec"]))
        if await self._finished_earlier(record):
            return ChangeOutcome(change=change, status="done_earlier", customer_id=customer_id)
        if change.action == "archive" and change.blocked and not self.void_invoices:
            return ChangeOutcome(change=change, status="blocked", customer_id=customer_id)
        await self._record(record, finished=False)
        try:
            if change.action == "update":
                await self._update(change, spec_from_json(record["spec"]), _digest(record))
            else:
                await archive_churned(
                    self.customers,
                    customer_id,
                    end_plans=True,
                    end_contracts=True,
                    void_invoices=self.void_invoices,
                )
        except OpenInvoicesError as exc:  # invoices appeared since the plan
            return ChangeOutcome(change=change, status="blocked", customer_id=customer_id, error=exc)
        except MetronomeError as exc:
            return ChangeOutcome(change=change, status="failed", customer_id=customer_id, error=exc)
        await self._record(record, finished=True)
        return ChangeOutcome(change=change, status="applied", customer_id=customer_id)

    async def _create(self, change: Change, spec: ProvisionSpec) -> ChangeOutcome:
        owned = attrs.evolve(spec, custom_fields={**(spec.custom_fields or {}), OWNER_FIELD: self.owner})
        outcome = await self.creates.item(0, owned)
        error = outcome.error
        if outcome.status == "differs":
            error = MetronomeError(
                f"a customer holding {spec.key!r} appeared since the plan was made, and differs: "
                f"{outcome.differences}; make a new plan"
            )
        status: Status = (
            "done_earlier"
            if outcome.status == "done_earlier"
            else "failed"
            if error is not None
            else "applied"
        )
        return ChangeOutcome(change=change, status=status, customer_id=outcome.customer_id, error=error)

    async def _update(self, change: Change, spec: ProvisionSpec, digest: str) -> None:
        customer_id = change.customer_id
        assert customer_id is not None
        diff = change.diff

        def key(step: str) -> str:
            return f"metronome-async-reconcile-{step}-{digest}"

        async def written(step: str, write: Callable[[str], Awaitable[object]], done: Check) -> None:
            """``write`` under ``_settle``: a lost answer is looked up (``done``), a 500 moves on to the next
            key of the chain, never a blind repeat."""

            async def find() -> bool | None:
                return True if done(await self.customers.retrieve(customer_id)) else None

            await _settle(key(step), write, find)

        if "name" in diff:
            await written(
                "name",
                lambda k: self.customers.set_name(customer_id, name=spec.name, idempotency_key=k),
                lambda customer: customer.name == spec.name,
            )
        if "ingest_aliases" in diff:
            aliases = list(spec.held_aliases)
            await written(
                "aliases",
                lambda k: self.customers.set_ingest_aliases(
                    customer_id, ingest_aliases=aliases, idempotency_key=k
                ),
                lambda customer: set(customer.ingest_aliases) == set(aliases),
            )
        fields = {
            field: value
            for field, value in (spec.custom_fields or {}).items()
            if f"custom_fields.{field}" in diff
        }
        if fields:
            values = CustomFieldsResource(self.customers._transport)
            await written(
                "fields",
                lambda k: values.set_values(
                    entity="customer", entity_id=customer_id, custom_fields=fields, idempotency_key=k
                ),
                lambda customer: all(customer.custom_fields.get(f) == v for f, v in fields.items()),
            )
        if diff.keys() & {"billing_provider_customer_id", "stripe_collection_method", "contract"}:
            await self._billing_and_contract(spec, customer_id, diff, key("billing"))

    async def _billing_and_contract(
        self, spec: ProvisionSpec, customer_id: str, diff: Mapping[str, tuple[Any, Any]], key: str
    ) -> None:
        """A new billing provider configuration in place of the old one (no update exists), then whatever
        ``provision`` still has to do for the customer: a configuration where none was, the contract."""
        provider = spec.billing_provider_type
        current = diff.get("billing_provider_customer_id", (None, None))[0]
        differs = current is not None or "stripe_collection_method" in diff  # of a configuration held
        customers = self.customers
        if provider is not None and differs and spec.contract is None:
            # the Plans era: setting replaces the configuration

            async def set_config(k: str) -> bool:
                await customers.set_billing_config(
                    customer_id,
                    provider,
                    billing_provider_customer_id=spec.billing_provider_customer_id or "",
                    stripe_collection_method=spec.stripe_collection_method,
                    idempotency_key=k,
                )
                return True

            async def config_set() -> bool | None:
                config = await customers.retrieve_billing_config(customer_id, provider)
                if config.billing_provider_customer_id != spec.billing_provider_customer_id:
                    return None
                return None if _collection_method_differs(spec, config.stripe_collection_method) else True

            await _settle(key, set_config, config_set)
        elif provider is not None and current is not None:  # made (or found) before the old one goes
            state = ProvisionState(customer_id=customer_id)
            made = await _ensure_provider_configuration(
                customers, spec, customer_id, _Progress(state, _no_save, fresh=True)
            )

            async def old() -> list[str]:
                configs = await customers.retrieve_billing_provider_configurations(customer_id)
                return [
                    c.id
                    for c in configs
                    if c.billing_provider == provider and c.archived_at is None and c.id and c.id != made
                ]

            async def archive_old(k: str) -> bool:
                await customers.archive_billing_provider_configurations(
                    customer_id, customer_billing_provider_configuration_ids=await old(), idempotency_key=k
                )
                return True

            async def none_left() -> bool | None:
                return True if not await old() else None

            if await old():
                await _settle(f"{key}-archive", archive_old, none_left)
        rest = attrs.evolve(spec, credits=(), commits=(), plan_id=None, starting_on=None)
        result = await provision(self.customers, rest, ProvisionState(customer_id=customer_id))
        if result.differs:
            raise MetronomeError(
                f"customer {customer_id} changed since the plan was made: {result.differences}; "
                "make a new plan"
            )


async def apply_plan(
    customers: Customers,
    plan: ReconcilePlan,
    *,
    journal: str | Path | None,
    on_progress: ApplyProgress | None,
    void_invoices: bool,
    concurrency: int,
) -> ReconcileReport:
    book = await open_in_thread(Journal, journal) if journal is not None else None
    try:
        run = _Apply(customers, plan, book, on_progress, void_invoices)
        await run.check_fresh(plan.records(), concurrency)
        if plan.register_owner_field:
            await _register_owner_field(customers)
        await run_workers(concurrency, run.worker, plan.records())
    finally:
        if book is not None:
            book.close()
    return run.report


async def _register_owner_field(customers: Customers) -> None:
    fields = CustomFieldsResource(customers._transport)
    async for field in fields.list_keys(entities=["customer"]):
        if field.key == OWNER_FIELD and str(field.entity) == "customer":
            return  # registered since the plan was made
    await fields.add_key(entity="customer", key=OWNER_FIELD, enforce_uniqueness=False)
