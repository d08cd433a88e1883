"""The official Python SDK (metronome-sdk 4.12, strict response validation) runs the contracts lifecycle
against the embedded Metronome: every answer must parse into its models, required fields included. The
`thread_fake` fixture also checks every exchange against the official spec."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import metronome
import pytest

from metronome_async.testing import FakeMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def official(thread_fake: FakeMetronome) -> Iterator[metronome.Metronome]:
    # No retries: the official SDK retries a 409, which would hide the uniqueness rule.
    with metronome.Metronome(
        bearer_token=thread_fake.api_key,
        base_url=thread_fake.url,
        max_retries=0,
        _strict_response_validation=True,
    ) as client:
        yield client


def test_the_contracts_lifecycle_parses_in_the_official_sdk(
    thread_fake: FakeMetronome, official: metronome.Metronome
) -> None:
    card = official.v1.contracts.rate_cards.create(name="Standard", aliases=[{"name": "standard"}])
    for k in range(3):
        official.v1.contracts.rate_cards.create(name=f"Other {k}")
    rate_card = official.v1.contracts.rate_cards.retrieve(id=card.data.id).data
    assert (rate_card.name, [a.name for a in rate_card.aliases or []]) == ("Standard", ["standard"])
    listed = official.v1.contracts.rate_cards.list(limit=2)
    assert [c.name for c in listed] == ["Standard", "Other 0", "Other 1", "Other 2"]  # across two pages

    customer_id = official.v1.customers.create(name="Acme", ingest_aliases=["acme"]).data.id
    [config] = official.v1.customers.set_billing_configurations(
        data=[
            {
                "customer_id": customer_id,
                "billing_provider": "stripe",
                "configuration": {
                    "stripe_customer_id": "cus_1",
                    "stripe_collection_method": "charge_automatically",
                },
                "delivery_method": "direct_to_billing_provider",
            }
        ]
    ).data
    created = official.v1.contracts.create(
        customer_id=customer_id,
        starting_at=START,
        rate_card_alias="standard",
        uniqueness_key="acme-standard-2025",
        billing_provider_configuration={"billing_provider_configuration_id": config.id},
    ).data
    assert created.contract is not None and created.contract.rate_card_id == card.data.id
    contract = official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data
    assert (contract.starting_at, contract.ending_before, contract.archived_at) == (START, None, None)
    assert contract.usage_statement_schedule.frequency == "MONTHLY" and contract.commits == []
    assert contract.customer_billing_provider_configuration is not None
    assert contract.customer_billing_provider_configuration.id == config.id

    with pytest.raises(metronome.ConflictError):
        official.v1.contracts.create(
            customer_id=customer_id, starting_at=START, uniqueness_key="acme-standard-2025"
        )
    for month in range(2, 12):
        official.v1.contracts.create(customer_id=customer_id, starting_at=START.replace(month=month))
    every = list(official.v2.contracts.list(customer_id=customer_id, limit=4))  # follows the body cursor
    assert len(every) == 11 and every[0].id == created.id

    official.v1.contracts.update_end_date(customer_id=customer_id, contract_id=created.id, ending_before=END)
    assert (
        official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data.ending_before
        == END
    )
    official.v1.contracts.update_end_date(customer_id=customer_id, contract_id=created.id)
    assert (
        official.v2.contracts.retrieve(customer_id=customer_id, contract_id=created.id).data.ending_before
        is None
    )
    covering = official.v2.contracts.list(customer_id=customer_id, covering_date=START)
    assert [c.id for c in covering] == [created.id]

    official.v1.contracts.archive(customer_id=customer_id, contract_id=created.id, void_invoices=False)
    assert len(list(official.v2.contracts.list(customer_id=customer_id))) == 10
    archived = official.v2.contracts.list(customer_id=customer_id, include_archived=True)
    assert [c.archived_at is not None for c in archived] == [True] + [False] * 10

    official.post(
        "/v1/customers/setBillableStatus",
        body={
            "customer_id": customer_id,
            "billable_status": "unbillable",
            "effective_at": "2025-01-01T00:00:00Z",
        },
        cast_to=object,
    )
    status = official.v1.customers.retrieve(customer_id=customer_id).data.current_billable_status
    assert status is not None and (status.value, status.effective_at) == ("unbillable", START)

    official.v1.customers.archive(id=customer_id)
    after = official.v2.contracts.list(customer_id=customer_id, include_archived=True)
    assert all(c.archived_at is not None for c in after)
    assert list(official.v2.contracts.list(customer_id=customer_id)) == []
