"""Billable metrics: which usage events count (event type and property filters) and how they add up
(`aggregation_type` over `aggregation_key`). Their configuration is immutable; only the name changes, and
archiving is one-way.

`quantity` and `quantities_by_group` are pure: the invoice code gives them a metric and stored events
(the shape `_usage` keeps) and gets the aggregated quantity of a time window back.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id, parse_rfc3339

AGGREGATIONS = ("COUNT", "LATEST", "MAX", "SUM", "UNIQUE")
GroupValues = tuple[str | None, ...]  # one value per group key; None: the event lacks that property


@attrs.frozen
class PropertyFilter:
    """All of a metric's property filters must pass for an event to count."""

    name: str
    exists: bool | None = None  # True: must be present; False: must be absent; None: either
    in_values: tuple[str, ...] | None = None
    not_in_values: tuple[str, ...] | None = None

    def passes(self, properties: Mapping[str, Any]) -> bool:
        if self.name not in properties:
            return self.exists is not True and self.in_values is None
        if self.exists is False:
            return False
        value = property_text(properties[self.name])
        if self.in_values is not None and value not in self.in_values:
            return False
        return self.not_in_values is None or value not in self.not_in_values


@attrs.frozen
class BillableMetric:
    id: str
    seq: int
    name: str
    aggregation_type: str | None = None
    aggregation_key: str | None = None
    event_types_in: tuple[str, ...] | None = None
    event_types_not_in: tuple[str, ...] | None = None
    property_filters: tuple[PropertyFilter, ...] = ()
    group_keys: tuple[tuple[str, ...], ...] | None = None
    sql: str | None = None
    archived_at: datetime | None = None

    def matches(self, event: Mapping[str, Any]) -> bool:
        """Whether a usage event counts towards this metric (its filters; not its time window)."""
        event_type = event.get("event_type")
        if self.event_types_in is not None and event_type not in self.event_types_in:
            return False
        if self.event_types_not_in is not None and event_type in self.event_types_not_in:
            return False
        properties = event.get("properties") or {}
        return all(f.passes(properties) for f in self.property_filters)


def property_text(value: Any) -> str:
    """A property value as filters compare it: strings as they are, other JSON values as JSON text."""
    return value if isinstance(value, str) else json.dumps(value)


def quantity(
    metric: BillableMetric,
    events: Iterable[Mapping[str, Any]],
    starting_at: datetime,
    ending_before: datetime,
) -> float | None:
    """The metric's aggregated quantity over the events in [starting_at, ending_before); None for a metric
    the fake cannot compute (one defined by SQL, or without an aggregation_type). No matching event: 0
    (None for LATEST and MAX)."""
    return _aggregate(metric, _matching(metric, events, starting_at, ending_before))


def quantities_by_group(
    metric: BillableMetric,
    events: Iterable[Mapping[str, Any]],
    starting_at: datetime,
    ending_before: datetime,
    group_keys: Sequence[str],
) -> dict[GroupValues, float | None]:
    """`quantity` per combination of the values of `group_keys` (a product's pricing group key) among the
    matching events, in order of first appearance."""
    groups: dict[GroupValues, list[Mapping[str, Any]]] = {}
    for event in _matching(metric, events, starting_at, ending_before):
        properties = event.get("properties") or {}
        values = tuple(property_text(properties[k]) if k in properties else None for k in group_keys)
        groups.setdefault(values, []).append(event)
    return {values: _aggregate(metric, found) for values, found in groups.items()}


def _matching(
    metric: BillableMetric,
    events: Iterable[Mapping[str, Any]],
    starting_at: datetime,
    ending_before: datetime,
) -> list[Mapping[str, Any]]:
    found = []
    for event in events:
        moment = parse_rfc3339(str(event.get("timestamp")))
        if moment is not None and starting_at <= moment < ending_before and metric.matches(event):
            found.append(event)
    return found


def _aggregate(metric: BillableMetric, events: Sequence[Mapping[str, Any]]) -> float | None:
    kind = metric.aggregation_type
    if metric.sql is not None or kind is None:
        return None
    if kind == "COUNT":
        return float(len(events))
    key = metric.aggregation_key
    keyed = [e for e in events if key in (e.get("properties") or {})]
    if kind == "UNIQUE":
        return float(len({property_text(e["properties"][key]) for e in keyed}))
    numbers = [(e, n) for e in keyed if (n := _number(e["properties"][key])) is not None]
    if kind == "SUM":
        return math.fsum(n for _, n in numbers)
    if not numbers:
        return None
    if kind == "MAX":
        return max(n for _, n in numbers)
    return max(numbers, key=lambda found: _timestamp(found[0]))[1]  # LATEST


def _number(value: Any) -> float | None:
    """A numeric property (a JSON number, or a string holding one, as Metronome accepts)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _timestamp(event: Mapping[str, Any]) -> float:
    moment = parse_rfc3339(str(event.get("timestamp")))
    return moment.timestamp() if moment is not None else -math.inf


# ---------------------------------------------------------------------- the store


class Metrics:
    def __init__(self, clock: Clock, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._metrics: dict[str, BillableMetric] = {}  # creation order

    def create(self, draft: BillableMetric, custom_fields: Mapping[str, str]) -> str:
        """Store a metric built by the route (its id and seq are replaced); returns its id."""
        _check(draft)
        metric_id = new_id()
        self._custom_fields.check("billable_metric", metric_id, custom_fields)
        self._metrics[metric_id] = attrs.evolve(draft, id=metric_id, seq=next(self._seq))
        self._custom_fields.set("billable_metric", metric_id, custom_fields, checked=False)
        return metric_id

    def find(self, metric_id: str) -> BillableMetric | None:
        return self._metrics.get(metric_id)

    def get(self, metric_id: str) -> BillableMetric:
        metric = self._metrics.get(metric_id)
        if metric is None:
            raise ApiError(404, f"billable metric {metric_id} not found")
        return metric

    def usable(self, metric_id: str, where: str) -> BillableMetric:
        """A metric a new product may use: it exists and is not archived (a 400 naming `where`)."""
        metric = self._metrics.get(metric_id)
        if metric is None:
            raise ApiError(400, f"{where}: billable metric {metric_id} not found")
        if metric.archived_at is not None:
            raise ApiError(400, f"{where}: billable metric {metric_id} is archived")
        return metric

    def wire_of(self, metric_id: str) -> Wire:
        return self._wire(self.get(metric_id))

    def page(self, request: PageRequest, *, include_archived: bool) -> Page:
        def keep(m: BillableMetric) -> bool:
            return include_archived or m.archived_at is None

        found, next_page = self._cursors.page(
            "billable_metrics",
            {"include_archived": include_archived},
            list(self._metrics.values()),
            lambda m: (m.seq,),
            request,
            keep,
        )
        return [self._wire(m) for m in found], next_page

    def rename(self, metric_id: str, name: str) -> None:
        metric = self.get(metric_id)
        if not name.strip():
            raise ApiError(400, "name: must not be empty")
        self._metrics[metric_id] = attrs.evolve(metric, name=name)

    def archive(self, metric_id: str) -> None:
        """One-way; archiving an archived metric changes nothing."""
        metric = self.get(metric_id)
        if metric.archived_at is None:
            self._metrics[metric_id] = attrs.evolve(metric, archived_at=self._clock.now())

    def _wire(self, m: BillableMetric) -> Wire:
        wire: Wire = {"id": m.id, "name": m.name}
        if m.event_types_in is not None or m.event_types_not_in is not None:
            wire["event_type_filter"] = _without_none(
                {
                    "in_values": None if m.event_types_in is None else list(m.event_types_in),
                    "not_in_values": None if m.event_types_not_in is None else list(m.event_types_not_in),
                }
            )
        if m.property_filters:
            wire["property_filters"] = [
                _without_none(
                    {
                        "name": f.name,
                        "exists": f.exists,
                        "in_values": None if f.in_values is None else list(f.in_values),
                        "not_in_values": None if f.not_in_values is None else list(f.not_in_values),
                    }
                )
                for f in m.property_filters
            ]
        optional = {
            "aggregation_type": m.aggregation_type,
            "aggregation_key": m.aggregation_key,
            "group_keys": None if m.group_keys is None else [list(k) for k in m.group_keys],
            "sql": m.sql,
            "archived_at": None if m.archived_at is None else format_rfc3339(m.archived_at),
        }
        wire.update(_without_none(optional))
        wire["custom_fields"] = self._custom_fields.get("billable_metric", m.id)
        return wire


def _check(m: BillableMetric) -> None:
    """The rules of a metric's definition; each violation is a 400 naming the field."""
    if not m.name.strip():
        raise ApiError(400, "name: must not be empty")
    if m.sql is not None:
        defined = [
            name
            for name, value in (
                ("aggregation_type", m.aggregation_type),
                ("aggregation_key", m.aggregation_key),
                ("event_type_filter", m.event_types_in or m.event_types_not_in),
                ("property_filters", m.property_filters or None),
                ("group_keys", m.group_keys),
            )
            if value is not None
        ]
        if defined:
            raise ApiError(400, f"{defined[0]}: cannot be given with sql")
        return
    if m.aggregation_type == "COUNT" and m.aggregation_key is not None:
        raise ApiError(400, "aggregation_key: does not apply to a COUNT metric")
    if m.aggregation_type not in (None, "COUNT"):
        if m.aggregation_key is None:
            raise ApiError(400, f"aggregation_key: is required for a {m.aggregation_type} metric")
        if m.aggregation_key not in {f.name for f in m.property_filters}:
            raise ApiError(400, "aggregation_key: must be the name of one of the property_filters")
    for where, values in (
        ("event_type_filter.in_values", m.event_types_in),
        ("event_type_filter.not_in_values", m.event_types_not_in),
        *(
            (f"property_filters[{i}].{name}", values)
            for i, f in enumerate(m.property_filters)
            for name, values in (("in_values", f.in_values), ("not_in_values", f.not_in_values))
        ),
    ):
        if values is not None and not values:
            raise ApiError(400, f"{where}: must not be empty when given")
    for index, key in enumerate(m.group_keys or ()):
        if not key:
            raise ApiError(400, f"group_keys[{index}]: must name at least one property")


def _without_none(wire: Wire) -> Wire:
    return {k: v for k, v in wire.items() if v is not None}
