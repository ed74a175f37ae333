"""Forecast models, pooled across tickers: HAR-style volatility and calibrated direction.

Both are fitted per horizon on a feature frame (see `forecast.features`) and never see the
target columns at prediction time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression, Ridge

from forecast.features import DIRECTION_FEATURES, VAR_FLOOR, VOL_FEATURES

FloatArray = NDArray[np.float64]


def _matrix(frame: pd.DataFrame, columns: Sequence[str]) -> FloatArray:
    return np.asarray(frame.loc[:, list(columns)].to_numpy(dtype=float))


@dataclass
class HarVolModel:
    """Log-space HAR regression of the mean daily variance over the next `horizon` bars.

    Ridge on log variance components (daily / weekly / monthly / quarterly realised,
    range-based and market terms, leverage). Exp of a log forecast is biased low, so the
    forecast is rescaled by `scale = mean(realised / exp(fit))` on the training rows, the
    constant that minimises QLIKE in-sample (Duan's smearing for the mean).
    """

    horizon: int
    features: tuple[str, ...] = VOL_FEATURES
    alpha: float = 1.0
    scale: float = 1.0
    regression: Ridge = field(default_factory=lambda: Ridge(alpha=1.0))

    def fit(self, frame: pd.DataFrame, realised: FloatArray) -> HarVolModel:
        x = _matrix(frame, self.features)
        y = np.asarray(realised, dtype=float)
        ok = np.isfinite(x).all(axis=1) & np.isfinite(y)
        if ok.sum() < 50:
            raise ValueError("too few complete rows to fit the volatility model")
        x, y = x[ok], y[ok]
        self.regression = Ridge(alpha=self.alpha).fit(x, np.log(np.maximum(y, VAR_FLOOR)))
        fitted = np.exp(self.regression.predict(x))
        self.scale = float(np.mean(y / fitted))
        return self

    def predict_var(self, frame: pd.DataFrame) -> FloatArray:
        """Mean daily variance over the horizon; NaN where a feature is missing."""
        x = _matrix(frame, self.features)
        ok = np.isfinite(x).all(axis=1)
        out = np.full(len(frame), np.nan)
        if ok.any():
            out[ok] = self.scale * np.exp(self.regression.predict(x[ok]))
        return out


@dataclass
class DirectionModel:
    """Gradient-boosted P(return over horizon > 0) with Platt calibration.

    The booster learns on the older part of the training window; a logistic map of its
    log-odds is fitted on the most recent `calib_fraction` of dates, which the booster did
    not see (with a purge gap of the horizon between the two parts).
    """

    horizon: int
    features: tuple[str, ...] = DIRECTION_FEATURES
    calib_fraction: float = 0.25
    max_iter: int = 50
    booster: HistGradientBoostingClassifier | None = None
    platt: LogisticRegression | None = None

    def _new_booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=0.1,
            max_bins=63,
            max_leaf_nodes=15,
            min_samples_leaf=400,
            l2_regularization=1.0,
            random_state=0,
        )

    def fit(
        self, frame: pd.DataFrame, up: FloatArray, dates: pd.Series
    ) -> DirectionModel:
        x = _matrix(frame, self.features)
        y = np.asarray(up, dtype=int)
        days = pd.DatetimeIndex(pd.unique(pd.to_datetime(dates))).sort_values()
        cut = int(len(days) * (1.0 - self.calib_fraction))
        if cut - self.horizon < 10 or len(days) - cut < 10:
            raise ValueError("too few dates to fit and calibrate the direction model")
        d = pd.to_datetime(dates).to_numpy()
        fit_rows = d < days[cut - self.horizon].to_datetime64()
        cal_rows = d >= days[cut].to_datetime64()
        self.booster = self._new_booster().fit(x[fit_rows], y[fit_rows])
        raw = self._log_odds(x[cal_rows])
        self.platt = LogisticRegression(C=1.0).fit(raw[:, None], y[cal_rows])
        return self

    def _log_odds(self, x: FloatArray) -> FloatArray:
        assert self.booster is not None, "fit first"
        p = np.clip(self.booster.predict_proba(x)[:, 1], 1e-6, 1 - 1e-6)
        return np.asarray(np.log(p / (1.0 - p)))

    def predict_proba(self, frame: pd.DataFrame) -> FloatArray:
        assert self.platt is not None, "fit first"
        raw = self._log_odds(_matrix(frame, self.features))
        return np.asarray(self.platt.predict_proba(raw[:, None])[:, 1])


def base_rates(tickers: pd.Series, up: FloatArray) -> dict[str, float]:
    """Share of up moves per ticker in the training rows (the direction baseline)."""
    rates = pd.Series(np.asarray(up, dtype=float), index=tickers.to_numpy()).groupby(level=0)
    return {str(k): float(v) for k, v in rates.mean().items()}


def interval_quantiles(
    fret: FloatArray, var: FloatArray, horizon: int, level: float
) -> tuple[float, float]:
    """Quantiles of standardised horizon log returns, `fret / sqrt(h * var)`.

    The price interval is lognormal in shape, `close * exp(q * sigma_h)`, with q taken from
    the training window instead of the normal table, so fat tails and drift are priced in.
    """
    z = np.asarray(fret) / np.sqrt(horizon * np.asarray(var))
    z = z[np.isfinite(z)]
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(z, [alpha, 1.0 - alpha])
    return float(lo), float(hi)
