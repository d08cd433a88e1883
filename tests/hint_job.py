"""Run by test_retry_after.py in a subprocess, so that a wait which never ends cannot hang the suite.

Serves one hostile answer per case (``argv[1]``: JSON of case -> [status, headers]), reads each case once
with a fresh client (a 429 paces the client that got it), ``max_retries=1`` and real waits, and prints one
JSON line per case: the status raised and how many requests the server saw (1: raised at once, 2: retried
once).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter

from aiohttp import web
from hostile import serve

from metronome_async import APIStatusError, AsyncMetronome


async def main(cases: dict[str, list]) -> None:  # type: ignore[type-arg]
    seen: Counter[str] = Counter()

    async def handler(request: web.Request) -> web.Response:
        case = request.path.rsplit("/", 1)[-1]
        seen[case] += 1
        status, headers = cases[case]
        return web.json_response({"message": "wait"}, status=status, headers=headers)

    async with serve(handler) as url:
        for case in cases:
            async with AsyncMetronome(api_key="k", base_url=url, max_retries=1) as client:
                try:
                    await client.customers.retrieve(case)
                except APIStatusError as error:
                    raised: int | None = error.status_code
                else:
                    raised = None
            print(json.dumps({"case": case, "raised": raised, "requests": seen[case]}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
