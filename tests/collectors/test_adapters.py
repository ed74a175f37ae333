"""The yfinance and RSS adapters on recorded shapes; yfinance itself is replaced only at
its network edge (`yf.download`, `yf.Ticker`)."""

from __future__ import annotations

import urllib.error
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import load_bars
from collectors.ports import NewsQuery, SourceError, TransientSourceError
from collectors.prices_job import collect_prices
from collectors.resilience import Resilience
from collectors.rss_source import RssNewsSource, clean_link, items_from_feed, urllib_fetch
from collectors.yfinance_source import (
    YFinanceSource,
    bars_from_download,
    news_from_yahoo,
    profile_from_info,
)
from tests.collectors.fixtures import DATA, history, yf_frame

START, END = date(2024, 1, 1), date(2024, 1, 31)


def test_multi_ticker_layout_gives_bars_per_ticker_with_both_closes() -> None:
    data = {"AAPL": history("AAPL", START, END), "005930.KS": history("005930.KS", START, END)}
    data["005930.KS"] = [b for b in data["005930.KS"] if b.date != date(2024, 1, 2)]  # holiday
    frame = yf_frame(data)
    assert frame.columns.names == ["Ticker", "Price"]
    bars = bars_from_download(frame, ["AAPL", "005930.KS", "GONE"])
    assert set(bars) == {"AAPL", "005930.KS"}  # a ticker the vendor dropped is left out
    assert len(bars["AAPL"]) == len(data["AAPL"])
    assert len(bars["005930.KS"]) == len(data["005930.KS"])  # NaN holiday row dropped
    first = bars["AAPL"][0]
    assert first.close == pytest.approx(data["AAPL"][0].close)
    assert first.adj_close == pytest.approx(data["AAPL"][0].adj_close)
    assert first.source == "yfinance" and isinstance(first.volume, int)


def test_single_ticker_flat_layout() -> None:
    frame = yf_frame({"AAPL": history("AAPL", START, END)}, multi=False)
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    assert len(bars_from_download(frame, ["AAPL"])["AAPL"]) == len(frame)


def test_all_nan_ticker_column_counts_as_no_data() -> None:
    frame = yf_frame({"AAPL": history("AAPL", START, END), "MSFT": history("MSFT", START, END)})
    frame.loc[:, ("MSFT", slice(None))] = np.nan
    assert set(bars_from_download(frame, ["AAPL", "MSFT"])) == {"AAPL"}


def test_offline_yfinance_empty_frame_is_a_transient_failure(
    monkeypatch: pytest.MonkeyPatch, session_factory: sessionmaker[Session],
) -> None:
    import yfinance

    calls: list[dict[str, Any]] = []

    def empty_download(tickers: list[str], **kwargs: Any) -> pd.DataFrame:
        calls.append({"tickers": tickers, **kwargs})
        return pd.DataFrame()

    monkeypatch.setattr(yfinance, "download", empty_download)
    source = YFinanceSource()
    with pytest.raises(TransientSourceError, match="empty download"):
        source.fetch_prices(tickers=["AAPL"], start=START, end=END)
    assert calls[0]["group_by"] == "ticker" and calls[0]["auto_adjust"] is False
    assert calls[0]["actions"] is False and calls[0]["end"] == "2024-02-01"  # exclusive end
    report = collect_prices(session_factory=session_factory, source=source,
                            tickers=["AAPL", "MSFT"], today=END,
                            resilience=Resilience.immediate())
    assert report.status == "failed"
    with session_factory() as s:
        assert load_bars(session=s).empty


def test_prices_job_through_the_yfinance_adapter_on_a_recorded_frame(
    monkeypatch: pytest.MonkeyPatch, session_factory: sessionmaker[Session],
) -> None:
    import yfinance

    data = {t: history(t, START, END) for t in ("AAPL", "MSFT", "005930.KS")}

    def download(tickers: list[str], **kwargs: Any) -> pd.DataFrame:
        return yf_frame({t: data[t] for t in tickers if t in data})

    monkeypatch.setattr(yfinance, "download", download)
    report = collect_prices(session_factory=session_factory, source=YFinanceSource(),
                            tickers=["AAPL", "MSFT", "005930.KS", "ZZZZ"], today=END,
                            resilience=Resilience.immediate())
    assert report.status == "partial" and report.tickers_failed == ("ZZZZ",)
    with session_factory() as s:
        frame = load_bars(session=s)
    assert len(frame) == 3 * len(data["AAPL"])
    assert frame["adj_close"].notna().all()


def test_yfinance_news_stream_shape_and_dns_error() -> None:
    raw = [{"id": "x", "content": {
        "title": "Nvidia tops estimates", "pubDate": "2026-11-20T21:05:00Z",
        "summary": "Data-center revenue rose.", "provider": {"displayName": "Yahoo Finance"},
        "canonicalUrl": {"url": "https://finance.yahoo.com/news/nvidia-tops-123.html"},
        "clickThroughUrl": None}}, {"id": "ad", "content": {"title": "no link"}}]
    (item,) = news_from_yahoo(raw, ticker="NVDA")
    assert item.publisher == "Yahoo Finance" and item.tickers == ("NVDA",)
    assert item.published_at == datetime(2026, 11, 20, 21, 5, tzinfo=UTC)


def test_yfinance_dns_error_maps_to_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    import yfinance

    class Offline:
        def __init__(self, ticker: str) -> None:
            pass

        @property
        def news(self) -> list[Any]:
            raise OSError("Could not resolve host: query2.finance.yahoo.com")

    monkeypatch.setattr(yfinance, "Ticker", Offline)
    with pytest.raises(TransientSourceError, match="resolve host"):
        YFinanceSource().fetch_news(query=NewsQuery("AAPL"))


def test_profile_from_info_and_holders() -> None:
    info = {"longName": "Apple Inc.", "sector": "Technology", "industry": "Consumer Electronics",
            "marketCap": 3.5e12, "currency": "USD", "longBusinessSummary": "Apple designs...",
            "companyOfficers": [{"name": "Mr. Timothy D. Cook", "title": "CEO & Director"},
                                {"title": "no name"}]}
    holders = pd.DataFrame({"Date Reported": [pd.Timestamp("2026-09-30")],
                            "Holder": ["Vanguard Group Inc"], "pctHeld": [0.0934],
                            "Shares": [1_400_000_000], "Value": [3.2e11]})
    p = profile_from_info("AAPL", info, holders, today=date(2026, 11, 23))
    assert (p.name, p.sector, p.market_cap) == ("Apple Inc.", "Technology", 3.5e12)
    assert [o.name for o in p.officers] == ["Mr. Timothy D. Cook"]
    assert p.holders[0].percent == pytest.approx(0.0934)
    assert p.holders[0].as_of == date(2026, 9, 30)


def test_rss_feeds_parse_in_both_languages() -> None:
    en = items_from_feed((DATA / "google_news_en.xml").read_bytes(), language="en",
                         ticker="AAPL")
    ko = items_from_feed((DATA / "google_news_ko.xml").read_bytes(), language="ko",
                         ticker="005930.KS")
    assert len(en) == 3 and len(ko) == 3
    assert en[0].publisher == "Reuters" and not en[0].title.endswith("Reuters")
    assert ko[1].title == "삼성전자, 애플 아이폰용 OLED 패널 증산" and ko[1].publisher == "연합뉴스"
    assert ko[0].published_at == datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    assert all("oc=" not in i.url for i in en + ko)


def test_rss_urls_search_by_company_name_per_language() -> None:
    urls = RssNewsSource().feed_urls(NewsQuery("005930.KS", "Samsung Electronics", "삼성전자"))
    assert urls[0] == ("en", "https://news.google.com/rss/search?q=%22Samsung+Electronics%22"
                             "&hl=en-US&gl=US&ceid=US:en")
    assert urls[1][0] == "ko" and "hl=ko&gl=KR&ceid=KR:ko" in urls[1][1]
    assert clean_link("https://news.google.com/rss/articles/X?oc=5&hl=en") == (
        "https://news.google.com/rss/articles/X")


def test_rss_all_feeds_failing_raises_transient_and_http_404_is_permanent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def down(url: str, timeout_s: float) -> bytes:
        raise TransientSourceError("URLError: Temporary failure in name resolution")

    with pytest.raises(TransientSourceError):
        RssNewsSource(fetch=down).fetch_news(query=NewsQuery("AAPL", "Apple", "애플"))

    def not_found(request: Any, timeout: float) -> Any:
        raise urllib.error.HTTPError("https://x", 404, "nf", None, None)  # type: ignore[arg-type]

    monkeypatch.setattr("urllib.request.urlopen", not_found)
    with pytest.raises(SourceError) as info:
        urllib_fetch("https://news.google.com/rss/search?q=x", 1.0)
    assert not isinstance(info.value, TransientSourceError)


def test_offline_profile_answer_is_transient_and_holders_are_optional(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import yfinance

    class Stub:
        answers: dict[str, dict[str, Any]] = {
            "AAPL": {"trailingPegRatio": None},  # what yfinance gives when it cannot reach Yahoo
            "MSFT": {"longName": "Microsoft Corporation", "sector": "Technology"},
        }

        def __init__(self, ticker: str) -> None:
            self.ticker = ticker

        @property
        def info(self) -> dict[str, Any]:
            return self.answers[self.ticker]

        @property
        def institutional_holders(self) -> pd.DataFrame:
            raise OSError("Could not resolve host")

    monkeypatch.setattr(yfinance, "Ticker", Stub)
    with pytest.raises(TransientSourceError, match="empty profile"):
        YFinanceSource().fetch_profile(ticker="AAPL")
    msft = YFinanceSource().fetch_profile(ticker="MSFT")
    assert msft.name == "Microsoft Corporation" and msft.holders == ()
