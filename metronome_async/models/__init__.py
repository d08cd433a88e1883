"""What the API returns, as attrs classes. Parsing keeps up with a server that adds fields or enum values:
every model keeps the object it was read from (``to_dict()`` gives it back, unknown fields included), and an
enum value this SDK does not know yet stays a plain string. A field of the wrong JSON type is an error.

The models written here are the hand-written ones; the others are generated from the spec into this package's
``_<area>`` modules and served from here on first use (``from metronome_async.models import Invoice``): a
program loads only the models of the areas it uses."""

from __future__ import annotations

import copy
import enum
import importlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, SupportsIndex

import attrs

from metronome_async.models._index import HOMES

if TYPE_CHECKING:
    from metronome_async.models._index import *  # noqa: F403  # every generated model, for type checkers
else:

    def __getattr__(name: str) -> Any:
        """A generated model, imported from its module the first time it is asked for."""
        home = HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
        globals()[name] = value  # from now on a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *HOMES})


__all__ = [
    "BillableStatus",
    "BillableStatusValue",
    "BillingConfig",
    "BillingProviderConfiguration",
    "BillingProviderType",
    "Contract",
    "CreditType",
    "CustomFieldEntity",
    "CustomFieldKey",
    "Customer",
    "CustomerConfig",
    "CustomerPlan",
    "CustomerWithContract",
    "DeliveryMethod",
    "Model",
    "Plan",
    "RateCard",
    "RateCardAlias",
    "SpendingCap",
    "StripeCollectionMethod",
    "TaxProvider",
    "TrialInfo",
    "UsageEvent",
    "UsageStatementFrequency",
    "UsageStatementSchedule",
]


class Model:
    """What every model shares: ``to_dict()``, the JSON object it was read from."""

    __slots__ = ("__weakref__", "_raw")  # the weak-reference slot here, so that subclasses add fields only

    def to_dict(self) -> dict[str, Any]:
        """All fields as received, the ones this SDK does not model included, ready for ``json.dumps``
        (datetimes as the RFC 3339 strings they came as). A model built in code gives its own fields."""
        raw: dict[str, Any] | None = getattr(self, "_raw", None)
        if raw is not None:
            return copy.deepcopy(raw)
        fields = attrs.fields(type(self))  # type: ignore[arg-type]  # every model is an attrs class
        return {wire_name(field): _json(getattr(self, field.name)) for field in fields}

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        """Pickled and copied with the object it was read from, which attrs' state (the fields) leaves out."""
        state = self.__getstate__()  # type: ignore[attr-defined]  # attrs writes it for every model
        return _restored, (type(self), state, getattr(self, "_raw", None))


def _restored(cls: type[Model], state: Any, raw: dict[str, Any] | None) -> Model:
    """A ``cls`` with the fields of ``state`` and, if it was read from an answer, that answer."""
    model = cls.__new__(cls)
    model.__setstate__(state)  # type: ignore[attr-defined]  # attrs writes it for every model
    if raw is not None:
        _set_raw(model, raw)
    return model


_set_raw = Model.__dict__["_raw"].__set__  # past a frozen model's __setattr__


def wire_name(field: attrs.Attribute[Any]) -> str:
    """A field's key in the JSON object: its name, or the ``"wire"`` of its metadata where the key is not a
    Python identifier (``attrs.field(metadata={"wire": "x-id"})``)."""
    return field.metadata.get("wire", field.name)  # type: ignore[no-any-return]


def _json(value: Any) -> Any:
    """A field's value as JSON: models by ``to_dict()``, enums by value, datetimes as RFC 3339."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return value


class WireEnum(str, enum.Enum):
    """An enum whose members are the API's strings and print as them: ``str()``, ``format()`` and f-strings
    give ``"stripe"``, not ``"BillingProviderType.STRIPE"``, on every Python version (as ``enum.StrEnum``
    does from 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class BillingProviderType(WireEnum):
    AWS_MARKETPLACE = "aws_marketplace"
    STRIPE = "stripe"
    NETSUITE = "netsuite"
    CUSTOM = "custom"
    AZURE_MARKETPLACE = "azure_marketplace"
    QUICKBOOKS_ONLINE = "quickbooks_online"
    WORKDAY = "workday"
    GCP_MARKETPLACE = "gcp_marketplace"
    METRONOME = "metronome"


class StripeCollectionMethod(WireEnum):
    CHARGE_AUTOMATICALLY = "charge_automatically"
    SEND_INVOICE = "send_invoice"
    AUTO_CHARGE_PAYMENT_INTENT = "auto_charge_payment_intent"
    MANUALLY_CHARGE_PAYMENT_INTENT = "manually_charge_payment_intent"


class DeliveryMethod(WireEnum):
    DIRECT_TO_BILLING_PROVIDER = "direct_to_billing_provider"
    AWS_SQS = "aws_sqs"
    TACKLE = "tackle"
    AWS_SNS = "aws_sns"


class TaxProvider(WireEnum):
    ANROK = "anrok"
    AVALARA = "avalara"
    STRIPE = "stripe"


class BillableStatusValue(WireEnum):
    BILLABLE = "billable"
    UNBILLABLE = "unbillable"


class CustomFieldEntity(WireEnum):
    ALERT = "alert"
    BILLABLE_METRIC = "billable_metric"
    CHARGE = "charge"
    COMMIT = "commit"
    CONTRACT_CREDIT = "contract_credit"
    CONTRACT_PRODUCT = "contract_product"
    CONTRACT = "contract"
    CREDIT_GRANT = "credit_grant"
    CUSTOMER_PLAN = "customer_plan"
    CUSTOMER = "customer"
    DISCOUNT = "discount"
    INVOICE = "invoice"
    PLAN = "plan"
    PROFESSIONAL_SERVICE = "professional_service"
    PRODUCT = "product"
    RATE_CARD = "rate_card"
    SCHEDULED_CHARGE = "scheduled_charge"
    SUBSCRIPTION = "subscription"
    PACKAGE_COMMIT = "package_commit"
    PACKAGE_CREDIT = "package_credit"
    PACKAGE_SUBSCRIPTION = "package_subscription"
    PACKAGE_SCHEDULED_CHARGE = "package_scheduled_charge"


@attrs.frozen(kw_only=True)
class CustomerConfig(Model):
    salesforce_account_id: str | None = None


@attrs.frozen(kw_only=True)
class BillableStatus(Model):
    value: BillableStatusValue | str
    effective_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Customer(Model):
    """A customer. Listing and retrieving fill in the detail fields; create and set_name return the core."""

    id: str
    name: str
    external_id: str | None = None
    ingest_aliases: list[str] = attrs.field(factory=list)
    custom_fields: dict[str, str] = attrs.field(factory=dict)
    customer_config: CustomerConfig | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None
    current_billable_status: BillableStatus | None = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


@attrs.frozen(kw_only=True)
class CreditType(Model):
    id: str
    name: str


@attrs.frozen(kw_only=True)
class SpendingCap(Model):
    credit_type: CreditType
    amount: float
    amount_remaining: float


@attrs.frozen(kw_only=True)
class TrialInfo(Model):
    ending_before: datetime
    spending_caps: list[SpendingCap] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class CustomerPlan(Model):
    """A plan on a customer; ``id`` is the customer-plan id that ``plans.end`` takes."""

    id: str
    plan_id: str
    plan_name: str
    plan_description: str = ""
    starting_on: datetime
    ending_before: datetime | None = None
    net_payment_terms_days: float | None = None
    trial_info: TrialInfo | None = None
    custom_fields: dict[str, str] = attrs.field(factory=dict)

    def active_at(self, moment: datetime) -> bool:
        """Whether the plan applies at ``moment`` (an aware datetime)."""
        return self.starting_on <= moment and (self.ending_before is None or moment < self.ending_before)


@attrs.frozen(kw_only=True)
class Plan(Model):
    id: str
    name: str
    description: str = ""
    custom_fields: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class BillingConfig(Model):
    """A customer's configuration for one billing provider (the per-provider form)."""

    billing_provider_customer_id: str | None = None
    stripe_collection_method: StripeCollectionMethod | str | None = None
    aws_product_code: str | None = None
    aws_customer_id: str | None = None
    aws_customer_account_id: str | None = None
    aws_region: str | None = None
    aws_expiration_date: datetime | None = None
    aws_is_subscription_product: bool | None = None
    azure_subscription_status: str | None = None
    azure_plan_id: str | None = None
    azure_start_date: datetime | None = None
    azure_expiration_date: datetime | None = None


@attrs.frozen(kw_only=True)
class BillingProviderConfiguration(Model):
    """A billing provider configuration (the provider-configuration form); ``id`` goes into contracts."""

    id: str | None = None
    customer_id: str | None = None
    billing_provider: BillingProviderType | str | None = None
    configuration: dict[str, Any] = attrs.field(factory=dict)
    delivery_method: DeliveryMethod | str | None = None
    delivery_method_id: str | None = None
    delivery_method_configuration: dict[str, Any] = attrs.field(factory=dict)
    tax_provider: TaxProvider | str | None = None
    archived_at: datetime | None = None


@attrs.frozen(kw_only=True)
class CustomFieldKey(Model):
    entity: CustomFieldEntity | str
    key: str
    enforce_uniqueness: bool = False


@attrs.frozen(kw_only=True)
class UsageEvent(Model):
    """One usage event for ``usage.ingest``; ``transaction_id`` makes resending it safe."""

    transaction_id: str
    customer_id: str
    event_type: str
    timestamp: datetime | str
    properties: dict[str, Any] | None = None


# --- the contracts era (current; Metronome deprecates Plans) ------------------------------------------------


class UsageStatementFrequency(WireEnum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    ANNUAL = "ANNUAL"
    WEEKLY = "WEEKLY"


@attrs.frozen(kw_only=True)
class UsageStatementSchedule(Model):
    billing_anchor_date: datetime | None = None
    frequency: UsageStatementFrequency | str | None = None


@attrs.frozen(kw_only=True)
class Contract(Model):
    """A customer's contract (the v2 shape): the rate card it prices usage with, from ``starting_at`` until
    ``ending_before`` (exclusive; ``None`` = open-ended). Pricing arrays are kept as received."""

    id: str
    customer_id: str
    starting_at: datetime
    ending_before: datetime | None = None
    name: str | None = None
    rate_card_id: str | None = None
    uniqueness_key: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    archived_at: datetime | None = None
    net_payment_terms_days: float | None = None
    custom_fields: dict[str, str] = attrs.field(factory=dict)
    customer_billing_provider_configuration: BillingProviderConfiguration | None = None
    usage_statement_schedule: UsageStatementSchedule | None = None
    commits: list[dict[str, Any]] = attrs.field(factory=list)
    credits: list[dict[str, Any]] = attrs.field(factory=list)
    overrides: list[dict[str, Any]] = attrs.field(factory=list)
    scheduled_charges: list[dict[str, Any]] = attrs.field(factory=list)
    transitions: list[dict[str, Any]] = attrs.field(factory=list)
    usage_filter: list[dict[str, Any]] = attrs.field(factory=list)

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def active_at(self, moment: datetime) -> bool:
        """Whether the contract applies at ``moment`` (an aware datetime)."""
        return self.starting_at <= moment and (self.ending_before is None or moment < self.ending_before)

    def ended_by(self, moment: datetime) -> bool:
        """Whether the contract has ended at ``moment``: its end date is set and not after it."""
        return self.ending_before is not None and self.ending_before <= moment


@attrs.frozen(kw_only=True)
class RateCardAlias(Model):
    """A name contracts may use instead of the rate card's id (``rate_card_alias``), valid in its window."""

    name: str
    starting_at: datetime | None = None
    ending_before: datetime | None = None


@attrs.frozen(kw_only=True)
class RateCard(Model):
    id: str
    name: str
    description: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    aliases: list[RateCardAlias] = attrs.field(factory=list)
    fiat_credit_type: CreditType | None = None
    credit_type_conversions: list[dict[str, Any]] = attrs.field(factory=list)
    custom_fields: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class CustomerWithContract(Model):
    """What ``customers.create_with_contract`` made: the customer and its contract, together."""

    customer_id: str
    contract_id: str
    customer_name: str | None = None
    ingest_aliases: list[str] = attrs.field(factory=list)
    custom_fields: dict[str, str] = attrs.field(factory=dict)
