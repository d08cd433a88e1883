"""Quickstart, async: a customer billed through Stripe on a contract, read back, a 409, then every customer.

    python examples/quickstart_async.py

With METRONOME_BASE_URL and METRONOME_API_KEY set, it runs against that Metronome, on the rate card
METRONOME_RATE_CARD_ID (else the account's first); otherwise it starts the embedded Metronome in this process
and creates a rate card there, so it runs anywhere.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import datetime, timezone

from metronome_async import AsyncMetronome, ConflictError


async def quickstart(client: AsyncMetronome, rate_card_id: str) -> None:
    alias = f"acme-{uuid.uuid4().hex[:8]}@example.com"  # ingest aliases are unique in an account
    first_of_month = datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    result = await client.customers.provision(  # customer, Stripe, contract: one call, safe to repeat
        name="Acme Corp",
        ingest_aliases=[alias],
        billing_provider_type="stripe",
        billing_provider_customer_id="cus_demo123",
        contract={"rate_card_id": rate_card_id, "starting_at": first_of_month},
    )
    print(f"Provisioned customer {result.customer_id} (Acme Corp) on contract {result.contract_id}")

    for contract in await client.contracts.list(result.customer_id):  # or: async for contract in ...
        billing = contract.customer_billing_provider_configuration
        provider = billing.billing_provider if billing else None  # an enum; it prints as its wire value
        since = f"{contract.starting_at:%Y-%m-%d}"
        print(f"Its contract: rate card {contract.rate_card_id} since {since}, billed through {provider}")

    try:
        await client.customers.create(name="Acme again", ingest_aliases=[alias])
    except ConflictError as error:  # every error derives from metronome_async.MetronomeError
        print(f"A second customer with the same alias is refused: {error.status_code}")

    count = 0
    async for listed in client.customers.list():  # follows next_page to the end, one page in memory
        count += 1
        if listed.id == result.customer_id:
            print(f"Listed: {listed.name}, aliases {', '.join(listed.ingest_aliases)}")
    print(f"{count} customer(s) in the account")


async def main() -> None:
    if os.environ.get("METRONOME_BASE_URL"):
        async with AsyncMetronome() as client:  # METRONOME_API_KEY and METRONOME_BASE_URL
            rate_card_id = os.environ.get("METRONOME_RATE_CARD_ID")
            async for card in client.rate_cards.list(limit=1):
                rate_card_id = rate_card_id or card.id
            if not rate_card_id:
                raise SystemExit("no rate card in this account: create one, or set METRONOME_RATE_CARD_ID")
            await quickstart(client, rate_card_id)
        return

    from metronome_async.testing import FakeMetronome

    async with FakeMetronome() as fake:  # a real HTTP server on 127.0.0.1, state in memory
        print(f"Using the embedded Metronome at {fake.url}")
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            rate_card_id = await client.rate_cards.create(name="Standard")  # once per account
            print(f"Created rate card Standard: {rate_card_id}")
            await quickstart(client, rate_card_id)


if __name__ == "__main__":
    asyncio.run(main())
