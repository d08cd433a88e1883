"""A bulk provisioning job for the crash-and-resume test:
``python crash_job.py URL KEY JOURNAL COUNT PLAN_ID [RATE_CARD_ID]`` (with a rate card: on contracts).

Prints ``done N`` after each item and the report's totals as JSON at the end."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, timezone

from metronome_async import AsyncMetronome


async def main(url: str, key: str, journal: str, count: int, plan_id: str, rate_card_id: str | None) -> None:
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    items = [
        {
            "name": f"Crash customer {n}",
            "ingest_aliases": [f"crash-{n}"],
            "billing_provider_type": "stripe",
            "billing_provider_customer_id": f"cus_crash_{n}",
            **(
                {"contract": {"rate_card_id": rate_card_id, "starting_at": start}}
                if rate_card_id
                else {"plan_id": plan_id, "starting_on": start}
            ),
        }
        for n in range(count)
    ]

    def progress(outcome: object, done: int, total: int) -> None:
        print(f"done {done}", flush=True)

    async with AsyncMetronome(api_key=key, base_url=url, max_concurrency=8) as client:
        report = await client.customers.provision_many(items, journal=journal, on_progress=progress)
    totals = {status: report.count(status) for status in report.counts}
    print(json.dumps(totals), flush=True)


if __name__ == "__main__":
    url, key, journal, count, plan_id = sys.argv[1:6]
    asyncio.run(main(url, key, journal, int(count), plan_id, sys.argv[6] if len(sys.argv) > 6 else None))
