"""Rate cards: the pricing a contract refers to, by id or by an alias valid as of the contract's start.
An update renames it, replaces its aliases and adds credit type conversions (an existing one cannot
change); an archived card takes no new contracts, rates or updates. Its rates are in `_rates`."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from ._clock import Clock
from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._wire import ApiError, Wire, format_rfc3339, new_id

USD_CENTS = {"id": "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "name": "USD (cents)"}
CREATED_BY = "API"  # what Metronome shows for objects made with an API token


@attrs.frozen
class RateCardAlias:
    name: str
    starting_at: datetime | None = None
    ending_before: datetime | None = None

    def covers(self, moment: datetime) -> bool:
        return (self.starting_at is None or self.starting_at <= moment) and (
            self.ending_before is None or moment < self.ending_before
        )

    def wire(self) -> Wire:
        wire: Wire = {"name": self.name}
        if self.starting_at is not None:
            wire["starting_at"] = format_rfc3339(self.starting_at)
        if self.ending_before is not None:
            wire["ending_before"] = format_rfc3339(self.ending_before)
        return wire


@attrs.frozen
class CreditTypeConversion:
    custom_credit_type_id: str
    fiat_per_custom_credit: float


@attrs.define
class RateCard:
    id: str
    seq: int
    name: str
    description: str | None
    aliases: list[RateCardAlias]
    fiat_credit_type_id: str | None
    conversions: list[CreditTypeConversion]
    created_at: datetime
    archived_at: datetime | None = None


class RateCards:
    def __init__(self, clock: Clock, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._clock = clock
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._cards: dict[str, RateCard] = {}  # creation order

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        aliases: Sequence[RateCardAlias] = (),
        fiat_credit_type_id: str | None = None,
        conversions: Sequence[CreditTypeConversion] = (),
        custom_fields: Mapping[str, str] | None = None,
    ) -> str:
        _check_name(name)
        _check_aliases(aliases)
        card_id = new_id()
        self._custom_fields.check("rate_card", card_id, custom_fields or {})
        self._cards[card_id] = RateCard(
            id=card_id,
            seq=next(self._seq),
            name=name,
            description=description,
            aliases=list(aliases),
            fiat_credit_type_id=fiat_credit_type_id,
            conversions=list(conversions),
            created_at=self._clock.now(),
        )
        self._custom_fields.set("rate_card", card_id, custom_fields or {}, checked=False)
        return card_id

    def update(
        self,
        card_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        aliases: Sequence[RateCardAlias] | None = None,
        add_conversions: Sequence[CreditTypeConversion] = (),
    ) -> None:
        """Only what is given changes; `aliases` replaces the card's list."""
        card = self.live(card_id)
        if name is not None:
            _check_name(name)
        _check_aliases(aliases or ())
        known = {c.custom_credit_type_id for c in card.conversions}
        for index, conversion in enumerate(add_conversions):
            if conversion.custom_credit_type_id in known:
                raise ApiError(
                    400,
                    f"add_credit_type_conversions[{index}].custom_credit_type_id: the rate card already "
                    "converts this credit type; an existing conversion cannot be modified",
                )
            known.add(conversion.custom_credit_type_id)
        card.name = card.name if name is None else name
        card.description = card.description if description is None else description
        card.aliases = card.aliases if aliases is None else list(aliases)
        card.conversions.extend(add_conversions)

    def archive(self, card_id: str) -> None:
        """One-way; archiving an archived card changes nothing."""
        card = self._card(card_id)
        if card.archived_at is None:
            card.archived_at = self._clock.now()

    def live(self, card_id: str) -> RateCard:
        """A card that takes new contracts, rates and updates (404 unknown, 400 archived)."""
        card = self._card(card_id)
        if card.archived_at is not None:
            raise ApiError(400, f"rate card {card_id} is archived")
        return card

    def fiat(self, card_id: str) -> str | None:
        """The card's fiat credit type (None: USD cents), for what is priced on it."""
        return self._card(card_id).fiat_credit_type_id

    def exists(self, card_id: str) -> bool:
        return card_id in self._cards

    def get(self, card_id: str) -> Wire:
        return self._wire(self._card(card_id))

    def page(self, request: PageRequest) -> tuple[list[Wire], str | None]:
        cards = list(self._cards.values())
        found, next_page = self._cursors.page("rate_cards", {}, cards, lambda c: (c.seq,), request)
        return [self._wire(c) for c in found], next_page

    def resolve(self, card_id: str | None, alias: str | None, as_of: datetime) -> str | None:
        """The id of the rate card a contract starting at `as_of` uses: by id, or the card that most
        recently got `alias` among those whose alias is valid then."""
        if card_id is not None:
            return self.live(card_id).id
        if alias is None:
            return None
        for card in reversed(self._cards.values()):
            live = card.archived_at is None
            if live and any(a.name == alias and a.covers(as_of) for a in card.aliases):
                return card.id
        when = format_rfc3339(as_of)
        raise ApiError(400, f"rate_card_alias: no rate card has the alias {alias!r} as of {when}")

    def _card(self, card_id: str) -> RateCard:
        card = self._cards.get(card_id)
        if card is None:
            raise ApiError(404, f"rate card {card_id} not found")
        return card

    def _wire(self, card: RateCard) -> Wire:
        wire: Wire = {
            "id": card.id,
            "name": card.name,
            "created_at": format_rfc3339(card.created_at),
            "created_by": CREATED_BY,
            "aliases": [a.wire() for a in card.aliases],
            "custom_fields": self._custom_fields.get("rate_card", card.id),
            "fiat_credit_type": credit_type(card.fiat_credit_type_id),
            "credit_type_conversions": [
                {
                    "custom_credit_type": credit_type(c.custom_credit_type_id),
                    "fiat_per_custom_credit": str(c.fiat_per_custom_credit),
                }
                for c in card.conversions
            ],
        }
        if card.description is not None:
            wire["description"] = card.description
        return wire


def _check_name(name: str) -> None:
    if not name.strip():
        raise ApiError(400, "name: must not be empty")


def _check_aliases(aliases: Sequence[RateCardAlias]) -> None:
    for index, alias in enumerate(aliases):
        if not alias.name:
            raise ApiError(400, f"aliases[{index}].name: must not be empty")
        if None not in (alias.starting_at, alias.ending_before) and not (
            alias.starting_at < alias.ending_before  # type: ignore[operator]
        ):
            raise ApiError(400, f"aliases[{index}].ending_before: must be after its starting_at")


def credit_type(credit_type_id: str | None) -> Wire:
    """The fake knows one credit type by name; others are taken on trust."""
    if credit_type_id is None or credit_type_id == USD_CENTS["id"]:
        return dict(USD_CENTS)
    return {"id": credit_type_id, "name": "custom credit type"}
