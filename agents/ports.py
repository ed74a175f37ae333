"""Ports the agents read through. Adapters: agents.sql_sources (SQL store, read-only
sessions), kg's GraphStore (structurally satisfies GraphReader), forecast's service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

import pandas as pd

from app.db.repositories import StoredNews
from app.symbols.types import Company, Mention, Resolution
from forecast.types import Forecast
from kg.results import CompanyPath, Exposure, Peer, Relation, Subgraph
from kg.schema import Direction, RelType


class SymbolLookup(Protocol):
    """What the chat path needs from app.symbols.SymbolDirectory."""

    def resolve(self, text: str) -> Resolution: ...

    def get(self, ticker: str) -> Company | None: ...

    def find_mentions(self, text: str) -> list[Mention]: ...


class MarketData(Protocol):
    def bars(
        self, *, tickers: Sequence[str], start: date | None = None, end: date | None = None
    ) -> pd.DataFrame:
        """Long-format daily bars (ticker, date, open, high, low, close, adj_close, volume,
        source), sorted by ticker then date."""
        ...

    def latest_dates(self, *, tickers: Sequence[str] | None = None) -> dict[str, date]: ...

    def newest_date(self) -> date | None:
        """The newest bar date of any ticker."""
        ...

    def watchlist(self) -> list[str]: ...


class NewsData(Protocol):
    def news(
        self, *, tickers: Sequence[str] | None = None, query: str | None = None,
        since: datetime | None = None, limit: int = 8,
    ) -> list[StoredNews]: ...


class GraphReader(Protocol):
    """What the graph agent reads: kg.queries.GraphQueries satisfies it."""

    def relations(
        self, company: str, *, types: Sequence[RelType] | None = None,
        direction: Direction = "both", limit: int = 100, country: str | None = None,
    ) -> list[Relation]: ...

    def peers(self, company: str, *, limit: int = 20, country: str | None = None
              ) -> list[Peer]: ...

    def path(
        self, a: str, b: str, *, max_hops: int = 4, include_news: bool = True
    ) -> CompanyPath | None: ...

    def exposure(
        self, company: str, *, max_hops: int = 2, country: str | None = None, limit: int = 50
    ) -> list[Exposure]: ...

    def subgraph(self, company: str, *, max_nodes: int = 40) -> Subgraph: ...


class Forecaster(Protocol):
    """forecast.service.ForecastService satisfies it."""

    def nearest_horizon(self, days: int) -> int: ...

    def forecast(self, ticker: str, horizon: int = 5) -> Forecast: ...
