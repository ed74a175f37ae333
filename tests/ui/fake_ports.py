"""Small fakes for the web app's optional ports: symbol resolution, graph, forecast report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.symbols.types import Company, Resolution
from tests.ui.fake_service import GRAPH
from ui.ports import GraphView, TrackRecord

APPLE = Company("AAPL", "Apple", "애플", "NASDAQ", "US", "USD", "Technology")
SAMSUNG = Company("005930.KS", "Samsung Electronics", "삼성전자", "KOSPI", "KR", "KRW",
                  "Technology")
HYUNDAI = Company("005380.KS", "Hyundai Motor", "현대차", "KOSPI", "KR", "KRW", "Autos")
MOBIS = Company("012330.KS", "Hyundai Mobis", "현대모비스", "KOSPI", "KR", "KRW", "Autos")


class FakeSymbols:
    """resolve(): Apple/애플/AAPL and Samsung/삼성전자 are found, "hyundai"/"현대" is
    ambiguous, anything else is not found."""

    def resolve(self, text: str) -> Resolution:
        q = text.strip().lower()
        if q in ("apple", "애플", "aapl"):
            return Resolution(text, "found", (APPLE,), "name", 1.0)
        if q in ("samsung", "samsung electronics", "삼성전자", "005930"):
            return Resolution(text, "found", (SAMSUNG,), "name", 1.0)
        if q in ("hyundai", "현대"):
            return Resolution(text, "ambiguous", (HYUNDAI, MOBIS), "fuzzy", 0.8)
        return Resolution(text, "not_found")


@dataclass
class FakeGraph:
    asked: list[str] = field(default_factory=list)

    def companies(self) -> list[tuple[str, str, str]]:
        return [("AMD", "AMD", "AMD"), ("NVDA", "NVIDIA", "엔비디아"), ("TSM", "TSMC", "TSMC")]

    def neighbourhood(self, ticker: str, *, limit: int = 80) -> GraphView:
        self.asked.append(ticker)
        if ticker != "NVDA":  # everything else links back to NVIDIA only
            nodes = [n for n in GRAPH["nodes"] if n["id"] in (ticker, "NVDA")]
            edges = [e for e in GRAPH["edges"] if ticker in (e["source"], e["target"])]
            return GraphView(ticker, nodes, edges)
        return GraphView("NVDA", list(GRAPH["nodes"]), list(GRAPH["edges"]))


@dataclass
class FakeForecasts:
    report: TrackRecord | None = None

    def track_record(self) -> TrackRecord | None:
        return self.report


def sample_track_record() -> TrackRecord:
    """The registry's pooled metrics: interval coverage and the direction Brier score."""
    metrics: list[dict[str, Any]] = []
    for horizon in (1, 5, 20):
        metrics.append({"horizon": horizon, "model": "interval", "metric": "coverage",
                        "value": 0.79 - horizon / 1000})
        for model, brier in (("model", 0.247), ("base_rate", 0.249)):
            metrics.append({"horizon": horizon, "model": model, "metric": "brier",
                            "value": brier})
    series = [{"date": date(2026, m, 1), "horizon": 5, "model": "interval",
               "metric": "coverage", "value": 0.75 + m / 100} for m in range(1, 11)]
    return TrackRecord(as_of=date(2026, 11, 20), level=0.8, metrics=metrics, series=series,
                       tickers=["AAPL", "005930.KS"])
