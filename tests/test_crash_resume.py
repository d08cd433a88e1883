"""A bulk job killed with SIGKILL part-way, then rerun: the rerun finishes the job, with no duplicate
customers and no completed step repeated. Everything runs in real processes over loopback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from metronome_async import Metronome

JOB = Path(__file__).with_name("crash_job.py")
COUNT = 300


@pytest.fixture
def emulator() -> Iterator[tuple[str, str, str, str]]:
    """``metronome-async emulator`` in its own process, with one plan and one rate card; yields its URL, API
    key, plan id and rate card id."""
    command = [sys.executable, "-m", "metronome_async", "emulator", "--port", "0", "--api-key", "crash-key"]
    process = subprocess.Popen(
        [*command, "--plan", "Pro", "--rate-card", "Standard"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        url = plan_id = rate_card_id = ""
        for line in process.stdout:
            if line.startswith("Metronome emulator at "):
                url = line.split(" at ", 1)[1].strip()
            if line.startswith("Plan Pro: "):
                plan_id = line.split(": ", 1)[1].strip()
            if line.startswith("Rate card Standard: "):
                rate_card_id = line.split(": ", 1)[1].strip()
                break
        assert url and plan_id and rate_card_id, "the emulator did not start"
        yield url, "crash-key", plan_id, rate_card_id
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run_job(url: str, key: str, journal: Path, kill_after: int | None, *mode: str) -> dict[str, int] | None:
    """The job (``mode``: see crash_job.py), killed once ``kill_after`` items are done, if given."""
    job = subprocess.Popen(
        [sys.executable, str(JOB), url, key, str(journal), str(COUNT), *mode],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert job.stdout is not None
    for line in job.stdout:
        if kill_after is not None and line.startswith("done ") and int(line.split()[1]) >= kill_after:
            job.send_signal(signal.SIGKILL)
            job.wait(timeout=10)
            return None
        if line.startswith("{"):
            job.wait(timeout=10)
            return dict(json.loads(line))
    raise AssertionError(f"the job ended without a report (exit {job.wait(timeout=10)})")


def test_a_killed_job_resumes_without_duplicates(emulator: tuple[str, str, str, str], tmp_path: Path) -> None:
    url, key, plan_id, _ = emulator
    journal = tmp_path / "crash.sqlite"
    with Metronome(api_key=key, base_url=url) as client:
        assert _run_job(url, key, journal, COUNT // 3, "plan", plan_id) is None
        created_before_kill = len(client.customers.list().to_list())
        assert 0 < created_before_kill < COUNT
        totals = _run_job(url, key, journal, None, "plan", plan_id)
        assert totals is not None and totals["failed"] == 0, totals
        assert sum(totals.values()) == COUNT
        assert totals["done_earlier"] >= COUNT // 3, "finished items were not redone"
        customers = client.customers.list().to_list()
        assert len(customers) == COUNT, "no duplicates, none lost"
        assert len({c.ingest_aliases[0] for c in customers}) == COUNT
        for customer in customers[:: COUNT // 30]:
            assert len(client.customers.plans.list(customer.id).to_list()) == 1, "no plan added twice"
            assert client.customers.retrieve_billing_config(
                customer.id, "stripe"
            ).billing_provider_customer_id


def test_a_killed_job_on_contracts_resumes_without_a_second_contract(
    emulator: tuple[str, str, str, str], tmp_path: Path
) -> None:
    url, key, _, rate_card_id = emulator
    journal = tmp_path / "crash.sqlite"
    with Metronome(api_key=key, base_url=url) as client:
        assert _run_job(url, key, journal, COUNT // 3, "contract", rate_card_id) is None
        assert 0 < len(client.customers.list().to_list()) < COUNT
        totals = _run_job(url, key, journal, None, "contract", rate_card_id)
        assert totals is not None and totals["failed"] == 0, totals
        assert totals["done_earlier"] >= COUNT // 3, "finished items were not redone"
        customers = client.customers.list().to_list()
        assert len(customers) == COUNT, "no duplicates, none lost"
        for customer in customers:
            contracts = client.contracts.list(customer.id, include_archived=True).to_list()
            assert len(contracts) == 1, f"{customer.id} has {len(contracts)} contracts"
            assert contracts[0].rate_card_id == rate_card_id
            configs = client.customers.retrieve_billing_provider_configurations(customer.id)
            assert len(configs) == 1, f"{customer.id} has {len(configs)} provider configurations"


def test_a_killed_job_on_a_package_with_credits_resumes_without_a_second_credit(
    emulator: tuple[str, str, str, str], tmp_path: Path
) -> None:
    url, key, _, rate_card_id = emulator
    journal = tmp_path / "crash.sqlite"
    with Metronome(api_key=key, base_url=url) as client:
        client.packages.create(name="Startup", aliases=[{"name": "startup"}], rate_card_id=rate_card_id)
        product_id = client.products.create(name="Credits", type="FIXED")
        assert _run_job(url, key, journal, COUNT // 3, "package", "startup", product_id) is None
        assert 0 < len(client.customers.list().to_list()) < COUNT
        totals = _run_job(url, key, journal, None, "package", "startup", product_id)
        assert totals is not None and totals["failed"] == 0, totals
        assert totals["done_earlier"] >= COUNT // 3, "finished items were not redone"
        customers = client.customers.list().to_list()
        assert len(customers) == COUNT, "no duplicates, none lost"
        for customer in customers:
            held = (
                len(client.contracts.list(customer.id, include_archived=True).to_list()),
                len(client.customers.credits.list(customer.id, include_archived=True).to_list()),
                len(client.customers.commits.list(customer.id, include_archived=True).to_list()),
            )
            assert held == (1, 1, 1), f"{customer.id} has {held} contracts, credits and commits"
