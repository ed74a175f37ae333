"""The collection CLI end to end on a temporary SQLite store (network blocked), and the
scheduler process shutting down cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.cli.context import container
from app.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STOCKELPER_WATCHLIST", json.dumps(["AAPL", "NVDA", "005930.KS"]))
    monkeypatch.delenv("STOCKELPER_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    container.cache_clear()
    yield CliRunner()
    container().close()
    container.cache_clear()
    get_settings.cache_clear()


def test_demo_data_then_runs_and_an_offline_collect_that_says_failed(cli: CliRunner) -> None:
    out = cli.invoke(app, ["demo-data", "--years", "0.5", "--news", "30"])
    assert out.exit_code == 0, out.output
    assert "SYNTHETIC" in out.output
    result = cli.invoke(app, ["collect", "profiles", "--tickers", "AAPL", "--json"])
    assert result.exit_code == 1  # network blocked in tests: the only job failed
    payload = json.loads(result.output)
    (report,) = payload["reports"]
    assert report["status"] == "failed" and report["tickers_failed"] == ["AAPL"]
    assert payload["synthetic_data_present"] is True
    listed = cli.invoke(app, ["runs", "--job", "profiles", "--json"])
    assert listed.exit_code == 0
    (run,) = json.loads(listed.output)
    assert run["status"] == "failed" and run["errors"][0]["ticker"] == "AAPL"
    table = cli.invoke(app, ["runs"])
    assert "profiles" in table.output and "failed" in table.output


def test_collect_rejects_bad_arguments(cli: CliRunner) -> None:
    assert cli.invoke(app, ["collect", "weather"]).exit_code == 1
    assert cli.invoke(app, ["collect", "prices", "--since", "yesterday"]).exit_code == 1


def test_scheduler_process_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "STOCKELPER_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1",
           "COLUMNS": "200"}
    env.pop("STOCKELPER_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", "scheduler"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # wait for the scheduler's own "started" log line
            seen.append(line)
            if "Scheduler started" in line:
                break
        else:
            pytest.fail("scheduler never started:\n" + "".join(seen))
        proc.send_signal(signal.SIGTERM)
        stdout, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "prices-us" in stdout and "Asia/Seoul" in stdout and "Scheduler stopped." in stdout
    assert "forecast-retrain" in stdout and "company graph" in stdout  # nightly, after news
