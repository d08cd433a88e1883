"""Pacing that discovers a rate limit nobody published.

Metronome documents no rate limits, so a client must find them: requests go out unpaced until the first 429.
Then the rate is cut below the rate the server accepted, and grows back with time as a cubic (as TCP CUBIC
does): quickly at first, flat near the rate where the last 429 came, so it settles just under the server's
limit, then faster and faster. A server that keeps limiting answers 429 again near that rate; one that stopped
never does, and once the rate is far above it pacing switches itself off. One pacer serves every request of
a client.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic

__all__ = ["AdaptiveRate"]

DECREASE = 0.75
"""On a 429 (at most once per ``EPOCH``) the rate becomes this share of the rate the server accepted."""
RECOVERY = 1.0
"""Seconds after a cut until the rate is back where the 429 came; the cubic is flattest there."""
SWITCH_OFF = 4.0
"""Once the rate has grown to this many times the rate where the last 429 came, with no 429 since, the server
has stopped limiting: pacing is switched off (about 3.3 seconds after the cut)."""
HEADROOM = 1.25
"""The rate never grows past this many times what the server accepted in the last second: a client that sends
less than its pace allows must not build up a pace that would overshoot the limit once it sends more."""
EPOCH = 0.5
"""429s within this many seconds of a cut answer requests sent before it: no second cut for them."""
MIN_RATE = 0.5

_GROWTH = (1.0 - DECREASE) / RECOVERY**3  # rate(t) = limit * (1 + _GROWTH * (t - RECOVERY) ** 3)


class AdaptiveRate:
    def __init__(self) -> None:
        self.rate: float | None = None  # requests per second; None while unpaced
        self._limit = 0.0  # the rate the server accepted when the last 429 came
        self._cut_at = -EPOCH  # when that was
        self._next_send = 0.0
        self._accepted: deque[float] = deque()  # when the successes of the last second came back

    async def wait_turn(self) -> None:
        """Wait for this request's slot; returns at once while no limit is being met. A 429 that comes while
        it waits voids the slot, which was given at the old rate: it takes a new one at the new rate."""
        while self.rate is not None:
            now = monotonic()
            growth = 1.0 + _GROWTH * (max(0.0, now - self._cut_at - EPOCH) - RECOVERY) ** 3
            if growth >= SWITCH_OFF:  # no 429 far above the last limit: the server stopped limiting
                self.rate = None
                return
            ceiling = max(self._limit, HEADROOM * len(self._accepted))
            rate = self.rate = max(MIN_RATE, min(self._limit * growth, ceiling))
            send_at = max(now, self._next_send)
            self._next_send = send_at + 1.0 / rate
            if send_at <= now:
                return
            cut_at = self._cut_at
            await asyncio.sleep(send_at - now)
            if self._cut_at == cut_at:
                return

    def succeeded(self) -> None:
        now = monotonic()
        accepted = self._accepted
        accepted.append(now)
        while accepted[0] < now - 1.0:
            accepted.popleft()

    def rate_limited(self) -> None:
        now = monotonic()
        if now - self._cut_at < EPOCH:
            return
        accepted = self._accepted
        while accepted and accepted[0] < now - 1.0:
            accepted.popleft()
        # What the server accepted in the last second, and never more than the pace that met the limit.
        limit = float(len(accepted)) if self.rate is None else min(float(len(accepted)), self.rate)
        self._limit = max(limit, MIN_RATE / DECREASE)
        self._cut_at = now
        self.rate = self._limit * DECREASE
        self._next_send = now + 1.0 / self.rate  # the slots given at the old rate are void
