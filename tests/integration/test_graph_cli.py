"""The graph through the CLI on a temporary data directory (real SQLite, real embedded graph,
network off): `bootstrap` builds it from the demo data, `ask` answers from it, `collect
graph` records a run, and the scheduler lists the graph and forecast jobs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.util import ref_to_obj
from typer.testing import CliRunner

from app.cli import app
from app.cli.collect import scheduled_jobs
from app.cli.context import container
from app.settings import get_settings
from kg.relations import load_relations

runner = CliRunner()


def _reset() -> None:
    get_settings.cache_clear()
    container.cache_clear()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One bootstrapped store for the module (demo data: the network is off in tests)."""
    path = tmp_path_factory.mktemp("graph-cli") / "var"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STOCKELPER_DATA_DIR", str(path))
        for name in ("STOCKELPER_DATABASE_URL", "STOCKELPER_LLM_PROVIDER",
                     "STOCKELPER_LANGFUSE_PUBLIC_KEY", "STOCKELPER_LANGFUSE_SECRET_KEY"):
            mp.delenv(name, raising=False)
        _reset()
        assert runner.invoke(app, ["init"]).exit_code == 0
        boot = runner.invoke(app, ["bootstrap", "--json"])
        assert boot.exit_code == 0, boot.output
        payload = json.loads(boot.stdout)
        assert payload["mode"] == "demo" and "Company graph: success" in payload["message"]
        container().close()
        _reset()
        yield path
        container().close()
        _reset()


def _ask(question: str) -> dict[str, object]:
    result = runner.invoke(app, ["ask", question, "--json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def _suppliers_of(ticker: str) -> set[str]:
    """From kg/data/relations.csv, read by kg's own loader."""
    return {r.src for r in load_relations() if r.type == "SUPPLIES" and r.dst == ticker}


def test_after_bootstrap_the_graph_agent_names_apples_suppliers(data_dir: Path) -> None:
    payload = _ask("Who supplies Apple?")
    assert payload["agents"] == ["graph"] and payload["tickers"] == ["AAPL"]
    answer = str(payload["answer"])
    named = {t for t in _suppliers_of("AAPL") if f"({t})" in answer}
    assert len(named) >= 3, answer  # e.g. TSMC, LG Innotek, SK hynix with their evidence
    assert "TSMC manufactures Apple" in answer  # the curated evidence, not a template


def test_korean_questions_reach_the_graph_too(data_dir: Path) -> None:
    competitors = _ask("삼성전자 경쟁사는?")
    assert "graph" in competitors["agents"]  # type: ignore[operator]
    assert competitors["language"] == "ko" and "SK하이닉스" in str(competitors["answer"])
    suppliers = _ask("애플 공급업체 알려줘")
    assert suppliers["agents"] == ["graph"] and "LG이노텍" in str(suppliers["answer"])


def test_collect_graph_records_a_run_and_the_summary_row(data_dir: Path) -> None:
    result = runner.invoke(app, ["collect", "graph", "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)["reports"]
    assert report["job"] == "graph" and report["status"] == "success"
    assert report["counts"]["relations"] >= 250 and report["counts"]["edges"] >= 250
    table = runner.invoke(app, ["collect", "graph"])
    assert table.exit_code == 0 and "graph" in table.stdout and "merged" in table.stdout
    runs = json.loads(runner.invoke(app, ["runs", "--job", "graph", "--json"]).stdout)
    assert [r["status"] for r in runs] == ["success"] * 3  # bootstrap + the two above
    assert all(r["counts"]["demo_profiles_left_out"] > 0 for r in runs)


def test_an_unknown_job_names_graph_among_the_choices(data_dir: Path) -> None:
    result = runner.invoke(app, ["collect", "graphs"])
    assert result.exit_code == 1 and "graph" in result.output


def test_the_scheduler_runs_graph_and_retrain_after_the_last_collection(
    data_dir: Path,
) -> None:
    specs = {s.id: s for s in scheduled_jobs(container())}
    assert {"prices-us", "news-us", "prices-kr", "news-kr", "profiles", "graph",
            "forecast-retrain"} == set(specs)
    assert specs["graph"].lock == "collect-graph"  # shared with `stockelper collect graph`
    for job_id in ("graph", "forecast-retrain"):
        assert callable(ref_to_obj(specs[job_id].target))
    for now in (datetime(2026, 11, 20, 12, tzinfo=UTC), datetime(2026, 7, 1, 12, tzinfo=UTC)):
        news = specs["news-us"].trigger().get_next_fire_time(None, now)
        graph = specs["graph"].trigger().get_next_fire_time(None, now)
        retrain = specs["forecast-retrain"].trigger().get_next_fire_time(None, now)
        kr_news = specs["news-kr"].trigger().get_next_fire_time(None, now)
        assert news is not None and graph is not None and retrain is not None
        assert kr_news is not None
        assert news < graph < retrain  # after the US news, in every season
        assert (graph - news).total_seconds() == 45 * 60
        assert graph.weekday() < 5 and graph.hour == 19


def test_scheduled_graph_runs_the_job_under_the_ledger(data_dir: Path) -> None:
    from app.cli.graph_job import scheduled_graph

    scheduled_graph(container=container())
    runs = json.loads(runner.invoke(app, ["runs", "--job", "graph", "--json"]).stdout)
    assert runs[0]["status"] == "success"


def test_bootstrap_again_updates_the_graph_unless_a_graph_run_holds_the_lock(
    data_dir: Path,
) -> None:
    from collectors.locks import job_lock

    again = json.loads(runner.invoke(app, ["bootstrap", "--json"]).stdout)
    assert again["mode"] == "existing" and "Company graph: success" in again["message"]
    c = container()
    with job_lock(engine=c.engine, lock_dir=data_dir / "locks", name="collect-graph") as held:
        assert held
        busy = json.loads(runner.invoke(app, ["bootstrap", "--json"]).stdout)
    assert "Company graph: skipped, another graph run is in progress" in busy["message"]
