"""A pytest plugin (registered through the ``pytest11`` entry point): fixtures for testing your own code
against the embedded Metronome.

- ``metronome_fake``: a running FakeMetronome in the test's event loop (async tests).
- ``metronome_client``: an AsyncMetronome pointed at it.
- ``metronome_thread_fake`` / ``metronome_sync_client``: the same, served from a background thread, for
  blocking code.

The async fixtures are pytest-asyncio fixtures, so they work in its ``strict`` mode as well as in ``auto``
mode (in strict mode, mark the async tests with ``@pytest.mark.asyncio``). Without pytest-asyncio only the
thread fixtures exist.

``metronome_instant_retries`` makes every client's retry waits instant during a test (``set_testing``);
use it with ``@pytest.mark.usefixtures("metronome_instant_retries")`` or ``autouse`` in a conftest.

Mark a test with ``@pytest.mark.metronome_faults(error_rate=0.1, seed=1)`` to start the fake with faults
(any keyword of ``FakeMetronome.configure``); ``fake.configure(...)`` changes them during the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async._core.retry import set_testing
from metronome_async.testing._fake import FakeMetronome
from metronome_async.testing._faults import FAULT_NAMES

try:
    import pytest_asyncio
except ImportError:  # tested in a subprocess that hides pytest_asyncio
    HAS_PYTEST_ASYNCIO = False
else:
    HAS_PYTEST_ASYNCIO = True


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "metronome_faults(**faults): start the embedded Metronome (metronome_* fixtures) with these faults",
    )


def _faults(request: pytest.FixtureRequest) -> dict[str, Any]:
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
    with set_testing(True):
        yield


@pytest.fixture
def metronome_thread_fake(request: pytest.FixtureRequest) -> Iterator[FakeMetronome]:
    """A FakeMetronome served from a background thread, for blocking code."""
    with FakeMetronome(**_faults(request)) as fake:
        yield fake


@pytest.fixture
def metronome_sync_client(metronome_thread_fake: FakeMetronome) -> Iterator[Metronome]:
    """A blocking Metronome client of ``metronome_thread_fake``."""
    with Metronome(api_key=metronome_thread_fake.api_key, base_url=metronome_thread_fake.url) as client:
        yield client


if HAS_PYTEST_ASYNCIO:

    @pytest_asyncio.fixture
    async def metronome_fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeMetronome]:
        """A FakeMetronome served from the test's event loop."""
        async with FakeMetronome(**_faults(request)) as fake:
            yield fake

    @pytest_asyncio.fixture
    async def metronome_client(metronome_fake: FakeMetronome) -> AsyncIterator[AsyncMetronome]:
        """An AsyncMetronome client of ``metronome_fake``."""
        async with AsyncMetronome(api_key=metronome_fake.api_key, base_url=metronome_fake.url) as client:
            yield client
