"""The `graph` run (app.graph_collect) on the real SQL store (SQLite, and PostgreSQL when
configured) and the real embedded graph: ledger row, status, watermark, demo rows left out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import NewsArticleRow
from app.db.repositories import get_watermarks, list_runs, upsert_news, upsert_profiles
from app.graph_access import GraphUnavailableError
from app.graph_collect import WATERMARK, collect_graph
from app.records import CompanyProfile, NewsItem
from kg.ladybug_store import LadybugGraphStore
from kg.relations import CuratedRelation
from kg.schema import RelType
from tests.collectors.fixtures import symbols

RELATIONS = [
    CuratedRelation("005930.KS", "SUPPLIES", "AAPL", "OLED panels for iPhones", "2025-06-30"),
    CuratedRelation("000660.KS", "SUPPLIES", "NVDA", "HBM for Nvidia GPUs", "2025-06-30"),
    CuratedRelation("005930.KS", "COMPETES_WITH", "000660.KS", "DRAM makers", "2025-06-30"),
]


class FaultyStore(LadybugGraphStore):
    """The real embedded store with one injected fault: writes of one edge type fail."""

    def __init__(self, *, path: Path, fail_on: RelType) -> None:
        super().__init__(path=path)
        self.fail_on = fail_on

    def upsert_edges(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        if rel == self.fail_on:
            raise OSError(f"disk full while writing {rel}")
        return super().upsert_edges(rel, rows)


@pytest.fixture
def graph_path(tmp_path: Path) -> Path:
    return tmp_path / "graph.lbug"


@pytest.fixture
def stores(graph_path: Path) -> Iterator[list[LadybugGraphStore]]:
    opened: list[LadybugGraphStore] = []
    yield opened
    for store in opened:
        store.close()


def _news(n: int, tickers: tuple[str, ...], *, source: str = "fixture") -> NewsItem:
    return NewsItem(url=f"https://news.example.com/{source}/{n}", title=f"Story {n}",
                    published_at=datetime(2026, 11, 2, 9, n % 60, tzinfo=UTC), tickers=tickers,
                    source=source)


def _add_news(sf: sessionmaker[Session], items: list[NewsItem]) -> None:
    with sf() as session:
        upsert_news(session=session, items=items)
        session.commit()


def _newest_ingested(sf: sessionmaker[Session]) -> datetime:
    with sf() as session:
        value = session.scalar(select(func.max(NewsArticleRow.ingested_at)))
    assert value is not None
    return value


def _run(sf: sessionmaker[Session], store: LadybugGraphStore) -> Any:
    return collect_graph(session_factory=sf, open_store=lambda: store, directory=symbols(),
                         relations=RELATIONS, as_of=date(2026, 11, 3))


def _watermark(sf: sessionmaker[Session]) -> str | None:
    with sf() as session:
        return get_watermarks(session=session, job="graph").get(WATERMARK)


def test_success_records_the_run_moves_the_watermark_and_leaves_demo_rows_out(
    session_factory: sessionmaker[Session], graph_path: Path, stores: list[LadybugGraphStore],
) -> None:
    with session_factory() as session:
        upsert_profiles(session=session, profiles=[
            CompanyProfile(ticker="AAPL", name="Apple", sector="Technology",
                           industry="Consumer Electronics", source="yfinance"),
            CompanyProfile(ticker="NVDA", name="Nvidia", sector="Technology",
                           industry="Information Technology (demo)", source="demo")])
        session.commit()
    _add_news(session_factory, [_news(1, ("AAPL", "NVDA")), _news(2, ("AAPL", "NVDA")),
                                _news(3, ("MSFT", "NVDA"), source="demo")])
    store = LadybugGraphStore(path=graph_path)
    stores.append(store)

    report = _run(session_factory, store)

    assert report.status == "success" and not report.failures
    assert set(report.tickers_ok) == {"companies", "profiles", "relations",
                                      "co_mentioned_pairs"}
    assert report.counts["relations"] == 3 and report.counts["profiles"] == 1
    assert report.counts["demo_profiles_left_out"] == 1
    assert report.counts["co_mentioned_pairs"] == 1 and report.counts["CO_MENTIONED"] == 1
    [edge] = store.co_mentions([("AAPL", "NVDA")])
    assert edge["weight"] == 2
    assert store.co_mentions([("MSFT", "NVDA")]) == []  # the demo article is left out
    industries = {e.dst.key for e in store.edges("AAPL", types=["IN_INDUSTRY"])}
    assert industries == {"Consumer Electronics"}
    assert store.edges("NVDA", types=["IN_INDUSTRY"]) == []  # demo industry left out
    with session_factory() as session:
        [run] = list_runs(session=session, job="graph")
    assert run.status == "success" and run.finished_at is not None
    assert run.counts["edges"] == report.counts["edges"] > 0
    assert _watermark(session_factory) == _newest_ingested(session_factory).isoformat()

    again = _run(session_factory, store)  # nothing new: weights do not grow
    assert again.status == "success"
    assert store.co_mentions([("AAPL", "NVDA")])[0]["weight"] == 2
    first_mark = _watermark(session_factory)

    _add_news(session_factory, [_news(4, ("NVDA", "AAPL"))])
    third = _run(session_factory, store)
    assert third.status == "success"
    assert store.co_mentions([("AAPL", "NVDA")])[0]["weight"] == 3
    mark = _watermark(session_factory)
    assert mark is not None and first_mark is not None and mark > first_mark
    assert mark == _newest_ingested(session_factory).isoformat()


def test_a_failing_co_mention_step_is_partial_and_keeps_the_watermark(
    session_factory: sessionmaker[Session], graph_path: Path, stores: list[LadybugGraphStore],
) -> None:
    _add_news(session_factory, [_news(1, ("AAPL", "NVDA"))])
    faulty = FaultyStore(path=graph_path, fail_on="CO_MENTIONED")
    stores.append(faulty)

    report = _run(session_factory, faulty)

    assert report.status == "partial"
    assert report.tickers_failed == ("co_mentioned_pairs",)
    assert "disk full" in report.failures[0]["reason"]
    assert report.counts["SUPPLIES"] == 2  # the other steps still ran
    with session_factory() as session:
        [run] = list_runs(session=session, job="graph")
    assert run.status == "partial" and run.errors[0]["ticker"] == "co_mentioned_pairs"
    assert _watermark(session_factory) is None  # those articles are seen again next run

    faulty.fail_on = "HOLDS"  # healthy for this run's edges
    healed = _run(session_factory, faulty)
    assert healed.status == "success"
    assert faulty.co_mentions([("AAPL", "NVDA")])[0]["weight"] == 1
    assert _watermark(session_factory) == _newest_ingested(session_factory).isoformat()


def test_a_failing_relations_step_is_partial_but_the_mentions_count(
    session_factory: sessionmaker[Session], graph_path: Path, stores: list[LadybugGraphStore],
) -> None:
    _add_news(session_factory, [_news(1, ("AAPL", "NVDA"))])
    faulty = FaultyStore(path=graph_path, fail_on="SUPPLIES")
    stores.append(faulty)

    report = _run(session_factory, faulty)

    assert report.status == "partial" and report.tickers_failed == ("relations",)
    assert _watermark(session_factory) == _newest_ingested(session_factory).isoformat()


def test_a_store_that_cannot_open_is_a_failed_run_with_its_reason(
    session_factory: sessionmaker[Session],
) -> None:
    _add_news(session_factory, [_news(1, ("AAPL", "NVDA"))])

    def locked() -> LadybugGraphStore:
        raise GraphUnavailableError("the graph database is open for writing by another process")

    report = collect_graph(session_factory=session_factory, open_store=locked,
                           directory=symbols())

    assert report.status == "failed"
    assert "open for writing by another process" in report.failures[0]["reason"]
    with session_factory() as session:
        [run] = list_runs(session=session, job="graph")
    assert run.status == "failed" and run.finished_at is not None
    assert _watermark(session_factory) is None
