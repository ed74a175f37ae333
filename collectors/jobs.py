"""One entry point over the three jobs, used by the CLI, the scheduler and the bootstrap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from app.tracing_port import NoTracing, Tracing
from collectors.ledger import JobReport, ProgressHook
from collectors.news_job import collect_news
from collectors.ports import NewsSource, PriceSource, ProfileSource, SymbolLookup
from collectors.prices_job import collect_prices
from collectors.profiles_job import collect_profiles
from collectors.resilience import Resilience

JobName = Literal["prices", "news", "profiles"]
JOB_NAMES: tuple[JobName, ...] = ("prices", "news", "profiles")
Market = Literal["US", "KR"]
_KR_SUFFIXES = (".KS", ".KQ")


def market_of(ticker: str) -> Market:
    return "KR" if ticker.upper().endswith(_KR_SUFFIXES) else "US"


def tickers_for_market(tickers: Sequence[str], market: Market | None) -> list[str]:
    return [t for t in tickers if market is None or market_of(t) == market]


@dataclass(slots=True)
class CollectDeps:
    """What collection needs; the composition root (CLI, scheduler entry) builds it."""

    session_factory: sessionmaker[Session]
    symbols: SymbolLookup
    price_source: PriceSource
    news_sources: Sequence[NewsSource]
    profile_source: ProfileSource
    tracing: Tracing = field(default_factory=NoTracing)
    resilience: Resilience = field(default_factory=Resilience)


def run_job(
    *, deps: CollectDeps, job: JobName, tickers: Sequence[str], since: date | None = None,
    on_progress: ProgressHook | None = None,
) -> JobReport:
    if job == "prices":
        return collect_prices(
            session_factory=deps.session_factory, source=deps.price_source, tickers=tickers,
            since=since, tracing=deps.tracing, resilience=deps.resilience,
            on_progress=on_progress,
        )
    if job == "news":
        return collect_news(
            session_factory=deps.session_factory, sources=deps.news_sources,
            symbols=deps.symbols, tickers=tickers, tracing=deps.tracing,
            resilience=deps.resilience, on_progress=on_progress,
        )
    if job == "profiles":
        return collect_profiles(
            session_factory=deps.session_factory, source=deps.profile_source, tickers=tickers,
            tracing=deps.tracing, resilience=deps.resilience, on_progress=on_progress,
        )
    raise ValueError(f"unknown job {job!r}; expected one of {', '.join(JOB_NAMES)}")
