"""The pytest plugin in the setups users have: pytest-asyncio in strict mode (plugin auto-loaded from its
entry point, or named with ``-p``), no pytest-asyncio at all, and an SDK that cannot be imported (its
tests fail, the project's other tests do not). Each runs a throwaway test file in a pytest subprocess; they
start together, so the file costs about as long as the slowest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

PLUGIN = "metronome_async.testing.pytest_plugin"
INI = """\
[pytest]
asyncio_default_fixture_loop_scope = function
"""

STRICT_TESTS = """
import pytest

from metronome_async.errors import InternalServerError


@pytest.mark.asyncio
async def test_async_fixtures(metronome_client, metronome_fake):
    created = await metronome_client.customers.create(name="Acme")
    assert [c["id"] for c in metronome_fake.customers()] == [created.id]


@pytest.mark.asyncio
@pytest.mark.metronome_faults(error_rate=1, fault_methods="GET")
async def test_marker_starts_the_fake_with_faults(metronome_client, metronome_fake):
    assert metronome_fake.faults.error_rate == 1
    await metronome_client.customers.create(name="Acme")  # POST: out of the faults' scope
    metronome_fake.configure(error_rate=None)
    assert [c.name async for c in metronome_client.customers.list()] == ["Acme"]


def test_sync_fixtures(metronome_sync_client, metronome_thread_fake):
    [customer_id] = metronome_thread_fake.seed_customers(1)
    assert metronome_sync_client.customers.retrieve(customer_id).name == "Customer 1"


@pytest.mark.metronome_faults(errors=0.1)
def test_a_misspelt_fault_is_an_error(metronome_thread_fake):
    pass
"""

NO_ASYNCIO_TESTS = """
import pytest


def test_only_the_thread_fixtures_exist(request, metronome_sync_client, metronome_thread_fake):
    metronome_sync_client.customers.create(name="Acme")
    assert len(metronome_thread_fake.customers()) == 1
    for name in ("metronome_fake", "metronome_client"):
        with pytest.raises(pytest.FixtureLookupError):
            request.getfixturevalue(name)
"""

UNRELATED_TESTS = """
def test_of_the_project_itself():
    pass


def test_of_the_fake(metronome_thread_fake):
    pass
"""


def hiding(module: str) -> list[str]:
    """Run pytest with ``module`` not importable."""
    return ["-c", f"import sys; sys.modules[{module!r}] = None; import pytest; sys.exit(pytest.main())"]


def start(
    directory: Path, tests: str, args: list[str], *, autoload: bool, hide: str | None = None
) -> subprocess.Popen[str]:
    directory.mkdir()
    (directory / "pytest.ini").write_text(INI)
    (directory / "test_throwaway.py").write_text(textwrap.dedent(tests))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "METRONOME_"))}
    if not autoload:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    command = hiding(hide) if hide else ["-m", "pytest"]
    return subprocess.Popen(
        [sys.executable, *command, "-q", "-rA", "-p", "no:cacheprovider", *args],
        cwd=directory,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, subprocess.Popen[str]]]:
    root = tmp_path_factory.mktemp("plugin")
    strict = ["-o", "asyncio_mode=strict"]
    # Every installed plugin loads from its entry point except two heavy ones the throwaway tests do not
    # use (importing schemathesis takes seconds).
    unrelated = ["-p", "no:schemathesis", "-p", "no:hypothesispytest"]
    processes = {
        # As installed: the pytest11 entry point loads the plugin, pytest-asyncio in strict mode.
        "entry point": start(root / "entry", STRICT_TESTS, [*strict, *unrelated], autoload=True),
        # Named explicitly, nothing auto-loaded (how to use it without installing the entry point).
        "-p": start(
            root / "explicit", STRICT_TESTS, [*strict, "-p", "asyncio", "-p", PLUGIN], autoload=False
        ),
        # pytest-asyncio not importable at all.
        "no pytest-asyncio": start(
            root / "bare", NO_ASYNCIO_TESTS, ["-p", PLUGIN], autoload=False, hide="pytest_asyncio"
        ),
        # The SDK cannot be imported (here its HTTP client): the plugin loads all the same.
        "broken sdk": start(root / "broken", UNRELATED_TESTS, unrelated, autoload=True, hide="aiohttp"),
    }
    yield processes
    for process in processes.values():
        if process.poll() is None:
            process.kill()
        process.communicate()


def outcome(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=60)
    return output


@pytest.mark.parametrize("how", ["entry point", "-p"])
def test_strict_mode(runs: dict[str, subprocess.Popen[str]], how: str) -> None:
    output = outcome(runs[how])
    assert "3 passed, 1 error" in output, output
    for name in ("test_async_fixtures", "test_marker_starts_the_fake_with_faults", "test_sync_fixtures"):
        assert f"PASSED test_throwaway.py::{name}" in output, output
    assert "ERROR test_throwaway.py::test_a_misspelt_fault_is_an_error" in output, output
    assert "metronome_faults: unknown fault setting(s) errors" in output, output


def test_without_pytest_asyncio(runs: dict[str, subprocess.Popen[str]]) -> None:
    output = outcome(runs["no pytest-asyncio"])
    assert "1 passed" in output and runs["no pytest-asyncio"].returncode == 0, output


def test_an_sdk_that_cannot_be_imported_fails_only_the_tests_that_use_it(
    runs: dict[str, subprocess.Popen[str]],
) -> None:
    output = outcome(runs["broken sdk"])
    assert "1 passed, 1 error" in output, output
    assert "PASSED test_throwaway.py::test_of_the_project_itself" in output, output
    assert "ERROR test_throwaway.py::test_of_the_fake" in output and "aiohttp" in output, output
