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
