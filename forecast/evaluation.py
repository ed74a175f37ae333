"""Walk-forward evaluation: refit every fold on the expanding, purged window; score the next.

`walk_forward` returns one row per (horizon, ticker, origin date) with the realised targets
and every model's and baseline's forecast; `forecast.scoring` turns it into metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from forecast.features import add_targets, build_features
from forecast.garch import garch_fold_forecasts
from forecast.models import DirectionModel, HarVolModel, base_rates, interval_quantiles
from forecast.splits import Fold, origin_mask, train_mask, walk_forward_folds

VOL_MODELS = ("har", "hist20", "ewma", "garch")
PROB_MODELS = ("model", "base_rate")


@dataclass(frozen=True, slots=True)
class ForecastConfig:
    horizons: tuple[int, ...] = (1, 5, 20)
    min_train: int = 756
    refit_every: int = 63
    level: float = 0.8
    garch: bool = True
    calendar: bool = False
    max_iter: int = 50
    threads: int = 1  # BLAS/OpenMP threads; more oversubscribes a shared machine


@dataclass
class FittedHorizon:
    """Everything needed to forecast one horizon, as of one training cut."""

    horizon: int
    vol: HarVolModel
    direction: DirectionModel
    base_rates: dict[str, float]
    pooled_rate: float
    q_low: float
    q_high: float
    level: float


def fit_horizon(train: pd.DataFrame, horizon: int, config: ForecastConfig) -> FittedHorizon:
    """Fit the vol and direction models and the interval quantiles on labelled rows."""
    rv = train[f"rv_{horizon}"].to_numpy(dtype=float)
    fret = train[f"fret_{horizon}"].to_numpy(dtype=float)
    up = (fret > 0).astype(float)
    vol = HarVolModel(horizon=horizon).fit(train, rv)
    features = DirectionModel(horizon=horizon).features
    if config.calendar:
        features = (*features, "dow", "month")
    direction = DirectionModel(horizon=horizon, features=features, max_iter=config.max_iter)
    direction.fit(train, up, train["date"])
    q_low, q_high = interval_quantiles(fret, vol.predict_var(train), horizon, config.level)
    return FittedHorizon(
        horizon=horizon,
        vol=vol,
        direction=direction,
        base_rates=base_rates(train["ticker"], up),
        pooled_rate=float(up.mean()),
        q_low=q_low,
        q_high=q_high,
        level=config.level,
    )


def predict_horizon(fitted: FittedHorizon, rows: pd.DataFrame) -> pd.DataFrame:
    """Model forecasts (and the simple baselines) for feature rows."""
    h = fitted.horizon
    out = pd.DataFrame({"ticker": rows["ticker"].to_numpy(), "date": rows["date"].to_numpy()})
    out["horizon"] = h
    out["var_har"] = fitted.vol.predict_var(rows)
    out["var_hist20"] = rows["var_hist20"].to_numpy()
    out["var_ewma"] = rows["var_ewma"].to_numpy()
    out["p_model"] = fitted.direction.predict_proba(rows)
    rates = rows["ticker"].map(fitted.base_rates).fillna(fitted.pooled_rate)
    out["p_base_rate"] = rates.to_numpy(dtype=float)
    sigma_h = np.sqrt(h * out["var_har"].to_numpy())
    out["lr_low"] = fitted.q_low * sigma_h
    out["lr_high"] = fitted.q_high * sigma_h
    return out


def _garch_for_fold(frame: pd.DataFrame, fold: Fold, config: ForecastConfig) -> pd.DataFrame:
    parts = []
    for ticker, g in frame.groupby("ticker", sort=False):
        fc = garch_fold_forecasts(
            g.set_index("date")["r"],
            fit_until=fold.fit_until,
            test_start=fold.test_start,
            test_end=fold.test_end,
            horizons=config.horizons,
        )
        if not fc.empty:
            parts.append(fc.rename_axis("date").reset_index().assign(ticker=ticker))
    if not parts:
        return pd.DataFrame(columns=["ticker", "date"])
    return pd.concat(parts, ignore_index=True)


def walk_forward(
    bars: pd.DataFrame,
    *,
    config: ForecastConfig | None = None,
    progress: Callable[[Fold], None] | None = None,
) -> pd.DataFrame:
    """Out-of-sample forecasts for every fold's test origins, all horizons stacked."""
    config = config or ForecastConfig()
    with threadpool_limits(limits=config.threads):
        return _walk_forward(bars, config, progress)


def _walk_forward(
    bars: pd.DataFrame, config: ForecastConfig, progress: Callable[[Fold], None] | None
) -> pd.DataFrame:
    frame = add_targets(build_features(bars, calendar=config.calendar), config.horizons)
    folds = walk_forward_folds(frame["date"], min_train=config.min_train,
                               refit_every=config.refit_every)
    results = []
    for fold in folds:
        test = frame[origin_mask(frame, fold)]
        garch = _garch_for_fold(frame, fold, config) if config.garch else None
        for h in config.horizons:
            train = frame[train_mask(frame, fold, h)]
            rows = test[test[f"rv_{h}"].notna() & test[f"fret_{h}"].notna()]
            if rows.empty:
                continue
            pred = predict_horizon(fit_horizon(train, h, config), rows)
            pred["fold"] = fold.index
            pred["rv"] = rows[f"rv_{h}"].to_numpy()
            pred["fret"] = rows[f"fret_{h}"].to_numpy()
            if garch is not None and f"var_garch_{h}" in garch:
                g = garch[["ticker", "date", f"var_garch_{h}"]]
                pred = pred.merge(g, on=["ticker", "date"], how="left")
                pred = pred.rename(columns={f"var_garch_{h}": "var_garch"})
            else:
                pred["var_garch"] = np.nan
            results.append(pred)
        if progress is not None:
            progress(fold)
    if not results:
        raise ValueError("not enough history for a single walk-forward fold")
    return pd.concat(results, ignore_index=True)
