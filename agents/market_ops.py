"""The market agent's computations: one function per action over per-ticker bar frames.

Values are rounded once here (prices and percentages to 2 decimals) so the templates, the
LLM and the grounding check all see the same numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from agents.indicators import pct_change, rsi, sessions_for, sma, volume_spikes

CHART_SESSIONS = {"quote": 63, "technical": 126}


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _window(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    n = sessions_for(period, frame["date"])
    return frame.iloc[-(n + 1):]


def chart_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"date": d.isoformat(), "open": _r(o), "high": _r(h), "low": _r(lo), "close": _r(c),
         "volume": int(v)}
        for d, o, h, lo, c, v in zip(
            frame["date"], frame["open"], frame["high"], frame["low"], frame["close"],
            frame["volume"], strict=True,
        )
    ]


def quote(frame: pd.DataFrame) -> dict[str, Any]:
    last = frame.iloc[-1]
    prev = frame.iloc[-2] if len(frame) > 1 else None
    close = float(last["close"])
    prev_close = float(prev["close"]) if prev is not None else None
    year = frame.iloc[-253:]
    return {
        "date": last["date"].isoformat(), "close": _r(close), "open": _r(last["open"]),
        "high": _r(last["high"]), "low": _r(last["low"]), "volume": int(last["volume"]),
        "prev_close": _r(prev_close),
        "prev_date": prev["date"].isoformat() if prev is not None else None,
        "change": _r(close - prev_close) if prev_close is not None else None,
        "change_pct": _r(pct_change(prev_close, close)) if prev_close else None,
        "high_52w": _r(year["high"].max()), "low_52w": _r(year["low"].min()),
        "range_weeks": 52,
    }


def history(frame: pd.DataFrame, period: str) -> dict[str, Any]:
    win = _window(frame, period)
    first, last = win.iloc[0], win.iloc[-1]
    body = win.iloc[1:] if len(win) > 1 else win
    hi_idx, lo_idx = body["high"].idxmax(), body["low"].idxmin()
    return {
        "period": period, "sessions": len(body),
        "start_date": first["date"].isoformat(), "end_date": last["date"].isoformat(),
        "start_close": _r(first["close"]), "end_close": _r(last["close"]),
        "change_pct": _r(pct_change(float(first["close"]), float(last["close"]))),
        "high": _r(body.loc[hi_idx, "high"]), "high_date": body.loc[hi_idx, "date"].isoformat(),
        "low": _r(body.loc[lo_idx, "low"]), "low_date": body.loc[lo_idx, "date"].isoformat(),
        "avg_volume": int(body["volume"].mean()),
    }


def technical(frame: pd.DataFrame) -> dict[str, Any]:
    close = frame["close"].astype("float64")
    value_rsi = rsi(close, 14)
    ma = {w: sma(close, w) for w in (20, 50, 200)}
    last = float(close.iloc[-1])
    state = None
    if value_rsi is not None:
        state = "overbought" if value_rsi >= 70 else "oversold" if value_rsi <= 30 else "neutral"
    return {
        "date": frame["date"].iloc[-1].isoformat(), "close": _r(last),
        "ma20": _r(ma[20]), "ma50": _r(ma[50]), "ma200": _r(ma[200]),
        "rsi14": _r(value_rsi, 1), "rsi_state": state,
        "above_ma50": None if ma[50] is None else last > ma[50],
        "above_ma200": None if ma[200] is None else last > ma[200],
        "ma_windows": [20, 50, 200], "rsi_window": 14,
    }


def volume(frame: pd.DataFrame, period: str) -> dict[str, Any]:
    n = sessions_for(period, frame["date"])
    vol = frame["volume"].astype("float64")
    avg20 = float(vol.iloc[-21:-1].mean()) if len(vol) > 20 else float(vol.mean())
    last = float(vol.iloc[-1])
    return {
        "period": period, "date": frame["date"].iloc[-1].isoformat(), "volume": int(last),
        "avg_volume_20": int(avg20), "volume_ratio": _r(last / avg20 if avg20 else 0.0),
        "spikes": volume_spikes(frame, sessions=n), "avg_window": 20, "spike_threshold": 2,
    }


def rebased(frame: pd.DataFrame, period: str) -> list[dict[str, Any]]:
    win = _window(frame, period)
    base = float(win["close"].iloc[0])
    return [{"date": d.isoformat(), "value": _r(float(c) / base * 100.0)}
            for d, c in zip(win["date"], win["close"], strict=True)]
