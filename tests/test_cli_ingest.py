"""``ingest FILE``: JSON-lines usage events, checked first, sent in batches with progress; failed batches are
listed by their lines and a rerun counts nothing twice. Run in-process through ``main``, and once as a
subprocess reading standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import Call, fake_env, run_all

from metronome_async.cli import main
from metronome_async.testing import FakeMetronome


def _lines(count: int, blank_every: int = 0) -> str:
    text = ""
    for n in range(count):
        event = {
            "transaction_id": f"tx-{n}",
            "customer_id": "acme",
            "event_type": "api_call",
            "timestamp": "2025-01-01T00:00:00Z",
            "properties": {"n": n},
        }
        text += json.dumps(event) + "\n" + ("\n" if blank_every and n % blank_every == 0 else "")
    return text


def _ingest(fake: FakeMetronome, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["ingest", *args, "--base-url", fake.url, "--api-key", fake.api_key])
    out, err = capsys.readouterr()
    assert fake.api_key not in out + err and "Traceback" not in err
    return code, out, err


def test_ingest_a_file_with_progress(
    thread_fake: FakeMetronome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(_lines(250, blank_every=7))
    code, out, err = _ingest(thread_fake, capsys, str(events), "--progress", "lines", "--concurrency", "2")
    assert code == 0, err
    assert out.startswith("250 events in ") and out.rstrip().endswith(": 250 sent in 3 batch(es), 0 failed")
    assert "250/250 (100%)" in err and "2 batches of 100 at a time" in err
    assert len(thread_fake.events()) == 250


def test_bad_lines_are_all_listed_and_nothing_is_sent(
    thread_fake: FakeMetronome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "bad.jsonl"
    good = _lines(3).splitlines()
    events.write_text(
        "\n".join(
            [
                good[0],
                "not json",
                json.dumps({"customer_id": "c", "event_type": "e", "timestamp": "2025-01-01T00:00:00Z"}),
                good[1].replace("2025-01-01T00:00:00Z", "yesterday"),
                "[1, 2]",
                good[2],
            ]
        )
        + "\n"
    )
    code, _, err = _ingest(thread_fake, capsys, str(events))
    assert code == 2, err
    problems = err.splitlines()[:5]
    assert problems[:3] == [
        f"error: 4 problem(s) in {events}; nothing was sent:",
        "  line 2: not JSON (Expecting value, column 1)",
        "  line 3: event['transaction_id'] is required",
    ]
    assert problems[3].startswith("  line 4: event['timestamp']"), problems
    assert problems[4] == "  line 5: expected a JSON object, got list"
    assert thread_fake.exchanges == []


def test_failed_batches_are_listed_by_line_and_a_rerun_counts_nothing_twice(
    thread_fake: FakeMetronome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(_lines(300))
    thread_fake.configure(error_rate=1, fault_paths=["/v1/ingest"])
    code, out, err = _ingest(thread_fake, capsys, str(events), "--max-retries", "0", "--progress", "none")
    assert code == 1, err
    assert out.rstrip().endswith(": 0 sent in 0 batch(es), 300 failed")
    assert "3 batch(es) failed:\n  lines 1-100 (100 events): " in err
    assert "  lines 201-300 (100 events): " in err
    assert "rerun the same command" in err and "nothing is counted twice" in err

    thread_fake.configure(error_rate=0, fault_paths=None)
    code, out, err = _ingest(thread_fake, capsys, str(events), "--progress", "none")
    assert code == 0, err
    assert len(thread_fake.events()) == 300


def test_ingest_reads_standard_input(thread_fake: FakeMetronome) -> None:
    [result] = run_all(Call(["ingest", "-", "--progress", "none"], fake_env(thread_fake), stdin=_lines(120)))
    assert result.code == 0, result
    assert result.out.rstrip().endswith(": 120 sent in 2 batch(es), 0 failed")
    assert len(thread_fake.events()) == 120


def test_a_missing_timestamp_or_a_key_given_twice_is_said_plainly(
    thread_fake: FakeMetronome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = {"transaction_id": "tx-1", "customer_id": "acme", "event_type": "api_call"}
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(event)
        + "\n"
        + json.dumps({**event, "timestamp": None})
        + "\n"
        + '{"transaction_id": "tx-3", "customer_id": "acme", "event_type": "api_call", '
        '"timestamp": "2025-01-01T00:00:00Z", "properties": {"n": 1, "n": 2}}\n'
    )
    code, _, err = _ingest(thread_fake, capsys, str(events))
    assert code == 2, err
    assert err.splitlines()[1:4] == [
        "  line 1: event['timestamp'] is required",
        "  line 2: event['timestamp'] is required",
        "  line 3: a key given twice: 'n'",
    ]
    assert thread_fake.exchanges == []
