from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from forecast.registry import SqlModelRegistry, StoredModel
from forecast.scoring import POOLED, MetricRow
from forecast.service import ForecastService, ForecastUnavailable
from forecast.training import TrainingResult


class FrameLoader:
    """Bars from a DataFrame, shaped like `app.db.repositories.load_bars`."""

    def __init__(self, bars: pd.DataFrame) -> None:
        self.bars = bars
        self.calls: list[list[str]] = []

    def __call__(self, *, tickers: Sequence[str], start: date | None = None) -> pd.DataFrame:
        self.calls.append(list(tickers))
        return self.bars[self.bars["ticker"].isin(list(tickers))].reset_index(drop=True)


@pytest.fixture
def registry(
    session_factory: sessionmaker[Session], tmp_path: Path, trained: TrainingResult
) -> SqlModelRegistry:
    reg = SqlModelRegistry(session_factory=session_factory, models_dir=tmp_path / "models")
    reg.save(version=trained.version, models=trained.models, evaluation=trained.evaluation)
    return reg


def test_forecast_has_interval_and_track_record(
    registry: SqlModelRegistry, bars: pd.DataFrame, trained: TrainingResult
) -> None:
    loader = FrameLoader(bars)
    service = ForecastService(load_bars=loader, registry=registry, horizons=(1, 5))
    fc = service.forecast("000660.KS", 5)
    assert loader.calls == [["000660.KS", "005930.KS"]]  # ticker + its KOSPI proxy members
    last = bars[bars["ticker"] == "000660.KS"].iloc[-1]
    assert fc.as_of == last["date"] and fc.last_close == pytest.approx(last["close"])
    assert fc.interval_low < fc.last_close < fc.interval_high and fc.interval_level == 0.8
    assert 0.0 < fc.p_up < 1.0 and 0.0 < fc.vol_annualised < 2.0
    assert fc.vol_horizon == pytest.approx(fc.vol_annualised * (5 / 252) ** 0.5)
    assert fc.model_version == trained.version
    record = fc.track_record
    assert record.scope == POOLED and record.horizon == 5 and record.n_forecasts > 100
    assert record.volatility.baseline_name in {"hist20", "ewma"}
    assert set(record.volatility.gains) == {"hist20", "ewma"}
    assert record.direction.baseline_name == "base_rate"
    assert record.interval.baseline == 0.8
    assert fc.ticker_record is not None and fc.ticker_record.scope == "000660.KS"
    assert set(fc.has_edge) == {"volatility", "direction", "interval"}
    # the words carry the interval and the track record, in both languages
    assert f"{fc.interval_low:,.2f} to {fc.interval_high:,.2f}" in fc.summary_en
    assert f"{fc.interval_low:,.2f} ~ {fc.interval_high:,.2f}" in fc.summary_ko
    assert "Track record" in fc.summary("en") and "과거 성과" in fc.summary("ko")
    assert f"{record.n_forecasts:,} out-of-sample forecasts" in fc.summary_en
    data = fc.to_dict()
    assert data["track_record"]["volatility"]["metric"] == "QLIKE" and "has_edge" in data


def test_unavailable_cases(registry: SqlModelRegistry, bars: pd.DataFrame) -> None:
    service = ForecastService(load_bars=FrameLoader(bars), registry=registry)
    with pytest.raises(ForecastUnavailable, match="no trained 20-day model"):
        service.forecast("AAA", 20)
    with pytest.raises(ForecastUnavailable, match="not supported"):
        service.forecast("AAA", 3)
    with pytest.raises(ForecastUnavailable, match="no stored prices"):
        service.forecast("ZZZ", 5)
    short = ForecastService(load_bars=FrameLoader(bars.groupby("ticker").head(40)),
                            registry=registry)
    with pytest.raises(ForecastUnavailable, match="not enough price history"):
        short.forecast("AAA", 5)
    assert service.nearest_horizon(7) == 5 and service.nearest_horizon(15) == 20


class FixedRegistry:
    def __init__(self, stored: StoredModel) -> None:
        self.stored = stored

    def latest(self, horizon: int) -> StoredModel | None:
        return self.stored if horizon == self.stored.card.horizon else None


def _with(rows: tuple[MetricRow, ...], changes: dict[tuple[str, str], tuple[float, float, float]]
          ) -> tuple[MetricRow, ...]:
    out = []
    for r in rows:
        key = (r.model, r.metric)
        if r.scope == POOLED and key in changes:
            value, low, high = changes[key]
            r = replace(r, value=value, ci_low=low, ci_high=high)
        out.append(r)
    return tuple(out)


def test_no_edge_is_said_in_plain_words(
    registry: SqlModelRegistry, bars: pd.DataFrame
) -> None:
    stored = registry.latest(5)
    assert stored is not None
    losing = _with(stored.evaluation, {
        ("har", "qlike"): (0.60, None, None),  # type: ignore[dict-item]
        ("hist20", "qlike"): (0.55, None, None),  # type: ignore[dict-item]
        ("ewma", "qlike"): (0.58, None, None),  # type: ignore[dict-item]
        ("har", "gain_vs_hist20"): (-9.1, -15.0, -3.0),
        ("har", "gain_vs_ewma"): (-3.4, -8.0, 1.0),
        ("model", "gain_vs_base_rate"): (-0.4, -1.0, 0.2),
        ("interval", "coverage"): (0.70, 0.66, 0.74),
    })
    service = ForecastService(load_bars=FrameLoader(bars),
                              registry=FixedRegistry(replace(stored, evaluation=losing)))
    fc = service.forecast("AAA", 5)
    assert fc.has_edge == {"volatility": False, "direction": False, "interval": False}
    assert fc.track_record.volatility.baseline_name == "hist20"
    assert "no measurable edge over 20-day historical volatility" in fc.summary_en
    assert "no measurable edge over the base rate of up moves" in fc.summary_en
    assert "not well calibrated" in fc.summary_en
    assert "측정 가능한 우위가 없었습니다" in fc.summary_ko
    assert "측정 가능한 우위가 없습니다" in fc.summary_ko

    winning = _with(stored.evaluation, {
        ("har", "gain_vs_hist20"): (12.0, 8.0, 16.0),
        ("har", "gain_vs_ewma"): (6.0, 2.0, 9.0),
        ("model", "gain_vs_base_rate"): (1.5, 0.4, 2.6),
        ("interval", "coverage"): (0.79, 0.77, 0.81),
    })
    fc = ForecastService(load_bars=FrameLoader(bars),
                         registry=FixedRegistry(replace(stored, evaluation=winning))
                         ).forecast("AAA", 5)
    best = fc.track_record.volatility.baseline_name
    assert fc.has_edge["direction"] and fc.has_edge["interval"]
    assert fc.has_edge["volatility"] and "a measurable edge" in fc.summary_en
    assert "beat the base rate of up moves" in fc.summary_en
    assert "no measurable edge over the base rate" not in fc.summary_en
    assert best in {"hist20", "ewma"}
