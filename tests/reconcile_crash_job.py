"""A reconciliation job for the kill -9 test: ``python reconcile_crash_job.py URL KEY JOURNAL COUNT RATE_CARD
RENAMED MODE``: COUNT customers on a contract of RATE_CARD with a Stripe configuration, the first RENAMED of
them under a new name; MODE ``apply`` plans and applies (printing ``done N`` after each change), ``plan`` only
plans. Prints the plan's counts as JSON (``plan {...}``) and, after an apply, the report's
(``report {...}``)."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, timezone

from metronome_async import AsyncMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)


async def main(url: str, key: str, journal: str, count: int, rate_card: str, renamed: int, mode: str) -> None:
    desired = (
        {
            "name": f"Reconciled {n}{' (renamed)' if n < renamed else ''}",
            "ingest_aliases": [f"rc-{n}"],
            "billing_provider_type": "stripe",
            "billing_provider_customer_id": f"cus_rc_{n}",
            "contract": {"rate_card_id": rate_card, "starting_at": START},
        }
        for n in range(count)
    )

    def progress(outcome: object, done: int, total: int) -> None:
        print(f"done {done}", flush=True)

    async with AsyncMetronome(api_key=key, base_url=url, max_concurrency=8) as client:
        plan = await client.customers.reconcile(desired, owner="crash")
        print(f"plan {json.dumps(plan.counts)}", flush=True)
        if mode == "apply":
            report = await client.customers.apply_plan(plan, journal=journal, on_progress=progress)
            print(f"report {json.dumps(report.counts)}", flush=True)


if __name__ == "__main__":
    url, key, journal, count, rate_card, renamed, mode = sys.argv[1:]
    asyncio.run(main(url, key, journal, int(count), rate_card, int(renamed), mode))
