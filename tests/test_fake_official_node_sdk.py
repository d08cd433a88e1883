"""The official Node SDK (@metronome/sdk, whose spec the emulator's is built from) runs a sample of every area
of the API against the embedded Metronome (tests/official_node_sdk_sample.mjs). It needs `node` and `npm`
and the npm registry, once: the package is installed into the pytest cache and reused. Without them the
test is skipped, saying why. The `thread_fake` fixture checks every exchange against the official spec."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from metronome_async.testing import FakeMetronome

NODE_SDK = "@metronome/sdk@3.10.0"
SAMPLE = Path(__file__).parent / "official_node_sdk_sample.mjs"
INSTALL_SECONDS = 180
RUN_SECONDS = 120


@pytest.fixture(scope="session")
def node_sdk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where `node` finds the official SDK, installed once (into the pytest cache, if any)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run the official Node SDK")
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("metronome-node-sdk") if cache is not None else tmp_path_factory.mktemp("node-sdk")
    installed = folder / "node_modules" / "@metronome" / "sdk" / "package.json"
    if not (
        installed.exists() and json.loads(installed.read_text())["version"] == NODE_SDK.rsplit("@", 1)[1]
    ):
        (folder / "package.json").write_text('{"private": true}\n')
        try:
            subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-save", NODE_SDK],
                cwd=folder,
                capture_output=True,
                timeout=INSTALL_SECONDS,
                check=True,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            output = getattr(error, "stderr", b"") or b""
            pytest.skip(
                f"npm could not install {NODE_SDK}: {output.decode(errors='replace')[-300:] or error}"
            )
    return folder


def test_a_sample_of_every_area_runs_in_the_official_node_sdk(
    node_sdk: Path, thread_fake: FakeMetronome
) -> None:
    script = node_sdk / SAMPLE.name  # node resolves packages from the script's folder
    shutil.copyfile(SAMPLE, script)
    [customer_id] = thread_fake.seed_customers(1)
    environment = {
        **os.environ,
        "METRONOME_BASE_URL": thread_fake.url,
        "METRONOME_BEARER_TOKEN": thread_fake.api_key,
        "CUSTOMER_ID": customer_id,
        "PLAN_ID": thread_fake.create_plan("Pro"),
    }
    ran = subprocess.run(
        ["node", str(script)],
        cwd=node_sdk,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
    )
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stderr[-3000:]
