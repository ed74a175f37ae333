"""Price indicators over one ticker's bars (pure functions on pandas objects)."""

from __future__ import annotations

import pandas as pd

#: Trading sessions per named period ("ytd" is computed from the calendar).
PERIOD_SESSIONS: dict[str, int] = {
    "1d": 1, "1w": 5, "1m": 21, "3m": 63, "6m": 126, "1y": 252, "3y": 756, "5y": 1260,
    "10y": 2520,
}


def sessions_for(period: str, dates: pd.Series) -> int:
    """How many sessions back `period` reaches from the last bar of `dates`."""
    if period == "ytd":
        last = dates.iloc[-1]
        before_year = dates[dates.map(lambda d: d.year) < last.year]
        return max(len(dates) - len(before_year), 1) if len(before_year) else len(dates) - 1
    return PERIOD_SESSIONS.get(period, 21)


def sma(close: pd.Series, window: int) -> float | None:
    if len(close) < window:
        return None
    return float(close.iloc[-window:].mean())


def rsi(close: pd.Series, window: int = 14) -> float | None:
    """Wilder's relative strength index of the last bar."""
    if len(close) <= window:
        return None
    delta = close.diff().dropna()
    gain = delta.clip(lower=0).ewm(alpha=1 / window, adjust=False, min_periods=window).mean()
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / window, adjust=False, min_periods=window).mean()
    last_gain, last_loss = float(gain.iloc[-1]), float(loss.iloc[-1])
    if last_loss == 0:
        return 100.0
    return 100.0 - 100.0 / (1.0 + last_gain / last_loss)


def pct_change(start: float, end: float) -> float:
    return (end / start - 1.0) * 100.0 if start else 0.0


def volume_spikes(
    frame: pd.DataFrame, *, sessions: int, window: int = 20, threshold: float = 2.0
) -> list[dict[str, object]]:
    """Sessions among the last `sessions` whose volume is at least `threshold` times the
    average of the `window` sessions before them."""
    volume = frame["volume"].astype("float64")
    baseline = volume.shift(1).rolling(window, min_periods=window).mean()
    ratio = volume / baseline
    change = frame["close"].pct_change() * 100.0
    out: list[dict[str, object]] = []
    tail = frame.index[-sessions:]
    for idx in tail:
        r = ratio.loc[idx]
        if pd.notna(r) and r >= threshold:
            out.append({
                "date": frame.loc[idx, "date"].isoformat(),
                "volume": int(frame.loc[idx, "volume"]),
                "ratio": round(float(r), 2),
                "change_pct": round(float(change.loc[idx]), 2) if pd.notna(change.loc[idx])
                else None,
            })
    return out
