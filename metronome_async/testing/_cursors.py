"""Pagination: opaque, expiring `next_page` tokens mapped server-side to a position in a listing."""

from __future__ import annotations

import bisect
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ._clock import Clock, ExpiringMap
from ._wire import ApiError, canonical_json

T = TypeVar("T")
SortKey = tuple[Any, ...]


@attrs.frozen
class PageRequest:
    limit: int
    next_page: str | None


@attrs.frozen
class _Position:
    listing: str  # canonical (scope, filters): a token is valid only for the listing that made it
    after: SortKey  # sort key of the last item served


class Cursors:
    """Pages are "items after sort key K", so items created between requests are neither skipped nor
    repeated; a token is a random string, so it cannot be forged or edited into another position."""

    def __init__(self, clock: Clock, ttl: float) -> None:
        self._positions: ExpiringMap[_Position] = ExpiringMap(clock, ttl)

    def page(
        self,
        scope: str,
        filters: Mapping[str, Any],
        items: Sequence[T],
        sort_key: Callable[[T], SortKey],
        request: PageRequest,
        keep: Callable[[T], bool] = lambda _: True,
        *,
        token_name: str = "next_page",
    ) -> tuple[list[T], str | None]:
        """One page of the `keep` items of `items` (sorted by `sort_key`) and the next token or None.
        `token_name` is what the listing calls its token, for error messages."""
        listing = canonical_json([scope, filters])
        start = 0
        if request.next_page is not None:
            after = self._resolve(request.next_page, listing, token_name)
            start = bisect.bisect_right(items, after, key=sort_key)
        found: list[T] = []
        for index in range(start, len(items)):  # no slice copy: listings can be long
            item = items[index]
            if keep(item):
                if len(found) == request.limit:  # one more exists: there is a next page
                    return found, self._issue(_Position(listing, sort_key(found[-1])))
                found.append(item)
        return found, None

    def _issue(self, position: _Position) -> str:
        token = secrets.token_urlsafe(18)
        self._positions.put(token, position)
        return token

    def _resolve(self, token: str, listing: str, token_name: str) -> SortKey:
        position = self._positions.get(token)
        if position is None:
            raise ApiError(400, f"{token_name}: invalid or expired cursor")
        if position.listing != listing:
            raise ApiError(400, f"{token_name}: the cursor belongs to a listing with other filters")
        return position.after
