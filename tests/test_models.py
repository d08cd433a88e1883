"""The wire format: forward-compatible parsing, RFC 3339 datetimes, unset versus null."""

from __future__ import annotations

import enum
import importlib.util
import json
from datetime import datetime, timedelta, timezone

import pytest

from metronome_async import UNSET, BillingProviderType, Customer, models
from metronome_async._core import serde
from metronome_async._core.serde import converter, format_datetime, omit_unset, parse_datetime
from metronome_async.models import BillingProviderConfiguration, CustomerConfig, CustomerPlan
from metronome_async.webhooks import AlertType, EventType


def test_orjson_is_used_when_installed_and_json_otherwise() -> None:
    # The 'speed' extra is optional: an orjson too old to import would otherwise pass unseen, on json.
    if importlib.util.find_spec("orjson") is not None:
        import orjson

        assert serde.loads is orjson.loads
    else:
        assert serde.loads is json.loads
    value = {"name": "Zoë", "n": [1, 2.5, None]}
    assert serde.loads(serde.dumps(value)) == value


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


def _every_response_model() -> list[type]:
    import attrs

    from metronome_async import models

    return [
        cls
        for cls in vars(models).values()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == models.__name__
    ]


@pytest.mark.parametrize("cls", _every_response_model(), ids=lambda cls: cls.__name__)
def test_every_response_model_is_built_the_fast_way(cls: type) -> None:
    """A layout the twin class cannot share (a slot of the model's own for weak references, say) would
    quietly fall back to the slow writes."""
    from metronome_async._core.serde import _builder

    assert _builder(cls) is not None


def test_parsed_models_are_the_frozen_class_itself() -> None:
    """Hooks fill a plain twin and switch its class: what comes out must be indistinguishable from a model
    built in code."""
    import copy
    import pickle
    import weakref

    import attrs

    answer = {
        "id": "c1",
        "name": "Acme",
        "ingest_aliases": ["a"],
        "custom_fields": {"k": "v"},
        "customer_config": {"salesforce_account_id": "sf"},
        "created_at": "2025-03-01T12:30:00Z",
    }
    customer = converter.structure(answer, Customer)
    assert type(customer) is Customer and type(customer.customer_config) is CustomerConfig
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        customer.name = "other"  # type: ignore[misc]
    assert customer == Customer(
        id="c1",
        name="Acme",
        ingest_aliases=["a"],
        custom_fields={"k": "v"},
        customer_config=CustomerConfig(salesforce_account_id="sf"),
        created_at=datetime(2025, 3, 1, 12, 30, tzinfo=timezone.utc),
    )
    assert hash(customer.customer_config) == hash(CustomerConfig(salesforce_account_id="sf"))
    assert weakref.ref(customer)() is customer
    assert pickle.loads(pickle.dumps(customer)) == customer == copy.deepcopy(customer)
    assert customer.to_dict() == answer


def test_an_all_null_nested_object_is_shared_and_still_gives_its_own_json() -> None:
    first, second = (
        converter.structure(
            {"id": i, "name": "n", "customer_config": {"salesforce_account_id": None}}, Customer
        )
        for i in ("c1", "c2")
    )
    assert first.customer_config is second.customer_config  # immutable, so one object serves both
    assert first.customer_config == CustomerConfig(salesforce_account_id=None)
    mutated = first.customer_config.to_dict()
    mutated["salesforce_account_id"] = "changed"
    assert second.customer_config.to_dict() == {"salesforce_account_id": None}  # a copy each time
    extra = converter.structure(
        {"id": "c3", "name": "n", "customer_config": {"salesforce_account_id": None, "new_field": 1}},
        Customer,
    )
    assert extra.customer_config is not first.customer_config
    assert extra.customer_config.to_dict() == {"salesforce_account_id": None, "new_field": 1}


def _response_model(cls: type) -> type:
    """``cls`` as if declared in ``metronome_async.models``, so answers are parsed by the generated hooks."""
    cls.__module__ = "metronome_async.models"
    return cls


def test_only_a_frozen_all_null_answer_in_field_order_is_shared() -> None:
    import attrs

    from metronome_async.models import BillingConfig, Model

    @_response_model
    @attrs.define(kw_only=True)
    class Mutable(Model):
        text: str | None = None

    first, second = (converter.structure({"text": None}, Mutable) for _ in range(2))
    first.text = "mine"
    assert second.text is None, "a model that can change is never shared"

    @_response_model
    @attrs.frozen(kw_only=True)
    class Empty(Model):
        pass

    assert converter.structure({"extra": 1}, Empty).to_dict() == {"extra": 1}

    @_response_model
    @attrs.frozen(kw_only=True)
    class Derived(Model):
        given: str
        derived: str | None = attrs.field(default=None, init=False)

    assert converter.structure({"given": "g", "derived": "d"}, Derived).derived == "d"

    in_order = dict.fromkeys(field.name for field in attrs.fields(BillingConfig))
    assert converter.structure(in_order, BillingConfig) is converter.structure(dict(in_order), BillingConfig)
    backwards = dict(reversed(in_order.items()))
    assert list(converter.structure(backwards, BillingConfig).to_dict()) == list(backwards)


def test_a_model_derived_from_another_parses_its_inherited_fields() -> None:
    import attrs

    from metronome_async._core.serde import ResponseShapeError
    from metronome_async.models import Model

    @_response_model
    @attrs.frozen(kw_only=True)
    class Base(Model):
        id: str

    @_response_model
    @attrs.frozen(kw_only=True)
    class Child(Base):
        name: str | None = None

    child = converter.structure({"id": "x", "name": "n", "new": 1}, Child)
    assert type(child) is Child and child == Child(id="x", name="n")
    assert child.to_dict() == {"id": "x", "name": "n", "new": 1}
    with pytest.raises(ResponseShapeError, match=r"^id: required field is missing"):
        converter.structure({"name": "n"}, Child)


def _every_enum() -> list[enum.Enum]:
    classes = [getattr(models, name) for name in models.__all__] + [EventType, AlertType]
    return [member for cls in classes if isinstance(cls, enum.EnumMeta) for member in cls]


@pytest.mark.parametrize("member", _every_enum(), ids=lambda member: f"{type(member).__name__}.{member.name}")
def test_an_enum_value_prints_as_its_wire_value(member: enum.Enum) -> None:
    assert str(member) == f"{member}" == format(member) == member.value
    assert f"{member:>40}" == f"{member.value:>40}"
    assert member == member.value and json.dumps(member) == json.dumps(member.value)


def test_an_enum_read_from_an_answer_prints_as_its_wire_value() -> None:
    configuration = converter.structure(
        {"billing_provider": "stripe", "delivery_method": "direct_to_billing_provider"},
        BillingProviderConfiguration,
    )
    assert configuration.billing_provider is BillingProviderType.STRIPE
    assert f"{configuration.billing_provider} via {configuration.delivery_method}" == (
        "stripe via direct_to_billing_provider"
    )
