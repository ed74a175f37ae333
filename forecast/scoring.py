"""Metrics of walk-forward forecasts, pooled and per ticker, as storable rows.

Each row is (horizon, scope, model, metric, value, ci_low, ci_high, n); scope is "pooled"
or a ticker. Confidence intervals are 95% moving-block bootstraps over dates, so same-day
rows and overlapping multi-day labels are resampled together. `gain_vs_<baseline>` rows give
the loss reduction in percent of the baseline's loss (positive = model better).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from forecast.metrics import (
    FloatArray,
    accuracy,
    auc,
    block_bootstrap,
    block_bootstrap_sums,
    brier,
    qlike_terms,
    rmse_vol,
)

VOL_BASELINES = ("hist20", "ewma", "garch")
POOLED = "pooled"


@dataclass(frozen=True, slots=True)
class MetricRow:
    horizon: int
    scope: str
    model: str
    metric: str
    value: float
    ci_low: float | None
    ci_high: float | None
    n: int


def _gain(
    fn_cols: FloatArray, groups: NDArray[np.int64], block: int, n_boot: int
) -> tuple[float, float, float]:
    """Percent loss reduction of column 0 (model) against column 1 (baseline), with CI."""
    iv = block_bootstrap_sums(
        fn_cols, groups.astype(np.int64), lambda s: 100.0 * (1.0 - s[0] / s[1]),
        block=block, n_boot=n_boot,
    )
    return iv.value, iv.low, iv.high


def _vol_rows(g: pd.DataFrame, h: int, scope: str, block: int, n_boot: int) -> list[MetricRow]:
    models = ["har", *[b for b in VOL_BASELINES if g[f"var_{b}"].notna().any()]]
    g = g.dropna(subset=[f"var_{m}" for m in models])
    rows: list[MetricRow] = []
    if g.empty:
        return rows
    rv = g["rv"].to_numpy()
    terms = {m: qlike_terms(rv, g[f"var_{m}"].to_numpy()) for m in models}
    valid = np.all([np.isfinite(t) for t in terms.values()], axis=0)
    groups = g["day"].to_numpy()
    n = int(valid.sum())
    for m in models:
        rows.append(MetricRow(h, scope, m, "qlike", float(terms[m][valid].mean()), None, None, n))
        rmse = rmse_vol(rv, g[f"var_{m}"].to_numpy())
        rows.append(MetricRow(h, scope, m, "rmse_vol", rmse, None, None, len(g)))
    for b in models[1:]:
        cols = np.column_stack([terms["har"][valid], terms[b][valid]])
        value, lo, hi = _gain(cols, groups[valid], block, n_boot)
        rows.append(MetricRow(h, scope, "har", f"gain_vs_{b}", value, lo, hi, n))
    return rows


def _auc_of(up: FloatArray, p: FloatArray) -> Callable[[NDArray[np.intp]], float]:
    def stat(idx: NDArray[np.intp]) -> float:
        return auc(up[idx], p[idx])

    return stat


def _direction_rows(
    g: pd.DataFrame, h: int, scope: str, block: int, n_boot: int, pooled: bool
) -> list[MetricRow]:
    up = (g["fret"].to_numpy() > 0).astype(float)
    groups = g["day"].to_numpy().astype(np.int64)
    n = len(g)
    rows: list[MetricRow] = []
    sq = {}
    for m in ("model", "base_rate"):
        p = g[f"p_{m}"].to_numpy()
        sq[m] = (p - up) ** 2
        if pooled:  # CIs of the levels pooled only; per ticker the gain CI says enough
            hits = ((p > 0.5) == (up > 0.5)).astype(float)
            b = block_bootstrap_sums(sq[m], groups, lambda s: s[0] / n, block=block,
                                     n_boot=n_boot)
            a = block_bootstrap_sums(hits, groups, lambda s: s[0] / n, block=block,
                                     n_boot=n_boot)
            iv = block_bootstrap(_auc_of(up, p), groups, block=block, n_boot=min(n_boot, 100))
            rows += [
                MetricRow(h, scope, m, "brier", b.value, b.low, b.high, n),
                MetricRow(h, scope, m, "accuracy", a.value, a.low, a.high, n),
                MetricRow(h, scope, m, "auc", iv.value, iv.low, iv.high, n),
            ]
        else:
            rows += [
                MetricRow(h, scope, m, "brier", brier(up, p), None, None, n),
                MetricRow(h, scope, m, "accuracy", accuracy(up, p), None, None, n),
                MetricRow(h, scope, m, "auc", auc(up, p), None, None, n),
            ]
    value, lo, hi = _gain(np.column_stack([sq["model"], sq["base_rate"]]), groups, block, n_boot)
    rows.append(MetricRow(h, scope, "model", "gain_vs_base_rate", value, lo, hi, n))
    rows.append(MetricRow(h, scope, "base_rate", "up_share", float(up.mean()), None, None, n))
    return rows


def _interval_rows(g: pd.DataFrame, h: int, scope: str, level: float, block: int,
                   n_boot: int) -> list[MetricRow]:
    g = g.dropna(subset=["lr_low", "lr_high"])
    if g.empty:
        return []
    inside = np.asarray(
        ((g["fret"] >= g["lr_low"]) & (g["fret"] <= g["lr_high"])).to_numpy(), dtype=float
    )
    n = len(g)
    iv = block_bootstrap_sums(inside, g["day"].to_numpy().astype(np.int64),
                              lambda s: s[0] / n, block=block, n_boot=n_boot)
    return [
        MetricRow(h, scope, "interval", "coverage", iv.value, iv.low, iv.high, n),
        MetricRow(h, scope, "interval", "level", level, None, None, n),
    ]


def score(predictions: pd.DataFrame, *, level: float = 0.8, n_boot: int = 200,
          per_ticker: bool = True) -> list[MetricRow]:
    """Metric rows for every horizon, pooled and (optionally) per ticker."""
    preds = predictions.copy()
    preds["day"] = pd.factorize(preds["date"], sort=True)[0]
    rows: list[MetricRow] = []
    for h, by_h in preds.groupby("horizon", sort=True):
        horizon = int(str(h))
        block = max(20, horizon)
        scopes: list[tuple[str, pd.DataFrame]] = [(POOLED, by_h)]
        if per_ticker:
            scopes += [(str(t), g) for t, g in by_h.groupby("ticker", sort=True)]
        for scope, g in scopes:
            pooled = scope == POOLED
            rows += _vol_rows(g, horizon, scope, block, n_boot)
            rows += _direction_rows(g, horizon, scope, block, n_boot, pooled)
            rows += _interval_rows(g, horizon, scope, level, block, n_boot)
            period = MetricRow(horizon, scope, "period", "first_date",
                               float(g["date"].min().toordinal()), None, None, len(g))
            rows.append(period)
            rows.append(MetricRow(horizon, scope, "period", "last_date",
                                  float(g["date"].max().toordinal()), None, None, len(g)))
    return rows


def rows_frame(rows: list[MetricRow]) -> pd.DataFrame:
    return pd.DataFrame([asdict(r) for r in rows], columns=list(MetricRow.__slots__))
