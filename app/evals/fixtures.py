"""The evaluation's fixture stores: generated daily bars and bilingual news for every ticker
a suite names, a watchlist, and the relations graph (seed companies + curated relations).

Deterministic for a given `last_day` (random walks from a fixed seed), and dated relative
to it so questions about "today" or "this week" find data. Never reads ../shared/data.
The caller passes the store handles (the CLI and tests get them from the container)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import add_to_watchlist, upsert_news, upsert_prices
from app.records import NewsItem, PriceBar
from app.symbols.types import Company

SOURCE = "eval-fixture"
WATCHLIST = ("AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "005930.KS", "000660.KS", "005380.KS",
             "035420.KS", "035720.KS")
DAYS = 300
FORECAST_DAYS = 700  # the forecast features and a walk-forward need about two years
_HEADLINES_EN = (
    "{name} shares {verb} {pct}% as investors weigh demand outlook",
    "{name} announces new product line, analysts see {n} key risks",
    "What {name}'s latest quarter means for its {year} guidance",
)
_HEADLINES_KO = (
    "{name}, 수요 전망에 주가 {pct}% {verb_ko}",
    "{name} 신제품 발표…증권가 \"핵심 변수 {n}가지\"",
    "{name} {year}년 실적 가이던스 점검",
)


class CompanyNames(Protocol):
    """What the fixture needs from the symbol directory."""

    def get(self, ticker: str) -> Company | None: ...


@dataclass(frozen=True, slots=True)
class FixtureInfo:
    tickers: tuple[str, ...]
    first_day: date
    last_day: date
    bars: int
    news: int


def last_business_day(today: date) -> date:
    day = today
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def business_days(end: date, count: int) -> list[date]:
    days: list[date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _start_price(ticker: str, index: int) -> float:
    if ticker.endswith((".KS", ".KQ")):
        return float(30_000 + 9_500 * (index % 17))
    return float(45 + 37 * (index % 13))


def generate_bars(
    tickers: Sequence[str], *, last_day: date, days: int = DAYS, seed: int = 20261120,
) -> list[PriceBar]:
    rng = np.random.default_rng(seed)
    calendar = business_days(last_day, days)
    bars: list[PriceBar] = []
    for index, ticker in enumerate(tickers):
        krw = ticker.endswith((".KS", ".KQ"))
        digits = 0 if krw else 2
        steps = rng.normal(0.0005, 0.019, size=days)
        close = _start_price(ticker, index) * np.exp(np.cumsum(steps))
        volume = rng.integers(1_500_000, 9_000_000, size=days)
        volume[rng.choice(days, size=max(days // 50, 1), replace=False)] *= 3
        for day, c_raw, v, step in zip(calendar, close, volume, steps, strict=True):
            c = round(float(c_raw), digits)
            o = round(c / float(np.exp(step * 0.6)), digits)
            hi = round(max(o, c) * (1 + abs(step) * 0.4 + 0.002), digits)
            lo = round(min(o, c) * (1 - abs(step) * 0.4 - 0.002), digits)
            bars.append(PriceBar(ticker=ticker, date=day, open=o, high=hi, low=lo, close=c,
                                 volume=int(v), adj_close=c, source=SOURCE))
    return bars


def generate_news(
    tickers: Sequence[str], *, names: CompanyNames, now: datetime, seed: int = 7,
) -> list[NewsItem]:
    """Three articles per ticker over the last two days (one in Korean for KRX tickers)."""
    rng = np.random.default_rng(seed)
    items: list[NewsItem] = []
    for index, ticker in enumerate(tickers):
        company = names.get(ticker)
        name_en = company.name_en if company else ticker
        name_ko = company.name_ko if company else ticker
        for k in range(3):
            ko = ticker.endswith((".KS", ".KQ")) and k != 1
            pct = round(float(rng.uniform(0.5, 6.0)), 1)
            up = bool(rng.integers(0, 2))
            template = (_HEADLINES_KO if ko else _HEADLINES_EN)[k]
            title = template.format(
                name=name_ko if ko else name_en, pct=pct, n=int(rng.integers(2, 5)),
                year=now.year + 1, verb="rise" if up else "slip",
                verb_ko="상승" if up else "하락")
            items.append(NewsItem(
                url=f"https://news.example.com/eval/{ticker.lower()}/{k}",
                title=title, published_at=now - timedelta(hours=3 + 13 * k + index % 7),
                publisher=("연합인포맥스" if ko else "Example Wire") if k != 2 else "Market Daily",
                summary=(f"{name_ko} 관련 시장 반응 정리." if ko
                         else f"Coverage of {name_en} and its market reaction."),
                language="ko" if ko else "en", tickers=(ticker,), source=SOURCE))
    return items


def build_fixture(
    *, session_factory: sessionmaker[Session], names: CompanyNames, tickers: Sequence[str],
    now: datetime, days: int = DAYS, watchlist: Sequence[str] = WATCHLIST,
) -> FixtureInfo:
    """Fill a migrated, empty SQL store: bars up to the last business day before `now`
    (timezone-aware), news in the hours before `now`. Returns what was written."""
    last = last_business_day(now.date() - timedelta(days=1))
    wanted = list(dict.fromkeys([*tickers, *watchlist]))
    bars = generate_bars(wanted, last_day=last, days=days)
    news = generate_news(wanted, names=names, now=now)
    with session_factory() as session:
        upsert_prices(session=session, bars=bars)
        upsert_news(session=session, items=news)
        add_to_watchlist(session=session, tickers=list(watchlist))
        session.commit()
    return FixtureInfo(tickers=tuple(wanted), first_day=bars[0].date, last_day=last,
                       bars=len(bars), news=len(news))


def build_fixture_graph(*, store: Any, directory: Any) -> int:
    """Seed companies and the curated relations into an empty graph store (a kg GraphStore);
    returns the number of relations written."""
    from kg.builder import GraphBuilder
    from kg.relations import load_relations

    store.ensure_schema()
    builder = GraphBuilder(store=store, directory=directory)
    builder.add_companies()
    return builder.add_relations(load_relations())


def train_fixture_forecast(*, load_bars: Any, registry: Any, tickers: Sequence[str]) -> str:
    """Train and register small forecast models on the fixture bars (a short walk-forward:
    first fold after 400 sessions, refit every 100) so prediction answers carry figures.
    `tickers` must include SPY, the US index the features use."""
    from forecast.evaluation import ForecastConfig
    from forecast.training import retrain_job

    config = ForecastConfig(min_train=400, refit_every=100, garch=False, max_iter=20)
    return retrain_job(load_bars=load_bars, registry=registry, tickers=list(tickers),
                       config=config)
