"""Quickstart with the blocking client, for scripts: the same calls as the async client, without ``await``.

    python examples/quickstart_sync.py

With METRONOME_BASE_URL and METRONOME_API_KEY set, it runs against that Metronome, on the rate card
METRONOME_RATE_CARD_ID (else the account's first); otherwise it starts the embedded Metronome on a background
thread and seeds a rate card there.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

from metronome_async import Metronome, NotFoundError


def quickstart(client: Metronome, rate_card_id: str) -> None:
    alias = f"globex-{uuid.uuid4().hex[:8]}@example.com"
    first_of_month = datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    result = client.customers.provision(  # create, billing provider, contract: one call, safe to repeat
        name="Globex",
        ingest_aliases=[alias],
        billing_provider_type="stripe",
        billing_provider_customer_id="cus_globex",
        contract={"rate_card_id": rate_card_id, "starting_at": first_of_month},
    )
    print(f"Provisioned customer {result.customer_id} on contract {result.contract_id}")

    customer = client.customers.update(result.customer_id, name="Globex Corporation")
    print(f"Renamed it: {customer.name}")

    for contract in client.contracts.list(customer.id):  # a plain iterator
        print(f"Contract on rate card {contract.rate_card_id} since {contract.starting_at:%Y-%m-%d}")

    try:
        client.customers.retrieve("no-such-customer")
    except NotFoundError as error:
        print(f"Unknown ids raise NotFoundError ({error.status_code})")

    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    report = client.customers.offboard(customer.id, ending_before=next_month)  # churn: archives nothing
    print(f"Offboarded: {len(report.ended_contracts)} contract(s) end on {next_month:%Y-%m-%d}")
    for invoice in report.open_invoices:  # the final invoice, a draft until its period ends and 24 h pass
        print(f"Still to come: invoice {invoice.id} ({invoice.status}, total {invoice.total:g})")


def main() -> None:
    if os.environ.get("METRONOME_BASE_URL"):
        with Metronome() as client:  # METRONOME_API_KEY and METRONOME_BASE_URL
            rate_card_id = os.environ.get("METRONOME_RATE_CARD_ID")
            for card in client.rate_cards.list(limit=1):
                rate_card_id = rate_card_id or card.id
            if not rate_card_id:
                raise SystemExit("no rate card in this account: create one, or set METRONOME_RATE_CARD_ID")
            quickstart(client, rate_card_id)
        return

    from metronome_async.testing import FakeMetronome

    with FakeMetronome() as fake:  # served from a background thread
        print(f"Using the embedded Metronome at {fake.url}")
        rate_card_id = fake.create_rate_card(name="Standard")  # seeded, as a test would
        with Metronome(api_key=fake.api_key, base_url=fake.url) as client:
            quickstart(client, rate_card_id)


if __name__ == "__main__":
    main()
