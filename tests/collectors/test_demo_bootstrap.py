"""Demo data and the first-run bootstrap, on both stores."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import NewsArticleRow
from app.db.repositories import list_profiles, load_bars, upsert_prices
from collectors.bootstrap import bootstrap_data
from collectors.demo import DEMO_URL, generate_demo, is_demo_data, load_demo_data
from collectors.jobs import CollectDeps
from collectors.resilience import Resilience
from tests.collectors.fixtures import (
    COMPANIES,
    FakeNewsSource,
    FakePriceSource,
    FakeProfileSource,
    history,
    profile,
    symbols,
)

END = date(2024, 3, 29)


def test_demo_dataset_is_labelled_valid_and_sector_correlated() -> None:
    data = generate_demo(companies=COMPANIES, end=END, years=1, news_count=40)
    assert {b.source for b in data.bars} == {"demo"}
    assert all(b.low <= min(b.open, b.close) and b.high >= max(b.open, b.close)
               for b in data.bars)
    assert len(data.news) == 40 and all(n.title.startswith("[DEMO]") for n in data.news)
    assert all(n.url.startswith(DEMO_URL) and n.source == "demo" for n in data.news)
    assert {n.language for n in data.news} == {"en", "ko"}
    assert all(p.source == "demo" and p.officers and p.holders for p in data.profiles)
    closes = {t: np.array([b.close for b in data.bars if b.ticker == t])
              for t in ("AAPL", "NVDA")}
    returns = {t: np.diff(np.log(c)) for t, c in closes.items()}
    assert np.corrcoef(returns["AAPL"], returns["NVDA"])[0, 1] > 0.3  # same sector
    vol = float(np.std(returns["AAPL"]) * np.sqrt(252))
    assert 0.1 < vol < 0.6


def test_demo_never_touches_real_rows_and_is_detectable(
    session_factory: sessionmaker[Session],
) -> None:
    real = history("AAPL", date(2024, 1, 1), END)
    with session_factory() as s:
        assert not is_demo_data(session=s)
        upsert_prices(session=s, bars=real)
        s.commit()
    report = load_demo_data(session_factory=session_factory, symbols=symbols(),
                            tickers=["AAPL", "NVDA", "005930.KS"], end=END, years=1,
                            news_count=20)
    assert report.skipped_real == ("AAPL",) and set(report.tickers) == {"NVDA", "005930.KS"}
    with session_factory() as s:
        assert is_demo_data(session=s)
        frame = load_bars(session=s)
        titles = s.scalars(select(NewsArticleRow.title)).all()
        profiles = list_profiles(session=s)
    assert set(frame[frame["ticker"] == "AAPL"]["source"]) == {"fixture"}
    assert len(frame[frame["ticker"] == "AAPL"]) == len(real)
    assert set(frame[frame["ticker"] != "AAPL"]["source"]) == {"demo"}
    assert len(titles) == 20 and all(t.startswith("[DEMO]") for t in titles)
    assert {p.ticker for p in profiles} == {"NVDA", "005930.KS"}


def deps(sf: sessionmaker[Session], *, down: bool) -> CollectDeps:
    data = {c.ticker: history(c.ticker, date(2024, 1, 1), END) for c in COMPANIES}
    return CollectDeps(
        session_factory=sf, symbols=symbols(),
        price_source=FakePriceSource(data, down=down),
        news_sources=[FakeNewsSource({}, fail={c.ticker for c in COMPANIES} if down else set())],
        profile_source=FakeProfileSource({c.ticker: profile(c.ticker) for c in COMPANIES}),
        resilience=Resilience.immediate(),
    )


def test_bootstrap_offline_falls_back_to_demo_and_says_so(
    session_factory: sessionmaker[Session],
) -> None:
    result = bootstrap_data(deps=deps(session_factory, down=True), tickers=["AAPL", "NVDA"],
                            today=END, demo_extra=["005930.KS"])
    assert result.mode == "demo" and result.synthetic
    assert "Network unreachable" in result.message and "SYNTHETIC" in result.message
    assert result.demo is not None and set(result.demo.tickers) == {"AAPL", "NVDA", "005930.KS"}
    again = bootstrap_data(deps=deps(session_factory, down=True), tickers=["AAPL"], today=END)
    assert again.mode == "existing" and again.synthetic and "SYNTHETIC" in again.message


def test_bootstrap_online_collects_real_data(session_factory: sessionmaker[Session]) -> None:
    result = bootstrap_data(deps=deps(session_factory, down=False), tickers=["AAPL", "NVDA"],
                            today=END)
    assert result.mode == "collected" and not result.synthetic
    assert [r.job for r in result.reports] == ["prices", "news", "profiles"]
    assert result.reports[0].status == "success"
    with session_factory() as s:
        assert not is_demo_data(session=s)
        assert set(load_bars(session=s)["ticker"]) == {"AAPL", "NVDA"}
