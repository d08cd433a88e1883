"""``customers.reconcile``: what it would take to make Metronome's customers equal to a source of truth, as a
plan that changes nothing (``customers.apply_plan`` carries it out).

The desired customers are ``provision``'s items; each is keyed by its first ingest alias. Every current
customer is listed once (archived ones too: they keep their aliases), streamed, and meets the desired ones in
a temporary SQLite file (``reconcile_store``), so neither side is held in memory. A desired customer is then:

- a ``create`` when no customer holds any of its aliases;
- an ``update`` when exactly one active customer holds its aliases, that customer is owned (its custom field
  ``managed_by`` names the owner) and holds something else than asked: another name, other aliases, other
  values of the custom fields asked, another billing provider customer id or Stripe collection method, or
  no contract where one is asked (a contract made under its uniqueness key, or an active one on its rate
  card or package);
- a ``conflict`` when it cannot be brought there without touching what is not ours: an alias held by a
  customer that is not owned, archived, or by several customers; an alias or a contract uniqueness key in two
  desired items; a name longer than Metronome keeps; a custom field key that is not registered; a value of a
  unique custom field key that another desired item asks or another customer holds (archived ones too);
  another contract (never replaced); the contract made under the uniqueness key asked, archived or ended
  before its terms end it (the key takes no second one); another external id (the API has no way to change
  it); a billing provider configuration that a contract bills through (Metronome cannot move a contract to
  another configuration), or that holds the customer id asked with another Stripe collection method (never
  changed);
- nothing at all when the customer is as asked.

Owned customers missing from the source are ``archive`` changes, only when asked and never more than a share
of the owned customers (an empty or truncated source is not a mass churn); an archive that would void
invoices is marked ``blocked``.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import anyio
import attrs

from metronome_async._core import validate as check
from metronome_async._core.serde import parse_datetime
from metronome_async._core.streams import Problems
from metronome_async.errors import MetronomeError, NotFoundError
from metronome_async.models import Contract
from metronome_async.resources._generated.custom_fields import CustomFieldsResource
from metronome_async.resources.contracts import Contracts
from metronome_async.workflows.churn import archive_churned
from metronome_async.workflows.provision import (
    Differences,
    ProvisionSpec,
    _collection_method_differs,
    _provider_config_key,
)
from metronome_async.workflows.reconcile_store import Holders, Seen, Store, spec_to_json

if TYPE_CHECKING:
    from metronome_async.resources.customers import Customers

__all__ = [
    "ACTIONS",
    "OWNER_FIELD",
    "VOID_ADVICE",
    "ArchiveShareError",
    "Change",
    "ReconcilePlan",
    "desired_spec",
    "reconcile",
]

T = TypeVar("T")

OWNER_FIELD = "managed_by"
"""The customer custom field that marks a customer as owned: its value is the owner's name."""

VOID_ADVICE = "apply with void_invoices=True"
"""How a blocked archive's reason says to archive it anyway."""

Action = Literal["create", "update", "archive", "conflict"]
ACTIONS: tuple[Action, ...] = ("create", "update", "archive", "conflict")


@attrs.frozen(kw_only=True)
class Change:
    """One change of a plan. ``key`` is the customer's first ingest alias (the desired one, or for an archive
    the current one), ``customer_id`` is ``None`` for a create, ``diff`` maps each field to (current,
    desired). ``reason`` says why a conflict cannot be applied, or why an archive is ``blocked`` (it would
    void invoices: ``apply_plan(..., void_invoices=True)`` archives it anyway)."""

    action: Action
    key: str | None
    customer_id: str | None
    diff: Mapping[str, tuple[Any, Any]]
    reason: str | None = None
    blocked: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "key": self.key,
            "customer_id": self.customer_id,
            "diff": {field: list(values) for field, values in self.diff.items()},
            "reason": self.reason,
            "blocked": self.blocked,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Change:
        return cls(
            action=record["action"],
            key=record["key"],
            customer_id=record["customer_id"],
            diff={field: (values[0], values[1]) for field, values in record["diff"].items()},
            reason=record["reason"],
            blocked=record["blocked"],
        )


class ArchiveShareError(MetronomeError, ValueError):
    """More owned customers are missing from the source than ``max_archive_share`` allows: the plan is
    refused (an empty or truncated source is not a mass churn). Nothing was changed."""

    def __init__(self, missing: int, owned: int, max_share: float) -> None:
        self.missing = missing
        self.owned = owned
        self.max_share = max_share
        super().__init__(
            f"{missing} of the {owned} owned customers are missing from the source, more than "
            f"max_archive_share={max_share:g} allows ({int(max_share * owned)}); is the source complete? "
            "If they really left, raise max_archive_share; nothing was planned"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.missing, self.owned, self.max_share)


class Changes(Sequence[Change]):
    """The plan's changes in order (creates, updates, archives, conflicts; each by key), read from the
    plan's file as they are asked for."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __len__(self) -> int:
        return self._store.change_count()

    @overload
    def __getitem__(self, index: int) -> Change: ...

    @overload
    def __getitem__(self, index: slice) -> list[Change]: ...

    def __getitem__(self, index: int | slice) -> Change | list[Change]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < 0:
            raise IndexError(index)
        return Change.from_record(self._store.change_at(index))

    def __iter__(self) -> Iterator[Change]:
        return (Change.from_record(record) for record in self._store.changes())


class ReconcilePlan:
    """What ``customers.reconcile`` found to do; nothing of it is done until ``customers.apply_plan``.

    ``changes`` lists every change (unchanged customers are not listed), ``counts`` how many of each action,
    ``owned`` how many active customers the owner holds, ``missing`` how many of those are not in the source
    (archived only with ``archive_missing``), ``register_owner_field`` whether the ``managed_by`` custom
    field key must be registered first (apply does it). The changes live in a temporary file, deleted when
    the plan is closed or collected."""

    def __init__(
        self,
        store: Store,
        *,
        owner: str,
        archive_missing: bool,
        counts: Mapping[str, int],
        owned: int,
        missing: int,
        register_owner_field: bool,
    ) -> None:
        self._store = store
        self.owner = owner
        self.archive_missing = archive_missing
        self.counts: dict[str, int] = {action: counts.get(action, 0) for action in ACTIONS}
        self.owned = owned
        self.missing = missing
        self.register_owner_field = register_owner_field
        self.changes = Changes(store)

    @property
    def has_changes(self) -> bool:
        """Whether applying would change anything (conflicts change nothing)."""
        return self.register_owner_field or any(self.counts[a] for a in ("create", "update", "archive"))

    @property
    def has_conflicts(self) -> bool:
        return self.counts["conflict"] > 0

    def records(self) -> Iterator[dict[str, Any]]:
        """The changes with what applying needs (the desired spec, the fingerprint of what was seen)."""
        return self._store.changes()

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "archive_missing": self.archive_missing,
            "register_owner_field": self.register_owner_field,
            "counts": dict(self.counts),
            "owned": self.owned,
            "missing": self.missing,
            "changes": [change.to_dict() for change in self.changes],
        }

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {action}" for action, n in self.counts.items())
        return f"plan for owner {self.owner!r}: {counts}"

    def close(self) -> None:
        self._store.close()


_RANK = {action: rank for rank, action in enumerate(ACTIONS)}


async def reconcile(
    customers: Customers,
    desired: Iterable[Mapping[str, Any] | ProvisionSpec],
    *,
    owner: str,
    archive_missing: bool,
    max_archive_share: float,
    concurrency: int,
) -> ReconcilePlan:
    store = Store(mark=(OWNER_FIELD, owner))
    try:
        # bad items: nothing is sent; cancelled, the thread stops at its next item (the store is closed)
        await anyio.to_thread.run_sync(_load, store, desired, abandon_on_cancel=True)
        keys = CustomFieldsResource(customers._transport).list_keys(entities=["customer"])
        fields = {
            field.key: field.enforce_uniqueness async for field in keys if str(field.entity) == "customer"
        }
        store.register(fields.items())
        registered = set(fields)
        await _read_current(customers, store)
        owned = store.owned_count()
        planner = _Planner(customers, store, owner, registered, concurrency)
        for page in store.desired_pages():
            await planner.desired(page)
        missing = store.missing_count()
        if archive_missing and missing:
            if missing > max_archive_share * owned:
                raise ArchiveShareError(missing, owned, max_archive_share)
            for customers_page in store.missing_pages():
                await planner.archives(customers_page)
        store.finish()
    except BaseException:
        store.close()
        raise
    return ReconcilePlan(
        store,
        owner=owner,
        archive_missing=archive_missing,
        counts=planner.counts,
        owned=owned,
        missing=missing,
        register_owner_field=OWNER_FIELD not in registered,
    )


def desired_spec(item: Mapping[str, Any] | ProvisionSpec) -> ProvisionSpec:
    """A desired item as a spec, checked as ``provision`` checks it, without the ownership mark."""
    spec = ProvisionSpec.build(item)
    if OWNER_FIELD in (spec.custom_fields or {}):
        raise ValueError(
            f"custom_fields.{OWNER_FIELD} is the ownership mark, which reconciliation sets: leave it out"
        )
    return spec


def _load(store: Store, desired: Iterable[Mapping[str, Any] | ProvisionSpec]) -> None:
    """Check every desired item and record it; one ValueError listing the bad ones. In a worker thread, which
    a cancelled reconciliation does not wait for: once the store is closed, the source is read no further."""
    problems = Problems()
    page: list[tuple[int, ProvisionSpec, bool]] = []
    for index, item in enumerate(desired):
        if store.closed:
            return
        try:
            spec = desired_spec(item)
        except (TypeError, ValueError) as exc:
            problems.add(f"desired[{index}]: {exc}")
            continue
        page.append((index, spec, _needs_look(spec)))
        if len(page) == Store.PAGE:
            store.add_desired(page)
            page = []
    if problems:
        raise problems.error("in desired")
    store.add_desired(page)
    store.loaded()


async def _read_current(customers: Customers, store: Store) -> None:
    """List every customer once (archived ones too: they keep their aliases) into the store."""
    for only_archived in (False, True):
        async for page in customers.list(only_archived=only_archived).pages():
            store.add_current(page.data)
    store.link()


async def _bounded(limit: int, calls: Iterable[Awaitable[T]]) -> list[T]:
    gate = asyncio.Semaphore(limit)

    async def one(call: Awaitable[T]) -> T:
        async with gate:
            return await call

    return list(await asyncio.gather(*(one(call) for call in calls)))


@attrs.define
class _Decision:
    """One desired customer's change as planning finds it; ``target`` needs its billing configuration and
    contracts read before the change is known."""

    spec: ProvisionSpec
    action: Action | None
    customer_id: str | None = None
    diff: Differences = attrs.Factory(dict)
    reasons: list[str] = attrs.Factory(list)
    target: Seen | None = None


class _Planner:
    def __init__(
        self, customers: Customers, store: Store, owner: str, registered: set[str], concurrency: int
    ) -> None:
        self.customers = customers
        self.contracts = Contracts(customers._transport)
        self.store = store
        self.owner = owner
        self.registered = registered
        self.concurrency = concurrency
        self.counts: Counter[str] = Counter()
        self.now = datetime.now(timezone.utc)

    def _add(self, action: Action, key: str | None, customer_id: str | None, **record: Any) -> None:
        self.counts[action] += 1
        record.setdefault("diff", {})
        record.setdefault("reason", None)
        record.setdefault("blocked", False)
        self.store.add_change(
            _RANK[action], key, {"action": action, "key": key, "customer_id": customer_id, **record}
        )

    async def desired(self, page: list[tuple[ProvisionSpec, Holders]]) -> None:
        decisions = [self._decide(spec, holders) for spec, holders in page]
        remote = [d for d in decisions if d.target is not None and _asks_billing(d.spec)]
        await _bounded(self.concurrency, (self._read_billing(d) for d in remote))
        for d in decisions:
            if d.reasons:
                reason = "; ".join(d.reasons)
                self._add("conflict", d.spec.key, d.customer_id, diff=d.diff, reason=reason)
            elif d.action == "create" or (d.action == "update" and d.diff):
                self._add(d.action, d.spec.key, d.customer_id, diff=d.diff, spec=spec_to_json(d.spec),
                          seen=None if d.target is None else d.target.fingerprint)  # fmt: skip

    def _decide(self, spec: ProvisionSpec, holders: Holders) -> _Decision:
        reasons = self.store.clashes(spec.key)
        if len(spec.name) > check.MAX_NAME_LENGTH:
            reasons.append(f"name is {len(spec.name)} characters; Metronome keeps {check.MAX_NAME_LENGTH}")
        unregistered = sorted(set(spec.custom_fields or {}) - self.registered)
        if unregistered:
            reasons.append(
                f"custom field key(s) {', '.join(unregistered)} not registered for customers "
                "(custom_fields.add_key registers one)"
            )
        if not holders:
            return _Decision(spec, "create", diff=_create_diff(spec), reasons=reasons)
        if len(holders) > 1:
            ids = ", ".join(customer.id for customer, _ in holders)
            reasons.append(f"its ingest aliases are held by {len(holders)} customers: {ids}")
            holding_key = next((c.id for c, _ in holders if spec.key in c.ingest_aliases), None)
            return _Decision(spec, None, customer_id=holding_key, reasons=reasons)
        customer, items = holders[0]
        decision = _Decision(spec, "update", customer_id=customer.id, reasons=reasons)
        shared = ", ".join(repr(a) for a in spec.held_aliases if a in customer.ingest_aliases)
        mark = customer.custom_fields.get(OWNER_FIELD)
        if customer.archived:
            reasons.append(
                f"archived customer {customer.id} ({customer.name!r}) holds {shared}: archived "
                "customers keep their ingest aliases"
            )
        elif mark != self.owner:
            owned_by = "no owner" if mark is None else f"{OWNER_FIELD}={mark!r}"
            reasons.append(
                f"customer {customer.id} ({customer.name!r}) holds {shared} and is not managed by "
                f"{self.owner!r} ({owned_by}); it is never modified"
            )
        elif items > 1:
            reasons.append(
                f"customer {customer.id} holds ingest aliases of {items} desired customers; it is never "
                "split or merged"
            )
        else:
            decision.diff = _customer_diff(spec, customer)
            if spec.external_id is not None and customer.external_id != spec.external_id:
                decision.diff["external_id"] = (customer.external_id, spec.external_id)
                reasons.append("its external_id differs, and Metronome has no way to change it")
            decision.target = customer
        return decision

    async def _read_billing(self, decision: _Decision) -> None:
        """Add to ``decision`` what its billing provider configuration and contract need."""
        spec, customer = decision.spec, decision.target
        assert customer is not None
        every = [contract async for contract in self.contracts.list(customer.id, include_archived=True)]
        contracts = [c for c in every if not c.archived and not c.ended_by(self.now)]
        if spec.billing_provider_type is not None:
            await self._billing_difference(decision, customer.id, contracts)
        if spec.contract is not None:
            terms = spec.contract
            ours = next((c for c in every if c.uniqueness_key == terms["uniqueness_key"]), None)
            if ours is not None:  # made for the source: Metronome takes no second contract under its key
                cut_short = _cut_short(ours, terms, self.now)
                if cut_short is not None:
                    decision.diff["contract"] = ([ours.id], _terms_summary(terms))
                    decision.reasons.append(
                        f"its contract {ours.id}, made under the uniqueness key asked, {cut_short}; no "
                        "second contract is made under that key: change the contract asked, or its "
                        "uniqueness_key"
                    )
            elif not any(_on_terms(contract, terms) for contract in contracts):
                if contracts:
                    held = ", ".join(f"{c.id} (rate card {c.rate_card_id})" for c in contracts)
                    decision.diff["contract"] = ([c.id for c in contracts], _terms_summary(terms))
                    decision.reasons.append(
                        f"it has another active contract, {held}; a contract is never replaced: end it "
                        "(customers.offboard) or change the source"
                    )
                else:
                    decision.diff["contract"] = (None, _terms_summary(terms))

    async def _billing_difference(
        self, decision: _Decision, customer_id: str, contracts: list[Contract]
    ) -> None:
        spec = decision.spec
        provider, wanted = spec.billing_provider_type, spec.billing_provider_customer_id
        assert provider is not None
        field = "billing_provider_customer_id"
        if spec.contract is None:
            try:  # the Plans era: one configuration per provider, which setting replaces
                config = await self.customers.retrieve_billing_config(customer_id, provider)
            except NotFoundError:
                decision.diff[field] = (None, wanted)
                return
            if config.billing_provider_customer_id != wanted:
                decision.diff[field] = (config.billing_provider_customer_id, wanted)
            if _collection_method_differs(spec, config.stripe_collection_method):
                method = (str(config.stripe_collection_method), spec.stripe_collection_method)
                decision.diff["stripe_collection_method"] = method
            return
        id_key = _provider_config_key(provider)
        held = [
            config
            for config in await self.customers.retrieve_billing_provider_configurations(customer_id)
            if config.billing_provider == provider and config.archived_at is None
        ]
        same = next((config for config in held if config.configuration.get(id_key) == wanted), None)
        if same is not None:
            held_method = same.configuration.get("stripe_collection_method")
            if _collection_method_differs(spec, held_method):
                decision.diff["stripe_collection_method"] = (held_method, spec.stripe_collection_method)
                decision.reasons.append(
                    f"its {provider} configuration {same.id} collects by {held_method!r}: a configuration "
                    "is never changed, and none is made beside one for the same customer id"
                )
            return
        decision.diff[field] = (held[0].configuration.get(id_key) if held else None, wanted)
        old = {config.id for config in held}
        tied = [
            contract.id
            for contract in contracts
            if contract.customer_billing_provider_configuration is not None
            and contract.customer_billing_provider_configuration.id in old
        ]
        if tied:
            decision.reasons.append(
                f"contract(s) {', '.join(tied)} bill through its current {provider} configuration, and "
                "Metronome cannot move a contract to another configuration"
            )

    async def archives(self, page: list[Seen]) -> None:
        """Archive changes for owned customers missing from the source, each checked as ``archive_churned``
        checks it (a dry run: its plans and contracts would be ended; invoices it would void block it), and
        added in the listing's order (customers without aliases share a key)."""

        async def check_one(customer: Seen) -> dict[str, Any]:
            report = await archive_churned(
                self.customers, customer.id, end_plans=True, end_contracts=True, dry_run=True
            )
            diff: dict[str, tuple[Any, Any]] = {"archived": (False, True)}
            if report.open_contracts:
                diff["contracts_ended"] = ([c.id for c in report.open_contracts], [])
            if report.open_plans:
                diff["plans_ended"] = ([p.id for p in report.open_plans], [])
            reason = None
            if report.invoices:
                diff["invoices_voided"] = ([i.id for i in report.invoices], [])
                reason = (
                    f"archiving voids its {len(report.invoices)} invoice(s) ({len(report.open_invoices)} "
                    f"still owed); settle them first, or {VOID_ADVICE}"
                )
            return {"diff": diff, "reason": reason, "blocked": bool(report.invoices)}

        checked = await _bounded(self.concurrency, (check_one(customer) for customer in page))
        for customer, record in zip(page, checked, strict=True):
            self._add("archive", customer.key, customer.id, **record, seen=customer.fingerprint)


def _asks_billing(spec: ProvisionSpec) -> bool:
    return spec.billing_provider_type is not None or spec.contract is not None


def _needs_look(spec: ProvisionSpec) -> bool:
    """Whether planning looks at ``spec`` whatever the current customer holds: the listing does not show
    billing or contracts, and a name longer than Metronome keeps is a conflict."""
    return _asks_billing(spec) or len(spec.name) > check.MAX_NAME_LENGTH


def _create_diff(spec: ProvisionSpec) -> Differences:
    diff: Differences = {"name": (None, spec.name), "ingest_aliases": (None, list(spec.ingest_aliases))}
    if spec.external_id is not None:
        diff["external_id"] = (None, spec.external_id)
    for key, value in sorted((spec.custom_fields or {}).items()):
        diff[f"custom_fields.{key}"] = (None, value)
    if spec.billing_provider_customer_id is not None:
        diff["billing_provider_customer_id"] = (None, spec.billing_provider_customer_id)
    if spec.contract is not None:
        diff["contract"] = (None, _terms_summary(spec.contract))
    if spec.plan_id is not None:
        diff["plan_id"] = (None, spec.plan_id)
    return diff


def _customer_diff(spec: ProvisionSpec, customer: Seen) -> Differences:
    """The customer's own fields (name, aliases, custom fields asked) that differ from the spec."""
    diff: Differences = {}
    if customer.name != spec.name:
        diff["name"] = (customer.name, spec.name)
    external_id = {spec.external_id}  # an alias whether or not a listing shows it among them
    if set(customer.ingest_aliases) - external_id != set(spec.ingest_aliases) - external_id:
        diff["ingest_aliases"] = (list(customer.ingest_aliases), list(spec.held_aliases))
    for key, value in sorted((spec.custom_fields or {}).items()):
        if customer.custom_fields.get(key) != value:
            diff[f"custom_fields.{key}"] = (customer.custom_fields.get(key), value)
    return diff


_TERMS_SHOWN = ("rate_card_id", "rate_card_alias", "package_id", "package_alias", "name", "starting_at")


def _cut_short(contract: Contract, terms: Mapping[str, Any], now: datetime) -> str | None:
    """How the contract made under the uniqueness key asked stopped before the terms end it, if it did:
    archived, or ended earlier (ended as asked, it is the contract asked)."""
    if contract.archived:
        return "is archived"
    asked_end = terms.get("ending_before")
    ended = contract.ending_before
    if ended is not None and ended <= now and (asked_end is None or ended < parse_datetime(asked_end)):
        return f"ended on {ended.isoformat()}"
    return None


def _terms_summary(terms: Mapping[str, Any]) -> dict[str, Any]:
    return {field: terms[field] for field in _TERMS_SHOWN if field in terms}


def _on_terms(contract: Contract, terms: Mapping[str, Any]) -> bool:
    """Whether an active contract (not made under the uniqueness key asked) is on the rate card or package
    asked (by id)."""
    if "rate_card_id" in terms and contract.rate_card_id == terms["rate_card_id"]:
        return True
    return "package_id" in terms and contract.to_dict().get("package_id") == terms["package_id"]
