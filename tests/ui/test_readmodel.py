"""The SQL read model on a real SQLite store, and the graph explorer over a graph store."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from forecast.registry import ModelCard, StoredModel
from forecast.scoring import MetricRow
from kg.queries import UnknownCompanyError
from kg.results import GraphEdge, GraphNode, Subgraph
from tests.ui.fake_ports import APPLE, SAMSUNG
from ui.forecast_readmodel import RegistryTrackRecord
from ui.graph_readmodel import QueriesGraphExplorer
from ui.readmodel import SqlReadModel


def test_freshness_runs_and_watchlist(read_model: SqlReadModel) -> None:
    fresh = {d.name: d for d in read_model.freshness()}
    assert set(fresh) == {"prices", "news", "profiles"}
    assert fresh["prices"].rows == 6 and str(fresh["prices"].newest) == "2026-11-20"
    assert fresh["prices"].last_success is not None and fresh["news"].last_success is None
    runs = read_model.runs(limit=10)
    assert [r.job for r in runs] == ["news", "prices"]  # newest first
    assert runs[0].status == "failed" and runs[0].errors[0]["ticker"] == "AAPL"
    assert read_model.add_to_watchlist(["AAPL", "NVDA"]) == ["NVDA"]
    assert read_model.remove_from_watchlist(["MSFT"]) == 1
    assert read_model.watchlist() == ["AAPL", "NVDA"]


class _Queries:
    """kg.queries.GraphQueries' `subgraph`, returning the real result types."""

    def subgraph(self, company: str, *, max_nodes: int = 40) -> Subgraph:
        if company != "NVDA":
            raise UnknownCompanyError(company)
        return Subgraph(
            center="NVDA",
            nodes=(GraphNode("NVDA", "Company", "NVIDIA", "엔비디아", 0),
                   GraphNode("TSM", "Company", "TSMC", "TSMC", 1),
                   GraphNode("Technology", "Sector", "Technology", "기술", 1)),
            edges=(GraphEdge("TSM", "NVDA", "SUPPLIES", "supplies", "공급", "annual report"),
                   GraphEdge("NVDA", "Technology", "IN_SECTOR", "in sector", "업종")),
        )


class _Directory:
    def companies(self) -> list[Any]:
        return [SAMSUNG, APPLE]


def test_graph_explorer_turns_a_subgraph_into_a_view() -> None:
    explorer = QueriesGraphExplorer(queries=_Queries(), directory=_Directory())
    assert explorer.companies()[0] == ("005930.KS", "Samsung Electronics", "삼성전자")
    view = explorer.neighbourhood("NVDA")
    assert {n["id"]: n["kind"] for n in view.nodes} == {
        "NVDA": "Company", "TSM": "Company", "Technology": "Sector"}
    assert {(e["source"], e["target"], e["label_ko"]) for e in view.edges} == {
        ("TSM", "NVDA", "공급"), ("NVDA", "Technology", "업종")}
    assert explorer.neighbourhood("ZZZZ").edges == []


class _Registry:
    def __init__(self, stored: dict[int, StoredModel]) -> None:
        self.stored, self.loads = stored, 0

    def versions(self) -> list[ModelCard]:
        return [m.card for m in self.stored.values()]

    def latest(self, horizon: int) -> StoredModel | None:
        self.loads += 1
        return self.stored.get(horizon)


def _stored(horizon: int) -> StoredModel:
    card = ModelCard(version="v1", horizon=horizon, created_at=datetime(2026, 11, 21),
                     train_start=date(2016, 1, 4), train_end=date(2026, 11, 20), n_train=900,
                     tickers=("AAPL", "MSFT"), members={}, params={"level": 0.8})
    rows = (MetricRow(horizon, "pooled", "interval", "coverage", 0.78, 0.75, 0.81, 500),
            MetricRow(horizon, "pooled", "model", "brier", 0.247, None, None, 500),
            MetricRow(horizon, "AAPL", "model", "brier", 0.2, None, None, 250),
            MetricRow(horizon, "pooled", "model", "gain_vs_base_rate", 1.0, -0.2, 2.1, 500))
    return StoredModel(card=card, fitted=None, evaluation=rows)  # type: ignore[arg-type]


def test_track_record_from_the_registry() -> None:
    assert RegistryTrackRecord(registry=_Registry({})).track_record() is None
    registry = _Registry({5: _stored(5), 20: _stored(20)})
    port = RegistryTrackRecord(registry=registry)
    report = port.track_record()
    assert report is not None and report.level == 0.8 and report.tickers == ["AAPL", "MSFT"]
    assert report.as_of == date(2026, 11, 20)
    assert {(m["horizon"], m["model"], m["metric"]) for m in report.metrics} == {
        (5, "interval", "coverage"), (5, "model", "brier"),
        (20, "interval", "coverage"), (20, "model", "brier")}  # pooled, shown metrics only
    loads = registry.loads
    assert port.track_record() == report and registry.loads == loads  # cached until a new model
