"""Contracts: a customer's current-era pricing agreement, on a rate card, with its own uniqueness key.

The fake keeps a contract's dates, rate card, billing provider configuration, statement schedule, name,
payment terms and custom fields; its commits and credits are in the books (_ledger), its edits' overrides and
subscriptions in _edits. It does not model the other pricing terms (scheduled charges, discounts, ...) or
transitions: the route refuses them, and the lists come back empty. A contract made from a package keeps its
`package_id`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import attrs

from ._billing import ProviderConfig, ProviderLookup
from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._ledger import NewBalance
from ._rate_cards import CREATED_BY
from ._wire import ApiError, Wire, format_rfc3339

PAGE_SIZE = 20  # the most a v2 contracts listing answers per page
UNMODELLED_TERMS = ("commits", "overrides", "scheduled_charges", "transitions", "usage_filter")


@attrs.frozen
class ContractTerms:
    """What a contract is created with, checked for shape and types by the route."""

    starting_at: datetime
    ending_before: datetime | None = None
    name: str | None = None
    rate_card_id: str | None = None
    rate_card_alias: str | None = None
    uniqueness_key: str | None = None
    net_payment_terms_days: float | None = None
    multiplier_override_prioritization: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict)
    billing: ProviderLookup | None = None
    statement_frequency: str = "MONTHLY"
    statement_day: str = "FIRST_OF_MONTH"
    billing_anchor_date: datetime | None = None
    package_id: str | None = None
    balances: tuple[NewBalance, ...] = ()  # its commits and credits

    def anchor(self) -> datetime:
        """The usage statements' billing anchor date."""
        if self.statement_day == "CUSTOM_DATE":
            assert self.billing_anchor_date is not None, "the route requires it with CUSTOM_DATE"
            return self.billing_anchor_date
        if self.statement_day == "CONTRACT_START":
            return self.starting_at
        start = self.starting_at.astimezone(timezone.utc)
        return start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@attrs.define
class Contract:
    id: str
    seq: int
    customer_id: str
    terms: ContractTerms
    rate_card_id: str | None
    billing_config: ProviderConfig | None
    created_at: datetime
    ending_before: datetime | None
    archived_at: datetime | None = None

    def active_on(self, moment: datetime) -> bool:
        ends = self.ending_before
        return self.terms.starting_at <= moment and (ends is None or moment < ends)


class Contracts:
    def __init__(self, clock: Clock, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._by_id: dict[str, Contract] = {}
        self._by_customer: dict[str, list[Contract]] = {}
        self._uniqueness_keys: set[str] = set()  # archived contracts keep theirs

    def check(self, contract_id: str, terms: ContractTerms) -> None:
        """Raise for what would stop these terms from becoming a contract; call before changing anything."""
        if terms.uniqueness_key is not None and terms.uniqueness_key in self._uniqueness_keys:
            raise ApiError(409, "uniqueness_key: this uniqueness key has already been used")
        self._custom_fields.check("contract", contract_id, terms.custom_fields)

    def add(
        self,
        contract_id: str,
        customer_id: str,
        terms: ContractTerms,
        rate_card_id: str | None,
        billing_config: ProviderConfig | None,
    ) -> Contract:
        """Store a contract whose terms passed `check`."""
        contract = Contract(
            id=contract_id,
            seq=next(self._seq),
            customer_id=customer_id,
            terms=terms,
            rate_card_id=rate_card_id,
            billing_config=billing_config,
            created_at=self._clock.now(),
            ending_before=terms.ending_before,
        )
        self._by_id[contract_id] = contract
        self._by_customer.setdefault(customer_id, []).append(contract)
        if terms.uniqueness_key is not None:
            self._uniqueness_keys.add(terms.uniqueness_key)
        self._custom_fields.set("contract", contract_id, terms.custom_fields, checked=False)
        return contract

    def exists(self, contract_id: str) -> bool:
        return contract_id in self._by_id

    def of(self, customer_id: str | None) -> list[Contract]:
        """Every contract (of one customer), archived ones included, in creation order."""
        return list(self._by_id.values() if customer_id is None else self._by_customer.get(customer_id, ()))

    def on_package(self, package_id: str) -> list[Contract]:
        """The contracts made from a package, archived ones included, in creation order."""
        return [c for c in self._by_id.values() if c.terms.package_id == package_id]

    def find(self, customer_id: str, contract_id: str) -> Contract | None:
        contract = self._by_id.get(contract_id)
        return contract if contract is not None and contract.customer_id == customer_id else None

    def page(
        self,
        customer_id: str,
        request: PageRequest,
        *,
        include_archived: bool,
        covering_date: datetime | None,
        starting_at: datetime | None,
        terms: Callable[[Contract], Wire] = lambda _: {},
    ) -> tuple[list[Wire], str | None]:
        """Chronological: by start, then creation; `terms` adds what other aggregates keep of each."""

        def chronological(c: Contract) -> tuple[float, int]:
            return (c.terms.starting_at.timestamp(), c.seq)

        def keep(c: Contract) -> bool:
            return (
                (include_archived or c.archived_at is None)
                and (covering_date is None or c.active_on(covering_date))
                and (starting_at is None or c.terms.starting_at >= starting_at)
            )

        filters = {
            "include_archived": include_archived,
            "covering_date": None if covering_date is None else covering_date.timestamp(),
            "starting_at": None if starting_at is None else starting_at.timestamp(),
        }
        mine = sorted(self._by_customer.get(customer_id, ()), key=chronological)
        found, cursor = self._cursors.page(
            f"contracts:{customer_id}", filters, mine, chronological, request, keep, token_name="cursor"
        )
        return [self.wire(c) | terms(c) for c in found], cursor

    def update_end_date(self, contract: Contract, ending_before: datetime | None) -> None:
        """`ending_before=None` makes the contract open-ended."""
        self._changeable(contract)
        if ending_before is not None and ending_before <= contract.terms.starting_at:
            raise ApiError(400, "ending_before: must be after the contract's starting_at")
        contract.ending_before = ending_before

    def archive(self, contract: Contract) -> None:
        self._changeable(contract)
        contract.archived_at = self._clock.now()

    def archive_all(self, customer_id: str) -> None:
        """Every contract of a customer being archived."""
        now = self._clock.now()
        for contract in self._by_customer.get(customer_id, ()):
            if contract.archived_at is None:
                contract.archived_at = now

    def wire(self, c: Contract, *, created: bool = False) -> Wire:
        """The ContractV2 form; `created` leaves out what the create answer's contract does not have."""
        terms = c.terms
        wire: Wire = {
            "id": c.id,
            "customer_id": c.customer_id,
            "starting_at": format_rfc3339(terms.starting_at),
            "created_at": format_rfc3339(c.created_at),
            "created_by": CREATED_BY,
            **{name: [] for name in UNMODELLED_TERMS},
            "usage_statement_schedule": {
                "billing_anchor_date": format_rfc3339(terms.anchor()),
                "frequency": terms.statement_frequency,
            },
            "custom_fields": self._custom_fields.get("contract", c.id),
        }
        optional = {
            "ending_before": None if c.ending_before is None else format_rfc3339(c.ending_before),
            "archived_at": None if c.archived_at is None or created else format_rfc3339(c.archived_at),
            "name": terms.name,
            "rate_card_id": c.rate_card_id,
            "package_id": terms.package_id,
            "uniqueness_key": terms.uniqueness_key,
            "net_payment_terms_days": terms.net_payment_terms_days,
            "multiplier_override_prioritization": terms.multiplier_override_prioritization,
            "customer_billing_provider_configuration": None
            if c.billing_config is None
            else c.billing_config.wire(),
        }
        wire.update({k: v for k, v in optional.items() if v is not None})
        return wire

    def _changeable(self, contract: Contract) -> None:
        if contract.archived_at is not None:
            raise ApiError(400, f"contract {contract.id} is archived")
