"""News and profile jobs against recorded RSS XML and fixture sources, on both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import NewsArticleRow, NewsTickerRow
from app.db.repositories import get_watermarks, list_profiles, upsert_news, upsert_profiles
from app.records import NewsItem
from collectors.news_job import collect_news
from collectors.profiles_job import collect_profiles
from collectors.resilience import Resilience
from collectors.rss_source import RssNewsSource
from tests.collectors.fixtures import (
    DATA,
    FakeNewsSource,
    FakeProfileSource,
    profile,
    symbols,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def recorded_fetch(url: str, timeout_s: float) -> bytes:
    """Serve the recorded Google News feeds: English for hl=en-US, Korean for hl=ko."""
    name = "google_news_ko.xml" if "hl=ko" in url else "google_news_en.xml"
    return (DATA / name).read_bytes()


def links(sf: sessionmaker[Session]) -> dict[str, set[str]]:
    with sf() as s:
        rows = s.execute(select(NewsArticleRow.title, NewsTickerRow.ticker).join(
            NewsTickerRow, NewsTickerRow.news_key == NewsArticleRow.key)).all()
    out: dict[str, set[str]] = {}
    for title, ticker in rows:
        out.setdefault(title, set()).add(ticker)
    return out


def news(sf: sessionmaker[Session], sources: list, tickers: list[str]):  # type: ignore[no-untyped-def,type-arg]
    return collect_news(session_factory=sf, sources=sources, symbols=symbols(), tickers=tickers,
                        now=NOW, resilience=Resilience.immediate())


def test_rss_news_is_linked_to_every_company_named_in_english_and_korean(
    session_factory: sessionmaker[Session],
) -> None:
    rss = RssNewsSource(fetch=recorded_fetch)
    report = news(session_factory, [rss], ["AAPL", "005930.KS"])
    assert report.status == "success"
    by_title = links(session_factory)
    assert by_title["Apple and Nvidia lead chip stocks higher as AI demand holds"] >= {
        "AAPL", "NVDA"}
    assert by_title["Apple supplier Samsung Electronics expands OLED output"] >= {
        "AAPL", "005930.KS"}
    assert by_title["삼성전자·SK하이닉스, HBM 공급 확대에 반도체株 강세"] >= {
        "005930.KS", "000660.KS"}
    assert by_title["삼성전자, 애플 아이폰용 OLED 패널 증산"] >= {"005930.KS", "AAPL"}
    assert "MSFT" not in set().union(*by_title.values())


def test_linking_uses_the_directory_not_substrings(session_factory: sessionmaker[Session]) -> None:
    item = NewsItem(url="https://example.com/p", title="Pineapple growers and Microsoftish apps",
                    summary="SKhynixed is not a company", published_at=NOW)
    news(session_factory, [FakeNewsSource({"NVDA": [item]})], ["NVDA"])
    assert links(session_factory) == {"Pineapple growers and Microsoftish apps": {"NVDA"}}


def test_same_article_from_two_tickers_and_two_runs_is_stored_once(
    session_factory: sessionmaker[Session],
) -> None:
    rss = RssNewsSource(fetch=recorded_fetch)
    first = news(session_factory, [rss], ["AAPL", "NVDA"])
    # both tickers fetch the same two feeds: six distinct articles, linked to both tickers
    assert first.counts["inserted"] == 6
    again = news(session_factory, [rss], ["AAPL", "NVDA"])
    assert again.counts["inserted"] == 0 and again.counts["links_added"] == 0
    with session_factory() as s:
        assert len(s.scalars(select(NewsArticleRow.key)).all()) == 6
        assert get_watermarks(session=s, job="news")["AAPL"].startswith("2026-11-23T10:15")


def test_tracking_parameters_do_not_make_a_second_article(
    session_factory: sessionmaker[Session],
) -> None:
    when = datetime(2026, 11, 20, tzinfo=UTC)
    a = NewsItem(url="https://example.com/a?utm_source=x", title="Apple beats", published_at=when)
    b = NewsItem(url="http://EXAMPLE.com/a/#top", title="Apple beats (copy)", published_at=when)
    report = news(session_factory, [FakeNewsSource({"AAPL": [a, b]})], ["AAPL"])
    assert report.counts["inserted"] == 1


def test_one_news_source_failing_warns_all_failing_fails(
    session_factory: sessionmaker[Session],
) -> None:
    rss = RssNewsSource(fetch=recorded_fetch)
    broken = FakeNewsSource({}, name="yahoo", fail={"AAPL", "NVDA"})
    report = news(session_factory, [broken, rss], ["AAPL"])
    assert report.status == "success"
    assert any("yahoo" in w["reason"] for w in report.warnings)
    report = news(session_factory, [broken], ["AAPL", "MSFT"])
    assert report.status == "partial" and report.tickers_failed == ("AAPL",)


def test_korean_feed_down_still_stores_english_items(
    session_factory: sessionmaker[Session],
) -> None:
    from collectors.ports import TransientSourceError

    def half(url: str, timeout_s: float) -> bytes:
        if "hl=ko" in url:
            raise TransientSourceError("timed out")
        return recorded_fetch(url, timeout_s)

    report = news(session_factory, [RssNewsSource(fetch=half)], ["AAPL"])
    assert report.status == "success" and report.counts["inserted"] == 3


def test_real_news_removes_demo_news(session_factory: sessionmaker[Session]) -> None:
    demo = NewsItem(url="https://demo.stockelper.invalid/news/1", title="[DEMO] Apple",
                    published_at=NOW, tickers=("AAPL",), source="demo")
    with session_factory() as s:
        upsert_news(session=s, items=[demo])
        s.commit()
    report = news(session_factory, [RssNewsSource(fetch=recorded_fetch)], ["AAPL"])
    assert report.counts["demo_items_removed"] == 1
    assert all(not t.startswith("[DEMO]") for t in links(session_factory))


def test_profiles_keep_known_fields_when_the_source_leaves_them_empty(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        upsert_profiles(session=s, profiles=[profile("AAPL")])
        s.commit()
    thin = profile("AAPL", summary=None, officers=(), market_cap=3e12)
    source = FakeProfileSource({"AAPL": thin, "MSFT": profile("MSFT")}, fail={"NVDA"})
    report = collect_profiles(session_factory=session_factory, source=source,
                              tickers=["AAPL", "MSFT", "NVDA", "TSLA"], today=date(2026, 11, 23),
                              resilience=Resilience.immediate())
    assert report.status == "partial"
    assert set(report.tickers_failed) == {"NVDA", "TSLA"}  # TSLA: empty profile
    assert "empty profile" in {e["ticker"]: e["reason"] for e in report.failures}["TSLA"]
    with session_factory() as s:
        stored = {p.ticker: p for p in list_profiles(session=s)}
    assert stored["AAPL"].summary == "AAPL makes things."  # kept
    assert stored["AAPL"].market_cap == 3e12  # refreshed
    assert stored["AAPL"].officers and stored["AAPL"].holders
    assert stored["AAPL"].as_of == date(2026, 11, 23)
    assert set(stored) == {"AAPL", "MSFT"}
