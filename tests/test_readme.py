"""The README's first hour, run as written: the Quickstart against the embedded Metronome, and the command
line walk (the emulator, then ``provision`` of the sample CSV, then ``customers list``), each in its own
process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
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
    arguments = line.split("#", 1)[0].split()
    assert arguments[:2] == ["metronome-async", "emulator"], line
    process = subprocess.Popen(
        [*CLI, *arguments[1:]], stdout=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path
    )
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


def test_provision_help_speaks_of_contracts_and_custom_field_keys() -> None:
    helped = _run([*CLI, "provision", "--help"], Path.cwd())
    text = " ".join(helped.stdout.split())
    assert "put it on a contract (columns rate_card_id or rate_card_alias, and contract_starting_at)" in text
    assert "emulator --custom-field customer:KEY" in text and "deprecated Plans path" in text
