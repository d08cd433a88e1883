"""Blocking code against the plugin's `metronome_thread_fake` / `metronome_sync_client`."""

from __future__ import annotations

import pytest
from example_app import churn

from metronome_async import Metronome
from metronome_async.errors import BadRequestError, RateLimitError
from metronome_async.testing import FakeMetronome


def test_churned_customers_leave_the_active_list(
    metronome_sync_client: Metronome, metronome_thread_fake: FakeMetronome
) -> None:
    staying, leaving = metronome_thread_fake.seed_customers(2)
    churn(metronome_sync_client, leaving)
    assert [c.id for c in metronome_sync_client.customers.list()] == [staying]
    with pytest.raises(BadRequestError, match="already archived"):
        churn(metronome_sync_client, leaving)


@pytest.mark.metronome_faults(rate_limit=1, retry_after=False)
def test_a_burst_hits_the_rate_limit(metronome_thread_fake: FakeMetronome) -> None:
    with Metronome(
        api_key=metronome_thread_fake.api_key, base_url=metronome_thread_fake.url, max_retries=0
    ) as client:
        client.customers.create(name="First")
        with pytest.raises(RateLimitError):
            client.customers.create(name="Second")
    assert metronome_thread_fake.count("POST", "/v1/customers", status=429) == 1
