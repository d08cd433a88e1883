"""Reading a caller's items lazily for the bulk calls: once or twice, in chunks, with a first pass's problems.

An iterator (a generator, an open file) can be read only once; any other iterable (a list, a tuple, an object
whose ``__iter__`` starts over) can be read twice: a first pass checks every item, a second sends them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from metronome_async.errors import SourceError

__all__ = ["MAX_PROBLEMS_SHOWN", "Problems", "Source", "chunks", "read_once", "run_workers"]

T = TypeVar("T")

MAX_PROBLEMS_SHOWN = 100


def read_once(items: Iterable[object]) -> bool:
    """Whether ``items`` can be read only once (it is its own iterator)."""
    return isinstance(items, Iterator)


class Source(Iterator[T]):
    """The caller's items, shared by a job's workers. When reading them raises, the source simply ends for
    every worker, so each finishes what it holds and nothing read is lost; ``error`` keeps the exception,
    for the job to raise with its report once the work in flight is done."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.read = 0
        self.error: Exception | None = None

    def __next__(self) -> T:
        if self.error is not None:
            raise StopIteration
        try:
            item = next(self._items)
        except StopIteration:
            raise
        except Exception as exc:
            self.error = exc
            raise StopIteration from None
        self.read += 1
        return item

    def raise_error(self, report: object, what: str) -> None:
        """Raise a ``SourceError`` carrying ``report`` if reading the source failed."""
        if self.error is not None:
            raise SourceError(
                f"reading the {what} failed after {self.read} of them: {self.error!r}; the {self.read} read "
                "were finished and are in this error's report",
                report,
                self.read,
            ) from self.error


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter), read as they are asked for."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Problems:
    """What a first pass found wrong: how many problems, and the first ``limit`` of them, in order."""

    def __init__(self, limit: int = MAX_PROBLEMS_SHOWN) -> None:
        self.limit = limit
        self.count = 0
        self.shown: list[str] = []

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.shown) < self.limit:
            self.shown.append(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def listing(self, indent: str = "") -> str:
        more = self.count - len(self.shown)
        return "\n".join(f"{indent}{problem}" for problem in self.shown) + (
            f"\n{indent}... and {more} more" if more else ""
        )

    def error(self, where: str) -> ValueError:
        return ValueError(f"{self.count} problem(s) {where}; nothing was sent:\n{self.listing()}")


async def run_workers(
    count: int, worker: Callable[[Iterator[T]], Awaitable[None]], queue: Iterator[T]
) -> None:
    """Run ``count`` copies of ``worker``, sharing ``queue`` (each item goes to exactly one of them), so at
    most ``count`` items are in flight. If one raises, the others are cancelled and its error is raised."""
    tasks = [asyncio.ensure_future(worker(queue)) for _ in range(count)]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
