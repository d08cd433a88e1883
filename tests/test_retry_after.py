"""Server hints (Retry-After, retry-after-ms, an HTTP date) go through one check: nonsense is ignored, and a
wait above the 60-second cap raises the error at once, whatever the status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from metronome_async.errors import MAX_RETRY_AFTER, retry_after_seconds

HERE = Path(__file__).parent

CASES: dict[str, tuple[int, dict[str, str]]] = {
    # name: (status, headers) -> the server saw 1 request (raised at once) or 2 (retried once, after backoff)
    "nan-503": (503, {"Retry-After": "nan"}),
    "inf-503": (503, {"Retry-After": "inf"}),
    "negative-503": (503, {"Retry-After": "-5"}),
    "nan-ms-429": (429, {"retry-after-ms": "nan"}),
    "huge-503": (503, {"Retry-After": "1e9"}),
    "huge-ms-502": (502, {"retry-after-ms": "1e12"}),
    "far-date-503": (503, {"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"}),
    "over-cap-408": (408, {"Retry-After": "61"}),
    "over-cap-429": (429, {"Retry-After": "120"}),
    "over-cap-despite-x-should-retry": (503, {"Retry-After": "1e9", "x-should-retry": "true"}),
    "past-date-503": (503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
}
RAISED_AT_ONCE = {"huge-503", "huge-ms-502", "far-date-503", "over-cap-408", "over-cap-429"}
RAISED_AT_ONCE.add("over-cap-despite-x-should-retry")


def test_no_hint_makes_the_client_sleep_forever_or_past_the_cap() -> None:
    done = subprocess.run(
        [sys.executable, str(HERE / "hint_job.py"), json.dumps(CASES)],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    results = {row["case"]: row for row in map(json.loads, done.stdout.splitlines())}
    assert set(results) == set(CASES)
    for case, (status, _) in CASES.items():
        expected = 1 if case in RAISED_AT_ONCE else 2
        assert (results[case]["raised"], results[case]["requests"]) == (status, expected), case


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1e9"}, 1e9),  # a number: the cap, not this function, refuses to wait that long
        ({"retry-after-ms": "nan", "retry-after": "3"}, 3.0),  # a bad hint falls back to the other
        ({"retry-after-ms": "-1", "retry-after": "3"}, 3.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "-inf"}, None),
        ({"retry-after": "-5"}, None),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(headers) == seconds


def test_the_cap_is_sixty_seconds() -> None:
    assert MAX_RETRY_AFTER == 60.0
    far = retry_after_seconds({"retry-after": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert far is not None and far > MAX_RETRY_AFTER
