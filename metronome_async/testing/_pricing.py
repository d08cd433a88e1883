"""Usage priced on a rate card over a time window: the `usage` line items of an invoice. Pure: it reads the
catalog and the events it is given, and changes nothing.

What it prices: each USAGE product with an entitled FLAT rate on the card, in the card's fiat credit type,
whose billable metric the fake can compute (not SQL). Quantity is the metric's aggregate over the product's
events in the window (`_metrics.quantity`; none counts 0), converted and rounded as the product says
(`quantity_conversion`, `quantity_rounding`); total = price * quantity. A rate applies to the events of
its own time span: where the product's rate changes inside the window, each rate gets its own line for its
part of the window. A product priced by pricing group (`pricing_group_key`) gets one line per group of its
events that has a rate for those values, or else the product's rate without values.
Not priced: TIERED, PERCENTAGE, TIERED_PERCENTAGE, CUSTOM and SUBSCRIPTION rates, rates in a custom
credit type, non-entitled rates, overrides, FIXED and COMPOSITE products.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._catalog import Catalog
from ._metrics import BillableMetric, quantities_by_group, quantity
from ._rates import Rate, rate_in_force


@attrs.frozen
class UsageLine:
    product_id: str
    name: str
    tags: tuple[str, ...]
    quantity: float
    unit_price: float
    starting_at: datetime
    ending_before: datetime
    pricing_group_values: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def total(self) -> float:
        return self.unit_price * self.quantity


def usage_lines(
    catalog: Catalog,
    card_id: str,
    fiat_credit_type_id: str,
    events: Sequence[Mapping[str, Any]],
    starting_at: datetime,
    ending_before: datetime,
) -> list[UsageLine]:
    """The usage lines of the card's products over [starting_at, ending_before), a product's lines together,
    in the order its rates were added."""
    rates = [
        r
        for r in catalog.rates.of(card_id)
        if r.entitled
        and r.rate_type == "FLAT"
        and (r.credit_type_id or fiat_credit_type_id) == fiat_credit_type_id
        and r.starting_at < ending_before
        and (r.ending_before is None or r.ending_before > starting_at)
    ]
    lines: list[UsageLine] = []
    for product_id in dict.fromkeys(r.product_id for r in rates):
        product = catalog.products.find(product_id)
        if product is None or product.type != "USAGE":
            continue
        state = product.state(starting_at)
        metric = catalog.metrics.find(state.get("billable_metric_id") or "")
        if metric is None or metric.sql is not None or metric.aggregation_type is None:
            continue
        mine = [r for r in rates if r.product_id == product_id]
        lines += _product_lines(state, metric, mine, events, starting_at, ending_before)
    return lines


def _product_lines(
    state: Mapping[str, Any],
    metric: BillableMetric,
    rates: Sequence[Rate],
    events: Sequence[Mapping[str, Any]],
    starting_at: datetime,
    ending_before: datetime,
) -> Iterable[UsageLine]:
    keys = tuple(state.get("pricing_group_key") or ())

    def line(
        rate: Rate, start: datetime, end: datetime, amount: float | None, group: Mapping[str, str]
    ) -> UsageLine:
        return UsageLine(
            product_id=rate.product_id,
            name=str(state.get("name") or "product"),
            tags=tuple(state.get("tags") or ()),
            quantity=_converted(amount or 0.0, state),
            unit_price=float(rate.price or 0),
            starting_at=start,
            ending_before=end,
            pricing_group_values=dict(group),
        )

    for rate in rates:
        start = max(starting_at, rate.starting_at)
        end = ending_before if rate.ending_before is None else min(ending_before, rate.ending_before)
        if not keys:
            if not rate.pricing_group_values:
                yield line(rate, start, end, quantity(metric, events, start, end), {})
            continue
        for values, amount in quantities_by_group(metric, events, start, end, keys).items():
            if None in values:
                continue
            group = {k: v for k, v in zip(keys, values, strict=True) if v is not None}
            chosen = rate_in_force(rates, rate.product_id, group, start) or rate_in_force(
                rates, rate.product_id, None, start
            )
            if chosen is rate:
                yield line(rate, start, end, amount, group)


def _converted(amount: float, state: Mapping[str, Any]) -> float:
    """The quantity as the product bills it: converted, then rounded."""
    conversion = state.get("quantity_conversion") or {}
    factor = conversion.get("conversion_factor")
    if isinstance(factor, int | float) and factor:
        amount = amount / factor if conversion.get("operation") == "DIVIDE" else amount * factor
    rounding = state.get("quantity_rounding") or {}
    places = rounding.get("decimal_places")
    if isinstance(places, int | float) and places >= 0:
        scale = 10 ** int(places)
        method = rounding.get("rounding_method")
        if method == "ROUND_UP":
            amount = math.ceil(amount * scale) / scale
        elif method == "ROUND_DOWN":
            amount = math.floor(amount * scale) / scale
        else:  # ROUND_HALF_UP
            amount = math.floor(amount * scale + 0.5) / scale
    return amount
