"""The ``with_raw_response`` views of the hand-written resources: each endpoint method, in the resource's
order (the generated views are their bases)."""

from __future__ import annotations

from metronome_async.resources._generated import contracts, customers, plans, rate_cards, usage
from metronome_async.resources._raw import RawView, raw
from metronome_async.resources.contracts import Contracts
from metronome_async.resources.custom_fields import CustomFields
from metronome_async.resources.customer_plans import CustomerPlans
from metronome_async.resources.customers import Customers
from metronome_async.resources.plans import Plans
from metronome_async.resources.rate_cards import RateCards
from metronome_async.resources.usage import Usage

__all__ = [
    "RawContracts",
    "RawCustomFields",
    "RawCustomerPlans",
    "RawCustomers",
    "RawPlans",
    "RawRateCards",
    "RawUsage",
]


class RawCustomerPlans(customers.RawCustomersPlansResource, RawView[CustomerPlans]):
    list = raw(CustomerPlans.list)
    add = raw(CustomerPlans.add)
    end = raw(CustomerPlans.end)


class RawCustomers(customers.RawCustomersResource, RawView[Customers]):
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


class RawPlans(plans.RawPlansResource, RawView[Plans]):
    list = raw(Plans.list)


class RawCustomFields(RawView[CustomFields]):
    add_key = raw(CustomFields.add_key)
    list_keys = raw(CustomFields.list_keys)
    set_values = raw(CustomFields.set_values)
    delete_values = raw(CustomFields.delete_values)
    remove_key = raw(CustomFields.remove_key)


class RawUsage(usage.RawUsageResource, RawView[Usage]):
    ingest = raw(Usage.ingest)


class RawContracts(contracts.RawContractsResource, RawView[Contracts]):
    create = raw(Contracts.create)
    retrieve = raw(Contracts.retrieve)
    list = raw(Contracts.list)
    update_end_date = raw(Contracts.update_end_date)
    archive = raw(Contracts.archive)


class RawRateCards(rate_cards.RawRateCardsResource, RawView[RateCards]):
    create = raw(RateCards.create)
    retrieve = raw(RateCards.retrieve)
    list = raw(RateCards.list)
