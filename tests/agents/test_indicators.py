"""Indicators over generated series with known answers."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from agents.indicators import rsi, sessions_for, sma, split_bars, volume_spikes


def test_rsi_extremes_and_balance() -> None:
    assert rsi(np.arange(1.0, 40.0)) == 100.0
    assert rsi(np.arange(40.0, 1.0, -1.0)) == pytest.approx(0.0)
    zigzag = np.array([10.0, 11.0] * 20)
    assert rsi(zigzag) == pytest.approx(50.0, abs=3.0)
    assert rsi(np.arange(1.0, 10.0)) is None  # fewer than 15 closes


def test_sma_and_sessions() -> None:
    assert sma(np.arange(1.0, 21.0), 20) == pytest.approx(10.5)
    assert sma(np.arange(5.0), 20) is None
    days = [date(2025, 12, 29) + timedelta(days=i) for i in range(10)]
    assert sessions_for("ytd", days) == 7  # 2026-01-01 .. 01-07 after the 2025 close
    assert sessions_for("1w", days) == 5


def test_split_bars_and_volume_spikes() -> None:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(30)]
    volume = [100.0] * 30
    volume[25] = 350.0
    frame = pd.DataFrame({
        "ticker": ["A"] * 30 + ["B"] * 30, "date": days * 2,
        "open": 1.0, "high": 1.0, "low": 1.0, "close": [1.0] * 60, "volume": volume * 2,
        "source": ["x"] * 30 + ["demo"] * 30,
    })
    bars = split_bars(frame)
    assert list(bars) == ["A", "B"] and len(bars["A"]) == 30
    assert not bars["A"].synthetic and bars["B"].synthetic
    spikes = volume_spikes(bars["A"], sessions=10)
    assert [(s["date"], s["ratio"]) for s in spikes] == [(days[25].isoformat(), 3.5)]


def test_long_charts_use_weekly_bars() -> None:
    from agents.market_ops import chart_rows

    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(700) if
            (date(2024, 1, 1) + timedelta(days=i)).weekday() < 5]
    n = len(days)
    frame = pd.DataFrame({"ticker": "A", "date": days, "open": np.arange(n, dtype=float),
                          "high": np.arange(n) + 1.0, "low": np.arange(n) - 1.0,
                          "close": np.arange(n) + 0.5, "volume": 10.0, "source": "x"})
    bars = split_bars(frame)["A"]
    rows = chart_rows(bars)
    assert len(rows) == 100 and rows[0]["volume"] == 50  # 2024-01-01 was a Monday
    assert rows[0]["open"] == 0.0 and rows[0]["close"] == 4.5 and rows[0]["high"] == 5.0
    assert rows[-1]["date"] == days[-1].isoformat()
    assert len(chart_rows(bars.tail(250))) == 250  # a year or less stays daily
