"""The blocking client's with_options, with_raw_response and request: same shapes as the async ones, on the
original's loop thread and pool."""

from __future__ import annotations

import functools
import gc
import inspect
import typing
import warnings
from typing import Any

import pytest

from metronome_async import (
    APIResponse,
    AsyncMetronome,
    Customer,
    CustomFieldKey,
    Metronome,
    NotFoundError,
    Page,
)
from metronome_async._client import RawClient
from metronome_async.resources._raw import RawMethod, RawView, child_views
from metronome_async.testing import FakeMetronome

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _shape(function: object) -> list[tuple[str, object, object]]:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in parameters]


@pytest.mark.parametrize("name", ["with_options", "request"])
def test_the_client_methods_have_sync_twins_with_the_same_parameters(name: str) -> None:
    assert _shape(getattr(AsyncMetronome, name)) == _shape(getattr(Metronome, name))
    assert inspect.iscoroutinefunction(AsyncMetronome.request)
    assert not inspect.iscoroutinefunction(getattr(Metronome, name))


def test_both_clients_have_with_raw_response() -> None:
    for client in (AsyncMetronome, Metronome):
        assert isinstance(inspect.getattr_static(client, "with_raw_response"), functools.cached_property)


def test_with_options_on_the_blocking_client(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    customer = sync_client.customers.create(name="Acme")
    tagged = sync_client.with_options(timeout=10, max_retries=0, extra_headers={"X-Team": "billing"})
    assert isinstance(tagged, Metronome) and tagged._loop is sync_client._loop
    thread_fake.reset_exchanges()
    assert tagged.customers.retrieve(customer.id).name == "Acme"
    sync_client.customers.retrieve(customer.id)
    assert [ex.headers.get("x-team") for ex in thread_fake.exchanges] == ["billing", None]

    with tagged:
        tagged.customers.retrieve(customer.id)
    assert sync_client.customers.retrieve(customer.id).id == customer.id, "closing the view closed nothing"
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        del tagged
        gc.collect()  # a view that is dropped never warns: the original owns the loop


def test_raw_responses_on_the_blocking_client(sync_client: Metronome) -> None:
    created = sync_client.with_raw_response.customers.create(name="Raw")
    assert isinstance(created, APIResponse) and created.status_code == 200
    assert created.headers["CONTENT-TYPE"].startswith("application/json")
    customer = created.parse()
    assert isinstance(customer, Customer) and customer.name == "Raw"
    page = sync_client.with_raw_response.customers.list(limit=1).parse()
    assert isinstance(page, Page) and [c.id for c in page.data] == [customer.id]
    with pytest.raises(NotFoundError):
        sync_client.with_raw_response.customers.retrieve(UNKNOWN)
    raw = sync_client.with_options(max_retries=0).with_raw_response.request(
        "GET", f"/v1/customers/{customer.id}"
    )
    assert raw.status_code == 200 and raw.parse()["data"]["name"] == "Raw"
    plans = sync_client.with_raw_response.customers.plans.list(customer.id)
    assert plans.status_code == 200 and plans.parse().data == []
    with pytest.raises(AttributeError, match="workflow"):
        sync_client.with_raw_response.customers.provision  # noqa: B018
    with pytest.raises(AttributeError, match="no raw form"):
        sync_client.with_raw_response.close  # noqa: B018
    with pytest.raises(AttributeError):
        sync_client.with_raw_response.webhooks  # noqa: B018


def test_each_blocking_raw_call_has_the_parameters_of_its_endpoint() -> None:
    def check(view: type[RawView[Any]], twin: type) -> None:
        for name, raw in inspect.getmembers(view, lambda m: isinstance(m, RawMethod)):
            assert _shape(raw.method) == _shape(getattr(twin, name)), f"{view.__name__}.{name}"
        hints = typing.get_type_hints(twin)
        for name, child in child_views(view).items():
            check(child, hints[name])

    check(RawClient, typing.get_type_hints(Metronome.with_raw_response.func)["return"])


def test_request_on_the_blocking_client(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    created = sync_client.request("POST", "/v1/customers", body={"name": "Any"})
    assert sync_client.request("GET", f"/v1/customers/{created['data']['id']}")["data"]["name"] == "Any"
    with pytest.raises(ValueError, match="path"):
        sync_client.request("GET", "https://elsewhere.example/v1/customers")
    assert [ex.method for ex in thread_fake.exchanges] == ["POST", "GET"]


def test_the_blocking_list_keys_collects_with_to_list(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    sync_client.custom_fields.add_key(entity="customer", key="tier", enforce_uniqueness=False)
    keys = sync_client.custom_fields.list_keys().to_list()
    assert isinstance(keys, list) and all(isinstance(k, CustomFieldKey) for k in keys)
    assert [(k.entity, k.key) for k in keys] == [("customer", "tier")]
