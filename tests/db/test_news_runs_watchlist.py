"""News, run ledger, watermarks, watchlist and profiles on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import (
    add_to_watchlist,
    ensure_watchlist,
    finish_run,
    get_profile,
    get_watchlist,
    get_watermarks,
    iter_news_mentions,
    last_run,
    list_news,
    list_runs,
    remove_from_watchlist,
    set_watermarks,
    start_run,
    upsert_news,
    upsert_profiles,
)
from app.records import CompanyProfile, Holder, NewsItem, Officer

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def news(url: str, title: str, tickers: tuple[str, ...], minutes: int = 0) -> NewsItem:
    return NewsItem(url=url, title=title, published_at=T0 + timedelta(minutes=minutes),
                    publisher="Wire", summary=f"summary of {title}", tickers=tickers,
                    source="test")


def test_news_dedup_by_canonical_url_and_links(session_factory: sessionmaker[Session]) -> None:
    items = [
        news("https://Example.com/a/?utm_source=x", "Nvidia and Samsung sign deal",
             ("NVDA", "005930.KS")),
        news("http://example.com/a#comments", "Same story again", ("NVDA", "AAPL")),
        news("https://example.com/b", "삼성전자 실적 발표", ("005930.KS",), minutes=5),
    ]
    with session_factory() as s:
        result = upsert_news(session=s, items=items)
        s.commit()
        again = upsert_news(session=s, items=items)
        s.commit()
        stored = list_news(session=s)
        nvda = list_news(session=s, tickers=["NVDA"])
        found = list_news(session=s, query="삼성전자")
    assert (result.received, result.inserted, result.links_added) == (2, 2, 4)
    assert (again.inserted, again.links_added) == (0, 0)
    assert [n.title for n in stored] == ["삼성전자 실적 발표", "Nvidia and Samsung sign deal"]
    assert stored[1].tickers == ("005930.KS", "AAPL", "NVDA")
    assert stored[1].url == "https://example.com/a"
    assert stored[1].published_at == T0
    assert [n.title for n in nvda] == ["Nvidia and Samsung sign deal"]
    assert [n.title for n in found] == ["삼성전자 실적 발표"]


def test_news_mentions_for_graph(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        upsert_news(session=s, items=[
            news("https://x.test/1", "one", ("AAPL", "TSM")),
            news("https://x.test/2", "two", ("AAPL",)),
        ])
        s.commit()
        mentions = list(iter_news_mentions(session=s))
    assert len(mentions) == 1
    assert mentions[0].tickers == ("AAPL", "TSM")


def test_run_ledger_and_watermarks(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        run_id = start_run(session=s, job="prices", params={"tickers": ["AAPL"]})
    with session_factory() as s:
        assert list_runs(session=s)[0].status == "running"
        finish_run(session=s, run_id=run_id, status="partial", counts={"ok": 1, "failed": 1},
                   errors=[{"item": "BAD", "reason": "empty download"}])
        set_watermarks(session=s, job="prices", values={"AAPL": "2024-05-02"})
        s.commit()
        set_watermarks(session=s, job="prices", values={"AAPL": "2024-04-01", "MSFT": "2024-01-01"})
        s.commit()
        run = last_run(session=s, job="prices")
        marks = get_watermarks(session=s, job="prices")
    assert run is not None and run.status == "partial"
    assert run.errors == [{"item": "BAD", "reason": "empty download"}]
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert marks == {"AAPL": "2024-05-02", "MSFT": "2024-01-01"}  # never moves backward
    with session_factory() as s, pytest.raises(LookupError):
        finish_run(session=s, run_id=9999, status="failed", counts={})


def test_watchlist_order_and_seed(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        assert ensure_watchlist(session=s, default=["AAPL", "005930.KS"]) == ["AAPL", "005930.KS"]
        assert add_to_watchlist(session=s, tickers=["NVDA", "AAPL", "NVDA"]) == ["NVDA"]
        s.commit()
        assert remove_from_watchlist(session=s, tickers=["AAPL"]) == 1
        s.commit()
        assert ensure_watchlist(session=s, default=["TSLA"]) == ["005930.KS", "NVDA"]
        assert get_watchlist(session=s) == ["005930.KS", "NVDA"]


def test_profiles_round_trip(session_factory: sessionmaker[Session]) -> None:
    profile = CompanyProfile(
        ticker="AAPL", name="Apple Inc.", sector="Technology", industry="Consumer Electronics",
        market_cap=3.4e12, currency="USD", summary="Makes iPhones.",
        officers=(Officer("Tim Cook", "CEO"),),
        holders=(Holder("Vanguard Group", 9.1, date(2025, 3, 31)),),
        source="test", as_of=date(2025, 5, 1),
    )
    with session_factory() as s:
        upsert_profiles(session=s, profiles=[profile])
        s.commit()
        upsert_profiles(session=s, profiles=[profile])
        s.commit()
        stored = get_profile(session=s, ticker="AAPL")
    assert stored == profile
