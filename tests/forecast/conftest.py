"""Synthetic daily bars for forecast tests: small, deterministic, no shared data needed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

US = ("AAA", "BBB", "SPY")
KR = ("005930.KS", "000660.KS")


def make_bars(
    tickers: tuple[str, ...] = US + KR, n_days: int = 420, seed: int = 7
) -> pd.DataFrame:
    """GARCH-like returns with a common market factor; Korean tickers skip a few days."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2020-01-01", periods=n_days)
    market = rng.standard_normal(n_days)
    rows = []
    for k, ticker in enumerate(tickers):
        var = 1e-4 * (1 + k % 3)
        r = np.empty(n_days)
        shocks = 0.6 * market + 0.8 * rng.standard_normal(n_days)
        for t in range(n_days):
            r[t] = np.sqrt(var) * shocks[t] + 0.0002
            var = 2e-6 + 0.08 * r[t] ** 2 + 0.9 * var
        close = 100.0 * (1 + k) * np.exp(np.cumsum(r))
        open_ = close * np.exp(0.3 * np.sqrt(var) * rng.standard_normal(n_days))
        spread = np.abs(rng.standard_normal(n_days)) * 0.01 * close
        frame = pd.DataFrame({
            "ticker": ticker,
            "date": dates.date,
            "open": open_,
            "high": np.maximum(open_, close) + spread,
            "low": np.minimum(open_, close) - spread,
            "close": close,
            "adj_close": np.nan,
            "volume": rng.lognormal(13, 0.3, n_days).astype(np.int64),
        })
        if ticker.endswith(".KS"):
            frame = frame.drop(index=frame.index[50::37])  # different holidays
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="session")
def bars() -> pd.DataFrame:
    return make_bars()




@pytest.fixture(scope="session")
def trained(bars: pd.DataFrame) -> object:
    """Walk-forward evaluation plus final models on the synthetic bars (no GARCH: speed)."""
    from forecast.evaluation import ForecastConfig
    from forecast.training import train_and_evaluate

    config = ForecastConfig(horizons=(1, 5), min_train=280, refit_every=70, garch=False,
                            max_iter=20)
    return train_and_evaluate(bars, config=config, n_boot=50)
