"""The pricing catalog: billable metrics, products, rates on rate cards and packages, and the rules
across them (a USAGE product meters a live metric; a rate prices a live product on a live rate card; a
package's rate card and products exist; a contract is made from a live package).

Pure Python, no HTTP, like the rest of the state: callers hold the state's lock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._clock import Clock
from ._contracts import Contract, Contracts
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._metrics import BillableMetric, Metrics
from ._packages import TEMPLATE_LISTS, Packages, contract_body
from ._products import Products
from ._rate_cards import RateCardAlias, RateCards
from ._rates import Rate, Rates, check_rate, rate_in_force
from ._wire import ApiError, Page, Wire, format_rfc3339


@attrs.frozen
class RateSelector:
    """Selects rates in a listing: every condition given must hold (none given: every rate)."""

    product_id: str | None = None
    billing_frequency: str | None = None
    pricing_group_values: Mapping[str, str] | None = None  # exactly these
    partial_pricing_group_values: Mapping[str, str] | None = None  # at least these
    product_tags: Sequence[str] | None = None  # any of these

    def selects(self, rate: Rate, tags: Sequence[str]) -> bool:
        values = rate.pricing_group_values
        partial = self.partial_pricing_group_values or {}
        return (
            (self.product_id is None or rate.product_id == self.product_id)
            and (self.billing_frequency is None or rate.billing_frequency == self.billing_frequency)
            and (self.pricing_group_values is None or dict(values) == dict(self.pricing_group_values))
            and all(values.get(k) == v for k, v in partial.items())
            and (self.product_tags is None or any(t in tags for t in self.product_tags))
        )


class Catalog:
    def __init__(
        self,
        clock: Clock,
        cursors: Cursors,
        custom_fields: CustomFields,
        rate_cards: RateCards,
        contracts: Contracts,
    ) -> None:
        self._cursors = cursors
        self._rate_cards = rate_cards
        self._contracts = contracts
        self.metrics = Metrics(clock, cursors, custom_fields)
        self.products = Products(clock, cursors, custom_fields)
        self.rates = Rates()
        self.packages = Packages(clock, cursors)

    # ------------------------------------------------------------------ products

    def create_product(
        self, product_type: str, fields: Mapping[str, Any], custom_fields: Mapping[str, str]
    ) -> str:
        metric = self._metric(fields.get("billable_metric_id"))
        return self.products.create(product_type, fields, metric, custom_fields)

    def update_product(self, product_id: str, starting_at: datetime, fields: Mapping[str, Any]) -> None:
        if "billable_metric_id" in fields:
            metric = self._metric(fields["billable_metric_id"])
        else:
            current = self.products.get(product_id).state(starting_at).get("billable_metric_id")
            metric = None if current is None else self.metrics.find(current)
        self.products.update(product_id, starting_at, fields, metric)

    def _metric(self, metric_id: str | None) -> BillableMetric | None:
        return None if metric_id is None else self.metrics.usable(metric_id, "billable_metric_id")

    # ------------------------------------------------------------------ rates

    def add_rates(self, card_id: str, rates: Sequence[tuple[str, Rate]]) -> None:
        """Rates for a live card, each with where it came from in the request (`rates[0].`): all or none."""
        self._rate_cards.live(card_id)
        for where, rate in rates:
            product = self.products.find(rate.product_id)
            if product is None:
                raise ApiError(400, f"{where}product_id: product {rate.product_id} not found")
            if product.archived_at is not None:
                raise ApiError(400, f"{where}product_id: product {rate.product_id} is archived")
            check_rate(rate, where, product.type)
        self.rates.add(card_id, rates)

    def rate_of(
        self, card_id: str, product_id: str, pricing_group_values: Mapping[str, str] | None, at: datetime
    ) -> Rate | None:
        """The rate card's rate of a product for these pricing group values at `at`, if any."""
        return rate_in_force(self.rates.of(card_id), product_id, pricing_group_values, at)

    def rates_at(
        self, card_id: str, at: datetime, selectors: Sequence[RateSelector], request: PageRequest
    ) -> Page:
        """The card's rates in force at `at` that any selector selects, in the RateSchedule form."""
        self._rate_cards.get(card_id)

        def keep(rate: Rate) -> bool:
            tags = self._current(rate.product_id).get("tags") or ()
            return rate.covers(at) and (not selectors or any(s.selects(rate, tags) for s in selectors))

        filters = {"card": card_id, "at": at.timestamp(), "selectors": [attrs.asdict(s) for s in selectors]}
        found, next_page = self._cursors.page(
            "rates", filters, self.rates.of(card_id), lambda r: (r.seq,), request, keep
        )
        return [self._schedule_wire(r) for r in found], next_page

    def _current(self, product_id: str) -> dict[str, Any]:
        return self.products.current(self.products.get(product_id))

    def _schedule_wire(self, rate: Rate) -> Wire:
        product = self._current(rate.product_id)
        wire: Wire = {
            "product_id": rate.product_id,
            "product_name": product["name"],
            "product_tags": list(product.get("tags") or ()),
            "product_custom_fields": self.products.custom_fields(rate.product_id),
            "starting_at": format_rfc3339(rate.starting_at),
            "entitled": rate.entitled,
            "rate": {k: v for k, v in rate.wire().items() if k != "commit_rate"},
        }
        optional = {
            "ending_before": None if rate.ending_before is None else format_rfc3339(rate.ending_before),
            "pricing_group_values": dict(rate.pricing_group_values) or None,
            "billing_frequency": rate.billing_frequency,
            "commit_rate": None if rate.commit_rate is None else dict(rate.commit_rate),
        }
        wire.update({k: v for k, v in optional.items() if v is not None})
        return wire

    # ------------------------------------------------------------------ packages

    def create_package(self, fields: Wire, aliases: Sequence[RateCardAlias]) -> str:
        card_id = fields.get("rate_card_id")
        if card_id is not None:
            self._rate_cards.live(card_id)
        names: dict[str, str] = {}
        for name in TEMPLATE_LISTS:
            for index, term in enumerate(fields.get(name) or ()):
                product_id = term.get("product_id")
                if product_id is not None:
                    product = self.products.find(product_id)
                    if product is None:
                        raise ApiError(400, f"{name}[{index}].product_id: product {product_id} not found")
                    names[product_id] = self.products.current(product)["name"]
        return self.packages.create(fields, aliases, names)

    def contract_from_package(
        self, package_id: str | None, alias: str | None, starting_at: datetime
    ) -> tuple[str, Wire]:
        """(package id, the `contracts/create` fields it makes) for a contract starting at `starting_at`."""
        package = self.packages.usable(package_id, alias, starting_at)
        return package.id, contract_body(package, starting_at)

    def contracts_on_package(
        self,
        package_id: str,
        request: PageRequest,
        *,
        starting_at: datetime | None,
        covering_date: datetime | None,
        include_archived: bool,
    ) -> Page:
        if self.packages.find(package_id) is None:
            raise ApiError(400, f"package {package_id} not found", code="PackageNotFound")

        def keep(c: Contract) -> bool:
            return (
                (include_archived or c.archived_at is None)
                and (covering_date is None or c.active_on(covering_date))
                and (starting_at is None or c.terms.starting_at >= starting_at)
            )

        filters = {
            "package_id": package_id,
            "include_archived": include_archived,
            "starting_at": None if starting_at is None else starting_at.timestamp(),
            "covering_date": None if covering_date is None else covering_date.timestamp(),
        }
        mine = self._contracts.on_package(package_id)
        found, next_page = self._cursors.page(
            "package_contracts", filters, mine, lambda c: (c.seq,), request, keep
        )
        return [_summary(c) for c in found], next_page


def _summary(c: Contract) -> Wire:
    wire: Wire = {
        "customer_id": c.customer_id,
        "contract_id": c.id,
        "starting_at": format_rfc3339(c.terms.starting_at),
    }
    if c.ending_before is not None:
        wire["ending_before"] = format_rfc3339(c.ending_before)
    if c.archived_at is not None:
        wire["archived_at"] = format_rfc3339(c.archived_at)
    return wire
