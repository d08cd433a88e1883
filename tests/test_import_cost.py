"""Importing the package, or the pytest plugin that pytest loads in every run of a project that has it
installed, loads none of the SDK: its public names are imported on first use."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import pytest

import metronome_async
import metronome_async.testing

HEAVY = ("aiohttp", "attrs", "cattrs", "yarl", "multidict", "anyio", "backoff", "asyncio")


def test_the_package_and_its_pytest_plugin_import_none_of_the_sdk() -> None:
    script = (
        "import sys, metronome_async, metronome_async.testing.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m.startswith('metronome_async')) + "
        f"sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    expected = ["metronome_async", "metronome_async._lazy", "metronome_async._version"]
    expected += ["metronome_async.testing", "metronome_async.testing.pytest_plugin"]
    assert loaded.strip() == repr(expected)


@pytest.mark.parametrize("package", [metronome_async, metronome_async.testing])
def test_every_public_name_is_listed_and_served(package: ModuleType) -> None:
    script = f"import {package.__name__} as p; print(sorted(set(dir(p)) & set(p.__all__)))"
    listed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert listed.strip() == repr(sorted(package.__all__))  # by dir(), before any is used
    assert all(getattr(package, name) is not None for name in package.__all__)
    with pytest.raises(AttributeError, match=f"module '{package.__name__}' has no attribute 'Nothing'"):
        package.Nothing  # noqa: B018
