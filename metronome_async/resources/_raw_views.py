"""The ``with_raw_response`` views of the hand-written methods (the generated views are their bases)."""

from __future__ import annotations

from metronome_async.resources._generated import contracts, customers, usage
from metronome_async.resources._raw import RawView, raw
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.customers import Customers
from metronome_async.resources.usage import Usage

__all__ = ["RawContracts", "RawCustomers", "RawUsage"]


class RawCustomers(customers.RawCustomersResource, RawView[Customers]):
    update = raw(Customers.update)


class RawUsage(usage.RawUsageResource, RawView[Usage]):
    ingest = raw(Usage.ingest)


class RawContracts(contracts.RawContractsResource, RawView[Contracts]):
    list = raw(Contracts.list)
