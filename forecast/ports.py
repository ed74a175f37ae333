"""What `forecast` needs from the outside world, as protocols (wired in the container/CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

import pandas as pd


class BarsLoader(Protocol):
    """Daily bars in long format (ticker, date, open, high, low, close, adj_close, volume),
    e.g. `app.db.repositories.load_bars` bound to a read-only session."""

    def __call__(self, *, tickers: Sequence[str], start: date | None = None) -> pd.DataFrame: ...
