from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast.features import DIRECTION_FEATURES, VOL_FEATURES
from forecast.models import DirectionModel, HarVolModel, interval_quantiles


def _frame(n_days: int, signal: float, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    dates = np.repeat(pd.bdate_range("2020-01-01", periods=n_days), 4)
    tickers = np.tile(["A", "B", "C", "D"], n_days)
    frame = pd.DataFrame(rng.standard_normal((len(dates), len(DIRECTION_FEATURES))),
                         columns=list(DIRECTION_FEATURES))
    frame["ticker"], frame["date"] = tickers, dates
    base = np.where(tickers == "A", 0.7, 0.5)
    logit = np.log(base / (1 - base)) + signal * frame["ret_5"].to_numpy()
    up = (rng.random(len(frame)) < 1 / (1 + np.exp(-logit))).astype(float)
    return frame, up


def test_direction_without_signal_is_the_base_rate() -> None:
    frame, up = _frame(400, signal=0.0)
    model = DirectionModel(horizon=1, max_iter=20).fit(frame, up, frame["date"])
    assert model.weight == 0.0
    p = model.predict_proba(frame)
    rate_a = up[frame["ticker"] == "A"].mean()
    assert p[(frame["ticker"] == "A").to_numpy()] == pytest.approx(rate_a)


def test_direction_keeps_a_real_signal() -> None:
    frame, up = _frame(400, signal=1.5)
    model = DirectionModel(horizon=1, max_iter=20).fit(frame, up, frame["date"])
    assert model.weight > 0.3
    test, y = _frame(100, signal=1.5, seed=1)
    p = model.predict_proba(test)
    base = np.where(test["ticker"] == "A", up[frame["ticker"] == "A"].mean(),
                    up[frame["ticker"] != "A"].mean())
    assert np.mean((p - y) ** 2) < np.mean((base - y) ** 2) - 0.01


def test_har_forecast_is_unbiased_in_level() -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(-9, 0.5, (3000, len(VOL_FEATURES))),
                         columns=list(VOL_FEATURES))
    true_var = np.exp(frame["har_m"].to_numpy())
    realised = true_var * rng.chisquare(5, 3000) / 5
    model = HarVolModel(horizon=5).fit(frame, realised)
    pred = model.predict_var(frame)
    assert np.mean(realised / pred) == pytest.approx(1.0)
    assert np.corrcoef(np.log(pred), np.log(true_var))[0, 1] > 0.9
    frame.loc[0, "har_w"] = np.nan
    assert np.isnan(model.predict_var(frame.head(2))[0])


def test_interval_quantiles_of_standardised_returns() -> None:
    z = np.random.default_rng(0).standard_normal(20000)
    low, high = interval_quantiles(z * np.sqrt(5 * 1e-4), np.full(20000, 1e-4), 5, 0.8)
    assert low == pytest.approx(-1.2816, abs=0.05) and high == pytest.approx(1.2816, abs=0.05)
