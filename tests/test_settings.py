"""Settings: one object from STOCKELPER_* variables, URL normalisation, placeholder refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.settings import Settings


def test_defaults_are_embedded_under_data_dir(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path))
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.sql_url == f"sqlite:///{tmp_path.as_posix()}/stockelper.db"
    assert s.graph_store == "embedded" and s.graph_path == tmp_path / "graph.lbug"
    assert s.llm_provider == "none" and not s.tracing_enabled
    assert "AAPL" in s.watchlist and "005930.KS" in s.watchlist


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("AAPL, 005930.KS,NVDA", ["AAPL", "005930.KS", "NVDA"]),
     ('["MSFT", "000660.KS"]', ["MSFT", "000660.KS"]), ("TSLA", ["TSLA"])],
)
def test_watchlist_from_environment(monkeypatch: pytest.MonkeyPatch, raw: str,
                                    expected: list[str]) -> None:
    monkeypatch.setenv("STOCKELPER_WATCHLIST", raw)
    assert Settings(_env_file=None).watchlist == expected  # type: ignore[call-arg]


def test_postgres_urls_are_normalised() -> None:
    s = Settings(database_url="postgres://u:p@db/x", _env_file=None)  # type: ignore[call-arg]
    assert s.sql_url == "postgresql+psycopg://u:p@db/x" and not s.is_sqlite


def test_production_refuses_placeholders() -> None:
    with pytest.raises(ValidationError, match="STOCKELPER_LLM_API_KEY"):
        Settings(environment="production", llm_api_key="change-me-openai",  # type: ignore[arg-type]
                 _env_file=None)  # type: ignore[call-arg]
    ok = Settings(environment="development", llm_api_key="change-me",  # type: ignore[arg-type]
                  _env_file=None)  # type: ignore[call-arg]
    assert ok.llm_api_key is not None


def test_trace_links_use_the_public_langfuse_url() -> None:
    off = Settings(_env_file=None)  # type: ignore[call-arg]
    assert off.trace_url_template is None
    on = Settings(langfuse_public_key="pk-lf-x", langfuse_secret_key="sk-lf-y",  # type: ignore[arg-type]
                  langfuse_host="http://langfuse-web:3000",
                  langfuse_public_url="http://localhost:3000/", _env_file=None)  # type: ignore[call-arg]
    assert on.trace_url_template == "http://localhost:3000/trace/{trace_id}"
