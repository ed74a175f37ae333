"""Test doubles at the unreachable edges: in-memory sources with fault injection, frames in
the exact column layout yfinance returns, a small symbol directory."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from app.records import CompanyProfile, Holder, NewsItem, Officer, PriceBar
from app.symbols import Company, SymbolDirectory
from collectors.ports import NewsQuery, SourceError, TransientSourceError

DATA = Path(__file__).parent / "data"
FIELDS = ["Open", "High", "Low", "Close", "Adj Close", "Volume"]

COMPANIES = [
    Company("AAPL", "Apple", "애플", "NASDAQ", "US", "USD", "Information Technology",
            aliases=("Apple Inc.",)),
    Company("NVDA", "Nvidia", "엔비디아", "NASDAQ", "US", "USD", "Information Technology"),
    Company("MSFT", "Microsoft", "마이크로소프트", "NASDAQ", "US", "USD",
            "Information Technology"),
    Company("005930.KS", "Samsung Electronics", "삼성전자", "KOSPI", "KR", "KRW",
            "Information Technology", aliases=("삼전",)),
    Company("000660.KS", "SK Hynix", "SK하이닉스", "KOSPI", "KR", "KRW",
            "Information Technology"),
]


def symbols() -> SymbolDirectory:
    return SymbolDirectory(COMPANIES)


def history(ticker: str, start: date, end: date, *, base: float = 100.0,
            source: str = "fixture") -> list[PriceBar]:
    """Deterministic weekday bars between start and end inclusive."""
    seed = sum(ord(c) for c in ticker)
    bars: list[PriceBar] = []
    day, i = start, 0
    while day <= end:
        if day.weekday() < 5:
            close = base * (1 + 0.1 * math.sin((i + seed) / 7))
            bars.append(PriceBar(ticker=ticker, date=day, open=close * 0.99, high=close * 1.02,
                                 low=close * 0.97, close=close, volume=1_000 + i,
                                 adj_close=close * 0.98, source=source))
            i += 1
        day += timedelta(days=1)
    return bars


def yf_frame(data: Mapping[str, Sequence[PriceBar]], *, multi: bool = True) -> pd.DataFrame:
    """What `yf.download(tickers, group_by="ticker", auto_adjust=False)` returns: a
    DatetimeIndex named Date, MultiIndex columns (Ticker, Price) with the six fields per
    ticker, NaN where a ticker has no bar that day (other market's holidays). With
    `multi=False`, the flat single-ticker layout (`multi_level_index=False`)."""
    dates = sorted({b.date for bars in data.values() for b in bars})
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="Date")
    columns: dict[tuple[str, str], list[float]] = {}
    for ticker, bars in data.items():
        by_date = {b.date: b for b in bars}
        for f in FIELDS:
            columns[(ticker, f)] = [
                _field(by_date[d], f) if d in by_date else np.nan for d in dates
            ]
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["Ticker", "Price"])
    if not multi:
        (ticker,) = data
        frame = frame[ticker]
        frame.columns.name = "Price"
    return frame


def _field(bar: PriceBar, name: str) -> float:
    return {"Open": bar.open, "High": bar.high, "Low": bar.low, "Close": bar.close,
            "Adj Close": bar.adj_close if bar.adj_close is not None else np.nan,
            "Volume": float(bar.volume)}[name]


class Crash(BaseException):
    """Stands in for the process dying between two tickers (not an Exception: jobs must
    not swallow it)."""


@dataclass
class FakePriceSource:
    """In-memory PriceSource. `fail` poisons any request that includes the ticker;
    `down` makes every request fail like an unreachable network."""

    data: dict[str, list[PriceBar]]
    max_batch: int = 50
    name: str = "fake-prices"
    fail: dict[str, Exception] = field(default_factory=dict)
    down: bool = False
    crash_on: str | None = None
    calls: list[tuple[tuple[str, ...], date, date]] = field(default_factory=list)

    def fetch_prices(self, *, tickers: Sequence[str], start: date,
                     end: date) -> dict[str, list[PriceBar]]:
        self.calls.append((tuple(tickers), start, end))
        if self.crash_on is not None and self.crash_on in tickers:
            raise Crash(f"killed while fetching {self.crash_on}")
        if self.down:
            raise TransientSourceError("URLError: [Errno -3] Temporary failure in name resolution")
        for ticker in tickers:
            if ticker in self.fail:
                raise self.fail[ticker]
        # like real vendors, trust `start` but not `end`: a bar past `end` can come back
        return {t: [b for b in self.data.get(t, []) if start <= b.date]
                for t in tickers if t in self.data}


@dataclass
class FakeNewsSource:
    items: dict[str, list[NewsItem]]
    name: str = "fake-news"
    fail: set[str] = field(default_factory=set)
    calls: list[NewsQuery] = field(default_factory=list)

    def fetch_news(self, *, query: NewsQuery) -> list[NewsItem]:
        self.calls.append(query)
        if query.ticker in self.fail:
            raise TransientSourceError("timed out")
        return list(self.items.get(query.ticker, []))


@dataclass
class FakeProfileSource:
    profiles: dict[str, CompanyProfile]
    name: str = "fake-profiles"
    fail: set[str] = field(default_factory=set)

    def fetch_profile(self, *, ticker: str) -> CompanyProfile:
        if ticker in self.fail:
            raise SourceError(f"no profile for {ticker}")
        return self.profiles.get(ticker, CompanyProfile(ticker=ticker))


def profile(ticker: str, **overrides: object) -> CompanyProfile:
    base = CompanyProfile(
        ticker=ticker, name=f"{ticker} Corp", sector="Technology", industry="Semiconductors",
        market_cap=1e12, currency="USD", summary=f"{ticker} makes things.",
        officers=(Officer("Jane Doe", "CEO"),), holders=(Holder("Vanguard", 0.08),),
        source="fixture",
    )
    from dataclasses import replace

    return replace(base, **overrides)  # type: ignore[arg-type]
