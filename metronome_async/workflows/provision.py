"""Provisioning one customer: create, billing configuration, plan, each step safe to repeat.

A step that may have happened (a dropped connection, a 500, a crash) is never blindly repeated: the customer
is found again by its ingest aliases (which Metronome keeps unique), the billing configuration and the plan by
reading them back; their requests carry Idempotency-Keys derived from what they ask, so a rerun replays them
instead of writing twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from metronome_async._core import validate as check
from metronome_async._core.serde import parse_datetime
from metronome_async.errors import (
    APIConnectionError,
    ConflictError,
    InternalServerError,
    MetronomeError,
    NotFoundError,
)
from metronome_async.resources.billing import BILLING_PROVIDER_TYPES

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

T = TypeVar("T")

RECOVERY_ATTEMPTS = 5


@attrs.frozen(kw_only=True)
class ProvisionSpec:
    """What to provision, checked. The first ingest alias is the customer's natural key."""

    name: str
    ingest_aliases: tuple[str, ...]
    external_id: str | None = None
    custom_fields: Mapping[str, str] | None = None
    billing_provider_type: str | None = None
    billing_provider_customer_id: str | None = None
    stripe_collection_method: str | None = None
    plan_id: str | None = None
    starting_on: str | None = None

    @classmethod
    def build(cls, values: Mapping[str, Any] | ProvisionSpec) -> ProvisionSpec:
        """A spec from a mapping of ``customers.provision``'s arguments (``None`` meaning not given), each
        checked as ``provision`` checks it; a spec is returned as it is."""
        if isinstance(values, ProvisionSpec):
            return values
        if not isinstance(values, Mapping):
            raise TypeError(f"must be a mapping of provision's arguments, not {type(values).__name__}")
        unknown = set(values) - set(_CHECKS)
        if unknown:
            raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
        given = {name: _CHECKS[name](name, value) for name, value in values.items() if value is not None}
        for required in ("name", "ingest_aliases"):
            if required not in given:
                raise ValueError(f"{required} is required")
        if not given["ingest_aliases"]:
            raise ValueError(
                "ingest_aliases must name at least one alias: it is how a rerun finds the customer"
            )
        for first, second in (
            ("billing_provider_type", "billing_provider_customer_id"),
            ("plan_id", "starting_on"),
        ):
            if (first in given) != (second in given):
                raise ValueError(f"{first} and {second} go together")
        return cls(**given)

    @property
    def key(self) -> str:
        return self.ingest_aliases[0]

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of everything asked: the same spec gives the same keys, in any process, on any day."""
        canonical = json.dumps(attrs.asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]

    def idempotency_key(self, step: str) -> str:
        return f"metronome-async-provision-{step}-{self.fingerprint}"


_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "name": check.text,
    "ingest_aliases": lambda name, value: tuple(check.ingest_aliases(value, name)),
    "external_id": lambda name, value: check.text(name, value, max_length=128),
    "custom_fields": lambda name, value: check.custom_field_values(value, name),
    "billing_provider_type": lambda name, value: check.one_of(name, value, BILLING_PROVIDER_TYPES),
    "billing_provider_customer_id": check.text,
    "stripe_collection_method": check.text,
    "plan_id": check.text,
    "starting_on": check.midnight_utc,
}
"""How each argument of ``customers.provision`` (each field of a spec) is checked."""

FIELDS = tuple(_CHECKS)


@attrs.define(kw_only=True)
class ProvisionState:
    """How far one customer's provisioning got; journaled after every step."""

    customer_id: str | None = None
    created: bool = False
    billing_config_done: bool = False
    customer_plan_id: str | None = None

    def steps(self, spec: ProvisionSpec) -> dict[str, bool]:
        """The steps ``spec`` asks for, each with whether it is done."""
        steps = {"customer": self.customer_id is not None}
        if spec.billing_provider_type is not None:
            steps["billing_config"] = self.billing_config_done
        if spec.plan_id is not None:
            steps["plan"] = self.customer_plan_id is not None
        return steps


@attrs.frozen(kw_only=True)
class ProvisionResult:
    customer_id: str
    customer_plan_id: str | None
    created: bool
    """True if this call created the customer, False if it found it already there."""


class ProvisionError(MetronomeError):
    """Provisioning stopped part-way; ``steps_done`` and ``step_failed`` say where. The cause is chained."""

    def __init__(
        self, spec: ProvisionSpec, state: ProvisionState, step_failed: str, cause: BaseException
    ) -> None:
        self.customer_id = state.customer_id
        steps = state.steps(spec)
        self.steps_done = [step for step, done in steps.items() if done]
        self.steps_left = [step for step, done in steps.items() if not done]
        self.step_failed = step_failed
        self.cause = cause
        done = ", ".join(self.steps_done) or "nothing"
        super().__init__(
            f"provisioning {spec.key!r} stopped at {step_failed}: done: {done}; "
            f"not done: {', '.join(self.steps_left)}; customer id: {state.customer_id or 'none yet'}; "
            f"cause: {cause}"
        )


Save = Callable[[ProvisionState], Awaitable[None]]


async def _no_save(state: ProvisionState) -> None:
    return None


async def provision(
    customers: Customers, spec: ProvisionSpec, state: ProvisionState | None = None, save: Save = _no_save
) -> ProvisionResult:
    """Bring the customer to ``spec``, resuming from ``state``; ``save`` is called after each step."""
    state = state or ProvisionState()
    step = "customer"
    try:
        fresh = False
        if state.customer_id is None:
            state.customer_id, state.created = await _ensure_customer(customers, spec)
            fresh = state.created  # made just now: it cannot have a billing config or plan yet
            await save(state)
        customer_id = state.customer_id
        if spec.billing_provider_type is not None and not state.billing_config_done:
            step = "billing_config"
            await _ensure_billing_config(customers, spec, customer_id, fresh)
            state.billing_config_done = True
            await save(state)
        if spec.plan_id is not None and state.customer_plan_id is None:
            step = "plan"
            state.customer_plan_id = await _ensure_plan(customers, spec, customer_id, fresh)
            await save(state)
    except MetronomeError as exc:
        raise ProvisionError(spec, state, step, exc) from exc
    return ProvisionResult(
        customer_id=customer_id, customer_plan_id=state.customer_plan_id, created=state.created
    )


async def _settle(
    key: str, write: Callable[[str], Awaitable[T]], find: Callable[[], Awaitable[T | None]]
) -> T:
    """Do a write whose outcome may be unknown: after a conflict or a failure that leaves it unclear, look for
    its result before writing again, and write again under a new key (the old one replays the failure)."""
    for attempt in range(RECOVERY_ATTEMPTS):
        try:
            return await write(key if attempt == 0 else f"{key}-{attempt}")
        except ConflictError:
            found = await find()
            if found is not None:
                return found
            raise
        except (InternalServerError, APIConnectionError):
            found = await find()
            if found is not None:
                return found
            if attempt == RECOVERY_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _ensure_customer(customers: Customers, spec: ProvisionSpec) -> tuple[str, bool]:
    async def create(key: str) -> tuple[str, bool]:
        customer = await customers.create(
            name=spec.name,
            ingest_aliases=spec.ingest_aliases,
            external_id=spec.external_id,
            custom_fields=spec.custom_fields,
            idempotency_key=key,
        )
        return customer.id, True

    async def find() -> tuple[str, bool] | None:
        for alias in spec.ingest_aliases:
            async for customer in customers.list(ingest_alias=alias, limit=1):
                if customer.name != spec.name[: check.MAX_NAME_LENGTH]:
                    raise ConflictError(
                        f"ingest alias {alias!r} belongs to other customer {customer.name!r} ({customer.id})",
                        status_code=409,
                    )
                return customer.id, False
        return None

    # A fresh key per call: a rerun must get 409 and find the customer, so that it reports "existed" rather
    # than replaying the first run's "created". The ingest aliases' uniqueness is what prevents a duplicate.
    return await _settle(f"metronome-async-provision-{uuid.uuid4()}", create, find)


async def _ensure_billing_config(
    customers: Customers, spec: ProvisionSpec, customer_id: str, fresh: bool
) -> None:
    provider = spec.billing_provider_type
    assert provider is not None and spec.billing_provider_customer_id is not None

    async def find() -> bool | None:
        try:
            config = await customers.retrieve_billing_config(customer_id, provider)
        except NotFoundError:
            return None
        return True if config.billing_provider_customer_id == spec.billing_provider_customer_id else None

    async def write(key: str) -> bool:
        await customers.set_billing_config(
            customer_id,
            billing_provider_type=provider,
            billing_provider_customer_id=spec.billing_provider_customer_id or "",
            stripe_collection_method=spec.stripe_collection_method,
            idempotency_key=key,
        )
        return True

    if fresh or await find() is None:
        await _settle(spec.idempotency_key(f"billing-{customer_id}"), write, find)


async def _ensure_plan(customers: Customers, spec: ProvisionSpec, customer_id: str, fresh: bool) -> str:
    assert spec.plan_id is not None and spec.starting_on is not None
    starting_on = parse_datetime(spec.starting_on)

    async def find() -> str | None:
        async for plan in customers.plans.list(customer_id):
            if plan.plan_id == spec.plan_id and plan.starting_on == starting_on:
                return plan.id
        return None

    async def add(key: str) -> str:
        return await customers.plans.add(
            customer_id, plan_id=spec.plan_id or "", starting_on=spec.starting_on or "", idempotency_key=key
        )

    existing = None if fresh else await find()
    return (
        existing
        if existing is not None
        else await _settle(spec.idempotency_key(f"plan-{customer_id}"), add, find)
    )
