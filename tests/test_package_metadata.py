"""What a user sees before a call: a docstring on every public method of both clients, and the package's
license, URLs and classifiers."""

from __future__ import annotations

import functools
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async.resources._base import declared

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, from PyPI before 3.11 (a test dependency there)
    import tomli as tomllib

ROOT = Path(__file__).parent.parent


def _public_members(cls: type, prefix: str) -> dict[str, object]:
    """Methods, properties and cached properties of ``cls`` and of the resources it declares, by path."""
    found: dict[str, object] = {}
    for name, member in inspect.getmembers(cls):
        static = inspect.getattr_static(cls, name)
        if name.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(static, (property, functools.cached_property)):
            found[f"{prefix}.{name}"] = static
    for name, tp in declared(cls, object).items():
        if not name.startswith("_") and tp.__module__.startswith("metronome_async"):
            found.update(_public_members(tp, f"{prefix}.{name}"))
    return found


@pytest.mark.parametrize("client", [AsyncMetronome, Metronome])
def test_every_public_method_of_the_client_has_a_docstring(client: type) -> None:
    members = _public_members(client, client.__name__)
    assert len(members) > 30 and f"{client.__name__}.customers.plans.add" in members  # the resources too
    documented = {
        path: getattr(member, "__doc__", None) or getattr(getattr(member, "fget", None), "__doc__", None)
        for path, member in members.items()
    }
    assert [path for path, doc in documented.items() if not (doc or "").strip()] == []


def test_list_docstrings_say_limit_is_the_page_size() -> None:
    hints = declared(AsyncMetronome, object)
    customer_plans = declared(hints["customers"], object)["plans"]
    for function in (hints["customers"].list, hints["plans"].list, customer_plans.list):
        assert "``limit`` is the page size" in (function.__doc__ or ""), function.__qualname__


def test_license_urls_and_classifiers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    license_text = (ROOT / "LICENSE").read_text()
    assert project["license"] == "Apache-2.0"
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text
    assert project["urls"] and all(url.startswith("https://") for url in project["urls"].values())
    classifiers = set(project["classifiers"])
    assert {"Typing :: Typed", "Framework :: AsyncIO", "Framework :: Pytest"} <= classifiers
    supported = {
        c.rsplit(" ", 1)[1] for c in classifiers if c.startswith("Programming Language :: Python :: 3.")
    }
    assert {"3.10", "3.11", "3.12", "3.13"} <= supported
    assert project["requires-python"] == ">=3.10"
    assert (ROOT / "metronome_async" / "py.typed").exists()


def test_the_wheel_ships_the_whole_package_and_its_data() -> None:
    """hatch puts every file of the package that git does not ignore into the wheel: the embedded Metronome
    reads its copy of the spec (testing/_openapi.json) from there, so no exclusion may drop it."""
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel == {"packages": ["metronome_async"]}
    assert (ROOT / "metronome_async" / "testing" / "_openapi.json").is_file()
    ignored = subprocess.run(
        ["git", "check-ignore", "metronome_async/testing/_openapi.json"],
        cwd=ROOT,
        capture_output=True,
        timeout=30,
    )
    assert ignored.returncode != 0, "git (and so hatch) ignores the emulator's spec"  # 0: ignored
