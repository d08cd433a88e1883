"""``client.rate_cards``: the price lists that contracts refer to, by id or by alias."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from metronome_async._core import validate as check
from metronome_async.models import RateCard
from metronome_async.pagination import AsyncPager
from metronome_async.resources._answers import data_id
from metronome_async.resources._generated import rate_cards as generated
from metronome_async.resources.contracts import mappings, timestamp

__all__ = ["RateCards"]

_PATH = "/v1/contract-pricing/rate-cards"


def _alias(name: str, value: Any) -> dict[str, Any]:
    """An alias: a name alone, or ``{"name", "starting_at"?, "ending_before"?}``."""
    if isinstance(value, str):
        return {"name": check.text(name, value)}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a name or a mapping with 'name', not {type(value).__name__}")
    unknown = sorted(set(value) - {"name", "starting_at", "ending_before"})
    if unknown:
        raise TypeError(f"{name} has unknown field(s): {', '.join(unknown)}")
    alias = {"name": check.text(f"{name}['name']", value.get("name"))}
    for bound in ("starting_at", "ending_before"):
        if value.get(bound) is not None:
            alias[bound] = timestamp(f"{name}['{bound}']", value[bound])
    return alias


class RateCards(generated.RateCardsResource):
    async def create(
        self,
        *,
        name: str,
        aliases: Sequence[str | Mapping[str, str | datetime]] | None = None,
        description: str | None = None,
        fiat_credit_type_id: str | None = None,
        credit_type_conversions: Sequence[Mapping[str, Any]] | None = None,
        custom_fields: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Create a rate card; returns its id. ``aliases`` are names a contract may use instead of the id
        (``rate_card_alias``): each a string, or a mapping with ``name`` and optional ``starting_at`` and
        ``ending_before``.

        ``POST /v1/contract-pricing/rate-cards/create``
        """
        body: dict[str, Any] = {"name": check.text("name", name)}
        if aliases is not None:
            if isinstance(aliases, (str, Mapping)):
                raise TypeError("aliases must be a list of names or mappings")
            body["aliases"] = [_alias(f"aliases[{i}]", alias) for i, alias in enumerate(aliases)]
        if description is not None:
            body["description"] = check.text("description", description)
        if fiat_credit_type_id is not None:
            body["fiat_credit_type_id"] = check.text("fiat_credit_type_id", fiat_credit_type_id)
        if credit_type_conversions is not None:
            body["credit_type_conversions"] = mappings("credit_type_conversions", credit_type_conversions)
        if custom_fields is not None:
            body["custom_fields"] = check.custom_field_values("custom_fields", custom_fields)
        new_id: str = await self._transport.request(
            "POST", f"{_PATH}/create", body=body, idempotency_key=idempotency_key, parse=data_id
        )
        return new_id

    async def retrieve(self, rate_card_id: str) -> RateCard:
        """One rate card by id, with its aliases.

        ``POST /v1/contract-pricing/rate-cards/get``
        """
        body = {"id": check.text("rate_card_id", rate_card_id)}
        return await self._data("POST", f"{_PATH}/get", RateCard, body=body, idempotent=False)

    def list(self, *, limit: int = 100) -> AsyncPager[RateCard]:
        """Every rate card of the account, following ``next_page`` to the end.

        ``POST /v1/contract-pricing/rate-cards/list``
        """
        query = {"limit": str(check.page_size("limit", limit))}
        return self._pager("POST", f"{_PATH}/list", RateCard, query, body={})
