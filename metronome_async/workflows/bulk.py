"""``customers.provision_many``: any number of customers, streamed, concurrently, resumable after a crash.

Items are read lazily, at most ``concurrency`` of them in flight, so memory does not grow with the job: the
report keeps totals and the failed items' outcomes, the journal is read one customer at a time, and the
ingest aliases seen go to a temporary SQLite table rather than to memory.

Every item is checked before the first request when ``items`` can be read twice (a list, a tuple, or any
iterable whose ``__iter__`` starts over, such as one that reopens a file): a first pass checks, a second
sends. An iterator (a generator, an open file) can be read only once: each item is checked as it arrives and
a bad one becomes a failed outcome while the others go on.

Items run concurrently, each through ``provision``'s safe steps; the client's pacer slows the whole job down
on 429 and lets it speed up again while calls succeed. One item's failure never stops the others. With a
journal, a rerun skips what was finished and resumes what was not; an item changed since (a fixed plan id,
say) is provisioned again from what Metronome holds, which never makes a second customer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, get_args

import anyio
import attrs

from metronome_async._core.streams import Problems, Source, read_once, run_workers
from metronome_async._core.threads import open_in_thread
from metronome_async._core.words import counted
from metronome_async.workflows.journal import Journal, JournalError
from metronome_async.workflows.provision import Differences, ProvisionSpec, ProvisionState, provision

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

__all__ = ["ItemChecker", "ItemOutcome", "Progress", "ProvisionReport", "check_items", "provision_many"]

Status = Literal["created", "resumed", "existed", "differs", "done_earlier", "failed"]
Item = Mapping[str, Any] | ProvisionSpec


@attrs.frozen(kw_only=True)
class ItemOutcome:
    """What this run did with one item:

    - ``created``: it created the customer (and did the item's other steps);
    - ``resumed``: an earlier run of this journal created the customer and stopped part-way; this run
      finished its steps;
    - ``existed``: the customer was already there, as the item describes it (missing steps were done);
    - ``differs``: the customer was already there but holds something else than the item asks for
      (``differences``: field -> (current, desired)); that was left as it is, and a step that differs
      (a billing provider configuration, a plan or a contract) was not done;
    - ``done_earlier``: an earlier run finished it, per the journal; nothing was sent;
    - ``failed``: ``error`` says why.

    ``key`` is the first ingest alias (``None`` for an item that is not a valid spec); ``state`` how far its
    provisioning got (``None`` if it never started)."""

    index: int
    key: str | None
    status: Status
    state: ProvisionState | None = None
    error: Exception | None = None
    differences: Differences = attrs.field(factory=dict)

    @property
    def customer_id(self) -> str | None:
        return None if self.state is None else self.state.customer_id

    @property
    def customer_plan_id(self) -> str | None:
        return None if self.state is None else self.state.customer_plan_id

    @property
    def contract_id(self) -> str | None:
        return None if self.state is None else self.state.contract_id


@attrs.define
class ProvisionReport:
    """What this run did: totals by outcome, and the outcome of every item that failed or differs, in input
    order. Every outcome went to ``on_progress`` (and the journal) as it completed; the report keeps no object
    for the others."""

    counts: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(get_args(Status), 0))
    failures: list[ItemOutcome] = attrs.Factory(list)
    differing: list[ItemOutcome] = attrs.Factory(list)

    def count(self, status: Status) -> int:
        return self.counts[status]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        """No item failed and none differs: Metronome holds every item as asked."""
        return not self.failures and not self.differing

    def add(self, outcome: ItemOutcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.status == "differs":
            self.differing.append(outcome)

    def __str__(self) -> str:
        totals = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in self.counts.items() if n)
        return f"{counted(self.total, 'item')}: {totals or 'none'}"


Progress = Callable[[ItemOutcome, int, "int | None"], object]
"""``on_progress(outcome, done, total)``: ``total`` is ``None`` when ``items`` is an iterator of unknown
length."""


class ItemChecker:
    """Checks items one at a time, as ``provision`` checks its arguments, and that no ingest alias is claimed
    by two items. The aliases seen go to a temporary SQLite table (a small cache in memory, the rest in a
    temporary file), so memory stays flat however many items there are."""

    def __init__(self) -> None:
        self._claims = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._claims.execute("PRAGMA journal_mode=OFF")
        self._claims.execute("PRAGMA synchronous=OFF")
        self._claims.execute(
            "CREATE TABLE claims (alias TEXT PRIMARY KEY, owner TEXT NOT NULL) WITHOUT ROWID"
        )

    def check(self, item: Item, label: str) -> ProvisionSpec:
        """The item as a spec, or a ValueError/TypeError; a good item's aliases are claimed for ``label``."""
        spec = ProvisionSpec.build(item)
        clash: tuple[str, str] | None = None
        for alias in spec.ingest_aliases:
            claimed = self._claims.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (alias, label))
            if claimed.rowcount == 0 and clash is None:
                [owner] = self._claims.execute(
                    "SELECT owner FROM claims WHERE alias = ?", (alias,)
                ).fetchone()
                clash = (alias, owner)
        if clash is not None:
            raise ValueError(f"ingest alias {clash[0]!r} is also claimed by {clash[1]}")
        return spec

    def close(self) -> None:
        self._claims.close()

    def __enter__(self) -> ItemChecker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def check_items(items: Iterable[Item]) -> int:
    """Check every item, reading them once: how many there are, or one ValueError that lists the bad items
    by index (the first hundred of them, and how many in all)."""
    problems = Problems()
    count = 0
    with ItemChecker() as checker:
        for index, item in enumerate(items):
            count += 1
            try:
                checker.check(item, f"items[{index}]")
            except (TypeError, ValueError) as exc:
                problems.add(f"items[{index}]: {exc}")
    if problems:
        raise problems.error("in the items")
    return count


class _Run:
    """One provision_many call: the journal, the totals, the progress."""

    def __init__(
        self,
        customers: Customers,
        total: int | None,
        journal: Journal | None,
        on_progress: Progress | None,
        checker: ItemChecker | None,
    ):
        self.customers = customers
        self.total = total
        self.journal = journal
        self.on_progress = on_progress
        self.checker = checker
        self.report = ProvisionReport()
        self.finished = 0
        self._journal_writer = anyio.CapacityLimiter(1)  # one thread each: writes stay in order
        self._journal_reader = anyio.CapacityLimiter(1)

    async def _write(self, spec: ProvisionSpec, state: ProvisionState, finished: bool) -> None:
        if self.journal is not None:
            await anyio.to_thread.run_sync(
                self.journal.save, spec.key, spec.fingerprint, state, finished, limiter=self._journal_writer
            )

    def _spec(self, index: int, item: Item) -> ProvisionSpec:
        label = f"items[{index}]"
        try:
            return self.checker.check(item, label) if self.checker else ProvisionSpec.build(item)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{label}: {exc}") from None

    async def item(self, index: int, item: Item) -> ItemOutcome:
        try:
            spec = self._spec(index, item)
        except (TypeError, ValueError) as exc:
            return ItemOutcome(index=index, key=_key_of(item), status="failed", error=exc)
        entry = None
        if self.journal is not None:
            entry = await anyio.to_thread.run_sync(self.journal.get, spec.key, limiter=self._journal_reader)
        same = entry is not None and entry.fingerprint == spec.fingerprint
        if entry is not None and same and entry.finished:
            return ItemOutcome(index=index, key=spec.key, status="done_earlier", state=entry.state)
        # A changed item starts again from what Metronome holds: its customer is found by its first alias.
        state = entry.state if entry is not None and same else ProvisionState()

        finished = False

        async def save(progress: ProvisionState) -> None:
            nonlocal finished
            finished = all(progress.steps(spec).values()) and not progress.differs  # one write says it all
            await self._write(spec, progress, finished)

        try:
            result = await provision(self.customers, spec, state, save)
            done = all(state.steps(spec).values()) and not result.differs  # a rerun compares it again
            if done != finished:
                await self._write(spec, state, finished=done)
        except JournalError:
            raise  # the journal cannot record what is done: the whole job stops at once
        except Exception as exc:  # one item's failure is its outcome, never the job's end
            return ItemOutcome(index=index, key=spec.key, status="failed", state=state, error=exc)
        made_earlier = (
            entry is not None and entry.state.created and entry.state.customer_id == result.customer_id
        )
        status: Status = (
            "created"
            if result.created
            else "differs"
            if result.differs
            else "resumed"
            if made_earlier
            else "existed"
        )
        return ItemOutcome(
            index=index, key=spec.key, status=status, state=state, differences=result.differences
        )

    async def worker(self, queue: Iterator[tuple[int, Item]]) -> None:
        for index, item in queue:  # a shared iterator: each item goes to exactly one worker
            outcome = await self.item(index, item)
            self.report.add(outcome)
            self.finished += 1
            if self.on_progress is not None:
                self.on_progress(outcome, self.finished, self.total)


def _key_of(item: object) -> str | None:
    aliases = item.get("ingest_aliases") if isinstance(item, Mapping) else None
    first = aliases[0] if isinstance(aliases, (list, tuple)) and aliases else None
    return first if isinstance(first, str) else None


async def provision_many(
    customers: Customers,
    items: Iterable[Item],
    *,
    journal: str | Path | None = None,
    on_progress: Progress | None = None,
    concurrency: int,
) -> ProvisionReport:
    if isinstance(items, (Mapping, ProvisionSpec, str, bytes)):
        raise TypeError("items must be an iterable of items (wrap a single item in a list)")
    once = read_once(items)
    total = None
    if not once:  # the first of two passes: nothing is sent unless every item is good
        total = await anyio.to_thread.run_sync(check_items, items)
    book = await open_in_thread(Journal, journal) if journal is not None else None
    checker = None
    try:
        checker = ItemChecker() if once else None
        source = Source(items)
        run = _Run(customers, total, book, on_progress, checker)
        workers = concurrency if total is None else max(1, min(concurrency, total))
        await run_workers(workers, run.worker, enumerate(source))
    finally:
        if checker is not None:
            checker.close()
        if book is not None:
            book.close()
    run.report.failures.sort(key=lambda outcome: outcome.index)
    run.report.differing.sort(key=lambda outcome: outcome.index)
    source.raise_error(run.report, "items")
    return run.report
