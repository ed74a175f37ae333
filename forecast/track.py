"""Build a `TrackRecord` from stored metric rows (see `forecast.scoring`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from forecast.scoring import POOLED, VOL_BASELINES, MetricRow
from forecast.types import TargetRecord, TrackRecord

RELIABLE_POINTS = 0.05  # interval coverage within 5 points of its level counts as reliable


class _Rows:
    def __init__(self, rows: Iterable[MetricRow]) -> None:
        self._by = {(r.model, r.metric): r for r in rows}

    def get(self, model: str, metric: str) -> MetricRow | None:
        return self._by.get((model, metric))

    def value(self, model: str, metric: str) -> float:
        row = self._by.get((model, metric))
        return math.nan if row is None else row.value


def _edge(row: MetricRow | None) -> bool:
    return row is not None and row.ci_low is not None and row.ci_low > 0


def _volatility(rows: _Rows) -> TargetRecord:
    present = [b for b in VOL_BASELINES if rows.get(b, "qlike") is not None]
    if not present:
        raise LookupError("no volatility baseline in the evaluation")
    best = min(present, key=lambda b: rows.value(b, "qlike"))
    gain = rows.get("har", f"gain_vs_{best}")
    model = rows.get("har", "qlike")
    return TargetRecord(
        target="volatility", metric="QLIKE",
        model=rows.value("har", "qlike"), baseline=rows.value(best, "qlike"),
        baseline_name=best,
        gain_pct=math.nan if gain is None else gain.value,
        ci_low=None if gain is None else gain.ci_low,
        ci_high=None if gain is None else gain.ci_high,
        n=0 if model is None else model.n,
        has_edge=_edge(gain),
        gains={b: rows.value("har", f"gain_vs_{b}") for b in present},
    )


def _direction(rows: _Rows) -> TargetRecord:
    gain = rows.get("model", "gain_vs_base_rate")
    brier = rows.get("model", "brier")
    return TargetRecord(
        target="direction", metric="Brier",
        model=rows.value("model", "brier"), baseline=rows.value("base_rate", "brier"),
        baseline_name="base_rate",
        gain_pct=math.nan if gain is None else gain.value,
        ci_low=None if gain is None else gain.ci_low,
        ci_high=None if gain is None else gain.ci_high,
        n=0 if brier is None else brier.n,
        has_edge=_edge(gain),
        gains={"base_rate": rows.value("model", "gain_vs_base_rate")},
    )


def _interval(rows: _Rows) -> TargetRecord:
    cov = rows.get("interval", "coverage")
    level = rows.value("interval", "level")
    value = math.nan if cov is None else cov.value
    return TargetRecord(
        target="interval", metric="coverage", model=value, baseline=level,
        baseline_name="nominal level", gain_pct=100.0 * (value - level),
        ci_low=None if cov is None else cov.ci_low,
        ci_high=None if cov is None else cov.ci_high,
        n=0 if cov is None else cov.n,
        has_edge=abs(value - level) <= RELIABLE_POINTS,
    )


def track_record(
    rows: Iterable[MetricRow], *, version: str, horizon: int, scope: str = POOLED
) -> TrackRecord | None:
    """The record of one scope ("pooled" or a ticker); None when it was not evaluated."""
    selected = [r for r in rows if r.horizon == horizon and r.scope == scope]
    if not selected:
        return None
    by = _Rows(selected)
    first, last = by.get("period", "first_date"), by.get("period", "last_date")
    if first is None or last is None:
        return None
    return TrackRecord(
        model_version=version, horizon=horizon, scope=scope,
        period_start=date.fromordinal(int(first.value)),
        period_end=date.fromordinal(int(last.value)),
        n_forecasts=first.n,
        volatility=_volatility(by),
        direction=_direction(by),
        interval=_interval(by),
    )
