"""Listings that follow ``next_page`` to the end, one page in memory at a time."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

import attrs

from metronome_async.errors import MetronomeError

__all__ = ["AsyncPager", "Page"]

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of a listing; ``next_page`` is the cursor of the next, ``None`` on the last."""

    data: list[T]
    next_page: str | None


class AsyncPager(Generic[T]):
    """``async for item in pager`` streams every item; ``pager.pages()`` yields whole pages;
    ``await pager`` collects everything into a list (for listings known to be small)."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Every page in turn; a ``next_page`` cursor already followed in this listing (the same page again,
        or a loop of pages) raises ``MetronomeError`` instead of being followed for ever."""
        cursor: str | None = None
        followed: set[str] = set()
        while True:
            page = await self._fetch(cursor)
            yield page
            if not page.next_page:  # keep going past an empty page while a cursor remains
                return
            cursor = page.next_page
            if cursor in followed:
                raise MetronomeError(
                    f"next_page cursor {cursor!r} came back after {len(followed) + 1} pages of this listing: "
                    "the server repeats pages, so the listing stopped instead of looping for ever"
                )
            followed.add(cursor)

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.data:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def to_list(self) -> list[T]:
        return [item async for item in self._items()]

    def __await__(self) -> Generator[Any, None, list[T]]:
        return self.to_list().__await__()
