"""The rates of rate cards: the price of a product (for a set of pricing group values) from a moment on.

For one rate card, product and pricing group values, rates form a schedule: a new rate must start after
every existing one, and the rate in force at its start then ends there (inferred from how Metronome
schedules price changes). `rate_in_force` is pure: the invoice code asks it for the rate of a product at
a moment.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from ._rate_cards import credit_type
from ._wire import ApiError, Wire, format_rfc3339

RATE_TYPES = ("FLAT", "PERCENTAGE", "SUBSCRIPTION", "TIERED", "TIERED_PERCENTAGE", "CUSTOM")


@attrs.define
class Rate:
    product_id: str
    starting_at: datetime
    entitled: bool
    rate_type: str
    ending_before: datetime | None = None  # ends where the next rate of its schedule starts
    price: float | None = None
    credit_type_id: str | None = None  # None: USD (cents)
    pricing_group_values: Mapping[str, str] = attrs.field(factory=dict)
    quantity: float | None = None
    is_prorated: bool | None = None
    tiers: Sequence[Mapping[str, Any]] | None = None
    minimum_config: Mapping[str, Any] | None = None
    custom_rate: Mapping[str, Any] | None = None
    billing_frequency: str | None = None
    commit_rate: Mapping[str, Any] | None = None
    seq: int = 0  # creation order in its rate card

    def covers(self, moment: datetime) -> bool:
        return self.starting_at <= moment and (self.ending_before is None or moment < self.ending_before)

    def schedule_key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.product_id, tuple(sorted(self.pricing_group_values.items()))

    def wire(self) -> Wire:
        """The Rate (and RateWithCommitRate) form."""
        optional = {
            "price": self.price,
            "quantity": self.quantity,
            "is_prorated": self.is_prorated,
            "tiers": None if self.tiers is None else [dict(t) for t in self.tiers],
            "minimum_config": None if self.minimum_config is None else dict(self.minimum_config),
            "custom_rate": None if self.custom_rate is None else dict(self.custom_rate),
            "pricing_group_values": dict(self.pricing_group_values) or None,
            "commit_rate": None if self.commit_rate is None else dict(self.commit_rate),
        }
        wire: Wire = {"rate_type": self.rate_type, **{k: v for k, v in optional.items() if v is not None}}
        if self.rate_type != "PERCENTAGE":  # a percentage uses the credit type of the rates it applies to
            wire["credit_type"] = credit_type(self.credit_type_id)
        return wire


def rate_in_force(
    rates: Iterable[Rate], product_id: str, pricing_group_values: Mapping[str, str] | None, at: datetime
) -> Rate | None:
    """The rate of `product_id` for exactly these pricing group values (None or {}: none) at `at`."""
    key = (product_id, tuple(sorted((pricing_group_values or {}).items())))
    return next((r for r in rates if r.schedule_key() == key and r.covers(at)), None)


def check_rate(rate: Rate, where: str, product_type: str) -> None:
    """The rules of one rate on its own (a 400 naming the field, `where` its place in the request)."""
    utc = rate.starting_at.astimezone(timezone.utc)
    if (utc.minute, utc.second, utc.microsecond) != (0, 0, 0):
        raise ApiError(400, f"{where}starting_at: must be on an hour boundary")
    if rate.ending_before is not None and rate.ending_before <= rate.starting_at:
        raise ApiError(400, f"{where}ending_before: must be after starting_at")
    kind = rate.rate_type
    if kind in ("FLAT", "SUBSCRIPTION", "PERCENTAGE"):
        if rate.price is None:
            raise ApiError(400, f"{where}price: is required for a {kind} rate")
        if rate.price < 0 or (kind == "PERCENTAGE" and rate.price > 1):
            bound = "from 0 to 1 (a fraction)" if kind == "PERCENTAGE" else "at least 0"
            raise ApiError(400, f"{where}price: must be {bound} for a {kind} rate")
    if kind in ("TIERED", "TIERED_PERCENTAGE") and not rate.tiers:
        raise ApiError(400, f"{where}tiers: are required for a {kind} rate")
    if kind not in ("TIERED", "TIERED_PERCENTAGE") and rate.tiers is not None:
        raise ApiError(400, f"{where}tiers: only a TIERED rate takes them")
    if kind == "CUSTOM" and rate.custom_rate is None:
        raise ApiError(400, f"{where}custom_rate: is required for a CUSTOM rate")
    if rate.quantity is not None and (kind != "SUBSCRIPTION" or rate.quantity < 0):
        raise ApiError(400, f"{where}quantity: only a SUBSCRIPTION rate takes it, at least 0")
    if rate.is_prorated is not None and (kind != "SUBSCRIPTION" or rate.is_prorated is not True):
        raise ApiError(400, f"{where}is_prorated: only a SUBSCRIPTION rate takes it, and it must be true")
    if product_type == "SUBSCRIPTION" and kind == "FLAT" and rate.billing_frequency is None:
        raise ApiError(
            400, f"{where}billing_frequency: is required for a FLAT rate of a SUBSCRIPTION product"
        )


class Rates:
    """Every rate card's rates, in the order they were added."""

    def __init__(self) -> None:
        self._by_card: dict[str, list[Rate]] = {}
        self._seq = itertools.count(1)

    def of(self, card_id: str) -> list[Rate]:
        """The card's rates, oldest first (the store's own list: callers must not change it)."""
        return self._by_card.get(card_id, [])

    def add(self, card_id: str, new: Sequence[tuple[str, Rate]]) -> None:
        """Add rates, each checked by `check_rate`, with where it came from (`rates[1].`): all or none.
        Each must start after every rate of its schedule, those added before it included."""
        existing = self.of(card_id)
        latest: dict[tuple[str, tuple[tuple[str, str], ...]], datetime] = {}
        for rate in existing:
            key = rate.schedule_key()
            latest[key] = max(latest.get(key, rate.starting_at), rate.starting_at)
        for where, rate in new:
            key = rate.schedule_key()
            if key in latest and rate.starting_at <= latest[key]:
                raise ApiError(
                    400,
                    f"{where}starting_at: must be after {format_rfc3339(latest[key])}, the start of the "
                    "product's latest rate for these pricing group values on this rate card",
                )
            latest[key] = rate.starting_at
        stored = self._by_card.setdefault(card_id, [])
        for _, rate in new:
            for earlier in stored:
                if earlier.schedule_key() == rate.schedule_key() and (
                    earlier.ending_before is None or earlier.ending_before > rate.starting_at
                ):
                    earlier.ending_before = rate.starting_at
            rate.seq = next(self._seq)
            stored.append(rate)
