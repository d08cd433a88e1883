"""Billing configuration in both of the API's forms, over HTTP."""

from __future__ import annotations

import pytest

from metronome_async import AsyncMetronome, BadRequestError, NotFoundError
from metronome_async.models import BillingProviderType, StripeCollectionMethod


async def test_per_provider_config_round_trip(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Billed")
    await client.customers.set_billing_config(
        customer.id,
        billing_provider_type=BillingProviderType.STRIPE,
        billing_provider_customer_id="cus_123",
        stripe_collection_method="send_invoice",
    )
    config = await client.customers.retrieve_billing_config(customer.id, "stripe")
    assert config.billing_provider_customer_id == "cus_123"
    assert config.stripe_collection_method is StripeCollectionMethod.SEND_INVOICE
    await client.customers.delete_billing_config(customer.id, "stripe")
    with pytest.raises(NotFoundError):
        await client.customers.retrieve_billing_config(customer.id, "stripe")


async def test_billing_config_for_an_unknown_customer(client: AsyncMetronome) -> None:
    with pytest.raises(NotFoundError):
        await client.customers.set_billing_config(
            "00000000-0000-4000-8000-000000000000",
            billing_provider_type="stripe",
            billing_provider_customer_id="cus_1",
        )


async def test_marketplace_configs_cannot_be_deleted(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="AWS")
    await client.customers.set_billing_config(
        customer.id,
        billing_provider_type="aws_marketplace",
        billing_provider_customer_id="aws-cust",
        aws_product_code="prod",
        aws_region="us-east-1",
    )
    with pytest.raises(BadRequestError):
        await client.customers.delete_billing_config(customer.id, "aws_marketplace")


async def test_create_with_a_legacy_billing_config(client: AsyncMetronome) -> None:
    customer = await client.customers.create(
        name="Legacy",
        billing_config={"billing_provider_type": "stripe", "billing_provider_customer_id": "cus_9"},
    )
    config = await client.customers.retrieve_billing_config(customer.id, "stripe")
    assert config.billing_provider_customer_id == "cus_9"


async def test_provider_configurations_set_retrieve_archive(client: AsyncMetronome) -> None:
    customer = await client.customers.create(name="Contracts era")
    [created] = await client.customers.set_billing_provider_configurations(
        data=[
            {
                "customer_id": customer.id,
                "billing_provider": "stripe",
                "delivery_method": "direct_to_billing_provider",
                "configuration": {
                    "stripe_customer_id": "cus_5",
                    "stripe_collection_method": "charge_automatically",
                },
            }
        ]
    )
    assert created.id and created.billing_provider is BillingProviderType.STRIPE
    [listed] = await client.customers.retrieve_billing_provider_configurations(customer.id)
    assert listed.id == created.id and listed.configuration["stripe_customer_id"] == "cus_5"
    assert listed.archived_at is None
    await client.customers.archive_billing_provider_configurations(
        customer.id, customer_billing_provider_configuration_ids=[created.id]
    )
    assert await client.customers.retrieve_billing_provider_configurations(customer.id) == []
    [archived] = await client.customers.retrieve_billing_provider_configurations(
        customer.id, include_archived=True
    )
    assert archived.archived_at is not None


async def test_create_with_provider_configurations(client: AsyncMetronome) -> None:
    customer = await client.customers.create(
        name="Configured",
        customer_billing_provider_configurations=[
            {
                "billing_provider": "stripe",
                "delivery_method": "direct_to_billing_provider",
                "configuration": {"stripe_customer_id": "cus_7"},
            }
        ],
    )
    [config] = await client.customers.retrieve_billing_provider_configurations(customer.id)
    assert config.customer_id == customer.id
