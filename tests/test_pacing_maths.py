"""The pacer's maths on a clock of the test's own: the cut, the growth, the switch-off and the log lines, and
several clients sharing one limit (a token bucket, simulated in virtual time) converging on fair shares.

The same behaviour over real HTTP is in test_pacing.py."""

from __future__ import annotations

import heapq
import itertools
import logging
from collections.abc import Callable

import pytest

from metronome_async._core.pacing import DECREASE, EPOCH, MIN_RATE, RECHECK, AdaptiveRate


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def cut_after(clock: Clock, pacer: AdaptiveRate, accepted: int) -> None:
    """``accepted`` successes spread over the second before a 429."""
    for _ in range(accepted):
        clock.now += 1.0 / accepted
        pacer.succeeded()
    pacer.rate_limited()


def wait_in_line(clock: Clock, pacer: AdaptiveRate, seconds: float) -> int:
    """A backlog of requests taking their turns for ``seconds`` (or until pacing is off), as ``wait_turn``
    does; returns the turns taken."""
    turns, end = 0, clock.now + seconds
    while clock.now < end and pacer.rate is not None:
        wait = pacer.take_turn()
        if wait == 0.0:
            turns += 1
        clock.now += min(wait, RECHECK)
    return turns


def test_a_429_while_unpaced_cuts_below_what_the_server_accepted() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    assert pacer.rate == pytest.approx(DECREASE * 100)


def test_a_429_on_a_fresh_client_starts_at_the_minimum_rate() -> None:
    pacer = AdaptiveRate(Clock())
    pacer.rate_limited()
    assert pacer.rate == MIN_RATE


def test_a_429_while_paced_cuts_below_the_pace_or_what_the_server_accepted_if_less() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    cut_after(clock, pacer, 100)  # a second later: the pace (75) is below the 100 accepted
    assert pacer.rate == pytest.approx(DECREASE * DECREASE * 100)
    clock.now += 2.0
    pacer.rate_limited()  # nothing accepted for two seconds
    assert pacer.rate == MIN_RATE


def test_429s_within_an_epoch_of_a_cut_answer_requests_sent_before_it() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    clock.now += EPOCH / 2
    pacer.rate_limited()
    assert pacer.rate == pytest.approx(DECREASE * 100)


def test_the_pace_grows_only_while_requests_wait_for_it() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    for _ in range(20):  # one request now and then, never held back: the pace does not move
        clock.now += 0.5
        assert pacer.take_turn() == 0.0
    assert pacer.rate == pytest.approx(DECREASE * 100)
    wait_in_line(clock, pacer, 2.5)  # a backlog: it grows, past the rate where the 429 came
    assert pacer.rate is not None and pacer.rate > 100


def test_a_turn_is_never_given_faster_than_the_pace() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    assert wait_in_line(clock, pacer, EPOCH) <= DECREASE * 100 * EPOCH + 1  # flat for an epoch after the cut


def test_a_lone_429_on_a_fresh_client_costs_about_a_second() -> None:
    """The first answer a new client gets is a 429, then the server stops limiting: with requests waiting,
    pacing is off again within seconds, not a minute at half a request a second."""
    clock = Clock()
    pacer = AdaptiveRate(clock)
    pacer.rate_limited()
    turns = 0
    while pacer.rate is not None and clock.now < 60:
        turns += wait_in_line(clock, pacer, RECHECK)
    assert clock.now < 3.0, f"pacing still on after {clock.now:.1f} s ({turns} turns)"


def test_the_server_that_keeps_limiting_keeps_the_pace_on() -> None:
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 200)
    for _ in range(10):  # a 429 as soon as the pace is back where the last one came
        while pacer.rate is not None and pacer.rate < 200:
            wait_in_line(clock, pacer, RECHECK)
        pacer.rate_limited()
        assert pacer.rate is not None and pacer.rate < 200


# ---------------------------------------------------------------------------- clients sharing one limit


class SharedLimit:
    """Clients, each a pacer with a backlog and ``concurrency`` requests in flight, against one token bucket
    of ``limit`` requests a second (full at the start), in virtual time: as worker processes sharing one
    account against the embedded Metronome. A 429 is retried after a second (its Retry-After), holding its
    place among the client's requests in flight, as ``provision_many``'s items do."""

    LATENCY = 0.005

    def __init__(self, limit: float, starts: list[float], stops: list[float], concurrency: int = 32) -> None:
        self.clock = Clock()
        self.limit, self.tokens, self.refilled_at = limit, limit, 0.0
        self.starts, self.stops, self.concurrency = starts, stops, concurrency
        self.pacers = [AdaptiveRate(self.clock) for _ in starts]
        self.admitted: list[list[float]] = [[] for _ in starts]  # when each client's requests were admitted
        self.waiting = [0] * len(starts)  # in line for a turn
        self.out = [0] * len(starts)  # in flight or sleeping before a retry
        self.woken = [False] * len(starts)
        self._events: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        for client, start in enumerate(starts):
            self._at(start, lambda c=client: self._send(c))

    def run(self, until: float) -> SharedLimit:
        while self._events and self._events[0][0] <= until:
            self.clock.now, _, event = heapq.heappop(self._events)
            event()
        return self

    def rate(self, client: int, start: float, end: float) -> float:
        """Requests a second admitted for ``client`` between ``start`` and ``end``."""
        return sum(start <= t < end for t in self.admitted[client]) / (end - start)

    def _at(self, when: float, event: Callable[[], None]) -> None:
        heapq.heappush(self._events, (when, next(self._order), event))

    def _send(self, client: int) -> None:
        """New requests while the client runs, then turns for those in line, as far as the pace allows."""
        now = self.clock.now
        while now < self.stops[client] and self.out[client] + self.waiting[client] < self.concurrency:
            self.waiting[client] += 1
        pacer = self.pacers[client]
        while self.waiting[client]:
            wait = 0.0 if pacer.rate is None else pacer.take_turn()
            if wait:
                if not self.woken[client]:
                    self.woken[client] = True
                    self._at(now + min(wait, RECHECK), lambda: self._wake(client))
                return
            self.waiting[client] -= 1
            self.out[client] += 1
            self._at(now + self.LATENCY / 2, lambda: self._arrive(client))

    def _wake(self, client: int) -> None:
        self.woken[client] = False
        self._send(client)

    def _arrive(self, client: int) -> None:
        now = self.clock.now
        self.tokens = min(self.limit, self.tokens + (now - self.refilled_at) * self.limit)
        self.refilled_at = now
        admitted = self.tokens >= 1.0
        if admitted:
            self.tokens -= 1.0
            self.admitted[client].append(now)
        self._at(now + self.LATENCY / 2, lambda: self._answer(client, admitted))

    def _answer(self, client: int, admitted: bool) -> None:
        if admitted:
            self.pacers[client].succeeded()
            self.out[client] -= 1
            self._send(client)
        else:
            self.pacers[client].rate_limited()
            self._at(self.clock.now + 1.0, lambda: self._retry(client))

    def _retry(self, client: int) -> None:
        self.out[client] -= 1
        self.waiting[client] += 1
        self._send(client)


@pytest.mark.parametrize(
    ("limit", "clients", "stagger"),
    [(200, 4, 0), (200, 4, 1), (200, 4, 3), (50, 4, 1), (200, 8, 1), (50, 2, 3)],
)
def test_clients_sharing_a_limit_converge_on_fair_shares(limit: float, clients: int, stagger: float) -> None:
    """Clients started ``stagger`` seconds apart, none told the limit: from 5 seconds after the last one
    started, each gets its share of the limit (within 0.4-1.6 times it), the late ones included, and together
    they use it all."""
    start = (clients - 1) * stagger
    shared = SharedLimit(limit, [n * stagger for n in range(clients)], [60.0] * clients).run(start + 15)
    shares = [shared.rate(n, start + 5, start + 15) / (limit / clients) for n in range(clients)]
    assert sum(shares) > 0.9 * clients, shares
    assert min(shares) > 0.4 and max(shares) < 1.6, shares


def test_the_client_left_alone_grows_back_to_the_whole_limit() -> None:
    """When the others stop, the last one uses the whole limit within seconds, whatever share it had."""
    shared = SharedLimit(200.0, [0.0, 1.0, 2.0, 3.0], [12.0, 12.0, 12.0, 40.0]).run(40)
    assert shared.rate(3, 15, 18) > 0.8 * 200, [shared.rate(3, t, t + 1) for t in range(10, 18)]


# ------------------------------------------------------------------------------------------------ logs


def test_pacing_changes_are_logged_at_info_growth_at_milestones(caplog: pytest.LogCaptureFixture) -> None:
    """Every cut, the growth back to the rate of the last 429 and its doublings (at most a line a second),
    and the switch-off, at INFO: thirty seconds against a limit log tens of lines, not thousands."""
    caplog.set_level(logging.INFO, logger="metronome_async")
    shared = SharedLimit(200.0, [0.0], [30.0]).run(30)
    assert shared.rate(0, 10, 30) > 0.9 * 200
    records = [r for r in caplog.records if r.name == "metronome_async"]
    assert records and all(r.levelno == logging.INFO for r in records)
    cuts = [r for r in records if "429" in r.getMessage() and "pacing requests at" in r.getMessage()]
    growth = [r for r in records if r.getMessage().startswith("pacing requests at")]
    assert cuts and growth, [r.getMessage() for r in records]
    assert len(growth) <= min(30, 2 * len(cuts)), "growth is logged at milestones, not per request"
    caplog.clear()
    clock = Clock()
    pacer = AdaptiveRate(clock)
    cut_after(clock, pacer, 100)
    while pacer.rate is not None:
        wait_in_line(clock, pacer, RECHECK)
    assert any("pacing off" in r.getMessage() for r in caplog.records)
