"""A clearly labelled SYNTHETIC dataset so the app can be tried with no network.

Every row carries `source="demo"`; news titles start with "[DEMO]" and link to
`https://demo.stockelper.invalid/...` (a reserved, unresolvable domain). Prices follow a
one-factor-per-sector model (market + sector + idiosyncratic returns, with volatility
clustering), so sector peers move together as real ones do. Real data always wins: demo
rows are never written over real rows, and the first real collection replaces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import list_profiles, upsert_news, upsert_prices, upsert_profiles
from app.db.repositories.collection import (
    DEMO_SOURCE,
    has_rows_from_source,
    latest_real_dates,
)
from app.records import CompanyProfile, Holder, NewsItem, Officer, PriceBar
from app.symbols.types import Company
from collectors.jobs import market_of
from collectors.ports import SymbolLookup

DEMO_URL = "https://demo.stockelper.invalid"
DEMO_PUBLISHER = "Stockelper Demo Wire (synthetic)"
DEMO_EXTRA_TICKERS = ("ORCL", "QCOM", "ADBE", "055550.KS", "012330.KS")
_EVENTS_EN = ("quarterly results", "a product launch", "an analyst rating change",
              "guidance update", "a supply agreement")
_EVENTS_KO = ("분기 실적 발표", "신제품 출시", "증권사 목표가 변경", "실적 전망 발표",
              "공급 계약 체결")


@dataclass(frozen=True, slots=True)
class DemoDataset:
    bars: list[PriceBar]
    news: list[NewsItem]
    profiles: list[CompanyProfile]


@dataclass(frozen=True, slots=True)
class DemoReport:
    tickers: tuple[str, ...]
    skipped_real: tuple[str, ...]
    bars: int
    news: int
    profiles: int


def is_demo_data(*, session: Session) -> bool:
    """True if anything in the store is synthetic (show the "synthetic data" marker)."""
    return has_rows_from_source(session=session, source=DEMO_SOURCE)


def demo_company(ticker: str, symbols: SymbolLookup) -> Company:
    known = symbols.get(ticker)
    if known is not None:
        return known
    kr = market_of(ticker) == "KR"
    return Company(ticker, ticker, ticker, "KOSPI" if kr else "NASDAQ", "KR" if kr else "US",
                   "KRW" if kr else "USD", "Unknown")


def _price_paths(companies: Sequence[Company], days: pd.DatetimeIndex,
                 rng: np.random.Generator) -> np.ndarray:
    """Daily log returns (days x companies) from market + sector + idiosyncratic factors."""
    n = len(days)
    vol = np.exp(np.cumsum(rng.normal(0, 0.05, n)) * 0.3)  # slow volatility regimes
    vol = np.clip(vol / vol.mean(), 0.5, 2.5)
    world = rng.normal(0.0003, 0.006, n)
    market = {m: (world + rng.normal(0, 0.006, n)) * vol for m in ("US", "KR")}
    sectors = {c.sector for c in companies}
    sector_f = {s: rng.normal(0, 0.009, n) * vol for s in sectors}
    out = np.empty((n, len(companies)))
    for j, c in enumerate(companies):
        beta = rng.uniform(0.7, 1.4) if c.kind == "stock" else 1.0
        idio = rng.uniform(0.006, 0.014) if c.kind == "stock" else 0.002
        loading = 1.0 if c.kind == "stock" else 0.2
        out[:, j] = (beta * market[market_of(c.ticker)] + loading * sector_f[c.sector]
                     + rng.normal(0, idio, n) * vol)
    return out


def generate_demo(
    *, companies: Sequence[Company], end: date, years: float = 3.0, seed: int = 7,
    news_count: int = 300,
) -> DemoDataset:
    rng = np.random.default_rng(seed)
    days = pd.bdate_range(end=pd.Timestamp(end), periods=int(252 * years))
    returns = _price_paths(companies, days, rng)
    bars: list[PriceBar] = []
    last_close: dict[str, float] = {}
    for j, c in enumerate(companies):
        kr = c.currency == "KRW"
        start = rng.uniform(20_000, 400_000) if kr else rng.uniform(30, 500)
        closes = start * np.exp(np.cumsum(returns[:, j]))
        gaps = rng.normal(0, 0.004, len(days))
        opens = np.concatenate([[start], closes[:-1]]) * np.exp(gaps)
        spread = np.abs(rng.normal(0, 0.008, (2, len(days))))
        highs = np.maximum(opens, closes) * (1 + spread[0])
        lows = np.minimum(opens, closes) * (1 - spread[1])
        volume = rng.lognormal(15 if kr else 16, 0.4, len(days)) * (1 + 30 * np.abs(returns[:, j]))
        dividend = 0.015 if c.kind == "stock" else 0.012
        adj = closes * np.exp(-dividend * (len(days) - 1 - np.arange(len(days))) / 252)
        rnd = 0 if kr else 2
        for i, day in enumerate(days):
            bars.append(PriceBar(
                ticker=c.ticker, date=day.date(), open=round(float(opens[i]), rnd),
                high=round(float(highs[i]), rnd), low=round(float(lows[i]), rnd),
                close=round(float(closes[i]), rnd), volume=int(volume[i]),
                adj_close=round(float(adj[i]), 4), source=DEMO_SOURCE,
            ))
        last_close[c.ticker] = float(closes[-1])
    news = _news(companies, days, returns, rng, news_count)
    profiles = [_profile(c, last_close[c.ticker], rng, end) for c in companies]
    return DemoDataset(bars=bars, news=news, profiles=profiles)


def _news(companies: Sequence[Company], days: pd.DatetimeIndex, returns: np.ndarray,
          rng: np.random.Generator, count: int) -> list[NewsItem]:
    items: list[NewsItem] = []
    recent = max(len(days) - 120, 0)  # news cluster in the last ~6 months
    for n in range(count):
        j = int(rng.integers(len(companies)))
        i = int(rng.integers(recent, len(days)))
        c, other = companies[j], companies[int(rng.integers(len(companies)))]
        up = returns[i, j] >= 0
        event = int(rng.integers(len(_EVENTS_EN)))
        korean = n % 2 == 1
        tickers = (c.ticker,) if other.ticker == c.ticker else (c.ticker, other.ticker)
        if korean:
            title = (f"[DEMO] {c.name_ko}, {_EVENTS_KO[event]} 후 주가 "
                     f"{'상승' if up else '하락'}")
            if len(tickers) == 2:
                title += f" ({other.name_ko} 동반 언급)"
        else:
            move = "rise" if up else "fall"
            title = f"[DEMO] {c.name_en} shares {move} after {_EVENTS_EN[event]}"
            if len(tickers) == 2:
                title += f"; {other.name_en} also mentioned"
        hour = 7 if market_of(c.ticker) == "KR" else 21
        items.append(NewsItem(
            url=f"{DEMO_URL}/news/{n:04d}", title=title,
            published_at=datetime.combine(days[i].date(), time(hour, 0), tzinfo=UTC),
            publisher=DEMO_PUBLISHER,
            summary="Synthetic demo article generated offline; not real news."
            if not korean else "오프라인 체험용으로 생성된 가상 기사입니다. 실제 뉴스가 아닙니다.",
            language="ko" if korean else "en", tickers=tickers, source=DEMO_SOURCE,
        ))
    return items


def _profile(c: Company, close: float, rng: np.random.Generator, end: date) -> CompanyProfile:
    shares = float(rng.uniform(2e8, 8e9)) if c.currency == "USD" else float(rng.uniform(5e7, 6e8))
    return CompanyProfile(
        ticker=c.ticker, name=c.name_en, sector=c.sector, industry=f"{c.sector} (demo)",
        market_cap=round(close * shares, -6), currency=c.currency,
        summary=(f"[DEMO] Synthetic profile of {c.name_en} ({c.name_ko}) for offline "
                 "trial use. Figures are generated, not real."),
        website=f"{DEMO_URL}/company/{c.ticker}",
        officers=(Officer("Demo Chief Executive", "Chief Executive Officer"),
                  Officer("Demo Finance Lead", "Chief Financial Officer")),
        holders=(Holder("Demo Index Fund", round(float(rng.uniform(0.04, 0.09)), 4),
                        end - timedelta(days=60)),
                 Holder("Demo Pension Fund", round(float(rng.uniform(0.01, 0.05)), 4),
                        end - timedelta(days=60))),
        source=DEMO_SOURCE, as_of=end,
    )


def load_demo_data(
    *, session_factory: sessionmaker[Session], symbols: SymbolLookup, tickers: Sequence[str],
    end: date | None = None, years: float = 5.0, seed: int = 7, news_count: int = 300,
) -> DemoReport:
    """Generate and store the demo dataset; tickers that already have real data are skipped
    (their real rows are never touched)."""
    end = end or datetime.now(UTC).date()
    wanted = list(dict.fromkeys(tickers))
    with session_factory() as session:
        real_prices = set(latest_real_dates(session=session, tickers=wanted))
        real_profiles = {p.ticker for p in list_profiles(session=session, tickers=wanted)
                         if p.source != DEMO_SOURCE}
    companies = [demo_company(t, symbols) for t in wanted if t not in real_prices]
    if not companies:
        return DemoReport((), tuple(sorted(real_prices)), 0, 0, 0)
    data = generate_demo(companies=companies, end=end, years=years, seed=seed,
                         news_count=news_count)
    profiles = [p for p in data.profiles if p.ticker not in real_profiles]
    with session_factory() as session:
        bars = upsert_prices(session=session, bars=data.bars)
        news = upsert_news(session=session, items=data.news)
        upsert_profiles(session=session, profiles=profiles)
        session.commit()
    return DemoReport(tuple(c.ticker for c in companies), tuple(sorted(real_prices)),
                      bars.received, news.inserted, len(profiles))
