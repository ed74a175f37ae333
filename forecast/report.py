"""Markdown evaluation report with plots (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from forecast.scoring import POOLED, MetricRow

VOL_NAMES = {"har": "HAR model", "hist20": "20-day hist. vol", "ewma": "EWMA 0.94",
             "garch": "GARCH(1,1)"}


def _fmt(value: float | None, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def _ci(row: MetricRow, digits: int = 1) -> str:
    if row.ci_low is None or row.ci_high is None:
        return ""
    return f" [{_fmt(row.ci_low, digits)}, {_fmt(row.ci_high, digits)}]"


def metrics_table(rows: Sequence[MetricRow], scope: str = POOLED) -> str:
    """Model vs every baseline, per horizon, as Markdown tables (volatility, direction)."""
    by = {(r.horizon, r.model, r.metric): r for r in rows if r.scope == scope}
    horizons = sorted({r.horizon for r in rows if r.scope == scope})
    vol = ["| h | forecaster | QLIKE | RMSE ann. vol | HAR QLIKE gain vs it, % [95% CI] |",
           "|---|---|---|---|---|"]
    dirn = ["| h | forecaster | Brier [95% CI] | accuracy | AUC | Brier gain vs base rate, % "
            "[95% CI] | n |", "|---|---|---|---|---|---|---|"]
    cover = ["| h | nominal | coverage [95% CI] | n |", "|---|---|---|---|"]
    for h in horizons:
        for m, name in VOL_NAMES.items():
            q = by.get((h, m, "qlike"))
            if q is None:
                continue
            rmse = by.get((h, m, "rmse_vol"))
            gain = by.get((h, "har", f"gain_vs_{m}"))
            gain_txt = "" if gain is None else f"{_fmt(gain.value, 1)}{_ci(gain)}"
            vol.append(f"| {h} | {name} | {_fmt(q.value)} | "
                       f"{_fmt(rmse.value if rmse else None)} | {gain_txt} |")
        for m, name in (("model", "GBM classifier"), ("base_rate", "base rate")):
            b = by.get((h, m, "brier"))
            if b is None:
                continue
            acc, auc = by.get((h, m, "accuracy")), by.get((h, m, "auc"))
            gain = by.get((h, "model", "gain_vs_base_rate")) if m == "model" else None
            gain_txt = "" if gain is None else f"{_fmt(gain.value, 2)}{_ci(gain, 2)}"
            dirn.append(
                f"| {h} | {name} | {_fmt(b.value)}{_ci(b, 4)} | "
                f"{_fmt(acc.value if acc else None, 3)} | {_fmt(auc.value if auc else None, 3)}"
                f" | {gain_txt} | {b.n:,} |"
            )
        c, lvl = by.get((h, "interval", "coverage")), by.get((h, "interval", "level"))
        if c is not None and lvl is not None:
            cover.append(f"| {h} | {lvl.value:.0%} | {_fmt(c.value, 3)}{_ci(c, 3)} | {c.n:,} |")
    return "\n".join(
        ["Volatility (daily variance forecasts; lower QLIKE is better):", "", *vol, "",
         "Direction, P(return over horizon > 0):", "", *dirn, "",
         "Price intervals:", "", *cover]
    )


def plot_volatility(predictions: pd.DataFrame, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    horizons = sorted(predictions["horizon"].unique())
    fig, axes = plt.subplots(1, len(horizons), figsize=(4.2 * len(horizons), 4), squeeze=False)
    for ax, h in zip(axes[0], horizons, strict=True):
        g = predictions[(predictions["horizon"] == h) & (predictions["rv"] > 0)]
        g = g.dropna(subset=["var_har"])
        if len(g) > 20_000:
            g = g.sample(20_000, random_state=0)
        pred = np.sqrt(252 * g["var_har"].to_numpy())
        real = np.sqrt(252 * g["rv"].to_numpy())
        ax.scatter(pred, real, s=2, alpha=0.15)
        lim = [min(pred.min(), real.min()), max(pred.max(), real.max())]
        ax.plot(lim, lim, color="black", lw=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{h}-day volatility")
        ax.set_xlabel("predicted (annualised)")
        ax.set_ylabel("realised (annualised)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_calibration(predictions: pd.DataFrame, path: Path, bins: int = 10) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    horizons = sorted(predictions["horizon"].unique())
    fig, axes = plt.subplots(1, len(horizons), figsize=(4.2 * len(horizons), 4), squeeze=False)
    for ax, h in zip(axes[0], horizons, strict=True):
        g = predictions[predictions["horizon"] == h]
        up = (g["fret"] > 0).astype(float)
        for col, label in (("p_model", "model"), ("p_base_rate", "base rate")):
            q = pd.qcut(g[col], bins, duplicates="drop")
            curve = pd.DataFrame({"p": g[col], "up": up}).groupby(q, observed=True).mean()
            ax.plot(curve["p"], curve["up"], marker="o", label=label)
        ax.plot([0.3, 0.8], [0.3, 0.8], color="black", lw=1)
        ax.set_title(f"{h}-day direction calibration")
        ax.set_xlabel("predicted P(up)")
        ax.set_ylabel("observed share up")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def write_report(
    *, path: Path, predictions: pd.DataFrame, evaluation: Sequence[MetricRow], title: str,
    notes: Sequence[str] = (),
) -> Path:
    """A Markdown report with the pooled tables, per-ticker gains and two PNG plots."""
    path.parent.mkdir(parents=True, exist_ok=True)
    vol_png = plot_volatility(predictions, path.with_name(path.stem + "_volatility.png"))
    cal_png = plot_calibration(predictions, path.with_name(path.stem + "_calibration.png"))
    tickers = sorted({r.scope for r in evaluation if r.scope != POOLED})
    by = {(r.horizon, r.scope, r.model, r.metric): r for r in evaluation}
    per = ["| ticker | h | HAR QLIKE gain vs hist20, % | vs EWMA, % | Brier gain vs base, % "
           "| coverage |", "|---|---|---|---|---|---|"]
    for t in tickers:
        for h in sorted({r.horizon for r in evaluation}):
            def v(model: str, metric: str, digits: int = 1, h: int = h, t: str = t) -> str:
                row = by.get((h, t, model, metric))
                return "n/a" if row is None else _fmt(row.value, digits)
            per.append(f"| {t} | {h} | {v('har', 'gain_vs_hist20')} | "
                       f"{v('har', 'gain_vs_ewma')} | {v('model', 'gain_vs_base_rate', 2)} | "
                       f"{v('interval', 'coverage', 3)} |")
    text = [
        f"# {title}", "", *notes, "",
        "Walk-forward, out of sample: expanding training windows, refit every fold, labels "
        "purged so no training label reaches into the test period. CIs are 95% moving-block "
        "bootstraps over dates.", "",
        metrics_table(evaluation), "",
        f"![predicted vs realised volatility]({vol_png.name})", "",
        f"![direction calibration]({cal_png.name})", "",
        "## Per ticker", "", *per, "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")
    return path
