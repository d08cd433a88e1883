"""metronome_async: an async-first client for the Metronome billing API, with a blocking facade.

The public names are imported on first use (see ``_lazy``): importing the package alone, as pytest does to
load its plugin, loads none of the SDK."""

from typing import TYPE_CHECKING

from metronome_async._lazy import first_use
from metronome_async._version import __version__

if TYPE_CHECKING:
    from metronome_async._client import AsyncMetronome
    from metronome_async._core.serde import UNSET
    from metronome_async._sync.runtime import SyncPager
    from metronome_async.errors import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
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
        SourceError,
        UnprocessableEntityError,
        WebhookVerificationError,
    )
    from metronome_async.models import (
        BillingConfig,
        BillingProviderConfiguration,
        BillingProviderType,
        Contract,
        Customer,
        CustomerPlan,
        CustomerWithContract,
        CustomFieldEntity,
        CustomFieldKey,
        Plan,
        RateCard,
        UsageEvent,
    )
    from metronome_async.pagination import AsyncPager, Page
    from metronome_async.resources._raw import APIResponse
    from metronome_async.resources.usage import IngestBatch, IngestReport
    from metronome_async.sync import Metronome
    from metronome_async.workflows import (
        ActivePlanError,
        ArchiveReport,
        ArchiveShareError,
        Change,
        ChangeOutcome,
        IngestAliasConflictError,
        ItemOutcome,
        JournalError,
        OffboardReport,
        OpenInvoicesError,
        ProvisionError,
        ProvisionReport,
        ProvisionResult,
        ProvisionSpec,
        ReconcilePlan,
        ReconcileReport,
        StalePlanError,
    )
else:
    __getattr__, __dir__ = first_use(__name__)

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActivePlanError",
    "ArchiveReport",
    "ArchiveShareError",
    "AsyncMetronome",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BillingConfig",
    "BillingProviderConfiguration",
    "BillingProviderType",
    "Change",
    "ChangeOutcome",
    "ConflictError",
    "Contract",
    "CustomFieldEntity",
    "CustomFieldKey",
    "Customer",
    "CustomerPlan",
    "CustomerWithContract",
    "IngestAliasConflictError",
    "IngestBatch",
    "IngestReport",
    "InternalServerError",
    "ItemOutcome",
    "JournalError",
    "Metronome",
    "MetronomeError",
    "NotFoundError",
    "OffboardReport",
    "OpenInvoicesError",
    "Page",
    "PermissionDeniedError",
    "Plan",
    "ProvisionError",
    "ProvisionReport",
    "ProvisionResult",
    "ProvisionSpec",
    "RateCard",
    "RateLimitError",
    "ReconcilePlan",
    "ReconcileReport",
    "SourceError",
    "StalePlanError",
    "SyncPager",
    "UnprocessableEntityError",
    "UsageEvent",
    "WebhookVerificationError",
    "__version__",
]
