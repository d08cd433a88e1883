"""Packages: reusable contract terms with dates relative to the contract's start. A package never
changes once created; archiving it (one-way) stops new contracts on it. An alias names one package at a
time: giving it to a new package ends the older packages' assignment of it where the new one starts.

`contract_body` is pure: the `contracts/create` body a package makes for a contract starting at a
moment (offsets added to the start), which then goes through the same checks as any contract.
"""

from __future__ import annotations

import calendar
import copy
import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._rate_cards import CREATED_BY, RateCardAlias, credit_type
from ._spec import spec
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id

# The package's lists of terms, as `contracts/create` names them.
TEMPLATE_LISTS = (
    "commits", "credits", "recurring_commits", "recurring_credits", "overrides", "scheduled_charges",
    "subscriptions", "spend_trackers",
)  # fmt: skip
PASSED_ON = (  # package fields a contract takes as they are
    "net_payment_terms_days", "multiplier_override_prioritization", "scheduled_charges_on_usage_invoices",
    "prepaid_balance_threshold_configuration", "spend_threshold_configuration",
)  # fmt: skip
_PACKAGE = {"$ref": "#/components/schemas/Package"}


@attrs.define
class Package:
    id: str
    seq: int
    fields: Wire  # as created, with ids given to its terms
    aliases: list[RateCardAlias]  # the same shape as a rate card's
    created_at: datetime
    archived_at: datetime | None = None


def shift(moment: datetime, offset: Mapping[str, Any]) -> datetime:
    """`moment` plus a RelativeDate (`{"value": 3, "unit": "MONTHS"}`); a month or year later keeps the
    day of the month where it exists, else the month's last day."""
    value, unit = int(offset["value"]), offset["unit"]
    if unit in ("DAYS", "WEEKS"):
        return moment + timedelta(days=value * (7 if unit == "WEEKS" else 1))
    months = moment.month - 1 + value * (12 if unit == "YEARS" else 1)
    year, month = moment.year + months // 12, months % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def contract_body(package: Package, starting_at: datetime) -> Wire:
    """The `contracts/create` fields (without customer_id) of a contract on `package` from `starting_at`."""
    fields = package.fields
    body: Wire = {"starting_at": format_rfc3339(starting_at)}
    body.update({name: copy.deepcopy(fields[name]) for name in PASSED_ON if name in fields})
    for name in ("rate_card_id", "rate_card_alias"):
        if name in fields:
            body[name] = fields[name]
    if "contract_name" in fields:
        body["name"] = fields["contract_name"]
    if "duration" in fields:
        body["ending_before"] = format_rfc3339(shift(starting_at, fields["duration"]))
    if "billing_provider" in fields:
        body["billing_provider_configuration"] = {
            "billing_provider": fields["billing_provider"],
            "delivery_method": fields.get("delivery_method", "direct_to_billing_provider"),
        }
    schedule = fields.get("usage_statement_schedule")
    if schedule is not None:
        body["usage_statement_schedule"] = {k: schedule[k] for k in ("frequency", "day") if k in schedule}
        offset = schedule.get("invoice_generation_starting_at_offset")
        if offset is not None:
            when = shift(starting_at, offset)
            body["usage_statement_schedule"]["invoice_generation_starting_at"] = format_rfc3339(when)
    for name in TEMPLATE_LISTS:
        if fields.get(name):
            body[name] = [_absolute(term, starting_at) for term in fields[name]]
    return body


def _absolute(term: Mapping[str, Any], start: datetime) -> Wire:
    """A package term with absolute dates: `starting_at_offset` + `duration` make `starting_at` and
    `ending_before`; a `date_offset` makes a `timestamp`; nested schedules alike. The ids the package gave
    its terms are dropped (the contract gives its own)."""
    found: Wire = {}
    for key, value in term.items():
        if key in ("id", "product", "credit_type", "starting_at_offset", "duration", "date_offset"):
            continue
        if isinstance(value, Mapping):
            found[key] = _absolute(value, start)
        elif isinstance(value, list):
            found[key] = [_absolute(v, start) if isinstance(v, Mapping) else v for v in value]
        else:
            found[key] = value
    if "starting_at_offset" in term or "duration" in term:  # no offset: from the contract's start
        offset = term.get("starting_at_offset")
        begins = start if offset is None else shift(start, offset)
        found["starting_at"] = format_rfc3339(begins)
        if "duration" in term:
            found["ending_before"] = format_rfc3339(shift(begins, term["duration"]))
    if "date_offset" in term:
        found["timestamp"] = format_rfc3339(shift(start, term["date_offset"]))
    return found


class Packages:
    def __init__(self, clock: Clock, cursors: Cursors) -> None:
        self._clock = clock
        self._cursors = cursors
        self._seq = itertools.count(1)
        self._packages: dict[str, Package] = {}  # creation order
        self._uniqueness_keys: set[str] = set()

    def create(self, fields: Wire, aliases: Sequence[RateCardAlias], product_names: Mapping[str, str]) -> str:
        """`fields`: the create body, checked by the route and the catalog; `product_names`: of the
        products its terms name."""
        key = fields.get("uniqueness_key")
        if key is not None and key in self._uniqueness_keys:
            raise ApiError(409, "uniqueness_key: this uniqueness key has already been used")
        if not str(fields.get("name", "")).strip():
            raise ApiError(400, "name: must not be empty")
        for index, alias in enumerate(aliases):
            if alias.starting_at and alias.ending_before and alias.ending_before <= alias.starting_at:
                raise ApiError(400, f"aliases[{index}].ending_before: must be after its starting_at")
        now = self._clock.now()
        for alias in aliases:  # the alias now names the new package, from where it starts
            ends = alias.starting_at or now
            for other in self._packages.values():
                other.aliases = [
                    attrs.evolve(a, ending_before=ends)
                    if a.name == alias.name and (a.ending_before is None or a.ending_before > ends)
                    else a
                    for a in other.aliases
                ]
        package_id = new_id()
        stored = copy.deepcopy(fields)
        for name in TEMPLATE_LISTS:
            stored[name] = [_with_ids(term, product_names) for term in stored.get(name) or ()]
        self._packages[package_id] = Package(package_id, next(self._seq), stored, list(aliases), now)
        if key is not None:
            self._uniqueness_keys.add(key)
        return package_id

    def get(self, package_id: str) -> Package:
        package = self._packages.get(package_id)
        if package is None:
            raise ApiError(404, f"package {package_id} not found")
        return package

    def find(self, package_id: str) -> Package | None:
        return self._packages.get(package_id)

    def usable(self, package_id: str | None, alias: str | None, as_of: datetime) -> Package:
        """The live package a contract starting at `as_of` is created from: by id, or the one most
        recently given `alias` among those whose alias is valid then."""
        if package_id is not None:
            package = self._packages.get(package_id)
            if package is None:
                raise ApiError(400, f"package_id: package {package_id} not found")
        else:
            package = next(
                (
                    p
                    for p in reversed(self._packages.values())
                    if any(a.name == alias and a.covers(as_of) for a in p.aliases)
                ),
                None,
            )
            if package is None:
                when = format_rfc3339(as_of)
                raise ApiError(400, f"package_alias: no package has the alias {alias!r} as of {when}")
        if package.archived_at is not None:
            raise ApiError(400, f"package {package.id} is archived: it cannot be used for new contracts")
        return package

    def archive(self, package_id: str) -> None:
        package = self.get(package_id)
        if package.archived_at is not None:
            raise ApiError(400, f"package {package_id} is already archived")
        package.archived_at = self._clock.now()

    def page(self, request: PageRequest, archive_filter: str) -> Page:
        wanted = {"ARCHIVED": True, "NOT_ARCHIVED": False, "ALL": None}[archive_filter]

        def keep(p: Package) -> bool:
            return wanted is None or (p.archived_at is not None) == wanted

        found, next_page = self._cursors.page(
            "packages",
            {"archive_filter": archive_filter},
            list(self._packages.values()),
            lambda p: (p.seq,),
            request,
            keep,
        )
        return [self.wire(p) for p in found], next_page

    def wire(self, p: Package) -> Wire:
        value: Wire = {
            **p.fields,
            "id": p.id,
            "created_at": format_rfc3339(p.created_at),
            "created_by": CREATED_BY,
            "aliases": [a.wire() for a in p.aliases],
            "usage_statement_schedule": p.fields.get("usage_statement_schedule") or {"frequency": "MONTHLY"},
        }
        if p.archived_at is not None:
            value["archived_at"] = format_rfc3339(p.archived_at)
        return dict(spec().schemas.conform(_PACKAGE, value))


def _with_ids(term: Wire, product_names: Mapping[str, str]) -> Wire:
    """A term as a package answers it: with its own id, its product and its schedules' credit type."""
    found = {**term, "id": new_id()}
    if "product_id" in term:
        found["product"] = {"id": term["product_id"], "name": product_names.get(term["product_id"], "")}
    for name in ("access_schedule", "invoice_schedule", "schedule"):
        schedule = term.get(name)
        if isinstance(schedule, dict):
            found[name] = {**schedule, "credit_type": credit_type(schedule.get("credit_type_id"))}
    return found
