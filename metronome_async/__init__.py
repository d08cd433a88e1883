"""metronome_async: an async-first client for the Metronome billing API, with a blocking facade."""

from metronome_async._client import AsyncMetronome
from metronome_async._core.serde import UNSET
from metronome_async._version import __version__
from metronome_async.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MetronomeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from metronome_async.models import (
    BillingConfig,
    BillingProviderConfiguration,
    BillingProviderType,
    Customer,
    CustomerPlan,
    CustomFieldEntity,
    CustomFieldKey,
    Plan,
    UsageEvent,
)
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources.usage import IngestBatch, IngestReport
from metronome_async.sync import Metronome
from metronome_async.workflows import (
    ActivePlanError,
    ArchiveReport,
    ItemOutcome,
    JournalError,
    ProvisionError,
    ProvisionReport,
    ProvisionResult,
    ProvisionSpec,
)

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ActivePlanError",
    "ArchiveReport",
    "AsyncMetronome",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BillingConfig",
    "BillingProviderConfiguration",
    "BillingProviderType",
    "ConflictError",
    "CustomFieldEntity",
    "CustomFieldKey",
    "Customer",
    "CustomerPlan",
    "IngestBatch",
    "IngestReport",
    "InternalServerError",
    "ItemOutcome",
    "JournalError",
    "Metronome",
    "MetronomeError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "Plan",
    "ProvisionError",
    "ProvisionReport",
    "ProvisionResult",
    "ProvisionSpec",
    "RateLimitError",
    "UnprocessableEntityError",
    "UsageEvent",
    "WebhookVerificationError",
    "__version__",
]
