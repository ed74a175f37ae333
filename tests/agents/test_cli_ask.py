"""`stockelper ask` end to end through the real container (offline mode, SQLite store and
SQLite checkpointer under a temporary data directory)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.cli.context import container
from app.settings import get_settings
from tests.agents.fixture_db import build_fixture_db

runner = CliRunner()
CONTRACT = {"answer", "language", "agents", "tickers", "citations", "as_of", "llm",
            "llm_calls", "trace_id"}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path / "var"))
    for name in ("STOCKELPER_DATABASE_URL", "STOCKELPER_LLM_PROVIDER",
                 "STOCKELPER_LANGFUSE_PUBLIC_KEY", "STOCKELPER_LANGFUSE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    container.cache_clear()
    c = container()
    c.migrate()
    build_fixture_db(c.session_factory, tickers=("AAPL", "NVDA", "005930.KS"), days=80)
    yield tmp_path / "var"
    container().close()
    get_settings.cache_clear()
    container.cache_clear()


def test_ask_json_prints_the_contract_object(data_dir: Path) -> None:
    result = runner.invoke(app, ["ask", "삼성전자 주가 알려줘", "--json", "--thread", "t1"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert CONTRACT <= set(payload)
    assert payload["agents"] == ["market"] and payload["tickers"] == ["005930.KS"]
    assert payload["language"] == "ko" and payload["llm"] is None and payload["llm_calls"] == 0
    assert payload["as_of"] in payload["answer"] and payload["trace_id"] is None
    assert (data_dir / "checkpoints.sqlite").exists()
    follow = runner.invoke(app, ["ask", "그럼 뉴스는?", "--json", "--thread", "t1"])
    assert json.loads(follow.stdout)["tickers"] == ["005930.KS"]  # resumed from the checkpoint


def test_ask_batch_prints_one_object_per_line_in_order(data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join([
        json.dumps({"q": "NVDA price", "thread": "b"}),
        json.dumps({"q": "and its news?", "thread": "b"}),
        "not json",
        json.dumps({"q": "What's the weather in Seoul?"}),
    ]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ask", "--json", "--batch", str(batch)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["agents"] for line in lines] == [["market"], ["news"], [], []]
    assert lines[1]["tickers"] == ["NVDA"] and lines[1]["citations"]
    assert lines[2]["error"] == "input" and lines[3]["answer"].startswith("I can only help")


def test_ask_streams_text_and_names_the_thread(data_dir: Path) -> None:
    result = runner.invoke(app, ["ask", "How is Apple doing?"])
    assert result.exit_code == 0, result.output
    assert "Apple Inc. (AAPL) closed at $" in result.stdout
    assert "--thread" in result.stderr


def test_service_status_reports_stores_and_freshness(data_dir: Path) -> None:
    status = container().chat_service.status()
    assert status["ok"] and status["mode"] == "offline" and status["llm"] is None
    assert status["datasets"]["prices"]["rows"] == 3 * 80
    assert status["synthetic"] is False and "market" in status["agents"]
