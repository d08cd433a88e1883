"""A pytest plugin (registered through the ``pytest11`` entry point): fixtures for testing your own code
against the embedded Metronome.

- ``metronome_fake``: a running FakeMetronome in the test's event loop (async tests).
- ``metronome_client``: an AsyncMetronome pointed at it.
- ``metronome_thread_fake`` / ``metronome_sync_client``: the same, served from a background thread, for
  blocking code.

Mark a test with ``@pytest.mark.metronome_faults(error_rate=0.1, seed=1)`` to start the fake with faults.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from metronome_async import AsyncMetronome, Metronome
from metronome_async.testing._fake import FakeMetronome


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "metronome_faults(**faults): start the embedded Metronome with these faults"
    )


def _faults(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("metronome_faults")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture
async def metronome_fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeMetronome]:
    async with FakeMetronome(**_faults(request)) as fake:
        yield fake


@pytest.fixture
async def metronome_client(metronome_fake: FakeMetronome) -> AsyncIterator[AsyncMetronome]:
    async with AsyncMetronome(api_key=metronome_fake.api_key, base_url=metronome_fake.url) as client:
        yield client


@pytest.fixture
def metronome_thread_fake(request: pytest.FixtureRequest) -> Iterator[FakeMetronome]:
    with FakeMetronome(**_faults(request)) as fake:
        yield fake


@pytest.fixture
def metronome_sync_client(metronome_thread_fake: FakeMetronome) -> Iterator[Metronome]:
    with Metronome(api_key=metronome_thread_fake.api_key, base_url=metronome_thread_fake.url) as client:
        yield client
