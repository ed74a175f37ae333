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
from scipy.optimize import minimize_scalar
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import Ridge

from forecast.features import DIRECTION_FEATURES, VAR_FLOOR, VOL_FEATURES

FloatArray = NDArray[np.float64]
LR_CRITICAL = 3.841  # chi-square, 1 degree of freedom, 5%


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
    """Gradient-boosted P(return over horizon > 0), calibrated on top of the base rate.

    The booster learns on the older part of the training window. Its log-odds, centred,
    are added to the log-odds of the ticker's base rate of up moves with a weight
    `w in [0, 1.5]` that minimises log-loss on the most recent `calib_fraction` of dates
    (which the booster did not see; a purge gap of the horizon separates the parts):
    `p = sigmoid(logit(base_rate) + w * (booster_log_odds - centre))`. A booster without
    signal gets `w` near 0, so the forecast falls back to the base rate rather than adding
    noise; and unless the weight passes a likelihood-ratio test on that window (5%, with
    overlapping labels counted as n / h samples) it is set to 0 and the forecast is the
    base rate. Forecasts use the base rates of the whole training window.
    """

    horizon: int
    features: tuple[str, ...] = DIRECTION_FEATURES
    calib_fraction: float = 0.25
    max_iter: int = 50
    used: tuple[str, ...] = ()
    booster: HistGradientBoostingClassifier | None = None
    weight: float = 0.0
    centre: float = 0.0
    fitted: bool = False
    rates: dict[str, float] = field(default_factory=dict)
    pooled_rate: float = 0.5

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
        # a column with no value yet (e.g. 252-day return on a short history) is left out
        seen: NDArray[np.bool_] = np.asarray(np.isfinite(x[fit_rows]).any(axis=0))
        self.used = tuple(f for f, ok in zip(self.features, seen.tolist(), strict=True) if ok)
        x = x[:, seen]
        self.booster = self._new_booster().fit(x[fit_rows], y[fit_rows])
        tickers = frame["ticker"]
        self.rates = base_rates(tickers[fit_rows], y[fit_rows])
        self.pooled_rate = float(y[fit_rows].mean())
        raw = self._log_odds(x[cal_rows])
        self.centre = float(raw.mean())
        prior, target = self._prior(tickers[cal_rows]), y[cal_rows]

        def log_loss(w: float) -> float:
            p = np.clip(_sigmoid(prior + w * (raw - self.centre)), 1e-9, 1 - 1e-9)
            return float(-np.mean(target * np.log(p) + (1 - target) * np.log(1 - p)))

        weight = float(minimize_scalar(log_loss, bounds=(0.0, 1.5), method="bounded").x)
        # keep the booster only if it beats the base rate on the held-out window by a
        # likelihood-ratio test at 5%, counting overlapping h-day labels as n / h samples
        n_eff = int(cal_rows.sum()) / self.horizon
        lr_stat = 2.0 * n_eff * (log_loss(0.0) - log_loss(weight))
        self.weight = weight if lr_stat > LR_CRITICAL else 0.0
        self.rates, self.pooled_rate = base_rates(tickers, y), float(y.mean())
        self.fitted = True
        return self

    def _prior(self, tickers: pd.Series) -> FloatArray:
        rate = tickers.map(self.rates).fillna(self.pooled_rate).to_numpy(dtype=float)
        rate = np.clip(rate, 0.01, 0.99)
        return np.asarray(np.log(rate / (1.0 - rate)))

    def _log_odds(self, x: FloatArray) -> FloatArray:
        assert self.booster is not None, "fit first"
        p = np.clip(self.booster.predict_proba(x)[:, 1], 1e-6, 1 - 1e-6)
        return np.asarray(np.log(p / (1.0 - p)))

    def predict_proba(self, frame: pd.DataFrame) -> FloatArray:
        assert self.fitted, "fit first"
        raw = self._log_odds(_matrix(frame, self.used))
        return _sigmoid(self._prior(frame["ticker"]) + self.weight * (raw - self.centre))


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


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
