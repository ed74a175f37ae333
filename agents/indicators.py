"""Bars of one ticker as numpy arrays, and the indicators computed over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

Floats = npt.NDArray[np.float64]

#: Trading sessions per named period ("ytd" is computed from the calendar).
PERIOD_SESSIONS: dict[str, int] = {
    "1d": 1, "1w": 5, "1m": 21, "3m": 63, "6m": 126, "1y": 252, "3y": 756, "5y": 1260,
    "10y": 2520,
}


@dataclass(frozen=True, slots=True)
class Bars:
    """Daily bars of one ticker, oldest first."""

    ticker: str
    dates: list[date]
    open: Floats
    high: Floats
    low: Floats
    close: Floats
    volume: Floats
    synthetic: bool

    def __len__(self) -> int:
        return len(self.dates)

    def tail(self, n: int) -> Bars:
        return Bars(self.ticker, self.dates[-n:], self.open[-n:], self.high[-n:],
                    self.low[-n:], self.close[-n:], self.volume[-n:], self.synthetic)


def split_bars(frame: pd.DataFrame) -> dict[str, Bars]:
    """One long frame (sorted by ticker, then date) -> Bars per ticker, in one pass."""
    if frame.empty:
        return {}
    tickers = frame["ticker"].to_numpy()
    cols: dict[str, Any] = {c: frame[c].to_numpy(dtype="float64")
                            for c in ("open", "high", "low", "close", "volume")}
    dates = list(frame["date"])
    demo = frame["source"].to_numpy() == "demo"
    starts = np.flatnonzero(np.r_[True, tickers[1:] != tickers[:-1]])
    ends = np.r_[starts[1:], len(tickers)]
    out: dict[str, Bars] = {}
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        out[str(tickers[s])] = Bars(
            str(tickers[s]), dates[s:e], cols["open"][s:e], cols["high"][s:e],
            cols["low"][s:e], cols["close"][s:e], cols["volume"][s:e], bool(demo[s:e].any()))
    return out


def sessions_for(period: str, dates: list[date]) -> int:
    """How many sessions back `period` reaches from the last bar."""
    if period == "ytd":
        year = dates[-1].year
        in_year = sum(1 for d in dates if d.year == year)
        return in_year if in_year < len(dates) else max(len(dates) - 1, 1)
    return PERIOD_SESSIONS.get(period, 21)


def sma(close: Floats, window: int) -> float | None:
    if len(close) < window:
        return None
    return float(close[-window:].mean())


def rsi(close: Floats, window: int = 14) -> float | None:
    """Wilder's relative strength index of the last bar."""
    if len(close) <= window:
        return None
    delta = np.diff(close)
    gains, losses = np.clip(delta, 0, None), np.clip(-delta, 0, None)
    gain, loss = float(gains[:window].mean()), float(losses[:window].mean())
    for g, lo in zip(gains[window:].tolist(), losses[window:].tolist(), strict=True):
        gain = (gain * (window - 1) + g) / window
        loss = (loss * (window - 1) + lo) / window
    if loss == 0:
        return 100.0
    return 100.0 - 100.0 / (1.0 + gain / loss)


def pct_change(start: float, end: float) -> float:
    return (end / start - 1.0) * 100.0 if start else 0.0


def volume_spikes(
    bars: Bars, *, sessions: int, window: int = 20, threshold: float = 2.0
) -> list[dict[str, object]]:
    """Sessions among the last `sessions` whose volume is at least `threshold` times the
    average of the `window` sessions before them."""
    out: list[dict[str, object]] = []
    n = len(bars)
    for i in range(max(n - sessions, window), n):
        baseline = float(bars.volume[i - window:i].mean())
        ratio = float(bars.volume[i]) / baseline if baseline else 0.0
        if ratio >= threshold:
            change = pct_change(float(bars.close[i - 1]), float(bars.close[i])) if i else None
            out.append({"date": bars.dates[i].isoformat(), "volume": int(bars.volume[i]),
                        "ratio": round(ratio, 2),
                        "change_pct": round(change, 2) if change is not None else None})
    return out
