"""Listings that follow ``next_page`` to the end, one page in memory at a time."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

import attrs

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
        cursor: str | None = None
        while True:
            page = await self._fetch(cursor)
            yield page
            if not page.next_page:  # keep going past an empty page while a cursor remains
                return
            cursor = page.next_page

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
