"""The objects of the operations that have no rules of their own (see _generic): by collection, in the order
they were created."""

from __future__ import annotations

import itertools

import attrs

from ._wire import Wire


@attrs.define
class Record:
    seq: int  # creation order: the sort key of listings
    collection: str
    fields: Wire  # what the create was given, its id and created_at, and what changed since


class Records:
    def __init__(self) -> None:
        self._collections: dict[str, list[Record]] = {}
        self._by_id: dict[tuple[str, str], Record] = {}
        self._seq = itertools.count()

    def add(self, collection: str, fields: Wire) -> Record:
        record = Record(next(self._seq), collection, fields)
        self._collections.setdefault(collection, []).append(record)
        self._by_id[(collection, fields["id"])] = record
        return record

    def get(self, collection: str, record_id: str) -> Record | None:
        return self._by_id.get((collection, record_id))

    def all(self, collection: str) -> list[Record]:
        """Oldest first; the store's own list (callers must not change it)."""
        return self._collections.get(collection, [])
