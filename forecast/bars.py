"""The SQL-backed `BarsLoader`: stored daily bars through a (read-only) session factory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from app.db.repositories import load_bars


class SqlBarsLoader:
    def __init__(self, *, session_factory: Callable[[], Session]) -> None:
        self._sessions = session_factory

    def __call__(self, *, tickers: Sequence[str], start: date | None = None) -> pd.DataFrame:
        with self._sessions() as session:
            return load_bars(session=session, tickers=list(tickers), start=start)

    def tickers(self) -> list[str]:
        """Every ticker with stored bars."""
        from app.db.repositories import latest_dates

        with self._sessions() as session:
            return sorted(latest_dates(session=session))
