"""The SQL read model on a real SQLite store, and the graph explorer over a graph store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.schema import Edge, Node, Path
from tests.ui.fake_ports import APPLE, SAMSUNG
from ui.graph_readmodel import KgGraphExplorer
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


class _Store:
    """A graph store double returning kg.schema values, as the real adapters do."""

    def __init__(self) -> None:
        self.nv = Node("Company", "NVDA", {"name_en": "NVIDIA", "name_ko": "엔비디아"})
        self.tsm = Node("Company", "TSM", {"name_en": "TSMC", "name_ko": "TSMC"})
        self.sector = Node("Sector", "Technology", {"name": "Technology"})

    def neighbourhood_paths(self, ticker: str, *, limit: int = 500) -> list[Path]:
        edge = Edge("SUPPLIES", self.tsm, self.nv, {"evidence": "annual report"})
        return [Path((self.nv, self.tsm), (edge,))]

    def edges(self, ticker: str, *, types: Sequence[Any], direction: Any = "both",
              limit: int = 200) -> list[Edge]:
        assert "IN_SECTOR" in types
        return [Edge("IN_SECTOR", self.nv, self.sector, {"as_of": "2026-11-01"})]


class _Directory:
    def companies(self) -> list[Any]:
        return [SAMSUNG, APPLE]


def test_graph_explorer_turns_paths_into_a_view() -> None:
    explorer = KgGraphExplorer(store=_Store(), directory=_Directory())
    assert explorer.companies()[0] == ("005930.KS", "Samsung Electronics", "삼성전자")
    view = explorer.neighbourhood("NVDA")
    assert {n["id"]: n["kind"] for n in view.nodes} == {
        "NVDA": "Company", "TSM": "Company", "Technology": "Sector"}
    assert {(e["source"], e["target"], e["type"]) for e in view.edges} == {
        ("TSM", "NVDA", "SUPPLIES"), ("NVDA", "Technology", "IN_SECTOR")}
    assert view.as_data()["center"] == "NVDA"
