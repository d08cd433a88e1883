"""Provisioning one customer: create, billing configuration, then a contract (or a plan), each step safe
to repeat.

A customer that is already there is compared with what is asked, never silently left as it is: fields that
differ (its external id, a custom field, its billing provider's customer id or Stripe collection method,
another active plan or contract, a contract under the same uniqueness key with other terms) are returned as
``differences`` and nothing of that kind is written. A step that differs is not done, and the steps after it
wait: provisioning never makes a second configuration, plan or contract beside the one the customer has.
(Changing an existing customer is ``customers.update``'s job.)

A step that may have happened (a dropped connection, a 500, a crash) is never blindly repeated: the customer
is found again by its first ingest alias (its natural key; Metronome keeps aliases unique), the billing
configuration, the plan and the contract by reading them back; their requests carry Idempotency-Keys derived
from what they ask, and a contract a ``uniqueness_key`` derived from the natural key and its terms, so a
rerun never writes twice. A customer found by lookup is ours only if it holds the first alias; an alias held
by another customer stops provisioning, and that customer is never changed.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from metronome_async._core import validate as check
from metronome_async._core.retry import is_testing
from metronome_async._core.serde import parse_datetime
from metronome_async.errors import (
    APIConnectionError,
    APIError,
    ConflictError,
    InternalServerError,
    MetronomeError,
    NotFoundError,
)
from metronome_async.models import (
    BillingConfig,
    BillingProviderType,
    Contract,
    Customer,
    StripeCollectionMethod,
)
from metronome_async.resources._generated.contracts import _CONTRACTS_CREATE
from metronome_async.resources._generated.customers import (
    _CUSTOMERS_COMMITS_CREATE,
    _CUSTOMERS_CREDITS_CREATE,
)
from metronome_async.resources.contracts import Contracts

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

T = TypeVar("T")


def contract_terms(name: str, values: Any, label: Callable[[str], str] | None = None) -> dict[str, Any]:
    """A contract's terms: ``contracts.create``'s keyword arguments without ``customer_id``, checked as it
    checks them, wire-ready."""
    return _CONTRACTS_CREATE.terms(name, values, label, leave_out=frozenset({"customer_id"}))


RECOVERY_ATTEMPTS = 5
RECOVERY_PAUSE = 0.5
"""Seconds before the first lookup of a write whose outcome is unknown; doubled at each attempt."""
RECOVERY_MAX_PAUSE = 8.0


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
    contract: Mapping[str, Any] | None = None
    """The contract's terms, checked and wire-ready, with a ``uniqueness_key`` (derived unless given)."""
    credits: tuple[Mapping[str, Any], ...] = ()
    """The customer's credits (a trial credit, say), each checked and wire-ready with a ``uniqueness_key``."""
    commits: tuple[Mapping[str, Any], ...] = ()
    """The customer's commits, likewise."""

    @classmethod
    def build(cls, values: Mapping[str, Any] | ProvisionSpec) -> ProvisionSpec:
        """A spec from a mapping of ``customers.provision``'s arguments (``None`` meaning not given), each
        checked as ``provision`` checks it; a spec is returned as it is."""
        if isinstance(values, ProvisionSpec):
            return values
        if type(values) is not dict and not isinstance(values, Mapping):
            raise TypeError(f"must be a mapping of provision's arguments, not {type(values).__name__}")
        unknown = values.keys() - _CHECKS.keys()
        if unknown:
            raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
        given = {name: _CHECKS[name](name, value) for name, value in values.items() if value is not None}
        if not CONTRACT_COLUMNS.keys().isdisjoint(given):
            columns = {column: given.pop(column) for column in CONTRACT_COLUMNS if column in given}
            if "contract" in given:
                raise ValueError(f"give contract or {', '.join(columns)}, not both")
            given["contract"] = contract_terms(
                "contract",
                {CONTRACT_COLUMNS[column]: value for column, value in columns.items()},
                lambda field: _COLUMN_NAMES.get(field, field),
            )
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
        if "plan_id" in given and "contract" in given:
            raise ValueError(
                "plan_id and contract are exclusive: put the customer on a plan or on a contract"
            )
        if "contract" in given:
            if "billing_provider_type" in given:
                _provider_config_key(given["billing_provider_type"])
            given["contract"] = _with_uniqueness_key(given["ingest_aliases"][0], given["contract"])
        for kind in ("credits", "commits"):
            if kind in given:
                given[kind] = _keyed(given["ingest_aliases"][0], kind, given[kind])
        return cls(**given)

    @property
    def key(self) -> str:
        return self.ingest_aliases[0]

    @property
    def held_aliases(self) -> tuple[str, ...]:
        """The ingest aliases the customer holds once made: an external id is an alias too."""
        if self.external_id is None or self.external_id in self.ingest_aliases:
            return self.ingest_aliases
        return (*self.ingest_aliases, self.external_id)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of everything asked: the same spec gives the same keys, in any process, on any day."""
        canonical = json.dumps(attrs.asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]

    def idempotency_key(self, step: str) -> str:
        return f"metronome-async-provision-{step}-{self.fingerprint}"


def _with_uniqueness_key(
    natural_key: str, terms: dict[str, Any], kind: str = "contract", *more: Any
) -> dict[str, Any]:
    """The terms with a ``uniqueness_key``: the caller's, or one derived from the natural key and the terms
    (and ``more``), so every rerun asks for the same object and Metronome refuses a second one (409)."""
    if "uniqueness_key" in terms:
        return terms
    canonical = json.dumps([natural_key, terms, *more], sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return {**terms, "uniqueness_key": f"metronome-async-{kind}-{digest}"}


def _keyed(natural_key: str, kind: str, items: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """Credits or commits, each with a ``uniqueness_key``; two alike are told apart by how many alike come
    before them (so asking for two of the same credit makes two, and reordering makes none anew)."""
    seen: list[dict[str, Any]] = []
    keyed = []
    for item in items:
        keyed.append(_with_uniqueness_key(natural_key, item, kind[:-1], seen.count(item)))
        seen.append(item)
    keys = [item["uniqueness_key"] for item in keyed]
    if len(set(keys)) != len(keys):
        raise ValueError(f"two {kind} have the same uniqueness_key: each must have its own")
    return tuple(keyed)


def _balance_items(operation: Any, kind: str) -> Callable[[str, Any], tuple[dict[str, Any], ...]]:
    """The check of ``credits`` or ``commits``: a list of ``operation``'s keyword arguments without
    ``customer_id``, each checked as the operation checks them."""

    def check_items(name: str, values: Any) -> tuple[dict[str, Any], ...]:
        if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, (list, tuple)):
            raise TypeError(f"{name} must be a list of mappings, one per {kind[:-1]}")
        return tuple(
            operation.terms(f"{name}[{index}]", item, leave_out=frozenset({"customer_id"}))
            for index, item in enumerate(values)
        )

    return check_items


def _contract_column(name: str, value: Any) -> Any:
    """A flat contract column of a file; a bare date in ``contract_starting_at`` / ``contract_ending_before``
    means that day at midnight UTC. Checked with the other terms once the contract is put together."""
    if name in CONTRACT_DATE_COLUMNS and isinstance(value, str) and DATE_ONLY.fullmatch(value.strip()):
        return f"{value.strip()}T00:00:00Z"
    return value


DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A bare date (ASCII digits only), which a file may give for a day at midnight UTC."""
CONTRACT_DATE_COLUMNS = frozenset({"contract_starting_at", "contract_ending_before"})

CONTRACT_COLUMNS = {
    "rate_card_id": "rate_card_id",
    "rate_card_alias": "rate_card_alias",
    "package_id": "package_id",
    "package_alias": "package_alias",
    "contract_starting_at": "starting_at",
    "contract_ending_before": "ending_before",
    "contract_name": "name",
    "contract_uniqueness_key": "uniqueness_key",
}
"""Flat fields (a CSV's columns) that make up ``contract`` when it is not given as a mapping."""
_COLUMN_NAMES = {field: column for column, field in CONTRACT_COLUMNS.items()}

_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "name": check.text,
    "ingest_aliases": lambda name, value: tuple(check.ingest_aliases(name, value)),
    "external_id": lambda name, value: check.text(name, value, max_length=128),
    "custom_fields": check.custom_field_values,
    "billing_provider_type": check.choices(member.value for member in BillingProviderType),
    "billing_provider_customer_id": check.text,
    "stripe_collection_method": check.choices(member.value for member in StripeCollectionMethod),
    "plan_id": check.text,
    "starting_on": check.midnight_utc,
    "contract": lambda name, value: contract_terms(name, value),
    "credits": _balance_items(_CUSTOMERS_CREDITS_CREATE, "credits"),
    "commits": _balance_items(_CUSTOMERS_COMMITS_CREATE, "commits"),
    **dict.fromkeys(CONTRACT_COLUMNS, _contract_column),
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
    billing_provider_configuration_id: str | None = None
    contract_id: str | None = None
    credit_ids: list[str] = attrs.Factory(list)
    """The credits made (or found), in the spec's order."""
    commit_ids: list[str] = attrs.Factory(list)
    differs: bool = False
    """The customer holds something other than what was asked: not done, whatever the steps say."""
    spent_keys: int = 0
    """How many Idempotency-Keys the step in progress has spent on 500s (Metronome replays a 500 for its key
    for a day): a rerun goes on from the next one."""

    def steps(self, spec: ProvisionSpec) -> dict[str, bool]:
        """The steps ``spec`` asks for, each with whether it is done."""
        steps = {"customer": self.customer_id is not None}
        if spec.billing_provider_type is not None:
            steps["billing_config"] = self.billing_config_done
        if spec.plan_id is not None:
            steps["plan"] = self.customer_plan_id is not None
        if spec.contract is not None:
            steps["contract"] = self.contract_id is not None
        if spec.credits:
            steps["credits"] = len(self.credit_ids) == len(spec.credits)
        if spec.commits:
            steps["commits"] = len(self.commit_ids) == len(spec.commits)
        return steps


Differences = dict[str, tuple[Any, Any]]
"""What an existing customer holds that differs from what was asked: field -> (current, desired)."""


@attrs.frozen(kw_only=True)
class ProvisionResult:
    customer_id: str
    customer_plan_id: str | None
    created: bool
    """True if this call created the customer, False if it found it already there."""
    contract_id: str | None = None
    credit_ids: list[str] = attrs.field(factory=list)
    commit_ids: list[str] = attrs.field(factory=list)
    differences: Differences = attrs.field(factory=dict)
    """What the customer found already there holds that differs from what was asked, field -> (current,
    desired); those were left as they are (and a step that differs was not done). Empty when it matches."""

    @property
    def differs(self) -> bool:
        return bool(self.differences)


class _Differs(Exception):
    """A step found the customer holding something other than what is asked: nothing is written."""

    def __init__(self, field: str, current: Any, desired: Any) -> None:
        super().__init__(field)
        self.differences: Differences = {field: (current, desired)}


class IngestAliasConflictError(ConflictError):
    """An ingest alias asked for is held by another customer (``other_customer_id``), or the customer that
    holds the natural key lacks some of the aliases asked for. Nothing of that customer was changed."""

    def __init__(self, message: str, *, alias: str, other_customer_id: str) -> None:
        super().__init__(message, status_code=409)
        self.alias = alias
        self.other_customer_id = other_customer_id


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
    progress = _Progress(state, save)
    differences: Differences = {}
    state.differs = False  # whatever differs is found again by this call
    try:
        if state.customer_id is None:
            state.customer_id, state.created, differences = await _ensure_customer(customers, spec)
            progress.fresh = state.created  # made just now: no billing config, plan or contract yet
            state.differs = bool(differences)
            await progress.done()
        elif spec.external_id is not None or spec.custom_fields:  # resumed: compare what may differ
            differences = _customer_differences(spec, await customers.retrieve(state.customer_id))
            state.differs = bool(differences)
        customer_id = state.customer_id
        if spec.billing_provider_type is not None and not state.billing_config_done:
            step = "billing_config"
            if spec.contract is None:
                await _ensure_billing_config(customers, spec, customer_id, progress)
            else:  # the contracts era: a provider configuration, which the contract then names
                state.billing_provider_configuration_id = await _ensure_provider_configuration(
                    customers, spec, customer_id, progress
                )
            state.billing_config_done = True
            await progress.done()
        if spec.plan_id is not None and state.customer_plan_id is None:
            step = "plan"
            state.customer_plan_id = await _ensure_plan(customers, spec, customer_id, progress)
            await progress.done()
        if spec.contract is not None and state.contract_id is None:
            step = "contract"
            state.contract_id = await _ensure_contract(customers, spec, progress)
            await progress.done()
        for step, items, made in (
            ("credits", spec.credits, state.credit_ids),
            ("commits", spec.commits, state.commit_ids),
        ):
            while len(made) < len(items):
                made.append(await _ensure_balance(customers, spec, step, len(made), progress))
                await progress.done()
    except _Differs as found:  # this step and the ones after it are left undone
        differences.update(found.differences)
        state.differs = True
    except APIError as exc:  # a failure of the API; a failing journal (``save``) is the job's to handle
        raise ProvisionError(spec, state, step, exc) from exc
    assert state.customer_id is not None
    return ProvisionResult(
        customer_id=state.customer_id,
        customer_plan_id=state.customer_plan_id,
        created=progress.fresh,
        contract_id=state.contract_id,
        credit_ids=list(state.credit_ids),
        commit_ids=list(state.commit_ids),
        differences=differences,
    )


@attrs.define
class _Progress:
    """One provisioning's progress: whether the customer was made by this call (``fresh``: nothing to look
    up), and its state, saved after each step and each Idempotency-Key spent on a 500."""

    state: ProvisionState
    save: Save
    fresh: bool = False

    async def done(self) -> None:
        self.state.spent_keys = 0
        await self.save(self.state)

    async def spent(self, count: int) -> None:
        self.state.spent_keys = count
        await self.save(self.state)


_SPENT_HERE: dict[str, int] = {}
"""Keys spent on 500s by calls of this process (first key -> count), for calls that keep no journal."""
_SPENT_HERE_MAX = 10_000


async def _settle(
    key: str,
    write: Callable[[str], Awaitable[T]],
    find: Callable[[], Awaitable[T | None]],
    progress: _Progress | None = None,
    confirm: Callable[[str, T], Awaitable[T]] | None = None,
) -> T:
    """Do a write whose outcome may be unknown, never twice.

    After a conflict, the result is looked for. After a failure, the server may still be carrying the write
    out (a timeout, a dropped connection, a gateway's 502/503/504): wait, look for its result (``confirm``
    may then tell whether this write made it), and write again only under the same key, which the server
    executes at most once. Only a 500, the server's own answer that the write failed (stored under its key,
    so the same key only gets it again), lets a write go out under the next key of a chain (``key``,
    ``key-1``, ``key-2``...), once a lookup confirms nothing was made. The keys spent are counted in the
    state (and in this process), so a rerun goes on from the next key rather than replaying those 500s."""
    first_key = key
    spent = max(progress.state.spent_keys if progress else 0, _SPENT_HERE.get(first_key, 0))
    for attempt in range(RECOVERY_ATTEMPTS):
        key = first_key if spent == 0 else f"{first_key}-{spent}"
        try:
            return await write(key)
        except ConflictError:
            found = await find()
            if found is not None:
                return found
            raise
        except (InternalServerError, APIConnectionError) as exc:
            answered = isinstance(exc, InternalServerError) and exc.status_code == 500
            last = attempt == RECOVERY_ATTEMPTS - 1
            if not last:
                await _recovery_pause(attempt)
            found = await find()
            if found is not None:
                return found if answered or confirm is None else await confirm(key, found)
            if answered:  # this key is spent: its 500 is all it will ever get
                spent += 1
                if len(_SPENT_HERE) >= _SPENT_HERE_MAX:
                    _SPENT_HERE.clear()
                _SPENT_HERE[first_key] = spent
                if progress is not None:
                    await progress.spent(spent)
            if last:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _recovery_pause(attempt: int) -> None:
    """Time for a write the server may still be carrying out to finish before it is looked for."""
    if not is_testing():
        await asyncio.sleep(min(RECOVERY_MAX_PAUSE, RECOVERY_PAUSE * 2**attempt))


async def _ensure_customer(customers: Customers, spec: ProvisionSpec) -> tuple[str, bool, Differences]:
    """The customer's id, whether this call created it, and how the one found already there differs."""

    async def create(key: str) -> tuple[str, bool, Differences]:
        customer = await customers.create(
            name=spec.name,
            ingest_aliases=spec.ingest_aliases,
            external_id=spec.external_id,
            custom_fields=spec.custom_fields,
            idempotency_key=key,
        )
        return customer.id, True, {}

    async def find() -> tuple[str, bool, Differences] | None:
        ours = await _holder(customers, spec.key)
        if ours is not None:
            return _confirmed_ours(spec, ours), False, _customer_differences(spec, ours)
        for alias in spec.ingest_aliases[1:]:
            other = await _holder(customers, alias)
            if other is not None:
                raise IngestAliasConflictError(
                    f"ingest alias {alias!r} belongs to another customer, {other.id} ({other.name!r}); "
                    "that customer was not changed",
                    alias=alias,
                    other_customer_id=other.id,
                )
        return None

    async def confirm(key: str, found: tuple[str, bool, Differences]) -> tuple[str, bool, Differences]:
        """The customer found after a create whose answer was lost: made by that create if the same key
        replays its answer, there before if it gets 409 (the same key never makes a second one)."""
        try:
            again = await create(key)
        except (ConflictError, InternalServerError, APIConnectionError):
            return found
        return again if again[0] == found[0] else found

    # A fresh key per call: a rerun must get 409 and find the customer, so that it reports "existed" rather
    # than replaying the first run's "created". The ingest aliases' uniqueness is what prevents a duplicate.
    return await _settle(f"metronome-async-provision-{uuid.uuid4()}", create, find, confirm=confirm)


async def _holder(customers: Customers, alias: str) -> Customer | None:
    """The customer that holds ``alias``, active or archived (aliases stay reserved after archiving)."""
    for only_archived in (False, True):
        async for customer in customers.list(ingest_alias=alias, only_archived=only_archived, limit=1):
            if alias in customer.ingest_aliases:
                return customer
    return None


def _confirmed_ours(spec: ProvisionSpec, customer: Customer) -> str:
    """The id of the customer holding the natural key, if it is the one ``spec`` describes."""
    problem = None
    if customer.archived:
        problem = "is archived"
    elif customer.name != spec.name[: check.MAX_NAME_LENGTH]:
        problem = f"is named {customer.name!r}, not {spec.name!r}"
    else:
        missing = [alias for alias in spec.ingest_aliases if alias not in customer.ingest_aliases]
        if missing:
            problem = f"does not hold the ingest alias(es) {', '.join(map(repr, missing))}"
    if problem is not None:
        raise IngestAliasConflictError(
            f"ingest alias {spec.key!r} belongs to customer {customer.id}, which {problem}; "
            "that customer was not changed",
            alias=spec.key,
            other_customer_id=customer.id,
        )
    return customer.id


def _customer_differences(spec: ProvisionSpec, customer: Customer) -> Differences:
    """The fields asked for that the existing customer holds otherwise."""
    found: Differences = {}
    if spec.external_id is not None and customer.external_id != spec.external_id:
        found["external_id"] = (customer.external_id, spec.external_id)
    for key, value in (spec.custom_fields or {}).items():
        if customer.custom_fields.get(key) != value:
            found[f"custom_fields.{key}"] = (customer.custom_fields.get(key), value)
    return found


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def _ensure_billing_config(
    customers: Customers, spec: ProvisionSpec, customer_id: str, progress: _Progress
) -> None:
    provider = spec.billing_provider_type
    assert provider is not None and spec.billing_provider_customer_id is not None

    async def held() -> BillingConfig | None:
        try:
            return await customers.retrieve_billing_config(customer_id, provider)
        except NotFoundError:
            return None

    async def find() -> bool | None:
        config = await held()
        ours = config is not None and config.billing_provider_customer_id == spec.billing_provider_customer_id
        return True if ours else None

    async def write(key: str) -> bool:
        await customers.set_billing_config(
            customer_id,
            billing_provider_type=provider,
            billing_provider_customer_id=spec.billing_provider_customer_id or "",
            stripe_collection_method=spec.stripe_collection_method,
            idempotency_key=key,
        )
        return True

    current = None if progress.fresh else await held()
    if current is None:
        await _settle(spec.idempotency_key(f"billing-{customer_id}"), write, find, progress)
    else:  # setting it would replace the customer's
        _compare_billing(spec, current.billing_provider_customer_id, current.stripe_collection_method)


async def _ensure_plan(
    customers: Customers, spec: ProvisionSpec, customer_id: str, progress: _Progress
) -> str:
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

    if not progress.fresh:
        other = None
        async for plan in customers.plans.list(customer_id):
            if plan.plan_id == spec.plan_id and plan.starting_on == starting_on:
                return plan.id
            if plan.ending_before is None or plan.ending_before > _now():
                other = plan
        if other is not None:  # a second plan beside it is never added
            current = f"{other.plan_id} from {other.starting_on.isoformat()}"
            raise _Differs("plan", current, f"{spec.plan_id} from {starting_on.isoformat()}")
    return await _settle(spec.idempotency_key(f"plan-{customer_id}"), add, find, progress)


def _compare_billing(spec: ProvisionSpec, customer_id: str | None, collection_method: object) -> None:
    """Raise ``_Differs`` if the customer's billing configuration holds another provider customer id, or
    another Stripe collection method than the one the spec gives."""
    if customer_id != spec.billing_provider_customer_id:
        raise _Differs("billing_provider_customer_id", customer_id, spec.billing_provider_customer_id)
    if _collection_method_differs(spec, collection_method):
        raise _Differs("stripe_collection_method", str(collection_method), spec.stripe_collection_method)


def _collection_method_differs(spec: ProvisionSpec, held: object) -> bool:
    """Whether a billing configuration's Stripe collection method is another than the spec asks (one not
    asked, or not shown, is no difference)."""
    wanted = spec.stripe_collection_method
    return wanted is not None and held is not None and str(held) != wanted


_PROVIDER_CONFIG_KEYS = {
    "stripe": "stripe_customer_id",
    "netsuite": "netsuite_customer_id",
    "aws_marketplace": "aws_customer_id",
    "azure_marketplace": "azure_subscription_id",
    "gcp_marketplace": "gcp_entitlement_id",
}
"""Where a provider configuration keeps the customer's id in that provider."""


def _provider_config_key(provider: str) -> str:
    if provider not in _PROVIDER_CONFIG_KEYS:
        raise ValueError(
            f"billing_provider_type {provider!r} cannot be configured with a contract; "
            f"use one of {', '.join(_PROVIDER_CONFIG_KEYS)}"
        )
    return _PROVIDER_CONFIG_KEYS[provider]


async def _ensure_provider_configuration(
    customers: Customers, spec: ProvisionSpec, customer_id: str, progress: _Progress
) -> str:
    """The id of the customer's provider configuration for ``spec``'s provider and provider customer id."""
    provider = spec.billing_provider_type
    assert provider is not None and spec.billing_provider_customer_id is not None
    id_key = _provider_config_key(provider)
    configuration: dict[str, Any] = {id_key: spec.billing_provider_customer_id}
    if provider == "stripe":
        configuration["stripe_collection_method"] = spec.stripe_collection_method or "charge_automatically"

    async def find() -> str | None:
        for config in await customers.retrieve_billing_provider_configurations(customer_id):
            if (
                config.billing_provider == provider
                and config.configuration.get(id_key) == configuration[id_key]
            ):
                return config.id
        return None

    async def write(key: str) -> str:
        entry = {
            "customer_id": customer_id,
            "billing_provider": provider,
            "delivery_method": "direct_to_billing_provider",
            "configuration": configuration,
        }
        made = await customers.set_billing_provider_configurations(data=[entry], idempotency_key=key)
        if len(made) != 1 or made[0].id is None:
            raise APIError(f"Unexpected answer: {len(made)} configurations, expected one with an id")
        return made[0].id

    if not progress.fresh:
        held = [
            config
            for config in await customers.retrieve_billing_provider_configurations(customer_id)
            if config.billing_provider == provider and config.archived_at is None
        ]
        for config in held:
            if config.configuration.get(id_key) == configuration[id_key] and config.id is not None:
                _compare_billing(
                    spec, configuration[id_key], config.configuration.get("stripe_collection_method")
                )
                return config.id
        if held:  # a second configuration for this provider is never added
            current = held[0].configuration.get(id_key)
            raise _Differs("billing_provider_customer_id", current, configuration[id_key])
    return await _settle(spec.idempotency_key(f"provider-{customer_id}"), write, find, progress)


async def _ensure_contract(customers: Customers, spec: ProvisionSpec, progress: _Progress) -> str:
    """The contract ``spec`` asks for. Its ``uniqueness_key`` makes a second one impossible: a 409 means it
    exists, which reading the customer's contracts back confirms."""
    state = progress.state
    assert spec.contract is not None and state.customer_id is not None
    customer_id = state.customer_id
    contracts = Contracts(customers._transport)
    terms = dict(spec.contract)
    from_package = "package_id" in terms or "package_alias" in terms  # the package names its own
    if (
        state.billing_provider_configuration_id
        and "billing_provider_configuration" not in terms
        and not from_package
    ):
        terms["billing_provider_configuration"] = {
            "billing_provider_configuration_id": state.billing_provider_configuration_id
        }
    uniqueness_key = terms["uniqueness_key"]

    def ours(contract: Contract) -> str:
        """The id of the contract under our uniqueness key, if it has the terms asked for (a key the caller
        gives does not encode them, as a derived one does)."""
        if _terms_differ(contract, spec.contract or {}):
            raise _Differs("contract", [_contract_summary(contract)], dict(spec.contract or {}))
        return contract.id

    async def find() -> str | None:
        async for contract in contracts.list(customer_id):
            if contract.uniqueness_key == uniqueness_key:
                return ours(contract)
        return None

    async def create(key: str) -> str:
        return await contracts.create(customer_id, **terms, idempotency_key=key)

    if not progress.fresh:
        others = []
        async for contract in contracts.list(customer_id):
            if contract.uniqueness_key == uniqueness_key:
                return ours(contract)
            if not contract.archived and not contract.ended_by(_now()):
                others.append(_contract_summary(contract))
        if others:  # a rerun with other terms, or a contract made elsewhere: never a second one beside it
            raise _Differs("contract", others, dict(spec.contract))
    return await _settle(spec.idempotency_key(f"contract-{customer_id}"), create, find, progress)


async def _ensure_balance(
    customers: Customers, spec: ProvisionSpec, kind: str, index: int, progress: _Progress
) -> str:
    """Credit or commit ``index`` of ``spec``. Its ``uniqueness_key`` makes a second one impossible: a 409
    means it exists, which reading the customer's credits (commits) back confirms."""
    customer_id = progress.state.customer_id
    assert customer_id is not None
    item = (spec.credits if kind == "credits" else spec.commits)[index]
    resource = customers.credits if kind == "credits" else customers.commits
    uniqueness_key = item["uniqueness_key"]

    async def find() -> str | None:
        async for held in resource.list(customer_id, include_archived=True):
            if held.uniqueness_key == uniqueness_key:
                return held.id
        return None

    async def create(key: str) -> str:
        return await resource.create(customer_id, **item, idempotency_key=key)

    if not progress.fresh:
        found = await find()
        if found is not None:
            return found
    return await _settle(spec.idempotency_key(f"{kind}-{index}-{customer_id}"), create, find, progress)


def _terms_differ(contract: Contract, terms: Mapping[str, Any]) -> bool:
    """Whether the contract holds other terms than those asked, of the ones it shows (its rate card asked by
    id, name, start and end), each compared when asked."""
    held: dict[str, Any] = {
        "rate_card_id": contract.rate_card_id,
        "name": contract.name,
        "starting_at": contract.starting_at,
        "ending_before": contract.ending_before,
    }
    for field, current in held.items():
        if field in terms:
            desired = parse_datetime(terms[field]) if isinstance(current, datetime) else terms[field]
            if current != desired:
                return True
    return False


def _contract_summary(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.id,
        "rate_card_id": contract.rate_card_id,
        "starting_at": contract.starting_at.isoformat(),
        "ending_before": contract.ending_before.isoformat() if contract.ending_before else None,
        "uniqueness_key": contract.uniqueness_key,
    }
