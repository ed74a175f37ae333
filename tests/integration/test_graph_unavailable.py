"""No graph built yet: the chat still answers (the graph agent says the graph is not
available) and never creates the graph file; the web app's wiring keeps its graph page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.cli.context import container
from app.graph_access import GraphUnavailableError
from app.settings import get_settings

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path / "var"))
    for name in ("STOCKELPER_DATABASE_URL", "STOCKELPER_LLM_PROVIDER",
                 "STOCKELPER_LANGFUSE_PUBLIC_KEY", "STOCKELPER_LANGFUSE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    container.cache_clear()
    yield tmp_path / "var"
    container().close()
    get_settings.cache_clear()
    container.cache_clear()


def test_ask_before_any_graph_answers_that_it_is_unavailable(data_dir: Path) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["ask", "Who supplies Apple?", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["agents"] == ["graph"] and payload["tickers"] == ["AAPL"]
    assert "not available" in payload["answer"]
    assert not get_settings().graph_path.exists()  # the read path never creates it
    with pytest.raises(GraphUnavailableError, match="stockelper bootstrap"):
        container().graph_queries.resolve("AAPL")



def test_server_mode_wiring_connects_only_when_the_graph_is_used(tmp_path: Path) -> None:
    """Neo4j selected but unreachable: building the chat does not touch it (the driver is
    lazy), so the app starts; the graph agent is present and answers "not available" on use
    (after the driver's own retries, about 30 s: not exercised here)."""
    from app.container import Container
    from app.settings import Settings
    from kg.queries import GraphQueries

    settings = Settings(data_dir=tmp_path, graph_store="neo4j",
                        graph_url="bolt://127.0.0.1:9", llm_provider="none")
    c = Container(settings)
    try:
        assert isinstance(c.graph_queries, GraphQueries)
        assert "graph" in [a.id for a in c.chat_agents()]
        assert "graph_store" not in c.__dict__  # the read-write store is the jobs' only
    finally:
        c.close()
