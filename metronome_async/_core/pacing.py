"""Pacing that discovers a rate limit nobody published.

Metronome documents no rate limits, so a client must find them: requests go out unpaced until the first 429,
then at a rate that backs off multiplicatively on each 429 and creeps up while calls succeed (AIMD), settling
just under the server's limit instead of hammering it. One pacer serves every request of a client.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic

__all__ = ["AdaptiveRate"]

DECREASE = 0.75
"""The rate is multiplied by this on a 429 (at most once per ``EPOCH``)."""
INCREASE = 0.02
"""Each success adds this many requests per second: the rate grows about 2% a second while all goes well."""
EPOCH = 0.5
"""429s within this many seconds of a decrease answer requests sent before it: no second decrease for them."""
MIN_RATE = 0.5


class AdaptiveRate:
    def __init__(self) -> None:
        self.rate: float | None = None  # requests per second; None until the first 429
        self._next_send = 0.0
        self._last_decrease = -EPOCH
        self._recent: deque[float] = deque()  # when the successes of the last second came back

    async def wait_turn(self) -> None:
        """Wait for this request's slot; returns at once while no limit has been met."""
        rate = self.rate
        if rate is None:
            return
        now = monotonic()
        send_at = max(now, self._next_send)
        self._next_send = send_at + 1.0 / rate
        if send_at > now:
            await asyncio.sleep(send_at - now)

    def succeeded(self) -> None:
        if self.rate is None:
            now = monotonic()
            recent = self._recent
            recent.append(now)
            while recent[0] < now - 1.0:
                recent.popleft()
        else:
            self.rate += INCREASE

    def rate_limited(self) -> None:
        now = monotonic()
        if now - self._last_decrease < EPOCH:
            return
        self._last_decrease = now
        if self.rate is None:  # the first limit met: start from what the server accepted in the last second
            self.rate = float(sum(1 for t in self._recent if t >= now - 1.0)) or 1.0
            self._recent.clear()
        self.rate = max(MIN_RATE, self.rate * DECREASE)
        self._next_send = max(self._next_send, now)
