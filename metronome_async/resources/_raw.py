"""``client.with_raw_response``: the same calls, answering with the HTTP response around the parsed result.

A raw call runs the plain client's method inside ``recording()``, which collects the request and response of
each call completed within it, so concurrent raw calls never see each other's; plain calls outside pay one
context-variable lookup for it.

Each resource has a typed view listing its endpoint methods, ``create = raw(Customers.create)``, so a type
checker sees ``create``'s own parameters answering ``APIResponse[Customer]`` (a listing answers its first
page) and rejects a name the view lacks. Workflows of several requests have no raw form.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from multidict import CIMultiDictProxy

from metronome_async._core.requester import recording
from metronome_async._core.wire import Request, Response, url_of
from metronome_async.pagination import AsyncPager, Page
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.custom_fields import CustomFields
from metronome_async.resources.customer_plans import CustomerPlans
from metronome_async.resources.customers import Customers
from metronome_async.resources.plans import Plans
from metronome_async.resources.rate_cards import RateCards
from metronome_async.resources.usage import Usage

__all__ = ["APIResponse", "RawMethod", "RawView", "child_views", "raw"]

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")


class APIResponse(Generic[T]):
    """The HTTP response to one call: ``status_code``, ``headers`` (case-insensitive), and ``parse()``, the
    object the plain call returns (for a listing, its first page). For a call that sends several requests
    (``customers.update``, ``usage.ingest`` of many batches), the last response."""

    def __init__(self, request: Request, response: Response, parsed: T) -> None:
        self.status_code: int = response.status
        self.headers: CIMultiDictProxy[str] = response.headers
        self.method: str = request.method
        self.url: str = url_of(request)
        self._parsed = parsed

    def parse(self) -> T:
        """The object the plain call returns."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url}>"


class RawView(Generic[S]):
    """The raw form of ``source`` (a resource, or the client): its endpoint methods are ``raw(...)``
    attributes, and each attribute annotated with a view is the view of the source's attribute so named."""

    def __init__(self, source: S) -> None:
        self._source = source
        for name, view in child_views(type(self)).items():
            setattr(self, name, view(getattr(source, name)))

    if not TYPE_CHECKING:  # hidden from type checkers, which must reject a name the view lacks

        def __getattr__(self, name: str) -> Any:
            """Only reached for a name the view lacks: say why it has no raw form."""
            declared = None if name.startswith("_") else getattr(type(self._source), name, None)
            if not callable(declared):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            if declared.__module__.startswith("metronome_async.workflows"):
                workflow = f"{name} is a workflow of several requests"
                raise AttributeError(f"{workflow}; with_raw_response covers single endpoint calls")
            raise AttributeError(f"{name!r} has no raw form: with_raw_response covers the endpoint methods")


def child_views(view: type[RawView[Any]]) -> dict[str, type[RawView[Any]]]:
    """The attributes a view declares as views, in declaration order."""
    hints = typing.get_type_hints(view)
    return {name: tp for name, tp in hints.items() if isinstance(tp, type) and issubclass(tp, RawView)}


class RawMethod(Generic[P, T]):
    """An endpoint method in a view: on a view, the source's method answering ``APIResponse[T]``."""

    def __init__(self, method: Callable[..., object]) -> None:
        self.method = method

    @overload
    def __get__(self, view: None, owner: type[Any]) -> RawMethod[P, T]: ...
    @overload
    def __get__(
        self, view: RawView[Any], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, APIResponse[T]]]: ...
    def __get__(self, view: RawView[Any] | None, owner: type[Any]) -> Any:
        if view is None:
            return self
        return functools.partial(_raw_call, getattr(view._source, self.method.__name__))


@overload
def raw(method: Callable[Concatenate[Any, P], AsyncPager[T]]) -> RawMethod[P, Page[T]]: ...
@overload
def raw(method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]) -> RawMethod[P, T]: ...
def raw(method: Callable[..., Any]) -> RawMethod[Any, Any]:
    """The raw form of an endpoint method (a listing's raw form answers its first page)."""
    return RawMethod(method)


async def _raw_call(method: Callable[..., Any], /, *args: Any, **kwargs: Any) -> APIResponse[Any]:
    with recording() as seen:
        result = method(*args, **kwargs)
        parsed = await _first_page(result) if isinstance(result, AsyncPager) else await result
    request, response = seen[-1]
    return APIResponse(request, response, parsed)


async def _first_page(pager: AsyncPager[T]) -> Page[T]:
    pages = pager.pages()
    try:
        return await anext(pages)
    finally:
        await pages.aclose()


# The views, one per resource: every endpoint method, in the resource's order.


class RawCustomerPlans(RawView[CustomerPlans]):
    list = raw(CustomerPlans.list)
    add = raw(CustomerPlans.add)
    end = raw(CustomerPlans.end)


class RawCustomers(RawView[Customers]):
    plans: RawCustomerPlans

    create = raw(Customers.create)
    retrieve = raw(Customers.retrieve)
    list = raw(Customers.list)
    set_name = raw(Customers.set_name)
    set_ingest_aliases = raw(Customers.set_ingest_aliases)
    update_config = raw(Customers.update_config)
    update = raw(Customers.update)
    archive = raw(Customers.archive)
    set_billable_status = raw(Customers.set_billable_status)
    create_with_contract = raw(Customers.create_with_contract)
    set_billing_config = raw(Customers.set_billing_config)
    retrieve_billing_config = raw(Customers.retrieve_billing_config)
    delete_billing_config = raw(Customers.delete_billing_config)
    set_billing_provider_configurations = raw(Customers.set_billing_provider_configurations)
    retrieve_billing_provider_configurations = raw(Customers.retrieve_billing_provider_configurations)
    archive_billing_provider_configurations = raw(Customers.archive_billing_provider_configurations)


class RawPlans(RawView[Plans]):
    list = raw(Plans.list)


class RawCustomFields(RawView[CustomFields]):
    add_key = raw(CustomFields.add_key)
    list_keys = raw(CustomFields.list_keys)
    set_values = raw(CustomFields.set_values)
    delete_values = raw(CustomFields.delete_values)
    remove_key = raw(CustomFields.remove_key)


class RawUsage(RawView[Usage]):
    ingest = raw(Usage.ingest)


class RawContracts(RawView[Contracts]):
    create = raw(Contracts.create)
    retrieve = raw(Contracts.retrieve)
    list = raw(Contracts.list)
    update_end_date = raw(Contracts.update_end_date)
    archive = raw(Contracts.archive)


class RawRateCards(RawView[RateCards]):
    create = raw(RateCards.create)
    retrieve = raw(RateCards.retrieve)
    list = raw(RateCards.list)
