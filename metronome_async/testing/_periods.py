"""Billing periods: the usage statement schedule of a contract cut into periods. Pure functions.

A schedule's boundaries are its billing anchor date plus every whole step of its frequency, before and
after it (WEEKLY: 7 days; MONTHLY, QUARTERLY, ANNUAL: 1, 3, 12 months, on the anchor's day of the month, or
the month's last day when it is shorter). Period `k` runs from boundary `k` to boundary `k + 1`, bounded by
the contract's start and end: the first period starts with the contract, and a contract ended early has a
short last one. The anchor is the first of the start's month (FIRST_OF_MONTH), the start itself
(CONTRACT_START) or `billing_anchor_date` (CUSTOM_DATE); so with FIRST_OF_MONTH a QUARTERLY schedule counts
its quarters from the contract's first month, not from the calendar's.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone

import attrs

from ._contracts import ContractTerms

MONTHS = {"MONTHLY": 1, "QUARTERLY": 3, "ANNUAL": 12}
WEEK = timedelta(days=7)
TICK = timedelta(microseconds=1)
# The most periods of one contract that are invoiced: the latest ones. A contract backdated by centuries
# would otherwise make thousands of invoices on its first read.
MAX_PERIODS = 120


@attrs.frozen
class Period:
    index: int  # k: the period between boundaries k and k + 1 of the schedule
    starting_at: datetime
    ending_before: datetime


def boundary(anchor: datetime, frequency: str, k: int) -> datetime | None:
    """The schedule's k-th boundary (0 is the anchor); None outside the years 1 to 9999."""
    if frequency == "WEEKLY":
        try:
            return anchor + k * WEEK
        except OverflowError:
            return None
    years, month = divmod(anchor.month - 1 + k * MONTHS[frequency], 12)
    year = anchor.year + years
    if not 1 <= year <= 9999:
        return None
    day = min(anchor.day, calendar.monthrange(year, month + 1)[1])
    return anchor.replace(year=year, month=month + 1, day=day)


def index_at(anchor: datetime, frequency: str, moment: datetime) -> int:
    """The k of the period (of an unbounded schedule) that holds `moment`."""
    if frequency == "WEEKLY":
        return (moment - anchor) // WEEK
    months = (moment.year - anchor.year) * 12 + moment.month - anchor.month
    k = months // MONTHS[frequency]
    while (found := boundary(anchor, frequency, k)) is not None and found > moment:
        k -= 1
    while (found := boundary(anchor, frequency, k + 1)) is not None and found <= moment:
        k += 1
    return k


def bounds(terms: ContractTerms, ending_before: datetime | None, k: int) -> Period | None:
    """Period k of a contract that ends at `ending_before` (None: open-ended); None when the contract
    has no such period (it ended before it, or started after it)."""
    anchor, frequency = _utc(terms.anchor()), terms.statement_frequency
    first, after = boundary(anchor, frequency, k), boundary(anchor, frequency, k + 1)
    start = _utc(terms.starting_at) if first is None else max(first, _utc(terms.starting_at))
    ends = [moment for moment in (after, ending_before) if moment is not None]
    end = _utc(min(ends)) if ends else None
    if end is None or start >= end:
        return None
    return Period(k, start, end)


def started_periods(
    terms: ContractTerms, ending_before: datetime | None, now: datetime, limit: int = MAX_PERIODS
) -> list[Period]:
    """The contract's periods that have started by `now`, oldest first (the latest `limit` of them)."""
    start = _utc(terms.starting_at)
    if start > now or (ending_before is not None and ending_before <= start):
        return []
    anchor, frequency = _utc(terms.anchor()), terms.statement_frequency
    last_moment = now if ending_before is None else min(now, _utc(ending_before) - TICK)
    last = index_at(anchor, frequency, last_moment)
    first = max(index_at(anchor, frequency, start), last - limit + 1)
    found = (bounds(terms, ending_before, k) for k in range(first, last + 1))
    return [p for p in found if p is not None]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)
