"""The market agent's computations: one function per action over one ticker's Bars.

Values are rounded once here (prices and percentages to 2 decimals) so the templates, the
LLM and the grounding check all see the same numbers."""

from __future__ import annotations

from typing import Any

from agents.indicators import Bars, pct_change, rsi, sessions_for, sma, volume_spikes

CHART_SESSIONS = {"quote": 63, "technical": 126}


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def window(bars: Bars, period: str) -> Bars:
    """The period's sessions plus the close before them (the base of the return)."""
    return bars.tail(sessions_for(period, bars.dates) + 1)


MAX_DAILY_ROWS = 300


def chart_rows(bars: Bars) -> list[dict[str, Any]]:
    """OHLCV rows for a chart: daily up to about a year, weekly bars beyond that."""
    if len(bars) > MAX_DAILY_ROWS:
        return _weekly_rows(bars)
    return [
        {"date": d.isoformat(), "open": _r(o), "high": _r(h), "low": _r(lo), "close": _r(c),
         "volume": int(v)}
        for d, o, h, lo, c, v in zip(
            bars.dates, bars.open.tolist(), bars.high.tolist(), bars.low.tolist(),
            bars.close.tolist(), bars.volume.tolist(), strict=True,
        )
    ]


def _weekly_rows(bars: Bars) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    start = 0
    weeks = [d.isocalendar()[:2] for d in bars.dates]
    for i in range(1, len(bars) + 1):
        if i == len(bars) or weeks[i] != weeks[start]:
            rows.append({"date": bars.dates[i - 1].isoformat(), "open": _r(bars.open[start]),
                         "high": _r(bars.high[start:i].max()),
                         "low": _r(bars.low[start:i].min()), "close": _r(bars.close[i - 1]),
                         "volume": int(bars.volume[start:i].sum())})
            start = i
    return rows


def quote(bars: Bars) -> dict[str, Any]:
    close = float(bars.close[-1])
    prev = float(bars.close[-2]) if len(bars) > 1 else None
    year = bars.tail(252)
    return {
        "date": bars.dates[-1].isoformat(), "close": _r(close), "open": _r(bars.open[-1]),
        "high": _r(bars.high[-1]), "low": _r(bars.low[-1]), "volume": int(bars.volume[-1]),
        "prev_close": _r(prev),
        "prev_date": bars.dates[-2].isoformat() if prev is not None else None,
        "change": _r(close - prev) if prev is not None else None,
        "change_pct": _r(pct_change(prev, close)) if prev else None,
        "high_52w": _r(year.high.max()), "low_52w": _r(year.low.min()), "range_weeks": 52,
    }


def history(bars: Bars, period: str) -> dict[str, Any]:
    win = window(bars, period)
    body = win.tail(len(win) - 1) if len(win) > 1 else win
    hi, lo = int(body.high.argmax()), int(body.low.argmin())
    start, end = float(win.close[0]), float(win.close[-1])
    return {
        "period": period, "sessions": len(body),
        "start_date": win.dates[0].isoformat(), "end_date": win.dates[-1].isoformat(),
        "start_close": _r(start), "end_close": _r(end), "change_pct": _r(pct_change(start, end)),
        "high": _r(body.high[hi]), "high_date": body.dates[hi].isoformat(),
        "low": _r(body.low[lo]), "low_date": body.dates[lo].isoformat(),
        "avg_volume": int(body.volume.mean()),
        # "is it near its 52-week high?": how far the last close is below the period high
        "below_high_pct": _r(max(0.0, -pct_change(float(body.high[hi]), end))),
    }


def technical(bars: Bars) -> dict[str, Any]:
    value_rsi = rsi(bars.close, 14)
    ma = {w: sma(bars.close, w) for w in (20, 50, 200)}
    last = float(bars.close[-1])
    state = None
    if value_rsi is not None:
        state = "overbought" if value_rsi >= 70 else "oversold" if value_rsi <= 30 else "neutral"
    return {
        "date": bars.dates[-1].isoformat(), "close": _r(last),
        "ma20": _r(ma[20]), "ma50": _r(ma[50]), "ma200": _r(ma[200]),
        "rsi14": _r(value_rsi, 1), "rsi_state": state,
        "above_ma50": None if ma[50] is None else last > ma[50],
        "above_ma200": None if ma[200] is None else last > ma[200],
        "ma_windows": [20, 50, 200], "rsi_window": 14,
    }


def volume(bars: Bars, period: str) -> dict[str, Any]:
    n = sessions_for(period, bars.dates)
    avg20 = float(bars.volume[-21:-1].mean()) if len(bars) > 20 else float(bars.volume.mean())
    last = float(bars.volume[-1])
    return {
        "period": period, "date": bars.dates[-1].isoformat(), "volume": int(last),
        "avg_volume_20": int(avg20), "volume_ratio": _r(last / avg20 if avg20 else 0.0),
        "spikes": volume_spikes(bars, sessions=n), "avg_window": 20, "spike_threshold": 2,
    }


def rebased(bars: Bars, period: str) -> list[dict[str, Any]]:
    win = window(bars, period)
    base = float(win.close[0])
    return [{"date": d.isoformat(), "value": _r(c / base * 100.0)}
            for d, c in zip(win.dates, win.close.tolist(), strict=True)]
