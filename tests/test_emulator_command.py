"""``metronome-async emulator``: what it seeds and prints, in its own process, and its argument checks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

TIMEOUT = 30


@pytest.fixture
def emulator() -> Iterator[dict[str, str]]:
    """``emulator --port 0 --rate-card Standard`` in its own process: what its first lines say."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    command = [sys.executable, "-m", "metronome_async", "emulator", "--port", "0", "--rate-card", "Standard"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**env, "PYTHONUNBUFFERED": "1"}
    )
    assert process.stdout is not None
    try:
        said: dict[str, str] = {}
        for line in process.stdout:
            for prefix, name in [
                ("Metronome emulator at ", "url"),
                ("API key: ", "key"),
                ("Rate card Standard: ", "card"),
            ]:
                if line.startswith(prefix):
                    said[name] = line.removeprefix(prefix).strip()
            if line.startswith("Press Ctrl+C"):
                break
        assert said.keys() == {"url", "key", "card"}, said
        yield said
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)


def post(said: dict[str, str], path: str, body: Any) -> Any:
    request = urllib.request.Request(
        said["url"] + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {said['key']}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read())


def test_a_seeded_rate_card_takes_contracts(emulator: dict[str, str]) -> None:
    card = post(emulator, "/v1/contract-pricing/rate-cards/get", {"id": emulator["card"]})["data"]
    assert card["name"] == "Standard"
    customer_id = post(emulator, "/v1/customers", {"name": "Acme"})["data"]["id"]
    created = post(
        emulator,
        "/v1/contracts/create",
        {"customer_id": customer_id, "starting_at": "2025-01-01T00:00:00Z", "rate_card_id": emulator["card"]},
    )
    assert created["data"]["contract"]["rate_card_id"] == emulator["card"]
