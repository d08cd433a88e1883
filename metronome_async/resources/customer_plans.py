"""``client.customers.plans``: the plans a customer is on (the API's Plans-era endpoints)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import parse_datetime, wire_value
from metronome_async.models import CustomerPlan
from metronome_async.pagination import AsyncPager
from metronome_async.resources._answers import data_id
from metronome_async.resources._generated import customers as generated
from metronome_async.resources.contracts import mappings

PRICE_ADJUSTMENT_TYPES = ("percentage", "fixed", "override", "quantity")


class CustomerPlans(generated.CustomersPlansResource):
    def list(self, customer_id: str, *, limit: int = 100) -> AsyncPager[CustomerPlan]:
        """The customer's plans, newest first; ``limit`` is the page size.

        Deprecated by Metronome (a Plans endpoint): use contracts instead.

        ``GET /v1/customers/{customer_id}/plans``
        """
        path = f"/v1/customers/{check.path_segment('customer_id', customer_id)}/plans"
        return self._pager("GET", path, CustomerPlan, {"limit": str(check.page_size("limit", limit))})

    async def add(
        self,
        customer_id: str,
        *,
        plan_id: str,
        starting_on: datetime | str,
        ending_before: datetime | str | None = None,
        net_payment_terms_days: float | None = None,
        price_adjustments: Sequence[Mapping[str, Any]] | None = None,
        trial_spec: Mapping[str, Any] | None = None,
        overage_rate_adjustments: Sequence[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Put the customer on a plan from ``starting_on`` (midnight UTC); returns the customer-plan id.

        Deprecated by Metronome (a Plans endpoint): use contracts instead.

        ``POST /v1/customers/{customer_id}/plans/add``
        """
        body: dict[str, Any] = {
            "plan_id": check.text("plan_id", plan_id),
            "starting_on": check.midnight_utc("starting_on", starting_on),
        }
        if ending_before is not None:
            body["ending_before"] = check.midnight_utc("ending_before", ending_before)
            if parse_datetime(body["ending_before"]) <= parse_datetime(body["starting_on"]):
                raise ValueError("ending_before must be later than starting_on")
        if net_payment_terms_days is not None:
            body["net_payment_terms_days"] = check.number("net_payment_terms_days", net_payment_terms_days)
        if price_adjustments is not None:
            body["price_adjustments"] = _price_adjustments(price_adjustments)
        for name, value in (
            ("trial_spec", trial_spec),
            ("overage_rate_adjustments", overage_rate_adjustments),
        ):
            if value is not None:
                body[name] = wire_value(_plain(name, value))
        path = f"/v1/customers/{check.path_segment('customer_id', customer_id)}/plans/add"
        customer_plan_id: str = await self._transport.request(
            "POST", path, body=body, idempotency_key=idempotency_key, parse=data_id
        )
        return customer_plan_id

    async def end(
        self,
        customer_id: str,
        customer_plan_id: str,
        *,
        ending_before: datetime | str | None = None,
        void_invoices: bool | None = None,
        void_stripe_invoices: bool | None = None,
    ) -> None:
        """End a customer plan before ``ending_before`` (midnight UTC); without it the end date is cleared.

        Deprecated by Metronome (a Plans endpoint): use contracts instead.

        ``POST /v1/customers/{customer_id}/plans/{customer_plan_id}/end``
        """
        body: dict[str, Any] = {}
        if ending_before is not None:
            body["ending_before"] = check.midnight_utc("ending_before", ending_before)
        if void_invoices is not None:
            body["void_invoices"] = check.flag("void_invoices", void_invoices)
        if void_stripe_invoices is not None:
            if not void_invoices:
                raise ValueError("void_stripe_invoices applies only with void_invoices=True")
            body["void_stripe_invoices"] = check.flag("void_stripe_invoices", void_stripe_invoices)
        path = (
            f"/v1/customers/{check.path_segment('customer_id', customer_id)}"
            f"/plans/{check.path_segment('customer_plan_id', customer_plan_id)}/end"
        )
        await self._transport.request("POST", path, body=body)


def _price_adjustments(value: Any) -> list[dict[str, Any]]:
    adjustments: list[dict[str, Any]] = mappings("price_adjustments", value)
    for index, adjustment in enumerate(adjustments):
        check.one_of(
            f"price_adjustments[{index}]['adjustment_type']",
            adjustment.get("adjustment_type"),
            PRICE_ADJUSTMENT_TYPES,
        )
    return adjustments


def _plain(name: str, value: Any) -> Any:
    """Structured options pass through as given, once we know they have the right shape."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise TypeError(f"{name}[{index}] must be a mapping")
        return [dict(item) for item in value]
    raise TypeError(f"{name} has the wrong type: {type(value).__name__}")
