"""Provisioning under attack: an existing contract or billing configuration found by what identifies it but
holding other terms, a journal that cannot be created, a step whose 500s the server keeps under its keys, a
create whose answer was lost. Over loopback, against the embedded Metronome."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome
from metronome_async.testing import FakeMetronome, set_testing
from metronome_async.workflows.journal import JournalError

JAN = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2025, 2, 1, tzinfo=timezone.utc)
STRIPE = {"billing_provider_type": "stripe", "billing_provider_customer_id": "cus_1"}


def _item(**extra: Any) -> dict[str, Any]:
    return {"name": "Acme", "ingest_aliases": ["acme"], **extra}


async def test_a_contract_under_a_given_uniqueness_key_but_other_terms_differs(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    """A uniqueness key the item gives does not encode its terms (a derived one does): the contract found
    under it is compared with the terms asked, never taken as done when they differ."""
    standard = fake.create_rate_card(name="Standard")
    premium = fake.create_rate_card(name="Premium")
    first = await client.customers.provision(
        **_item(contract={"rate_card_id": standard, "starting_at": JAN, "uniqueness_key": "acme-2025"})
    )
    edited = _item(contract={"rate_card_id": premium, "starting_at": FEB, "uniqueness_key": "acme-2025"})

    again = await client.customers.provision(**edited)
    assert list(again.differences) == ["contract"] and again.contract_id is None, again
    [current] = again.differences["contract"][0]
    assert (current["id"], current["rate_card_id"]) == (first.contract_id, standard)
    for journal in (tmp_path / "job.journal", None):
        report = await client.customers.provision_many([edited], journal=journal)
        assert report.count("differs") == 1 and not report.ok, str(report)
    same = await client.customers.provision(
        **_item(contract={"rate_card_id": standard, "starting_at": JAN, "uniqueness_key": "acme-2025"})
    )
    assert not same.differs and same.contract_id == first.contract_id
    [customer] = fake.customers()
    assert [c["id"] for c in fake.contracts(customer["id"])] == [first.contract_id], "never a second one"


async def test_a_provider_configuration_with_another_collection_method_differs(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    rate_card_id = fake.create_rate_card(name="Standard")
    terms = {"rate_card_id": rate_card_id, "starting_at": JAN}
    first = await client.customers.provision(
        **_item(**STRIPE, stripe_collection_method="send_invoice", contract=terms)
    )
    again = await client.customers.provision(
        **_item(**STRIPE, stripe_collection_method="charge_automatically", contract=terms)
    )
    assert again.differences == {"stripe_collection_method": ("send_invoice", "charge_automatically")}
    unasked = await client.customers.provision(**_item(**STRIPE, contract=terms))
    assert not unasked.differs, "a collection method the item does not give is not compared"
    configs = await client.customers.retrieve_billing_provider_configurations(first.customer_id)
    assert [c.configuration["stripe_collection_method"] for c in configs] == ["send_invoice"]


async def test_a_plans_billing_config_with_another_collection_method_differs(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    plan_id = fake.create_plan(name="Pro")
    plan = {"plan_id": plan_id, "starting_on": JAN}
    first = await client.customers.provision(
        **_item(**STRIPE, stripe_collection_method="send_invoice", **plan)
    )
    again = await client.customers.provision(
        **_item(**STRIPE, stripe_collection_method="charge_automatically", **plan)
    )
    assert again.differences == {"stripe_collection_method": ("send_invoice", "charge_automatically")}
    held = await client.customers.retrieve_billing_config(first.customer_id, "stripe")
    assert held.stripe_collection_method == "send_invoice", "left as it was"


@pytest.mark.parametrize("where", ["missing directory", "dangling symlink"])
async def test_a_journal_that_cannot_be_created_is_a_journal_error_before_anything_is_sent(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path, where: str
) -> None:
    journal = tmp_path / "gone" / "job.journal"
    if where == "dangling symlink":
        journal = tmp_path / "link.journal"
        journal.symlink_to(tmp_path / "gone" / "job.journal")
    with pytest.raises(JournalError, match="cannot be created or opened") as raised:
        await client.customers.provision_many([_item()], journal=journal)
    assert raised.value.path == str(journal) and not raised.value.started
    assert fake.count() == 0, "nothing was sent"


async def test_a_step_that_got_500s_is_finished_by_a_rerun_once_the_server_recovers(
    tmp_path: Path,
) -> None:
    async with FakeMetronome(error_rate=1.0, fault_paths=["/v1/contracts/create"]) as fake:
        rate_card_id = fake.create_rate_card(name="Standard")
        items = [_item(contract={"rate_card_id": rate_card_id, "starting_at": JAN})]
        journal = tmp_path / "job.journal"
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
            with set_testing():
                down = await client.customers.provision_many(items, journal=journal)
            assert down.count("failed") == 1
            fake.configure(error_rate=0)  # the outage is over
            rerun = await client.customers.provision_many(items, journal=journal)
            assert rerun.ok and rerun.count("resumed") == 1, [f.error for f in rerun.failures]
            [customer] = fake.customers()
            assert len(fake.contracts(customer["id"])) == 1


async def test_a_customer_created_by_a_request_whose_answer_was_lost_is_counted_as_created() -> None:
    # seed 1 drops the first create's answer (0.13 < 0.5) and lets the next one through (0.85)
    dropped = {"disconnect_rate": 0.5, "seed": 1, "fault_paths": ["/v1/customers"], "fault_methods": ["POST"]}
    async with FakeMetronome(**dropped) as fake:
        async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url, max_retries=0) as client:
            with set_testing():
                report = await client.customers.provision_many([_item()])
        assert len(fake.customers()) == 1
        assert report.count("created") == 1, str(report)


def _cli_against_a_file_that_changes(kind: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``provision`` (or ``ingest``) on a file that gets a malformed record appended once the first
    write has been answered; the server takes a second per write, so the rest is still to be read."""
    if kind == "provision":
        path, fault_path = tmp_path / "rows.csv", "/v1/customers"
        path.write_text("name,ingest_aliases\nA,a\nB,b\nC,c\n", encoding="utf-8")
        bad, command = "D,d,extra,more\n", ["provision", str(path), "--concurrency", "1"]
    else:
        path, fault_path = tmp_path / "events.jsonl", "/v1/ingest"
        event = '{{"transaction_id": "t{0}", "customer_id": "a", "event_type": "x", "timestamp": "{1}"}}\n'
        path.write_text("".join(event.format(n, "2025-01-01T00:00:00Z") for n in range(250)), "utf-8")
        bad, command = "{not json\n", ["ingest", str(path), "--concurrency", "1"]
    with FakeMetronome(latency=1.0, fault_paths=[fault_path], fault_methods=["POST"]) as fake:

        def append_when_the_first_write_is_answered() -> None:
            while fake.count("POST", fault_path) < 1:
                time.sleep(0.01)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(bad)

        threading.Thread(target=append_when_the_first_write_is_answered, daemon=True).start()
        cli = str(Path(sys.executable).parent / "metronome-async")
        env = {**os.environ, "METRONOME_API_KEY": fake.api_key}
        return subprocess.run(
            [cli, *command, "--base-url", fake.url, "--progress", "none"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.mark.parametrize("kind", ["provision", "ingest"])
def test_a_file_that_changes_part_way_is_explained_in_the_cli_words(kind: str, tmp_path: Path) -> None:
    """The CLI says the file changed, in its own words (not the library's SourceError, whose report the
    user cannot see), with the usage exit code, and how many records before it were done."""
    ran = _cli_against_a_file_that_changes(kind, tmp_path)
    assert ran.returncode == 2, ran
    assert "changed while it was being" in ran.stderr and "CommandError" not in ran.stderr, ran.stderr
    assert "this error's report" not in ran.stderr, ran.stderr
    read = 3 if kind == "provision" else 250
    assert f"the {read} read before that were finished" in ran.stderr, ran.stderr
