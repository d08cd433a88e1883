"""A reconciliation applied by a job killed with SIGKILL part-way, then run again: every customer ends as the
source says, exactly once (one customer, one contract, one active billing configuration each), and the plan
after it is empty. Real processes over loopback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from test_crash_resume import emulator  # noqa: F401  (the fixture)

from metronome_async import Metronome

JOB = Path(__file__).with_name("reconcile_crash_job.py")
COUNT = 120


def _run(*args: str, kill_after: int | None = None) -> dict[str, dict[str, int]]:
    """The job (see reconcile_crash_job.py), killed once ``kill_after`` changes are done, if given; what it
    printed, by kind (``plan``, ``report``, or ``killed``)."""
    job = subprocess.Popen([sys.executable, str(JOB), *args], stdout=subprocess.PIPE, text=True)
    assert job.stdout is not None
    printed: dict[str, dict[str, int]] = {}
    for line in job.stdout:
        kind, _, rest = line.partition(" ")
        if kind == "done" and kill_after is not None and int(rest) >= kill_after:
            job.send_signal(signal.SIGKILL)
            job.wait(timeout=10)
            return {**printed, "killed": {}}
        if kind in ("plan", "report"):
            printed[kind] = json.loads(rest)
    assert job.wait(timeout=60) == 0, printed
    return printed


def test_an_apply_killed_part_way_then_rerun_ends_exactly_once(
    emulator: tuple[str, str, str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    url, key, _, rate_card = emulator
    journal = str(tmp_path / "reconcile.sqlite")

    def job(renamed: int, mode: str = "apply", kill_after: int | None = None) -> dict[str, dict[str, int]]:
        return _run(url, key, journal, str(COUNT), rate_card, str(renamed), mode, kill_after=kill_after)

    half = COUNT // 2
    first = _run(url, key, journal, str(half), rate_card, "0", "apply")  # half of them exist, owned
    assert first["report"]["applied"] == half
    # now the source renames a quarter and adds the other half: the job is killed a third of the way
    killed = job(COUNT // 4, kill_after=(half + COUNT // 4) // 3)
    assert killed["plan"] == {"create": half, "update": COUNT // 4, "archive": 0, "conflict": 0}
    assert "killed" in killed and "report" not in killed
    with Metronome(api_key=key, base_url=url) as client:
        assert half < len(client.customers.list().to_list()) < COUNT
        rerun = job(COUNT // 4)
        assert rerun["report"]["failed"] == 0, rerun
        assert rerun["plan"]["create"] < half, "what the killed run made is not planned again"
        assert job(COUNT // 4, "plan")["plan"] == {"create": 0, "update": 0, "archive": 0, "conflict": 0}

        customers = client.customers.list().to_list()
        assert sorted(c.ingest_aliases[0] for c in customers) == sorted(f"rc-{n}" for n in range(COUNT))
        renamed = sorted(c.ingest_aliases[0] for c in customers if c.name.endswith("(renamed)"))
        assert renamed == sorted(f"rc-{n}" for n in range(COUNT // 4))
        for customer in customers:
            contracts = client.contracts.list(customer.id, include_archived=True).to_list()
            assert len(contracts) == 1, f"{customer.id} has {len(contracts)} contracts"
            configs = client.customers.retrieve_billing_provider_configurations(customer.id)
            assert len(configs) == 1, f"{customer.id} has {len(configs)} provider configurations"
            assert customer.custom_fields["managed_by"] == "crash"
