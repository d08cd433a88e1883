"""The wire format: forward-compatible parsing, RFC 3339 datetimes, unset versus null."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from metronome_async import UNSET, BillingProviderType, Customer
from metronome_async._core.serde import converter, format_datetime, omit_unset, parse_datetime
from metronome_async.models import BillingProviderConfiguration, CustomerPlan


def test_unknown_fields_and_enum_values_do_not_break_parsing() -> None:
    payload = {
        "id": "c1",
        "name": "Acme",
        "ingest_aliases": [],
        "custom_fields": {},
        "brand_new_field": {"nested": True},
        "current_billable_status": {"value": "paused_for_review", "effective_at": None},
    }
    customer = converter.structure(payload, Customer)
    assert customer.current_billable_status is not None
    assert customer.current_billable_status.value == "paused_for_review"
    config = converter.structure({"billing_provider": "stripe"}, BillingProviderConfiguration)
    assert config.billing_provider is BillingProviderType.STRIPE
    newer = converter.structure({"billing_provider": "paddle"}, BillingProviderConfiguration)
    assert newer.billing_provider == "paddle"


def test_datetimes_parse_in_every_rfc3339_spelling() -> None:
    expected = datetime(2025, 3, 1, 12, 30, tzinfo=timezone.utc)
    for text in (
        "2025-03-01T12:30:00Z",
        "2025-03-01T12:30:00.000Z",
        "2025-03-01T14:30:00+02:00",
        "2025-03-01T12:30:00.000000000Z",
    ):
        assert parse_datetime(text) == expected, text
    with pytest.raises(ValueError):
        parse_datetime("2025-03-01T12:30:00")


def test_datetimes_go_out_in_utc_with_z_and_naive_ones_are_refused() -> None:
    assert format_datetime(datetime(2025, 1, 1, 2, tzinfo=timezone(timedelta(hours=2))), "x") == (
        "2025-01-01T00:00:00Z"
    )
    with pytest.raises(ValueError, match="starting_on"):
        format_datetime(datetime(2025, 1, 1), "starting_on")


def test_unset_is_omitted_and_none_is_sent_as_null() -> None:
    assert omit_unset({"a": UNSET, "b": None, "c": 1}) == {"b": None, "c": 1}
    assert not UNSET and repr(UNSET) == "UNSET"


def test_customer_plan_knows_when_it_is_active() -> None:
    plan = converter.structure(
        {
            "id": "cp",
            "plan_id": "p",
            "plan_name": "Pro",
            "plan_description": "",
            "custom_fields": {},
            "starting_on": "2025-01-01T00:00:00Z",
            "ending_before": "2025-02-01T00:00:00Z",
        },
        CustomerPlan,
    )
    assert plan.active_at(datetime(2025, 1, 15, tzinfo=timezone.utc))
    assert not plan.active_at(datetime(2025, 2, 1, tzinfo=timezone.utc))
