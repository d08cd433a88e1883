"""Every example runs as a user would run it (``python examples/NAME.py``, no METRONOME_* variables set, so
each starts the embedded Metronome itself), exits 0 and says what it should; a wrong argument, a missing
secret or a missing optional package is a clear message, never a traceback."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIMEOUT = 60

EXPECTED = {
    "quickstart_async.py": [
        "Using the embedded Metronome at http://127.0.0.1:",
        "Created rate card Standard: ",
        "Provisioned customer ",
        "Its contract: rate card ",
        "A second customer with the same alias is refused: 409",
        "Listed: Acme Corp, aliases acme-",
        "1 customer(s) in the account",
    ],
    "quickstart_sync.py": [
        "Using the embedded Metronome at http://127.0.0.1:",
        "Provisioned customer ",
        "Renamed it: Globex Corporation",
        "Contract on rate card ",
        "Unknown ids raise NotFoundError (404)",
        "Offboarded: 1 contract(s) end on ",
    ],
    "bulk_provision.py": [
        "First run:",
        "  120/120 done",
        "  120 items: 120 created in ",
        "Rerun with the same journal:",
        "  120 items: 120 done earlier in ",
        "Customer bulk-",
        "It holds 120 customers and 120 contracts: none made twice",
    ],
    "webhook_receiver.py": [
        "Receiver listening at http://127.0.0.1:",
        "invoice ",
        "alerts.low_credit_balance_reached: customer ",
        "Metronome delivered 2 signed webhooks",
        "The same event again: 200 already processed",
        "A forged signature: 401",
    ],
    "fastapi_webhooks.py": [
        "FastAPI receiver listening at http://127.0.0.1:",
        "invoice ",
        "alerts.low_credit_balance_reached: customer ",
        "Metronome delivered 2 signed webhooks",
        "The same event again: 200 already processed",
        "A forged signature: 401",
    ],
}
ARGUMENTS = {"bulk_provision.py": ["120"]}
NEEDS = {"fastapi_webhooks.py": ["fastapi", "uvicorn"]}  # optional packages, not dependencies of the SDK


def _run(name: str, *arguments: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    return subprocess.run(
        [sys.executable, *python, str(EXAMPLES / name), *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=EXAMPLES.parent,
        timeout=TIMEOUT,
    )


def _skip_unless_installed(name: str) -> None:
    missing = [package for package in NEEDS.get(name, []) if importlib.util.find_spec(package) is None]
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)} (pip install -e '.[test]')")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_and_says_what_it_does(name: str) -> None:
    _skip_unless_installed(name)
    result = _run(name, *ARGUMENTS.get(name, []))
    assert result.returncode == 0, f"{name} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    for expected in EXPECTED[name]:
        assert any(line.startswith(expected) for line in lines), (
            f"{name}: no line starts {expected!r}:\n{result.stdout}"
        )


def test_every_example_is_run() -> None:
    assert {path.name for path in EXAMPLES.glob("*.py")} == set(EXPECTED)


@pytest.mark.parametrize("count", ["0", "-3", "abc", "1.5"])
def test_bulk_provision_refuses_a_count_that_is_not_a_number_of_customers(count: str) -> None:
    result = _run("bulk_provision.py", "--", count)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    assert "argument COUNT: expected" in result.stderr and count in result.stderr


def test_the_fastapi_example_without_fastapi_says_how_to_install_it() -> None:
    # As on a machine without FastAPI: importing it fails (None in sys.modules makes any import of it fail).
    hide = "; ".join(
        [
            "import runpy, sys",
            "sys.modules['fastapi'] = None",
            "runpy.run_path(sys.argv[1], run_name='__main__')",
        ]
    )
    result = _run("fastapi_webhooks.py", python=("-c", hide))
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    assert "pip install fastapi uvicorn" in result.stderr


@pytest.mark.parametrize("name", ["webhook_receiver.py", "fastapi_webhooks.py"])
def test_serving_without_a_webhook_secret_says_which_variable_to_set(name: str) -> None:
    _skip_unless_installed(name)
    result = _run(name, "--serve", "--port", "0")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    assert "set METRONOME_WEBHOOK_SECRET" in result.stderr
