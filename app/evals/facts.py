"""Fact pools: the numbers and dates an answer may state, gathered from the agent results an
Answer carries (artifacts, citations) and derived from a direct read of the SQL store.

Derivations from stored daily bars follow the product's documented conventions (periods
in trading sessions: 1d=1, 1w=5, 1m=21, 3m=63, 6m=126, 1y=252 ...; moving averages and
RSI(14) of closes; 20-session average volume), so a figure in an answer can be traced to
the rows it came from even when no artifact shows it (a quote's change, a 52-week high)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from app.chat_types import Answer, ArtifactEvent, ChatEvent, CitationsEvent
from app.evals.numbers import Number, extract_numbers

PERIOD_SESSIONS = (1, 5, 21, 63, 126, 252, 756, 1260, 2520)
MA_WINDOWS = (5, 10, 20, 50, 60, 100, 120, 200)
_ISO_PREFIX = 10


Pool = Literal["any", "percent", "level"]


@dataclass(slots=True)
class Facts:
    """Pools of absolute values and ISO days; `has(number)` traces one written figure.

    Values from an answer's own results match any figure ("any"). Values derived from the
    store are typed, so a coincidence across kinds does not count: a written percentage
    only matches derived percentages, a written amount of money only derived levels
    (prices, volumes, averages); a bare number may match either."""

    pools: dict[str, list[float]] = field(
        default_factory=lambda: {"any": [], "percent": [], "level": []})
    days: set[str] = field(default_factory=set)
    _sorted: bool = False

    def add(self, value: float, pool: Pool = "any") -> None:
        if np.isfinite(value):
            self.pools[pool].append(abs(float(value)))
            self._sorted = False

    def add_many(self, values: Iterable[float], pool: Pool = "any") -> None:
        for v in values:
            self.add(v, pool)

    def add_day(self, day: date | str) -> None:
        iso = day.isoformat()[:_ISO_PREFIX] if isinstance(day, date) else day[:_ISO_PREFIX]
        self.days.add(iso)
        self.add(int(iso[:4]), "level")  # a year on its own ("in 2026") is traced by its dates

    def merge(self, other: Facts) -> None:
        for name, values in other.pools.items():
            self.pools[name].extend(values)
        self.days |= other.days
        self._sorted = False

    def has(self, number: Number) -> bool:
        if number.kind == "date":
            return number.day in self.days
        if number.kind == "month_day":
            return any(d[5:] == number.day for d in self.days)
        if not self._sorted:
            for values in self.pools.values():
                values.sort()
            self._sorted = True
        pools = {"percent": ("any", "percent"), "money": ("any", "level")}.get(
            number.kind, ("any", "percent", "level"))
        if any(self._near(self.pools[name], number) for name in pools):
            return True
        # a percentage of a fraction in the results ("55%" for p_up 0.55)
        return number.kind == "percent" and self._near(self.pools["any"], replace(
            number, value=number.value / 100, tolerance=number.tolerance / 100))

    @staticmethod
    def _near(values: list[float], number: Number) -> bool:
        low = number.value - number.tolerance - 1e-6 * max(1.0, number.value)
        i = bisect_left(values, low)
        return i < len(values) and number.matches(values[i])


def _is_day(text: str) -> bool:
    if len(text) < _ISO_PREFIX:
        return False
    try:
        date.fromisoformat(text[:_ISO_PREFIX])
    except ValueError:
        return False
    return True


def walk(value: Any, facts: Facts) -> None:
    """Every number in plain data: values, list lengths (counts), and figures in strings."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        facts.add(value)
    elif isinstance(value, date | datetime):
        facts.add_day(value)
    elif isinstance(value, str):
        if _is_day(value):
            facts.add_day(value)
        for n in extract_numbers(value):
            if n.day and n.kind == "date":
                facts.add_day(n.day)
            elif n.kind != "month_day":
                facts.add(n.value)
    elif isinstance(value, dict):
        for item in value.values():
            walk(item, facts)
    elif isinstance(value, list | tuple):
        facts.add(len(value))
        for item in value:
            walk(item, facts)


def result_facts(answer: Answer, events: Sequence[ChatEvent] = ()) -> Facts:
    """What the answer's own structured results hold (artifacts, citations, as-of)."""
    facts = Facts()
    artifacts = list(answer.artifacts) + [e.artifact for e in events
                                          if isinstance(e, ArtifactEvent)]
    citations = list(answer.citations) + [c for e in events if isinstance(e, CitationsEvent)
                                          for c in e.citations]
    for artifact in artifacts:
        walk(artifact.title, facts)
        walk(artifact.data, facts)
    facts.add(len(answer.citations))
    for c in citations:
        walk([c.title, c.publisher or ""], facts)
        if c.published_at:
            facts.add_day(c.published_at)
    if answer.as_of:
        facts.add_day(answer.as_of)
    return facts


def tickers_in(answer: Answer) -> list[str]:
    """The answer's tickers plus every ticker its artifacts show (tables, charts, graphs)."""
    found: dict[str, None] = dict.fromkeys(answer.tickers)

    def visit(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            if isinstance(value.get("columns"), list) and value["columns"][:1] == ["ticker"]:
                for row in value.get("rows", []):
                    if row and isinstance(row[0], str):
                        found[row[0]] = None
            for k, v in value.items():
                visit(v, k)
        elif isinstance(value, list):
            for v in value:
                visit(v, key)
        elif isinstance(value, str) and key in ("ticker", "center", "key"):
            found[value] = None

    for artifact in answer.artifacts:
        visit(artifact.data)
    return list(found)


def _changes(close: np.ndarray, ks: Sequence[int]) -> dict[int, float]:
    last = len(close) - 1
    return {k: (close[last] / close[last - k] - 1.0) * 100.0
            for k in ks if 0 < k <= last and close[last - k]}


def _rsi(close: pd.Series, window: int = 14) -> float | None:
    if len(close) <= window:
        return None
    delta = close.diff().dropna()
    gain = delta.clip(lower=0).ewm(alpha=1 / window, adjust=False).mean().iloc[-1]
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / window, adjust=False).mean().iloc[-1]
    return 100.0 if loss == 0 else 100.0 - 100.0 / (1.0 + gain / loss)


def derive_bars(frame: pd.DataFrame) -> tuple[Facts, dict[int, float]]:
    """Facts from one ticker's stored bars (sorted by date); also its period changes."""
    facts = Facts()
    if frame.empty:
        return facts, {}
    close = frame["close"].to_numpy(dtype="float64")
    volume = frame["volume"].to_numpy(dtype="float64")
    for column in ("open", "high", "low", "close", "adj_close", "volume"):
        facts.add_many(frame[column].dropna().to_numpy(dtype="float64"), "level")
    for d in frame["date"]:
        facts.add_day(d)
    n = len(close)
    years = pd.Series([d.year for d in frame["date"]])
    ytd = int((years == years.iloc[-1]).sum())
    ks = sorted({*PERIOD_SESSIONS, ytd, ytd - 1})
    changes = _changes(close, ks)
    facts.add_many(changes.values(), "percent")
    facts.add_many((k for k in ks if 0 < k < n), "level")  # sessions in the named periods
    if n > 1:
        facts.add(close[-1] - close[-2], "level")  # the last session's change
    for w in MA_WINDOWS:
        if n >= w:
            facts.add(close[-w:].mean(), "level")
    for k in ks:
        if 0 < k <= n:
            facts.add(int(volume[-k:].mean()), "level")
    if n > 20:
        baseline = pd.Series(volume).shift(1).rolling(20).mean().to_numpy()
        facts.add(int(volume[-21:-1].mean()), "level")  # direct: rolling sums drift by 1e-9
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = volume / baseline
        facts.add(ratio[-1], "level")
        spikes = np.flatnonzero(ratio >= 2.0)  # sessions with at least twice the volume
        facts.add_many(ratio[spikes], "level")
        facts.add_many(((close[i] / close[i - 1] - 1.0) * 100.0 for i in spikes if i > 0),
                       "percent")
    rsi = _rsi(pd.Series(close))
    if rsi is not None:
        facts.add(rsi, "level")
    return facts, changes


def pair_gaps(changes: Sequence[dict[int, float]]) -> Facts:
    """Differences of period returns between every two tickers (comparison gaps, in %p)."""
    facts = Facts()
    for i, a in enumerate(changes):
        for b in changes[i + 1:]:
            for k in a.keys() & b.keys():
                facts.add(a[k] - b[k], "percent")
                facts.add(round(a[k], 2) - round(b[k], 2), "percent")
    return facts
