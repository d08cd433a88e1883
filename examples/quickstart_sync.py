"""Quickstart with the blocking client, for scripts: the same calls as the async client, without ``await``.

    python examples/quickstart_sync.py

With METRONOME_BASE_URL and METRONOME_API_KEY set, it runs against that Metronome (and METRONOME_PLAN_ID, else
the account's first plan); otherwise it starts the embedded Metronome on a background thread.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone

from metronome_async import Metronome, NotFoundError


def quickstart(client: Metronome, plan_id: str) -> None:
    alias = f"globex-{uuid.uuid4().hex[:8]}@example.com"

    result = client.customers.provision(  # create, billing config, plan: one call, safe to repeat
        name="Globex",
        ingest_aliases=[alias],
        billing_provider_type="stripe",
        billing_provider_customer_id="cus_globex",
        plan_id=plan_id,
        starting_on=datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0),
    )
    print(f"Provisioned customer {result.customer_id} on customer plan {result.customer_plan_id}")

    customer = client.customers.update(result.customer_id, name="Globex Corporation")
    print(f"Renamed it: {customer.name}")

    for plan in client.customers.plans.list(customer.id):  # a plain iterator
        print(f"Plan {plan.plan_name} since {plan.starting_on:%Y-%m-%d}")

    try:
        client.customers.retrieve("no-such-customer")
    except NotFoundError as error:
        print(f"Unknown ids raise NotFoundError ({error.status_code})")

    report = client.customers.archive_churned(customer.id, end_plans=True)  # ends the plan, then archives
    print(f"Archived {report.customer_id} after ending {len(report.ended_plans)} plan(s)")
    archived = [c.id for c in client.customers.list(only_archived=True, customer_ids=[customer.id])]
    print(f"Listed as archived: {archived == [customer.id]}")


def main() -> None:
    if os.environ.get("METRONOME_BASE_URL"):
        with Metronome() as client:  # METRONOME_API_KEY and METRONOME_BASE_URL
            plan_id = os.environ.get("METRONOME_PLAN_ID")
            for plan in client.plans.list(limit=1):
                plan_id = plan_id or plan.id
            if not plan_id:
                raise SystemExit("no plan in this account: set METRONOME_PLAN_ID")
            quickstart(client, plan_id)
        return

    from metronome_async.testing import FakeMetronome

    with FakeMetronome() as fake:  # served from a background thread
        print(f"Using the embedded Metronome at {fake.url}")
        plan_id = fake.create_plan(name="Pro")
        with Metronome(api_key=fake.api_key, base_url=fake.url) as client:
            quickstart(client, plan_id)


if __name__ == "__main__":
    main()
