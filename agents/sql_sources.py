"""SQL adapters of the market and news ports. They receive a session factory (the
container passes its read-only one) and open a short session per read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import StoredNews, get_watchlist, latest_dates, list_news, load_bars
from app.db.repositories.chat import newest_price_date


class SqlMarketData:
    def __init__(self, *, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def bars(
        self, *, tickers: Sequence[str], start: date | None = None, end: date | None = None
    ) -> pd.DataFrame:
        with self._sessions() as session:
            return load_bars(session=session, tickers=list(tickers), start=start, end=end)

    def latest_dates(self, *, tickers: Sequence[str] | None = None) -> dict[str, date]:
        with self._sessions() as session:
            return latest_dates(session=session, tickers=tickers)

    def newest_date(self) -> date | None:
        with self._sessions() as session:
            return newest_price_date(session=session)

    def watchlist(self) -> list[str]:
        with self._sessions() as session:
            return get_watchlist(session=session)


class SqlNewsData:
    def __init__(self, *, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def news(
        self, *, tickers: Sequence[str] | None = None, query: str | None = None,
        since: datetime | None = None, limit: int = 8,
    ) -> list[StoredNews]:
        with self._sessions() as session:
            return list_news(
                session=session, tickers=list(tickers) if tickers else None, query=query,
                since=since, limit=limit,
            )
