"""The core CLI commands end to end on a temporary data directory (real SQLite)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.cli.context import container
from app.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("STOCKELPER_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    container.cache_clear()
    yield tmp_path / "var"
    container().close()
    get_settings.cache_clear()
    container.cache_clear()


def test_init_creates_store_and_status_reports_it(data_dir: Path) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (data_dir / "stockelper.db").exists()
    status = runner.invoke(app, ["db", "status", "--json"])
    assert status.exit_code == 0, status.output
    payload = json.loads(status.stdout)
    assert payload["datasets"]["prices"]["rows"] == 0
    assert payload["runs"] == []
    assert payload["synthetic"] is False
    from app.db.repositories import list_companies

    with container().session_factory() as session:
        tickers = {c.ticker for c in list_companies(session=session, source="seed")}
    assert {"AAPL", "005930.KS", "000660.KS"} <= tickers and len(tickers) >= 230


def test_import_prices_reports_bad_lines_and_is_idempotent(tmp_path: Path) -> None:
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "DATE,TICKER,OPEN,HIGH,LOW,CLOSE,VOLUME\n"
        "2024-01-02,AAPL,185,188,183,185.5,100\n"
        "2024-01-03,AAPL,oops,188,183,185.5,100\n"
        "2024-01-04,AAPL,185,188,183,186.5,100\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["import-prices", str(csv_path), "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert (report["accepted"], report["rejected"], report["inserted"]) == (2, 1, 2)
    assert report["rejected_rows"][0]["line"] == 3
    second = json.loads(runner.invoke(app, ["import-prices", str(csv_path), "--json"]).stdout)
    assert (second["inserted"], second["updated"], second["unchanged"]) == (0, 0, 2)
    status = json.loads(runner.invoke(app, ["db", "status", "--json"]).stdout)
    assert status["datasets"]["prices"]["rows"] == 2
    assert status["datasets"]["prices"]["last"] == "2024-01-04"


def test_import_prices_missing_columns_is_a_clear_error(tmp_path: Path) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("date,ticker,close\n2024-01-02,AAPL,1\n", encoding="utf-8")
    result = runner.invoke(app, ["import-prices", str(csv_path)])
    assert result.exit_code == 1
    assert "missing column(s)" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "status", "tickers"),
    [("삼전", "found", ["005930.KS"]), ("Alphabet", "ambiguous", ["GOOGL", "GOOG"]),
     ("the weather in Seoul", "not_found", [])],
)
def test_symbols_resolve(text: str, status: str, tickers: list[str]) -> None:
    result = runner.invoke(app, ["symbols", "resolve", text, "--json"])
    payload = json.loads(result.stdout)
    assert payload["status"] == status
    assert sorted(m["ticker"] for m in payload["matches"]) == sorted(tickers)
    assert result.exit_code == (1 if status == "not_found" else 0)


def test_symbols_refresh_offline_says_why() -> None:
    result = runner.invoke(app, ["symbols", "refresh"])
    assert result.exit_code == 1
    assert "listings unavailable" in result.output
