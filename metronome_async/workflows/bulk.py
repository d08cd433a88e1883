"""``customers.provision_many``: thousands of customers, concurrently, resumable after a crash.

Every item is checked before the first request. Items run concurrently, each through ``provision``'s safe
steps; the client's pacer slows the whole job down on 429 and lets it speed up again while calls succeed.
One item's failure never stops the others. With a journal, a rerun skips what was finished and resumes what
was not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import anyio
import attrs

from metronome_async.workflows.journal import Entry, Journal
from metronome_async.workflows.provision import ProvisionSpec, ProvisionState, provision

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

__all__ = ["ItemOutcome", "ProvisionReport"]

Status = Literal["created", "existed", "done_earlier", "failed"]


@attrs.frozen(kw_only=True)
class ItemOutcome:
    """What became of one item: ``created``, ``existed`` (found, not created again), ``done_earlier``
    (finished by an earlier run, per the journal; nothing sent) or ``failed`` (``error`` says why)."""

    index: int
    key: str
    status: Status
    customer_id: str | None = None
    customer_plan_id: str | None = None
    error: Exception | None = None


@attrs.frozen
class ProvisionReport:
    """Every item's outcome, in input order, with totals."""

    outcomes: list[ItemOutcome]

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failures(self) -> list[ItemOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        totals = ", ".join(f"{self.count(s)} {s.replace('_', ' ')}" for s in get_args(Status))
        return f"{len(self.outcomes)} items: {totals}"


Progress = Callable[[ItemOutcome, int, int], object]


def spec_problems(
    items: Iterable[Mapping[str, Any] | ProvisionSpec], labels: Sequence[str] | None = None
) -> tuple[list[ProvisionSpec], list[str]]:
    """Every good item as a spec, and a problem line for every bad one (labelled ``items[i]``, or by
    ``labels[i]``): invalid arguments, and an ingest alias that another item also claims."""
    specs: list[ProvisionSpec] = []
    problems: list[str] = []
    owner: dict[str, str] = {}
    for index, item in enumerate(items):
        label = labels[index] if labels is not None else f"items[{index}]"
        try:
            spec = ProvisionSpec.build(item)
        except (TypeError, ValueError) as exc:
            problems.append(f"{label}: {exc}")
            continue
        clash = next((alias for alias in spec.ingest_aliases if alias in owner), None)
        if clash is not None:
            problems.append(f"{label}: ingest alias {clash!r} is also claimed by {owner[clash]}")
        for alias in spec.ingest_aliases:
            owner.setdefault(alias, label)
        specs.append(spec)
    return specs, problems


def check_items(items: Iterable[Mapping[str, Any] | ProvisionSpec]) -> list[ProvisionSpec]:
    """Every item as a spec, or one ValueError that lists every bad item (by index)."""
    specs, problems = spec_problems(items)
    if problems:
        shown = "\n".join(problems[:100]) + ("\n..." if len(problems) > 100 else "")
        raise ValueError(f"{len(problems)} problem(s) in the items; nothing was sent:\n{shown}")
    return specs


class _Run:
    """One provision_many call: the journal, the outcomes, the progress."""

    def __init__(
        self, customers: Customers, total: int, journal: Journal | None, on_progress: Progress | None
    ):
        self.customers = customers
        self.total = total
        self.journal = journal
        self.on_progress = on_progress
        self.entries: dict[str, Entry] = {}
        self.outcomes: list[ItemOutcome | None] = [None] * total
        self.finished = 0
        self._journal_thread = anyio.CapacityLimiter(1)

    async def _write(self, spec: ProvisionSpec, state: ProvisionState, finished: bool) -> None:
        if self.journal is not None:
            await anyio.to_thread.run_sync(
                self.journal.save, spec.key, spec.fingerprint, state, finished, limiter=self._journal_thread
            )

    async def item(self, index: int, spec: ProvisionSpec) -> ItemOutcome:
        entry = self.entries.get(spec.key)
        if entry is not None and entry.fingerprint != spec.fingerprint:
            error = ValueError(
                f"the journal has {spec.key!r} with other details; provision it alone or use a new journal"
            )
            return ItemOutcome(index=index, key=spec.key, status="failed", error=error)
        state = entry.state if entry is not None else ProvisionState()
        if entry is not None and entry.finished:
            return ItemOutcome(
                index=index,
                key=spec.key,
                status="done_earlier",
                customer_id=state.customer_id,
                customer_plan_id=state.customer_plan_id,
            )

        async def save(progress: ProvisionState) -> None:
            await self._write(spec, progress, finished=False)

        try:
            result = await provision(self.customers, spec, state, save)
            await self._write(spec, state, finished=True)
        except Exception as exc:  # one item's failure is its outcome, never the job's end
            return ItemOutcome(
                index=index, key=spec.key, status="failed", customer_id=state.customer_id, error=exc
            )
        return ItemOutcome(
            index=index,
            key=spec.key,
            status="created" if result.created else "existed",
            customer_id=result.customer_id,
            customer_plan_id=result.customer_plan_id,
        )

    async def worker(self, queue: Iterable[tuple[int, ProvisionSpec]]) -> None:
        for index, spec in queue:  # a shared iterator: each item goes to exactly one worker
            outcome = await self.item(index, spec)
            self.outcomes[index] = outcome
            self.finished += 1
            if self.on_progress is not None:
                self.on_progress(outcome, self.finished, self.total)


async def provision_many(
    customers: Customers,
    items: Iterable[Mapping[str, Any] | ProvisionSpec],
    *,
    journal: str | Path | None = None,
    on_progress: Progress | None = None,
    concurrency: int,
) -> ProvisionReport:
    specs = check_items(items)
    book = await anyio.to_thread.run_sync(Journal, journal) if journal is not None else None
    try:
        run = _Run(customers, len(specs), book, on_progress)
        if book is not None:
            run.entries = await anyio.to_thread.run_sync(book.load)
        queue = iter(enumerate(specs))
        await asyncio.gather(*(run.worker(queue) for _ in range(min(concurrency, len(specs)) or 1)))
    finally:
        if book is not None:
            book.close()
    return ProvisionReport([outcome for outcome in run.outcomes if outcome is not None])
