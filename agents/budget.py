"""A hard per-question budget of LLM calls and tokens, shared by router and composer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import copy_context
from typing import Any, TypeVar

T = TypeVar("T")


class BudgetExceeded(RuntimeError):
    """The question has used its LLM calls or tokens; callers fall back to offline code."""


class LLMTimeout(RuntimeError):
    pass


class LLMBudget:
    def __init__(self, *, max_calls: int = 4, max_tokens: int = 6000) -> None:
        self.max_calls = max_calls
        self.max_tokens = max_tokens
        self.calls = 0
        self.tokens = 0
        self._lock = threading.Lock()

    def reserve(self, *, prompt_chars: int) -> None:
        """Claim one call before making it; refuse when calls or the estimated tokens
        (prompt characters / 3, a conservative estimate) would cross the cap."""
        estimate = prompt_chars // 3
        with self._lock:
            if self.calls >= self.max_calls:
                raise BudgetExceeded(f"LLM call budget of {self.max_calls} used")
            if self.tokens + estimate > self.max_tokens:
                raise BudgetExceeded(f"LLM token budget of {self.max_tokens} would be exceeded")
            self.calls += 1

    def record(self, usage: dict[str, Any] | None, *, fallback_chars: int = 0) -> None:
        total = int((usage or {}).get("total_tokens") or 0) or fallback_chars // 3
        with self._lock:
            self.tokens += total

    @property
    def remaining_tokens(self) -> int:
        return max(self.max_tokens - self.tokens, 0)


def call_with_timeout(fn: Callable[[], T], *, timeout_s: float) -> T:
    """Run `fn` in a worker thread (keeping context variables, so tracing callbacks still
    see their parent run) and stop waiting after `timeout_s`."""
    ctx = copy_context()
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(ctx.run, fn)
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout as exc:
            raise LLMTimeout(f"LLM call took longer than {timeout_s}s") from exc
    finally:
        pool.shutdown(wait=False)
