"""A pytest plugin (registered through the ``pytest11`` entry point): fixtures for testing your own code
against the embedded Metronome.

- ``metronome_fake``: a running FakeMetronome in the test's event loop (async tests).
- ``metronome_client``: an AsyncMetronome pointed at it.
- ``metronome_thread_fake`` / ``metronome_sync_client``: the same, served from a background thread, for
  blocking code.

The async fixtures are pytest-asyncio fixtures, so they work in its ``strict`` mode as well as in ``auto``
mode (in strict mode, mark the async tests with ``@pytest.mark.asyncio``). Without pytest-asyncio (not
installed, or ``-p no:asyncio``) only the thread fixtures exist.

``metronome_instant_retries`` makes every client's retry waits instant during a test (``set_testing``);
use it with ``@pytest.mark.usefixtures("metronome_instant_retries")`` or ``autouse`` in a conftest.

Mark a test with ``@pytest.mark.metronome_faults(error_rate=0.1, seed=1)`` to start the fake with faults
(any keyword of ``FakeMetronome.configure``); ``fake.configure(...)`` changes them during the test.

pytest loads this plugin in every run of a project that has the package installed, so it imports the SDK
only when a test uses one of its fixtures. Turn it off with ``-p no:metronome_async.testing.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from metronome_async import Metronome
    from metronome_async.testing import FakeMetronome

ASYNC_FIXTURES = "metronome_async.testing._async_fixtures"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "metronome_faults(**faults): start the embedded Metronome (metronome_* fixtures) with these faults",
    )
    if config.pluginmanager.has_plugin("asyncio"):  # pytest-asyncio runs the async fixtures
        config.pluginmanager.import_plugin(ASYNC_FIXTURES)


def faults(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The faults of the test's ``metronome_faults`` marker, checked."""
    from metronome_async.testing._faults import FAULT_NAMES

    marker = request.node.get_closest_marker("metronome_faults")
    if marker is None:
        return {}
    if marker.args:
        raise TypeError("metronome_faults takes keywords only, e.g. metronome_faults(error_rate=0.1)")
    unknown = sorted(set(marker.kwargs) - FAULT_NAMES)
    if unknown:
        known = ", ".join(sorted(FAULT_NAMES))
        raise TypeError(f"metronome_faults: unknown fault setting(s) {', '.join(unknown)}; known: {known}")
    return dict(marker.kwargs)


@pytest.fixture
def metronome_instant_retries() -> Iterator[None]:
    """Retries wait no time during the test: they still happen, as many as each client allows."""
    from metronome_async.testing import set_testing

    with set_testing(True):
        yield


@pytest.fixture
def metronome_thread_fake(request: pytest.FixtureRequest) -> Iterator[FakeMetronome]:
    """A FakeMetronome served from a background thread, for blocking code."""
    from metronome_async.testing import FakeMetronome

    with FakeMetronome(**faults(request)) as fake:
        yield fake


@pytest.fixture
def metronome_sync_client(metronome_thread_fake: FakeMetronome) -> Iterator[Metronome]:
    """A blocking Metronome client of ``metronome_thread_fake``."""
    from metronome_async import Metronome

    with Metronome(api_key=metronome_thread_fake.api_key, base_url=metronome_thread_fake.url) as client:
        yield client
