"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import subprocess
import sys


def test_demo_runs_the_three_scenarios_on_the_embedded_metronome() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "metronome_async", "demo"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for line in ("1. Provision a customer", "2. Page through all customers", "3. Archive a churned customer"):
        assert line in result.stdout
    assert "5 customers in 3 pages" in result.stdout
    assert "gone from the active list" in result.stdout


def test_a_bad_base_url_is_a_clear_error_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "metronome_async", "demo", "--base-url", "ftp://nowhere", "--api-key", "sk_x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "base_url" in result.stderr and "Traceback" not in result.stderr
    assert "sk_x" not in result.stderr + result.stdout
