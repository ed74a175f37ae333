from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine
from app.db.migrate import downgrade, upgrade
from forecast.registry import SqlModelRegistry
from forecast.training import TrainingResult


def test_round_trip(
    session_factory: sessionmaker[Session], tmp_path: Path, trained: TrainingResult,
    bars: pd.DataFrame,
) -> None:
    registry = SqlModelRegistry(session_factory=session_factory, models_dir=tmp_path)
    assert registry.latest(5) is None
    registry.save(version="fc-old", models=trained.models, evaluation=trained.evaluation)
    registry.save(version=trained.version, models=trained.models,
                  evaluation=trained.evaluation)
    stored = registry.latest(5)
    assert stored is not None
    card = stored.card
    assert (card.version, card.horizon) == (trained.version, 5)
    original = next(m for m in trained.models if m.fitted.horizon == 5)
    assert (card.train_start, card.train_end) == (original.train_start, original.train_end)
    assert card.n_train == original.n_train and "SPY" in card.tickers
    assert card.members["KR"] == ["000660.KS", "005930.KS"]
    assert card.params["level"] == 0.8
    expected = sorted((r.scope, r.model, r.metric) for r in trained.evaluation if r.horizon == 5)
    assert sorted((r.scope, r.model, r.metric) for r in stored.evaluation) == expected
    by_key = {(r.scope, r.model, r.metric): r for r in trained.evaluation if r.horizon == 5}
    for row in stored.evaluation:
        want = by_key[(row.scope, row.model, row.metric)]
        assert (math.isnan(want.value) and math.isnan(row.value)) or row.value == pytest.approx(
            want.value)
    rows = bars[bars["ticker"] == "AAA"]
    from forecast.features import build_features

    feats = build_features(bars).query("ticker == 'AAA'").tail(5)
    np.testing.assert_allclose(stored.fitted.vol.predict_var(feats),
                               original.fitted.vol.predict_var(feats))
    assert len(rows) > 0 and (tmp_path / trained.version / "h5.joblib").exists()
    assert registry.get("fc-old", 1) is not None and registry.get("nope", 1) is None
    assert {c.version for c in registry.versions()} == {"fc-old", trained.version}


def test_migration_0002_up_and_down(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'm.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    assert {"forecast_models", "forecast_evaluations"} <= set(inspect(engine).get_table_names())
    downgrade(url, "0001")
    engine.dispose()
    engine = make_engine(url)
    assert "forecast_models" not in inspect(engine).get_table_names()
    engine.dispose()


def test_retrain_job_stores_a_new_version(
    session_factory: sessionmaker[Session], tmp_path: Path, bars: pd.DataFrame
) -> None:
    from forecast.evaluation import ForecastConfig
    from forecast.training import retrain_job

    loaded: list[list[str]] = []

    def load(*, tickers: list[str], start: object = None) -> pd.DataFrame:
        loaded.append(list(tickers))
        return bars[bars["ticker"].isin(tickers)]

    done: list[TrainingResult] = []
    registry = SqlModelRegistry(session_factory=session_factory, models_dir=tmp_path)
    config = ForecastConfig(horizons=(5,), min_train=300, refit_every=120, garch=False,
                            max_iter=20)
    version = retrain_job(load_bars=load, registry=registry, tickers=["AAA", "SPY"],
                          config=config, on_done=done.append)
    stored = registry.latest(5)
    assert stored is not None and stored.card.version == version == done[0].version
    assert loaded == [["AAA", "SPY"]] and stored.card.tickers == ("AAA", "SPY")
    assert any(r.metric == "gain_vs_hist20" for r in stored.evaluation)
    assert registry.latest(1) is None
