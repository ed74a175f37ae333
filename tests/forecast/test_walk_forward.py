from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast.evaluation import ForecastConfig, walk_forward
from forecast.scoring import POOLED, score

CONFIG = ForecastConfig(horizons=(1, 5), min_train=280, refit_every=50, garch=True,
                         max_iter=20)
FORECASTS = ["var_har", "var_hist20", "var_ewma", "var_garch", "p_model", "p_base_rate",
             "lr_low", "lr_high"]


@pytest.fixture(scope="module")
def predictions(bars: pd.DataFrame) -> pd.DataFrame:
    return walk_forward(bars, config=CONFIG)


def test_walk_forward_cannot_peek(bars: pd.DataFrame, predictions: pd.DataFrame) -> None:
    """Rewrite every bar after a date inside the second fold: no forecast made on or before
    that date may change (models, baselines incl. GARCH, intervals)."""
    dates = sorted(pd.to_datetime(bars["date"]).unique())
    cutoff = pd.Timestamp(dates[350])  # folds test 280..329, 330..379, 380..
    changed = bars.copy()
    future = pd.to_datetime(changed["date"]) > cutoff
    rng = np.random.default_rng(3)
    shock = np.exp(rng.normal(0, 0.05, int(future.sum())))
    for col in ("open", "high", "low", "close"):
        changed.loc[future, col] = changed.loc[future, col] * shock
    again = walk_forward(changed, config=CONFIG)
    key = ["horizon", "ticker", "date"]
    before = predictions.set_index(key).sort_index()
    after = again.set_index(key).sort_index()
    past = before.index.get_level_values("date") <= cutoff
    pd.testing.assert_frame_equal(before.loc[past, FORECASTS], after.loc[past, FORECASTS])
    assert before.loc[past, "var_garch"].notna().all()
    later = ~past & (before.index.get_level_values("date") > cutoff)
    assert not np.allclose(before.loc[later, "var_har"], after.loc[later, "var_har"])


def test_every_fold_forecasts_every_test_origin(predictions: pd.DataFrame) -> None:
    assert set(predictions["horizon"]) == {1, 5}
    assert predictions["fold"].nunique() == 3
    assert predictions[["var_har", "p_model", "p_base_rate"]].notna().all().all()
    assert predictions["p_model"].between(0, 1).all()
    assert (predictions["lr_low"] < 0).all() and (predictions["lr_high"] > 0).all()


def test_scores_pooled_and_per_ticker(predictions: pd.DataFrame) -> None:
    rows = score(predictions, level=CONFIG.level, n_boot=50)
    pooled = {(r.horizon, r.model, r.metric): r for r in rows if r.scope == POOLED}
    for h in (1, 5):
        for m in ("har", "hist20", "ewma", "garch"):
            assert pooled[(h, m, "qlike")].value > 0
        gain = pooled[(h, "har", "gain_vs_hist20")]
        assert gain.ci_low is not None and gain.ci_high is not None
        assert gain.ci_low <= gain.value <= gain.ci_high
        assert 0.0 < pooled[(h, "interval", "coverage")].value <= 1.0
        assert 0.0 < pooled[(h, "model", "brier")].value < 0.5
    assert {r.scope for r in rows} == {POOLED, "AAA", "BBB", "SPY", "005930.KS", "000660.KS"}
