"""Forecast metrics and block-bootstrap confidence intervals.

Volatility losses take variances (daily units). QLIKE is Patton's robust loss in its
normalised form, `y/f - log(y/f) - 1`, zero for a perfect forecast; it is undefined when the
realised variance is zero (a flat 1-day close), so such rows are left out and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

FloatArray = NDArray[np.float64]
TRADING_DAYS = 252


def qlike_terms(realised: FloatArray, predicted: FloatArray) -> FloatArray:
    """Per-row QLIKE; NaN where the realised variance is not positive."""
    y = np.asarray(realised, dtype=float)
    f = np.asarray(predicted, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = y / f
        terms = ratio - np.log(ratio) - 1.0
    return np.where(y > 0, terms, np.nan)


def qlike(realised: FloatArray, predicted: FloatArray) -> float:
    return float(np.nanmean(qlike_terms(realised, predicted)))


def rmse_vol(realised: FloatArray, predicted: FloatArray) -> float:
    """RMSE of annualised volatility (sqrt of 252 x daily variance)."""
    diff = np.sqrt(TRADING_DAYS * np.asarray(realised)) - np.sqrt(
        TRADING_DAYS * np.asarray(predicted)
    )
    return float(np.sqrt(np.mean(diff * diff)))


def brier(outcome: FloatArray, prob: FloatArray) -> float:
    diff = np.asarray(prob, dtype=float) - np.asarray(outcome, dtype=float)
    return float(np.mean(diff * diff))


def accuracy(outcome: FloatArray, prob: FloatArray) -> float:
    hits = (np.asarray(prob) > 0.5) == (np.asarray(outcome) > 0.5)
    return float(np.mean(hits))


def auc(outcome: FloatArray, prob: FloatArray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half)."""
    y = np.asarray(outcome) > 0.5
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(np.asarray(prob, dtype=float))
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def coverage(actual: FloatArray, low: FloatArray, high: FloatArray) -> float:
    a = np.asarray(actual)
    return float(np.mean((a >= np.asarray(low)) & (a <= np.asarray(high))))


def improvement_pct(model_loss: float, baseline_loss: float) -> float:
    """How much lower the model's loss is than the baseline's, in percent of the baseline."""
    if baseline_loss == 0 or not np.isfinite(baseline_loss):
        return float("nan")
    return 100.0 * (baseline_loss - model_loss) / baseline_loss


@dataclass(frozen=True, slots=True)
class Interval:
    value: float
    low: float
    high: float


def block_bootstrap(
    stat: Callable[[NDArray[np.intp]], float],
    groups: NDArray[np.int64],
    *,
    block: int = 20,
    n_boot: int = 200,
    level: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Percentile CI of `stat(row_indices)` under a moving-block bootstrap over dates.

    `groups` gives each row's date code; whole blocks of consecutive dates are resampled, so
    rows of the same day (several tickers) and overlapping multi-day labels stay together.
    """
    groups = np.asarray(groups)
    order = np.argsort(groups, kind="stable")
    uniq, starts = np.unique(groups[order], return_index=True)
    bounds = np.append(starts, len(order))
    n_groups = len(uniq)
    value = stat(order)
    if n_groups < 2:
        return Interval(value, float("nan"), float("nan"))
    block = max(1, min(block, n_groups))
    n_blocks = int(np.ceil(n_groups / block))
    rng = np.random.default_rng(seed)
    draws = np.empty(n_boot)
    offsets = np.arange(block)
    for i in range(n_boot):
        first = rng.integers(0, n_groups - block + 1, size=n_blocks)
        chosen = (first[:, None] + offsets[None, :]).ravel()[:n_groups]
        idx = np.concatenate([order[bounds[g] : bounds[g + 1]] for g in chosen])
        draws[i] = stat(idx)
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(draws, [alpha, 1.0 - alpha])
    return Interval(value, float(low), float(high))


def block_bootstrap_sums(
    columns: FloatArray,
    groups: NDArray[np.int64],
    fn: Callable[[FloatArray], float],
    *,
    block: int = 20,
    n_boot: int = 500,
    level: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Fast block bootstrap for statistics of column sums (means, ratios of means).

    `columns` is (rows, k); `fn` maps a vector of k column sums to the statistic, e.g.
    `lambda s: s[0] / s[1]` for a mean with a column of ones.
    """
    cols = np.asarray(columns, dtype=float)
    if cols.ndim == 1:
        cols = cols[:, None]
    uniq, codes = np.unique(np.asarray(groups), return_inverse=True)
    n_groups = len(uniq)
    sums = np.zeros((n_groups, cols.shape[1]))
    np.add.at(sums, codes, cols)
    value = fn(sums.sum(axis=0))
    if n_groups < 2:
        return Interval(value, float("nan"), float("nan"))
    block = max(1, min(block, n_groups))
    n_blocks = int(np.ceil(n_groups / block))
    rng = np.random.default_rng(seed)
    first = rng.integers(0, n_groups - block + 1, size=(n_boot, n_blocks))
    chosen = (first[:, :, None] + np.arange(block)[None, None, :]).reshape(n_boot, -1)
    totals = sums[chosen[:, :n_groups]].sum(axis=1)
    draws = np.array([fn(t) for t in totals])
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(draws, [alpha, 1.0 - alpha])
    return Interval(value, float(low), float(high))
