"""A bulk provisioning job for the crash-and-resume test:
``python crash_job.py URL KEY JOURNAL COUNT MODE ARG...``, the MODE one of ``plan PLAN_ID``, ``contract
RATE_CARD_ID`` or ``package ALIAS PRODUCT_ID`` (a contract from the package, with a trial credit and a commit
of the product).

Prints ``done N`` after each item and the report's totals as JSON at the end."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, timezone
from typing import Any

from metronome_async import AsyncMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 1, tzinfo=timezone.utc)


def terms(mode: str, args: list[str]) -> dict[str, Any]:
    """What each customer is put on, and given."""
    if mode == "plan":
        return {"plan_id": args[0], "starting_on": START}
    if mode == "contract":
        return {"contract": {"rate_card_id": args[0], "starting_at": START}}
    alias, product_id = args
    schedule = {"schedule_items": [{"amount": 1000, "starting_at": START, "ending_before": END}]}
    credit = {"product_id": product_id, "priority": 1, "name": "Trial", "access_schedule": schedule}
    return {
        "contract": {"package_alias": alias, "starting_at": START},
        "credits": [credit],
        "commits": [{**credit, "name": "Prepaid", "type": "PREPAID"}],
    }


async def main(url: str, key: str, journal: str, count: int, mode: str, args: list[str]) -> None:
    items = [
        {
            "name": f"Crash customer {n}",
            "ingest_aliases": [f"crash-{n}"],
            **(
                {}
                if mode == "package"
                else {"billing_provider_type": "stripe", "billing_provider_customer_id": f"cus_crash_{n}"}
            ),
            **terms(mode, args),
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
    url, key, journal, count, mode, *args = sys.argv[1:]
    asyncio.run(main(url, key, journal, int(count), mode, args))
