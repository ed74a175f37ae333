"""Retry/backoff/jitter, the rate limit and the bar checks, with injected clock and sleep."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from app.records import PriceBar
from collectors.ports import SourceError, TransientSourceError
from collectors.resilience import RateLimiter, Resilience, RetryPolicy
from collectors.validation import bar_problem, check_bars, history_changes


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_transient_errors_are_retried_with_growing_jittered_backoff() -> None:
    clock = FakeClock()
    res = Resilience(retry=RetryPolicy(attempts=4, base_delay_s=1.0, max_delay_s=3.0),
                     min_interval_s=0.0, sleep=clock.sleep, clock=clock, rng=random.Random(7))
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 4:
            raise TransientSourceError("timed out")
        return "ok"

    assert res.call("s", flaky) == "ok"
    assert len(clock.slept) == 3
    for slept, cap in zip(clock.slept, (1.0, 2.0, 3.0), strict=True):
        assert cap / 2 <= slept <= cap  # half fixed, half jitter, capped at max_delay
    assert len(set(clock.slept)) == 3


def test_permanent_errors_are_not_retried_and_attempts_are_bounded() -> None:
    res = Resilience.immediate(attempts=3)
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise SourceError("404")

    with pytest.raises(SourceError):
        res.call("s", broken)
    assert len(calls) == 1

    def down() -> None:
        calls.append(1)
        raise TransientSourceError("down")

    calls.clear()
    with pytest.raises(TransientSourceError):
        res.call("s", down)
    assert len(calls) == 3


def test_rate_limiter_spaces_calls_using_the_injected_clock() -> None:
    clock = FakeClock()
    limiter = RateLimiter(min_interval_s=2.0, clock=clock, sleep=clock.sleep)
    limiter.wait()
    clock.now += 0.5
    limiter.wait()
    clock.now += 5.0
    limiter.wait()
    assert clock.slept == [1.5]


def test_breaker_opens_after_consecutive_transient_failures_and_closes_on_success() -> None:
    res = Resilience.immediate(attempts=1)
    res.breaker_threshold = 2

    def down() -> None:
        raise TransientSourceError("down")

    for _ in range(2):
        with pytest.raises(TransientSourceError):
            res.call("s", down)
    assert res.is_open("s") and not res.is_open("other")


BAR = PriceBar("AAPL", date(2024, 1, 2), 100.0, 102.0, 99.0, 101.0, 1000, 100.5)
TODAY = date(2024, 1, 5)


@pytest.mark.parametrize(("change", "problem"), [
    ({"high": 98.0}, "high 98 < low 99"),
    ({"close": 0.0}, "non-positive"),
    ({"open": float("nan")}, "missing price"),
    ({"adj_close": -1.0}, "adjusted close"),
    ({"close": 110.0}, "outside the day's range"),
    ({"volume": -5}, "negative volume"),
    ({"date": date(2024, 1, 7)}, "future"),
])
def test_impossible_bars_are_named(change: dict[str, object], problem: str) -> None:
    reason = bar_problem(replace(BAR, **change), today=TODAY)  # type: ignore[arg-type]
    assert reason is not None and problem in reason


def test_good_bars_pass_including_tomorrow_for_asian_markets() -> None:
    assert bar_problem(BAR, today=TODAY) is None
    assert bar_problem(replace(BAR, date=date(2024, 1, 6)), today=TODAY) is None


def test_jump_with_matching_adj_is_flagged_as_moved_alike() -> None:
    second = replace(BAR, date=date(2024, 1, 3), open=50, high=51, low=49, close=50.5,
                     adj_close=50.25)
    check = check_bars([second, BAR], today=TODAY)
    assert len(check.valid) == 2 and check.valid[0] == BAR  # sorted by date
    assert check.warnings == [
        "2024-01-03: close moved x0.500 in one day (adj close moved alike); "
        "possible split, stored and flagged"]


def test_history_change_is_noticed() -> None:
    assert history_changes({BAR.date: 202.0}, [BAR]) is not None
    assert history_changes({BAR.date: 101.5}, [BAR]) is None
