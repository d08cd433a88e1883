"""Usage events: stored once per transaction_id."""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence

from ._wire import Wire


class Usage:
    def __init__(self) -> None:
        self._events: list[Wire] = []
        self._transaction_ids: set[str] = set()

    def ingest(self, events: Sequence[Wire]) -> None:
        """Duplicate transaction ids are silently ignored."""
        for event in events:
            if event["transaction_id"] not in self._transaction_ids:
                self._transaction_ids.add(event["transaction_id"])
                self._events.append(copy.deepcopy(event))

    def events(self, customer_names: Collection[str] | None) -> list[Wire]:
        """Stored events, optionally only those whose customer_id is one of `customer_names`."""
        return copy.deepcopy(
            [e for e in self._events if customer_names is None or e["customer_id"] in customer_names]
        )
