"""Source ports: what a collection job needs from the outside world.

Sources yield typed records (app.records) and never name a destination; the jobs decide
where records go. Adapters raise `TransientSourceError` for failures worth retrying
(timeouts, connection errors, rate limiting, an empty answer from a flaky vendor) and
`SourceError` for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.records import CompanyProfile, NewsItem, PriceBar
from app.symbols.types import Company, Mention


class SourceError(Exception):
    """The source could not deliver this item; retrying now will not help."""


class TransientSourceError(SourceError):
    """A failure worth retrying: network, timeout, throttling, empty vendor answer."""


@dataclass(frozen=True, slots=True)
class NewsQuery:
    """What a news source searches for: the ticker and the company's names."""

    ticker: str
    name_en: str | None = None
    name_ko: str | None = None


class PriceSource(Protocol):
    """Daily bars. `max_batch` is how many tickers one request may carry."""

    name: str
    max_batch: int

    def fetch_prices(
        self, *, tickers: Sequence[str], start: date, end: date
    ) -> Mapping[str, Sequence[PriceBar]]:
        """Bars per ticker with `start <= date <= end`. A ticker that is missing or has no
        bars means the source had nothing for it (the job records that as a failure)."""
        ...


class NewsSource(Protocol):
    name: str

    def fetch_news(self, *, query: NewsQuery) -> Sequence[NewsItem]: ...


class ProfileSource(Protocol):
    name: str

    def fetch_profile(self, *, ticker: str) -> CompanyProfile: ...


class SymbolLookup(Protocol):
    """The part of `app.symbols.SymbolDirectory` the collectors use."""

    def get(self, ticker: str) -> Company | None: ...

    def find_mentions(self, text: str) -> list[Mention]: ...
