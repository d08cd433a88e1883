"""Plans (the deprecated Plans-era pricing) and the plans customers are put on."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from ._cursors import Cursors, PageRequest
from ._custom_fields import CustomFields
from ._wire import ApiError, Page, Wire, format_rfc3339, new_id


@attrs.define
class Plan:
    id: str
    seq: int
    name: str
    description: str


@attrs.frozen
class Trial:
    length_in_days: float
    credit_type_id: str | None = None
    amount: float | None = None


@attrs.define
class CustomerPlan:
    id: str
    seq: int
    customer_id: str
    plan: Plan
    starting_on: datetime
    ending_before: datetime | None
    net_payment_terms_days: float | None
    trial: Trial | None


class Plans:
    """Callers check the customer a customer plan is for."""

    def __init__(self, cursors: Cursors, custom_fields: CustomFields) -> None:
        self._cursors = cursors
        self._custom_fields = custom_fields
        self._seq = itertools.count(1)
        self._plans: dict[str, Plan] = {}
        self._customer_plans: dict[str, CustomerPlan] = {}

    def exists(self, plan_id: str) -> bool:
        return plan_id in self._plans

    def customer_plan_exists(self, customer_plan_id: str) -> bool:
        return customer_plan_id in self._customer_plans

    def create(self, name: str, description: str, custom_fields: Mapping[str, str]) -> str:
        plan = Plan(new_id(), next(self._seq), name, description)
        self._plans[plan.id] = plan
        self._custom_fields.set("plan", plan.id, custom_fields, checked=False)
        return plan.id

    def page(self, request: PageRequest) -> Page:
        plans = list(self._plans.values())
        found, next_page = self._cursors.page("plans", {}, plans, lambda p: (p.seq,), request)
        return [self._plan_wire(p) for p in found], next_page

    def add_customer_plan(
        self,
        customer_id: str,
        *,
        plan_id: str,
        starting_on: datetime,
        ending_before: datetime | None,
        net_payment_terms_days: float | None,
        trial: Trial | None,
    ) -> str:
        plan = self._plans.get(plan_id)
        if plan is None:
            raise ApiError(404, f"plan {plan_id} not found")
        if trial is not None:
            _trial_end(starting_on, trial)  # checked now, so listing this plan can never fail
        customer_plan = CustomerPlan(
            id=new_id(),
            seq=next(self._seq),
            customer_id=customer_id,
            plan=plan,
            starting_on=starting_on,
            ending_before=ending_before,
            net_payment_terms_days=net_payment_terms_days,
            trial=trial,
        )
        self._customer_plans[customer_plan.id] = customer_plan
        return customer_plan.id

    def end_customer_plan(
        self, customer_id: str, customer_plan_id: str, ending_before: datetime | None
    ) -> None:
        """`ending_before=None` clears the end date."""
        customer_plan = self._customer_plans.get(customer_plan_id)
        if customer_plan is None or customer_plan.customer_id != customer_id:
            raise ApiError(404, f"customer plan {customer_plan_id} not found for customer {customer_id}")
        if ending_before is not None and ending_before <= customer_plan.starting_on:
            raise ApiError(400, "ending_before: must be after the plan's starting_on")
        customer_plan.ending_before = ending_before

    def list_customer_plans(self, customer_id: str, request: PageRequest) -> Page:
        """Reverse chronological: latest starting_on first."""

        def newest_first(cp: CustomerPlan) -> tuple[float, int]:
            return (-cp.starting_on.timestamp(), -cp.seq)

        mine = sorted(
            (cp for cp in self._customer_plans.values() if cp.customer_id == customer_id), key=newest_first
        )
        found, next_page = self._cursors.page(
            f"customer_plans:{customer_id}", {}, mine, newest_first, request
        )
        return [self._customer_plan_wire(cp) for cp in found], next_page

    def _plan_wire(self, p: Plan) -> Wire:
        custom_fields = self._custom_fields.get("plan", p.id)
        return {"id": p.id, "name": p.name, "description": p.description, "custom_fields": custom_fields}

    def _customer_plan_wire(self, cp: CustomerPlan) -> Wire:
        wire: Wire = {
            "id": cp.id,
            "plan_id": cp.plan.id,
            "plan_name": cp.plan.name,
            "plan_description": cp.plan.description,
            "starting_on": format_rfc3339(cp.starting_on, millis=False),
            "custom_fields": self._custom_fields.get("customer_plan", cp.id),
        }
        if cp.ending_before is not None:
            wire["ending_before"] = format_rfc3339(cp.ending_before, millis=False)
        if cp.net_payment_terms_days is not None:
            wire["net_payment_terms_days"] = cp.net_payment_terms_days
        if cp.trial is not None:
            trial_end = _trial_end(cp.starting_on, cp.trial)
            caps = []
            if cp.trial.credit_type_id is not None:
                credit_type = {"id": cp.trial.credit_type_id, "name": "credits"}
                caps.append(
                    {
                        "credit_type": credit_type,
                        "amount": cp.trial.amount,
                        "amount_remaining": cp.trial.amount,
                    }
                )
            wire["trial_info"] = {
                "ending_before": format_rfc3339(trial_end, millis=False),
                "spending_caps": caps,
            }
        return wire


def _trial_end(starting_on: datetime, trial: Trial) -> datetime:
    if trial.length_in_days < 0:
        raise ApiError(400, "trial_spec.length_in_days: must not be negative")
    try:
        return starting_on + timedelta(days=trial.length_in_days)
    except OverflowError:
        raise ApiError(400, "trial_spec.length_in_days: the trial would end after the year 9999") from None
