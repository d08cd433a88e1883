"""METRONOME_LOG turns logging on without code (in a subprocess, as a user's program would start), and
OpenTelemetry's aiohttp client instrumentation sees the SDK's requests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome

SECRET = "sk_live_do_not_print_0123456789"

PROGRAM = textwrap.dedent(
    f"""
    import asyncio, logging
    from metronome_async import AsyncMetronome, NotFoundError
    from metronome_async.testing import FakeMetronome

    async def main():
        async with FakeMetronome(api_key={SECRET!r}) as fake:
            fake.configure(error_rate=1.0, fault_paths=["/v1/customers/{{customer_id}}"])
            async with AsyncMetronome(api_key={SECRET!r}, base_url=fake.url, max_retries=1) as client:
                await client.customers.create(name="Logged")
                try:
                    await client.customers.retrieve("00000000-0000-4000-8000-000000000000")
                except Exception as exc:
                    print("raised", type(exc).__name__)
        print("level", logging.getLogger("metronome_async").getEffectiveLevel())

    asyncio.run(main())
    """
)


def run_with(level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "METRONOME_LOG"}
    if level is not None:
        env["METRONOME_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=60, check=True
    )


def test_metronome_log_debug_logs_each_request_to_stderr_without_the_key() -> None:
    result = run_with("debug")
    assert "raised InternalServerError" in result.stdout
    lines = result.stderr.splitlines()
    assert any("POST /v1/customers -> 200" in line and "metronome_async" in line for line in lines), lines
    assert sum("GET /v1/customers/" in line and "-> 500" in line for line in lines) == 2  # a retry
    assert any("retrying" in line for line in lines)
    assert SECRET not in result.stderr + result.stdout


@pytest.mark.parametrize(("level", "number"), [("info", 20), ("INFO", 20), (None, 30), ("verbose", 30)])
def test_metronome_log_levels(level: str | None, number: int) -> None:
    result = run_with(level)
    assert f"level {number}" in result.stdout
    assert "-> 200" not in result.stderr, "request lines are debug"
    assert SECRET not in result.stderr + result.stdout


async def test_opentelemetry_aiohttp_instrumentation_sees_the_sdk_requests(fake: FakeMetronome) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    instrumentor = AioHttpClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            customer = await client.customers.create(name="Traced")
            await client.customers.retrieve(customer.id)
    finally:
        instrumentor.uninstrument()
    spans = [(span.name, dict(span.attributes or {})) for span in exporter.get_finished_spans()]
    assert [name for name, _ in spans] == ["POST", "GET"]
    urls = [str(attrs.get("url.full", attrs.get("http.url"))) for _, attrs in spans]
    assert urls == [f"{fake.url}/v1/customers", f"{fake.url}/v1/customers/{customer.id}"]
    assert fake.exchanges[0].headers.get("traceparent"), "the trace context travels with the request"
