"""The pytest plugin's async fixtures: pytest-asyncio fixtures, registered by the plugin when pytest-asyncio
is active. Like the plugin, they import the SDK only when a test uses them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from metronome_async.testing.pytest_plugin import faults

if TYPE_CHECKING:
    from metronome_async import AsyncMetronome
    from metronome_async.testing import FakeMetronome


@pytest_asyncio.fixture
async def metronome_fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeMetronome]:
    """A FakeMetronome served from the test's event loop."""
    from metronome_async.testing import FakeMetronome

    async with FakeMetronome(**faults(request)) as fake:
        yield fake


@pytest_asyncio.fixture
async def metronome_client(metronome_fake: FakeMetronome) -> AsyncIterator[AsyncMetronome]:
    """An AsyncMetronome client of ``metronome_fake``."""
    from metronome_async import AsyncMetronome

    async with AsyncMetronome(api_key=metronome_fake.api_key, base_url=metronome_fake.url) as client:
        yield client
