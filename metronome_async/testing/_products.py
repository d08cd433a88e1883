"""Products: what invoices name and rates price. A USAGE product meters a billable metric; FIXED,
COMPOSITE, SUBSCRIPTION and PRO_SERVICE products are kept as given.

A product's type never changes. An update is a dated version: it applies from its `starting_at` (past
or future), and `current` is the initial state with every update in force by the fake's clock applied
in order of `starting_at`. Archiving is one-way.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._metrics import BillableMetric
from ._rate_cards import CREATED_BY
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

TYPES = ("FIXED", "USAGE", "COMPOSITE", "SUBSCRIPTION", "PROFESSIONAL_SERVICE", "PRO_SERVICE")
USAGE_ONLY = ("pricing_group_key", "presentation_group_key", "quantity_conversion", "quantity_rounding")
# The fields of a product's state (ProductListItemState) that a create or an update may set.
STATE_FIELDS = (
    "name", "billable_metric_id", "composite_product_ids", "composite_tags", "composite_scope",
    "exclude_free_usage", "include_composite_spend", "is_refundable", "netsuite_internal_item_id",
    "netsuite_overage_item_id", "presentation_group_key", "pricing_group_key", "quantity_conversion",
    "quantity_rounding", "tags",
)  # fmt: skip


@attrs.frozen
class Version:
    """The fields a create or an update set, from `starting_at` (None: from the start)."""

    fields: Mapping[str, Any]
    starting_at: datetime | None
    created_at: datetime


@attrs.define
class Product:
    id: str
    seq: int
    type: str
    initial: Version
    updates: list[Version] = attrs.field(factory=list)
    archived_at: datetime | None = None

    def state(self, at: datetime) -> dict[str, Any]:
        """The fields in force at `at`: the initial ones with every update started by then applied."""
        fields = dict(self.initial.fields)
        for update in sorted(self.updates, key=_start):
            if update.starting_at is not None and update.starting_at <= at:
                fields.update(update.fields)
        return fields


def _start(version: Version) -> datetime:
    return version.starting_at or datetime.min.replace(tzinfo=timezone.utc)


class Products:
    def __init__(self, clock: Clock, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._products: dict[str, Product] = {}  # creation order

    def create(
        self,
        product_type: str,
        fields: Mapping[str, Any],
        metric: BillableMetric | None,
        custom_fields: Mapping[str, str],
        product_id: str | None = None,
    ) -> str:
        """`fields`: the state fields given; `metric`: the usable billable metric they name, if any;
        `product_id`: the id to give it (a test's fixed id), else a new one."""
        product_type = "PRO_SERVICE" if product_type == "PROFESSIONAL_SERVICE" else product_type
        self._check(product_type, fields, metric)
        product_id = product_id or new_id()
        if product_id in self._products:
            raise ApiError(409, f"product {product_id} already exists")
        self._custom_fields.check("product", product_id, custom_fields)
        self._products[product_id] = Product(
            id=product_id,
            seq=next(self._seq),
            type=product_type,
            initial=Version(dict(fields), None, self._clock.now()),
        )
        self._custom_fields.set("product", product_id, custom_fields, checked=False)
        return product_id

    def update(
        self, product_id: str, starting_at: datetime, fields: Mapping[str, Any], metric: BillableMetric | None
    ) -> None:
        product = self._live(product_id)
        utc = starting_at.astimezone(timezone.utc)
        if (utc.minute, utc.second, utc.microsecond) != (0, 0, 0):
            raise ApiError(400, "starting_at: must be on an hour boundary")
        self._check(product.type, {**product.state(starting_at), **fields}, metric)
        product.updates.append(Version(dict(fields), starting_at, self._clock.now()))

    def archive(self, product_id: str) -> None:
        self._live(product_id).archived_at = self._clock.now()

    def get(self, product_id: str) -> Product:
        product = self._products.get(product_id)
        if product is None:
            raise ApiError(404, f"product {product_id} not found")
        return product

    def find(self, product_id: str) -> Product | None:
        return self._products.get(product_id)

    def wire_of(self, product_id: str) -> Wire:
        return self.wire(self.get(product_id))

    def page(self, request: PageRequest, archive_filter: str) -> Page:
        wanted = {"ARCHIVED": True, "NOT_ARCHIVED": False, "ALL": None}[archive_filter]

        def keep(p: Product) -> bool:
            return wanted is None or (p.archived_at is not None) == wanted

        found, next_page = self._cursors.page(
            "products",
            {"archive_filter": archive_filter},
            list(self._products.values()),
            lambda p: (p.seq,),
            request,
            keep,
        )
        return [self.wire(p) for p in found], next_page

    def current(self, product: Product) -> dict[str, Any]:
        """The fields in force now, by the fake's clock."""
        return product.state(self._clock.now())

    def custom_fields(self, product_id: str) -> dict[str, str]:
        return self._custom_fields.get("product", product_id)

    def wire(self, p: Product) -> Wire:
        now = self._clock.now()
        in_force = [u for u in p.updates if u.starting_at is not None and u.starting_at <= now]
        latest = max(in_force, key=_start, default=p.initial)
        wire: Wire = {
            "id": p.id,
            "type": p.type,
            "initial": _state_wire(p.initial.fields, p.initial),
            "current": _state_wire(p.state(now), latest),
            "updates": [_update_wire(u) for u in p.updates],
            "custom_fields": self._custom_fields.get("product", p.id),
        }
        if p.archived_at is not None:
            wire["archived_at"] = format_rfc3339(p.archived_at)
        return wire

    def _live(self, product_id: str) -> Product:
        product = self.get(product_id)
        if product.archived_at is not None:
            raise ApiError(400, f"product {product_id} is archived")
        return product

    def _check(self, product_type: str, fields: Mapping[str, Any], metric: BillableMetric | None) -> None:
        """The rules between a product's type and its fields, on the state it would have."""
        if not str(fields.get("name", "")).strip():
            raise ApiError(400, "name: must not be empty")
        if product_type == "USAGE":
            if fields.get("billable_metric_id") is None:
                raise ApiError(400, "billable_metric_id: is required for a USAGE product")
        else:
            for name in ("billable_metric_id", *USAGE_ONLY):
                if fields.get(name) is not None:
                    raise ApiError(400, f"{name}: only a USAGE product takes it")
        if product_type == "COMPOSITE":
            if not fields.get("composite_product_ids") and not fields.get("composite_tags"):
                raise ApiError(
                    400, "composite_product_ids: a COMPOSITE product needs these or composite_tags"
                )
            for index, other in enumerate(fields.get("composite_product_ids") or ()):
                if other not in self._products:
                    raise ApiError(400, f"composite_product_ids[{index}]: product {other} not found")
        else:
            for name in ("composite_product_ids", "composite_tags", "composite_scope"):
                if fields.get(name) is not None:
                    raise ApiError(400, f"{name}: only a COMPOSITE product takes it")
        if metric is not None and metric.group_keys is not None and metric.sql is None:
            keys = {*(fields.get("pricing_group_key") or ()), *(fields.get("presentation_group_key") or ())}
            if keys and keys not in [set(k) for k in metric.group_keys]:
                raise ApiError(
                    400,
                    "pricing_group_key: with presentation_group_key, must make one of the billable "
                    "metric's group keys",
                )


def _state_wire(fields: Mapping[str, Any], version: Version) -> Wire:
    wire: Wire = {k: fields[k] for k in STATE_FIELDS if fields.get(k) is not None}
    wire["created_at"] = format_rfc3339(version.created_at)
    wire["created_by"] = CREATED_BY
    if version.starting_at is not None:
        wire["starting_at"] = format_rfc3339(version.starting_at)
    return wire


def _update_wire(update: Version) -> Wire:
    return _state_wire(update.fields, update)
