"""The commands that ``demo`` and ``emulator`` suggest next run in the user's shell as printed, including a
shell that has not activated the virtual environment the package is installed in (the README's first
command runs ``.venv/bin/metronome-async demo``), and name nothing that only a source checkout has."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from metronome_async.cli._invocation import NAME

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="runs the hints in bash")

TIMEOUT = 60
BIN = Path(sys.executable).parent
SYSTEM_PATH = os.pathsep.join(["/usr/bin", "/bin"])  # a shell without the venv on its PATH
IN_A_VENV = sys.prefix != sys.base_prefix


def _env(path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("METRONOME_", "VIRTUAL_ENV"))}
    return {**env, "PATH": path, "PYTHONUNBUFFERED": "1"}


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(SYSTEM_PATH),
        timeout=TIMEOUT,
    )


def _hints(output: str) -> list[tuple[str, str]]:
    """The demo's ``Next:`` lines as (command, what it does)."""
    after = output.split("Demo finished. Next:\n", 1)[1]
    return [tuple(re.split(r" {3,}", line.strip(), maxsplit=1)) for line in after.splitlines()]  # type: ignore[misc]


def test_the_demo_suggests_only_what_a_fresh_shell_can_run(tmp_path: Path) -> None:
    demo = subprocess.run(
        [sys.executable, "-m", "metronome_async", "demo"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(SYSTEM_PATH),  # a shell that has not activated the venv
        timeout=TIMEOUT,
    )
    assert demo.returncode == 0, demo.stderr
    assert "examples/" not in demo.stdout  # the wheel ships no examples
    hints = dict(_hints(demo.stdout))
    assert "the README's Quickstart" in hints
    setup = next((command for command in hints if command.startswith("source ")), None)
    if IN_A_VENV:
        assert setup == f"source {Path(sys.prefix, 'bin', 'activate')}", hints
    [help_command] = [command for command in hints if command.endswith(" --help")]
    [emulator] = [command for command in hints if " emulator " in command]
    first = f"{setup} && " if setup else ""
    for command in (help_command, f"{emulator} --help"):
        ran = _bash(first + command, tmp_path)
        assert ran.returncode == 0, f"{first + command}\n{ran.stdout}\n{ran.stderr}"
        assert "usage: metronome-async" in ran.stdout


def test_the_demo_suggests_plain_commands_where_the_shell_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which(NAME, path=str(BIN)) is None:
        pytest.skip(f"{NAME} is not installed beside this interpreter")
    monkeypatch.setenv("PATH", str(BIN))
    from metronome_async.cli._demo import _next_steps

    commands = [line.split()[0] for line in _next_steps()]
    assert commands == [NAME, NAME, "the"]


@pytest.mark.skipif(not IN_A_VENV, reason="the hint activates the venv the package is installed in")
@pytest.mark.parametrize("activated", [False, True], ids=["venv not active", "venv active"])
def test_the_emulator_try_line_runs_in_another_shell(activated: bool, tmp_path: Path) -> None:
    # The emulator runs in the foreground: its hint is for another shell, where the venv is not active (even
    # when it is in the emulator's own shell).
    env = _env(SYSTEM_PATH)
    if activated:
        env.update(PATH=os.pathsep.join([str(BIN), SYSTEM_PATH]), VIRTUAL_ENV=sys.prefix)
    process = subprocess.Popen(
        [sys.executable, "-m", "metronome_async", "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert process.stdout is not None
    try:
        said = []
        for line in process.stdout:  # up to the last line it prints at start
            said.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        [tried] = [line.split(": ", 1)[1] for line in said if line.startswith("Try")]
        ran = _bash(tried, tmp_path)
        assert ran.returncode == 0, f"{tried}\n{ran.stdout}\n{ran.stderr}"
        assert ran.stdout.strip()  # the (empty) listing of the emulator's customers
        assert tried.startswith(f"source {Path(sys.prefix, 'bin', 'activate')} && METRONOME_BASE_URL=")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)
