"""Pacing that discovers a rate limit nobody published, and shares it fairly with other clients.

Metronome documents no rate limits, so a client must find them: requests go out unpaced until the first 429.
Then the rate is cut below the rate the server accepted, and grows back along a cubic, as TCP CUBIC's window
does: quickly at first, flat near the rate where the 429 came, so it settles just under the server's limit,
then faster and faster. A server that keeps limiting answers 429 again near that rate; one that stopped never
does, and once the rate is far above it pacing switches itself off. The rate grows only while requests wait
for their turns: a client sending less than its pace allows builds up no pace it has not tried.

The cubic's steepness is the same for every client, whatever its rate (only the time back to the last 429's
rate grows with it, as its cube root): clients sharing one account's limit (worker processes) each cut their
rate by the same share on a 429 but grow back by about as many requests a second, so the larger shares lose
more than they regain and the shares converge on equal ones, as TCP flows do; when the others stop, the one
left grows to the whole limit in seconds.

One pacer serves every request of a client. The first request in line waits for the next turn at the pace of
the moment, re-checking it as it waits, so a cut, the growth and the switch-off apply to it at once; the
others wait behind it, in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from time import monotonic

__all__ = ["AdaptiveRate"]

logger = logging.getLogger("metronome_async")

DECREASE = 0.75
"""On a 429 (at most once per ``EPOCH``) the rate becomes this share of what the server accepted in the last
second (of the pace, if that was lower)."""
EPOCH = 0.5
"""429s within this many seconds of a cut answer requests sent before it: no second cut for them. The rate
starts to grow after it."""
STEEPNESS = 25.0
"""The cubic's steepness, in requests a second per second cubed, the same for every client: after the epoch,
the rate is back where the 429 came in 0.2 s at 1 request a second, 0.6 s at 20, 1.3 s at 200, 2.7 s at
2,000."""
SWITCH_OFF = 4.0
PROBE = 2.0
"""Once the rate has grown to ``SWITCH_OFF`` times the rate where the last 429 came, and for at least
``PROBE`` seconds past it, with no 429 since, the server has stopped limiting: pacing is switched off, about 3
seconds of growth after the cut at 1 or 20 requests a second, 4.6 at 200, 9.4 at 2,000. ``PROBE`` keeps a
client at a tiny rate (a new one whose first answer was a 429) from switching off at a few requests a second,
while the limit may well still be there."""
IN_USE = 1.0
"""The rate grows only while the pace holds requests back: one had to wait for its turn in the last this many
seconds. A client that sends less than its pace allows must not build up a pace that would overshoot the
limit once it sends more. (Waiting, not what the server accepted, is the test: a client whose requests lost
to other clients' is held back by its pace and must grow.)"""
MIN_RATE = 0.5
RECHECK = 0.1
"""The first request in line re-checks the pace at least this often while it waits for its turn."""
LOG_EVERY = 1.0
"""Seconds between two log lines about the rate's growth, at least."""


class _Window:
    """When events came in the last second, to count them."""

    def __init__(self) -> None:
        self._times: deque[float] = deque()

    def add(self, now: float) -> None:
        self._times.append(now)
        self._forget(now)

    def count(self, now: float) -> int:
        self._forget(now)
        return len(self._times)

    def _forget(self, now: float) -> None:
        times = self._times
        while times and times[0] < now - 1.0:
            times.popleft()


class AdaptiveRate:
    """One client's pace: ``rate`` requests a second, ``None`` while unpaced. ``clock`` (``time.monotonic``)
    is for tests; the waits themselves run on the event loop's own clock."""

    def __init__(self, clock: Callable[[], float] = monotonic) -> None:
        self.rate: float | None = None
        self._clock = clock
        self._limit = 0.0  # the rate where the last 429 came
        self._back_in = 0.0  # seconds of growth until the rate is back at _limit
        self._cut_at = -EPOCH  # when that was
        self._grown = 0.0  # seconds of growth since (negative during the EPOCH after it)
        self._updated_at = 0.0  # when _grown was last brought up to date
        self._waited_at = -IN_USE  # when a request last had to wait for its turn
        self._last_turn = -1e9  # when the last request's turn came
        self._accepted = _Window()  # successes
        self._in_line: asyncio.Lock | None = None
        self._milestone = 0.0  # the rate whose reaching is logged next
        self._logged_at = -LOG_EVERY

    async def wait_turn(self) -> None:
        """Wait for this request's turn; returns at once while no limit is being met."""
        if self._in_line is None:
            self._in_line = asyncio.Lock()  # first come, first served
        async with self._in_line:
            while (wait := self.take_turn()) > 0.0:  # noqa: ASYNC110 - the pace moves with time, not on events
                await asyncio.sleep(min(wait, RECHECK))

    def take_turn(self) -> float:
        """Take the next request's turn if it has come at the pace of this moment (0.0 is returned), or return
        the seconds until it comes at this pace (sooner if the pace grows meanwhile, later after a cut)."""
        now = self._clock()
        rate = self._pace(now)
        if rate is None:
            return 0.0
        due = self._last_turn + 1.0 / rate
        if due > now:
            self._waited_at = now
            return due - now
        self._last_turn = due if now - due < 1.0 / rate else now  # a late wake-up is no reason to slow down
        return 0.0

    def succeeded(self) -> None:
        self._accepted.add(self._clock())

    def rate_limited(self) -> None:
        now = self._clock()
        if now - self._cut_at < EPOCH:
            return
        accepted = self._accepted.count(now)
        # What the server accepted in the last second, and never more than the pace that met the limit.
        limit = float(accepted) if self.rate is None else min(float(accepted), self.rate)
        self._limit = limit = max(limit, MIN_RATE / DECREASE)
        self._back_in = ((1.0 - DECREASE) * limit / STEEPNESS) ** (1.0 / 3.0)
        self._cut_at = self._updated_at = self._last_turn = now  # a turn given at the old pace is void
        self._grown = -EPOCH
        self.rate = DECREASE * limit
        self._milestone = limit
        logger.info(
            "429 Too Many Requests: pacing requests at %.1f a second (the server accepted %d in the last)",
            self.rate,
            accepted,
        )

    def _pace(self, now: float) -> float | None:
        """The rate at ``now``, or None once pacing has switched itself off."""
        if self.rate is None:
            return None
        if now - self._waited_at <= IN_USE:
            self._grown += now - self._updated_at
        self._updated_at = now
        if self._grown <= 0.0:
            return self.rate
        limit, past = self._limit, self._grown - self._back_in
        rate = limit + STEEPNESS * past**3
        if rate >= SWITCH_OFF * limit and past >= PROBE:  # no 429 far above the last limit: none is left
            self.rate = None
            logger.info("no 429 up to %.1f requests a second: pacing off", rate)
            return None
        self.rate = rate
        if rate >= self._milestone and now - self._logged_at >= LOG_EVERY:
            logger.info("pacing requests at %.1f a second (the last 429 came at %.1f)", rate, limit)
            self._logged_at, self._milestone = now, 2.0 * rate
        return rate
