"""Every example runs as a user would run it (``python examples/NAME.py``, no METRONOME_* variables set, so
each starts the embedded Metronome itself), exits 0 and says what it should."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED = {
    "quickstart_async.py": [
        "Using the embedded Metronome at http://127.0.0.1:",
        "Created customer ",
        "Connected it to Stripe",
        "Put it on plan ",
        "A second customer with the same alias is refused: 409",
        "Listed: Acme Corp, aliases acme-",
        "1 customer(s) in the account",
    ],
    "quickstart_sync.py": [
        "Using the embedded Metronome at http://127.0.0.1:",
        "Provisioned customer ",
        "Renamed it: Globex Corporation",
        "Plan Pro since ",
        "Unknown ids raise NotFoundError (404)",
        "Archived ",
        "Listed as archived: True",
    ],
    "bulk_provision.py": [
        "First run:",
        "  120/120 done",
        "  120 items: 120 created in ",
        "Rerun with the same journal:",
        "  120 items: 120 done earlier in ",
        "It holds 120 customers: none made twice",
    ],
    "webhook_receiver.py": [
        "Receiver listening at http://127.0.0.1:",
        "invoice ",
        "alerts.low_credit_balance_reached: customer ",
        "Metronome delivered 2 signed webhooks",
        "The same event again: 200 already processed",
        "A forged signature: 401",
    ],
}
ARGUMENTS = {"bulk_provision.py": ["120"]}


def _run(name: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *ARGUMENTS.get(name, [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=EXAMPLES.parent,
        timeout=60,
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_and_says_what_it_does(name: str) -> None:
    result = _run(name)
    assert result.returncode == 0, f"{name} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    for expected in EXPECTED[name]:
        assert any(line.startswith(expected) for line in lines), (
            f"{name}: no line starts {expected!r}:\n{result.stdout}"
        )


def test_every_example_is_run_by_this_file_or_at_least_compiles() -> None:
    names = {path.name for path in EXAMPLES.glob("*.py")}
    assert set(EXPECTED) <= names
    for name in names - set(EXPECTED):  # fastapi_webhooks.py needs FastAPI, which the tests do not install
        compile((EXAMPLES / name).read_text(encoding="utf-8"), name, "exec")  # writes no .pyc
