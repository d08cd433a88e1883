"""Reading a caller's items lazily for the bulk calls: once or twice, in chunks, with a first pass's problems.

An iterator (a generator, an open file) can be read only once; any other iterable (a list, a tuple, an object
whose ``__iter__`` starts over) can be read twice: a first pass checks every item, a second sends them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

__all__ = ["MAX_PROBLEMS_SHOWN", "Problems", "chunks", "read_once", "run_workers"]

T = TypeVar("T")

MAX_PROBLEMS_SHOWN = 100


def read_once(items: Iterable[object]) -> bool:
    """Whether ``items`` can be read only once (it is its own iterator)."""
    return isinstance(items, Iterator)


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
