"""The README's first hour, run as written: the Quickstart against the embedded Metronome, the command line
walk (the emulator, then ``provision`` of the sample CSV, then ``customers list``), and the reconciliation
walk (each ``reconcile`` shown, its output and exit code), each in its own process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from metronome_async import Metronome
from metronome_async.testing import FakeMetronome

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
TIMEOUT = 60
CLI = [sys.executable, "-m", "metronome_async"]


def _block(section: str, language: str) -> str:
    """The first ``language`` code block after the heading (or sentence) ``section``."""
    after = README.split(section, 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", after, re.DOTALL)
    assert match, f"no {language} block after {section!r}"
    return match.group(1)


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    return {**env, **variables, "PYTHONUNBUFFERED": "1"}


def _run(command: list[str], cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=_env(**variables), timeout=TIMEOUT
    )


def test_the_quickstart_runs_as_written(tmp_path: Path) -> None:
    script = tmp_path / "quickstart.py"
    script.write_text(_block("## Quickstart", "python"), encoding="utf-8")
    with FakeMetronome() as fake:
        ran = _run(
            [sys.executable, str(script)],
            tmp_path,
            METRONOME_BASE_URL=fake.url,
            METRONOME_API_KEY=fake.api_key,
        )
        assert ran.returncode == 0, ran.stderr
        [customer] = fake.customers()
        [contract] = fake.contracts(customer["id"])
    assert ran.stdout.splitlines() == [f"{customer['id']} {contract['id']}", f"{customer['id']} Acme"]
    assert customer["ingest_aliases"] == ["acme@example.com"]


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The README's emulator command, as written, in its own process: what its first lines say."""
    [line] = [line for line in _block("## Command line", "bash").splitlines() if " emulator " in line]
    with _serving(line.split("#", 1)[0].split(), tmp_path) as said:
        yield said


@contextmanager
def _serving(arguments: list[str], cwd: Path) -> Iterator[dict[str, str]]:
    """An emulator command line in its own process, until the block ends: what its first lines say."""
    assert arguments[:2] == ["metronome-async", "emulator"], arguments
    process = subprocess.Popen([*CLI, *arguments[1:]], stdout=subprocess.PIPE, text=True, env=_env(), cwd=cwd)
    assert process.stdout is not None
    try:
        said: dict[str, str] = {}
        for printed in process.stdout:
            if printed.startswith("Metronome emulator at "):
                said["url"] = printed.removeprefix("Metronome emulator at ").strip()
            name, _, value = printed.strip().partition(": ")
            said[name] = value
            if printed.startswith("Press Ctrl+C"):
                break
        yield said
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)


def test_the_command_line_walk_runs_as_written(emulator: dict[str, str], tmp_path: Path) -> None:
    url, key, rate_card_id = emulator["url"], emulator["API key"], emulator["Rate card Standard"]
    sample = _block("`provision` reads columns", "csv")
    assert "RATE_CARD_ID" in sample
    (tmp_path / "customers.csv").write_text(sample.replace("RATE_CARD_ID", rate_card_id), encoding="utf-8")
    connection = {"METRONOME_BASE_URL": url, "METRONOME_API_KEY": key}

    provisioned = _run([*CLI, "provision", "customers.csv"], tmp_path, **connection)
    assert provisioned.returncode == 0, provisioned.stdout + provisioned.stderr
    listed = _run([*CLI, "customers", "list"], tmp_path, **connection)
    assert listed.returncode == 0 and "Acme" in listed.stdout and "Globex" in listed.stdout, listed

    with Metronome(api_key=key, base_url=url) as client:
        customers = {customer.name: customer for customer in client.customers.list()}
        assert customers.keys() == {"Acme", "Globex"}
        assert customers["Acme"].custom_fields == {"tier": "gold"}
        for customer in customers.values():
            [contract] = client.contracts.list(customer.id)
            assert contract.rate_card_id == rate_card_id


RECONCILING = README.split("## Reconciling with a source of truth", 1)[1].split("\n## ", 1)[0]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME_PATTERN = r"[0-9.]+s"
TIME = re.compile(rf"\bin {TIME_PATTERN}")


def _steps(text: str) -> Iterator[tuple[str, str]]:
    """The code blocks of ``text``, in order: (language, body)."""
    for match in re.finditer(r"```(\w+)\n(.*?)```", text, re.DOTALL):
        yield match.group(1), match.group(2)


def _commands(console: str) -> Iterator[tuple[str, int, list[str]]]:
    """Each ``$ command  # exit N`` of a console block: the command, N, the lines it prints."""
    for chunk in re.split(r"^\$ ", console, flags=re.MULTILINE)[1:]:
        first, *printed = chunk.rstrip("\n").split("\n")
        command, _, comment = first.partition("#")
        code = re.match(r"\s*exit (\d+)", comment)
        assert code, f"no '# exit N' after {first!r}"
        yield command.strip(), int(code.group(1)), printed


def _as_printed(expected: list[str]) -> re.Pattern[str]:
    """The README's lines as a pattern: a line starting with '...' stands for any lines; ids and times are
    any ids and times."""

    def line(text: str) -> str:
        if text.startswith("..."):
            return r"(?:[^\n]*\n)*?"
        pattern = re.escape(TIME.sub("in <time>", UUID.sub("<id>", text)))
        return pattern.replace("<id>", UUID.pattern).replace("<time>", TIME_PATTERN) + r"\n"

    return re.compile("".join(line(text) for text in expected))


def test_the_reconcile_walk_runs_as_written(tmp_path: Path) -> None:
    """The section's command-line example, each block in order, each command's output and exit code as shown
    (only the ids, the times and the emulator's port differ)."""
    [serve] = [body.strip() for language, body in _steps(RECONCILING) if language == "bash"]
    arguments = serve.split()
    port = arguments[arguments.index("--port") + 1]
    arguments[arguments.index("--port") + 1] = "0"  # any free port: the output shows the README's
    shown_url = f"http://127.0.0.1:{port}"
    assert f"METRONOME_BASE_URL={shown_url}" in RECONCILING
    ran = 0
    with _serving(arguments, tmp_path) as said:
        connection = {"METRONOME_BASE_URL": said["url"], "METRONOME_API_KEY": said["API key"]}
        for language, body in _steps(RECONCILING.split(serve, 1)[1]):
            if language == "csv":
                (tmp_path / "customers.csv").write_text(body, encoding="utf-8")
            elif language == "python":
                (tmp_path / "by_hand.py").write_text(body, encoding="utf-8")
                by_hand = _run([sys.executable, "by_hand.py"], tmp_path, **connection)
                assert by_hand.returncode == 0, by_hand.stderr
            elif language == "console":
                for command, code, expected in _commands(body):
                    arguments = command.split()
                    assert arguments[0] == "metronome-async", command
                    result = _run([*CLI, *arguments[1:]], tmp_path, **connection)
                    printed = result.stdout.replace(said["url"], shown_url)
                    assert result.returncode == code, (command, result.stdout, result.stderr)
                    assert _as_printed(expected).fullmatch(printed), (command, printed)
                    ran += 1
    assert ran == 5


def test_provision_help_speaks_of_contracts_and_custom_field_keys() -> None:
    helped = _run([*CLI, "provision", "--help"], Path.cwd())
    text = " ".join(helped.stdout.split())
    assert "put it on a contract (columns rate_card_id or rate_card_alias, and contract_starting_at)" in text
    assert "emulator --custom-field customer:KEY" in text and "deprecated Plans path" in text
