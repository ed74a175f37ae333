from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from app.cli import app
from app.cli.context import container
from app.db.repositories import upsert_prices
from app.records import PriceBar
from app.settings import get_settings

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bars: pd.DataFrame) -> Iterator[Path]:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("STOCKELPER_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    container.cache_clear()
    c = container()
    c.migrate()
    records = [
        PriceBar(r.ticker, r.date, r.open, r.high, r.low, r.close, int(r.volume), None, "test")
        for r in bars.itertuples()
    ]
    with c.session_factory() as session:
        upsert_prices(session=session, bars=records)
        session.commit()
    yield tmp_path
    container().close()
    get_settings.cache_clear()
    container.cache_clear()


@pytest.mark.slow  # a full train run through the CLI (about 10 s of CPU)
def test_train_then_forecast_json(store: Path) -> None:
    report = store / "out" / "report.md"
    small = ["--min-train", "280", "--refit-every", "70", "--no-garch"]
    result = runner.invoke(app, ["forecast", "train", *small, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "stored model version fc-" in result.output
    assert "| 5 | HAR model |" in result.output and "| 20 | base rate |" in result.output
    text = report.read_text(encoding="utf-8")
    assert "![predicted vs realised volatility](report_volatility.png)" in text
    assert (store / "out" / "report_volatility.png").stat().st_size > 1000
    assert (store / "out" / "report_calibration.png").stat().st_size > 1000

    result = runner.invoke(app, ["forecast", "BBB", "--horizon", "20", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ticker"] == "BBB" and data["horizon"] == 20
    assert data["interval_low"] < data["last_close"] < data["interval_high"]
    assert set(data["has_edge"]) == {"volatility", "direction", "interval"}
    assert data["track_record"]["direction"]["baseline_name"] == "base_rate"

    result = runner.invoke(app, ["forecast", "000660.KS", "--lang", "ko"])
    assert result.exit_code == 0 and "과거 성과" in result.output


def test_forecast_without_model_fails_clearly(store: Path) -> None:
    result = runner.invoke(app, ["forecast", "AAA"])
    assert result.exit_code == 1
    assert "no trained 5-day model" in result.output
