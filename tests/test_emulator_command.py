"""``metronome-async emulator``: what it seeds and prints, in its own process, and its argument checks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from metronome_async.cli import build_parser, main
from metronome_async.cli._emulator import RECORD_LIMIT, configured_fake
from metronome_async.testing import FakeMetronome

TIMEOUT = 30


@pytest.fixture
def emulator() -> Iterator[dict[str, str]]:
    """``emulator --port 0 --rate-card Standard --custom-field customer:tier`` in its own process: what its
    first lines say."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    command = [sys.executable, "-m", "metronome_async", "emulator", "--port", "0", "--rate-card", "Standard"]
    command += ["--custom-field", "customer:tier"]
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
                ("Custom field key ", "custom_field"),
            ]:
                if line.startswith(prefix):
                    said[name] = line.removeprefix(prefix).strip()
            if line.startswith("Press Ctrl+C"):
                break
        assert said.keys() == {"url", "key", "card", "custom_field"}, said
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


def test_a_registered_custom_field_key_takes_values(emulator: dict[str, str]) -> None:
    assert emulator["custom_field"] == "customer:tier"
    created = post(emulator, "/v1/customers", {"name": "Acme", "custom_fields": {"tier": "gold"}})["data"]
    assert created["custom_fields"] == {"tier": "gold"}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("tier", "expected ENTITY:KEY, such as customer:tier, got 'tier'"),
        ("customer:", "expected ENTITY:KEY"),
        ("custmer:tier", "unknown entity 'custmer' in 'custmer:tier'; one of: alert, "),
    ],
)
def test_a_custom_field_not_entity_colon_key_is_a_usage_error(
    value: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["emulator", "--custom-field", value])
    assert exited.value.code == 2
    assert f"argument --custom-field: {said}" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["emulator", "--port", port])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --port: expected a port" in err and "a bug" not in err


def _emulator_error(*args: str) -> str:
    """What ``emulator ARGS`` says when it cannot start: in a process of its own, in case it starts."""
    command = [sys.executable, "-m", "metronome_async", "emulator", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 2, done
    return done.stderr.strip()


def test_a_host_it_cannot_listen_on_says_to_check_the_host() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port_in_use = _emulator_error("--host", "127.0.0.1", "--port", str(busy.getsockname()[1]))
    not_here = _emulator_error("--host", "192.0.2.1")  # an address of no interface here (TEST-NET-1)
    assert not_here.startswith("error: cannot listen on 192.0.2.1:0: ") and not_here.endswith(
        "; check --host"
    )
    assert port_in_use.endswith("; choose another --port (0 picks a free one)")
    assert _emulator_error("--api-key", " ").endswith("error: argument --api-key: must not be empty")


def test_the_fake_refuses_a_port_out_of_range() -> None:
    for port in (70000, -1, True):
        with pytest.raises(ValueError, match="port must be a whole number from 0 to 65535"):
            FakeMetronome(port=port)


def test_the_emulator_keeps_a_bounded_ring_of_exchanges_by_default() -> None:
    parser = build_parser()
    assert configured_fake(parser.parse_args(["emulator"])).exchanges.maxlen == RECORD_LIMIT
    assert configured_fake(parser.parse_args(["emulator", "--record-limit", "5"])).exchanges.maxlen == 5
    assert configured_fake(parser.parse_args(["emulator", "--record-limit", "0"])).exchanges.maxlen == 0


async def test_a_bounded_fake_keeps_only_the_last_exchanges() -> None:
    async with FakeMetronome(record_limit=10) as fake:
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        async with aiohttp.ClientSession(fake.url, headers=headers) as session:
            for k in range(25):
                async with session.post("/v1/customers", json={"name": f"Customer {k}"}) as answer:
                    assert answer.status == 200
        assert len(fake.exchanges) == 10
        assert [ex.request_body["name"] for ex in fake.exchanges] == [f"Customer {k}" for k in range(15, 25)]
        assert fake.count("POST", "/v1/customers") == 10 and len(fake.customers()) == 25
        assert (
            fake.exchanges[-1] == list(fake.exchanges)[-1] and fake.exchanges[:2] == list(fake.exchanges)[:2]
        )
