"""The retry loop over real HTTP: no deprecated asyncio call on any Python, and each retry logged at INFO
(method, path, attempt, why, wait) without the key or the headers."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from metronome_async import (
    APIConnectionError,
    ConflictError,
    InternalServerError,
    RateLimitError,
)
from metronome_async._core.retry import backoff_ceilings, is_retryable, retry_wait
from metronome_async.testing import FakeMetronome, set_testing

# Python 3.14 deprecates asyncio.iscoroutinefunction; older Pythons are made to say so too, so the check below
# fails on every Python if the SDK (or a library it calls, such as backoff's decorator) still uses it.
DEPRECATION_PROGRAM = textwrap.dedent(
    """
    import asyncio, inspect, sys, warnings

    if sys.version_info < (3, 14):
        def iscoroutinefunction(function):
            warnings.warn("asyncio.iscoroutinefunction is deprecated", DeprecationWarning, stacklevel=2)
            return inspect.iscoroutinefunction(function)

        asyncio.iscoroutinefunction = iscoroutinefunction

    import metronome_async
    from metronome_async.testing import set_testing

    async def main():
        url, key = sys.argv[1:]
        async with metronome_async.AsyncMetronome(api_key=key, base_url=url) as client:
            customer = await client.customers.create(name="Warned")
            async with client.with_options(max_retries=1) as other:
                try:
                    with set_testing():
                        await other.customers.retrieve(customer.id)  # the fake answers 500: one retry
                except metronome_async.InternalServerError:
                    pass
        with metronome_async.Metronome(api_key=key, base_url=url) as blocking:
            blocking.customers.create(name="Blocking")
        print("done")

    asyncio.run(main())
    """
)


def test_making_a_client_and_calling_raises_no_deprecation_warning(thread_fake: FakeMetronome) -> None:
    thread_fake.configure(error_rate=1.0, fault_paths=["/v1/customers/{customer_id}"], fault_methods=["GET"])
    command = [sys.executable, "-W", "error::DeprecationWarning", "-c", DEPRECATION_PROGRAM]
    done = subprocess.run(
        [*command, thread_fake.url, thread_fake.api_key], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr
    assert thread_fake.count("GET") == 2, "the failing read was retried once"


SECRET = "sk_live_do_not_print_0123456789"

# A server that fails a read six times, each way a retry can be earned, then answers; and a create whose first
# connection drops. It prints the Idempotency-Key it saw, which must not be in the log.
RETRY_PROGRAM = textwrap.dedent(
    f"""
    import asyncio
    from aiohttp import web
    from metronome_async import AsyncMetronome

    FAILURES = ["slow", 503, 429, 408, 502, 500]  # "slow": longer than the client's timeout
    seen = []

    async def handler(request):
        seen.append(request.method)
        if request.method == "POST":
            print(request.headers["Idempotency-Key"], flush=True)
            if len(seen) == 1:
                request.transport.close()  # the connection drops before an answer
                return web.Response()
            return web.json_response({{"data": {{"id": "c1", "name": "Once"}}}})
        failed = sum(method == "GET" for method in seen) - 1
        if failed < len(FAILURES):
            if FAILURES[failed] == "slow":
                await asyncio.sleep(3)
                return web.Response(status=504)  # long after the client gave up on it
            headers = {{"retry-after-ms": "5", "x-secret-header": "hush"}}
            return web.json_response({{"message": "hush"}}, status=FAILURES[failed], headers=headers)
        return web.json_response({{"data": {{"id": "c1", "name": "Back"}}}})

    async def main():
        app = web.Application()
        app.router.add_route("*", "/{{tail:.*}}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{{runner.addresses[0][1]}}"
        async with AsyncMetronome(api_key={SECRET!r}, base_url=url, max_retries=6, timeout=1) as client:
            await client.customers.create(name="Once")
            print("got", (await client.customers.retrieve("c1")).name, flush=True)
        await runner.cleanup()

    asyncio.run(main())
    """
)


def test_metronome_log_info_logs_each_retry_without_key_or_headers() -> None:
    env = {**os.environ, "METRONOME_LOG": "info"}
    done = subprocess.run(
        [sys.executable, "-c", RETRY_PROGRAM], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    idempotency_key, got = done.stdout.splitlines()[0], done.stdout.splitlines()[-1]
    assert got == "got Back"
    lines = [line for line in done.stderr.splitlines() if "retrying in" in line]
    assert len(lines) == 7, done.stderr  # one create retried, and six retries of one read
    assert all(" INFO: " in line and "metronome_async" in line for line in lines), lines
    assert "POST /v1/customers: attempt 1 of 7 failed (APIConnectionError); retrying in 0." in lines[0]
    whys = ["APITimeoutError", "status 503", "status 429", "status 408", "status 502", "status 500"]
    for number, (line, why) in enumerate(zip(lines[1:], whys, strict=True), start=1):
        wait = "" if number == 1 else "0.01s"  # the timeout's wait is drawn at random, the others are hints
        assert f"GET /v1/customers/c1: attempt {number} of 7 failed ({why}); retrying in {wait}" in line
    assert all(line.endswith("s") for line in lines)
    for secret in (SECRET, idempotency_key, "hush"):
        assert secret not in done.stderr


# --- the loop's two decisions, as the pure functions they are -------------------------------------------


def _status(
    cls: type[InternalServerError | RateLimitError | ConflictError], status: int, **headers: str
) -> Any:
    return cls("x", status_code=status, headers=headers, method="GET", path="/v1/x")


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (APIConnectionError("dropped", method="POST", path="/v1/x"), True),
        (_status(RateLimitError, 429), True),
        (_status(InternalServerError, 503), True),
        (_status(ConflictError, 409), False),
        (_status(ConflictError, 409, **{"x-should-retry": "true"}), True),
        (_status(InternalServerError, 503, **{"x-should-retry": "false"}), False),
        (_status(RateLimitError, 429, **{"retry-after": "61"}), False),
        (ValueError("not an API error"), False),
    ],
)
def test_is_retryable(error: Exception, retried: bool) -> None:
    assert is_retryable(error) is retried


def test_the_waits_are_bounded_by_exponential_ceilings_or_the_servers_hint() -> None:
    assert list(itertools.islice(backoff_ceilings(), 7)) == [0.5, 1, 2, 4, 8, 8, 8]
    dropped = APIConnectionError("dropped", method="GET", path="/v1/x")
    with set_testing(False):
        assert all(0.0 <= retry_wait(dropped, 4.0) <= 4.0 for _ in range(100))
        assert retry_wait(_status(RateLimitError, 429, **{"retry-after-ms": "1500"}), 0.5) == 1.5
        assert retry_wait(_status(RateLimitError, 429, **{"retry-after": "soon"}), 0.0) == 0.0
    with set_testing(True):
        assert retry_wait(_status(RateLimitError, 429, **{"retry-after": "30"}), 8.0) == 0.0
