"""Retries with exponential backoff and jitter, a politeness rate limit, and a breaker that
stops hammering a source that is plainly unreachable. Clock, sleep and randomness are
injected so tests never sleep."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from collectors.ports import TransientSourceError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Backoff before retry number `attempt` (1-based): half fixed, half jitter."""
        cap = min(self.max_delay_s, self.base_delay_s * (2 ** (attempt - 1)))
        return float(cap / 2 + rng.uniform(0, cap / 2))


class RateLimiter:
    """At most one call per `min_interval_s` (politeness towards free vendor endpoints)."""

    def __init__(
        self, *, min_interval_s: float, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None and self.min_interval_s > 0:
            remaining = self.min_interval_s - (self._clock() - self._last)
            if remaining > 0:
                self._sleep(remaining)
        self._last = self._clock()


@dataclass(slots=True)
class Resilience:
    """Everything a job needs to call a source politely and robustly."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    min_interval_s: float = 0.5
    breaker_threshold: int = 5  # consecutive transient failures before giving up on a source
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    _limiters: dict[str, RateLimiter] = field(default_factory=dict)
    _consecutive: dict[str, int] = field(default_factory=dict)

    @classmethod
    def immediate(cls, *, attempts: int = 3) -> Resilience:
        """No waiting at all (tests, in-memory sources, the benchmark)."""
        return cls(retry=RetryPolicy(attempts=attempts), min_interval_s=0.0,
                   sleep=lambda _s: None)

    def limiter(self, source: str) -> RateLimiter:
        if source not in self._limiters:
            self._limiters[source] = RateLimiter(
                min_interval_s=self.min_interval_s, clock=self.clock, sleep=self.sleep
            )
        return self._limiters[source]

    def is_open(self, source: str) -> bool:
        """True once a source failed transiently `breaker_threshold` times in a row."""
        return self._consecutive.get(source, 0) >= self.breaker_threshold

    def call(self, source: str, fn: Callable[[], T], *, attempts: int | None = None) -> T:
        """Call `fn` under the rate limit, retrying transient errors with backoff."""
        limit = attempts if attempts is not None else self.retry.attempts
        attempt = 1
        while True:
            self.limiter(source).wait()
            try:
                result = fn()
            except TransientSourceError:
                self._consecutive[source] = self._consecutive.get(source, 0) + 1
                if attempt >= limit or self.is_open(source):
                    raise
                self.sleep(self.retry.delay(attempt, self.rng))
                attempt += 1
                continue
            self._consecutive[source] = 0
            return result
