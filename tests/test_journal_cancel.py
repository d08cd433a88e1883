"""A bulk job cancelled while it opens its journal (Task.cancel, an anyio cancel scope, Ctrl+C in the blocking
client) leaves the journal closed: no descriptor of it open, and the same job with the same journal runs
again in the same process rather than finding it in use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

JOB = Path(__file__).with_name("journal_cancel_job.py")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("how", ["task", "scope", "interrupt"])
@pytest.mark.parametrize("job", ["provision_many", "apply_plan"])
def test_a_job_cancelled_while_it_opens_its_journal(job: str, how: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(JOB), job, how, str(tmp_path / "journal.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout)
    assert printed["raised"], "the call raised its cancellation"
    assert printed["left_open"] == [], "no descriptor of the journal is left open"
    assert printed["rerun"].get("ok"), printed["rerun"]
