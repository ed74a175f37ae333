"""Types of the symbol directory (shared by collectors, graph builder, agents)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Country = Literal["US", "KR"]
Kind = Literal["stock", "etf"]
ResolutionStatus = Literal["found", "ambiguous", "not_found"]


@dataclass(frozen=True, slots=True)
class Company:
    """A listed company or ETF. `ticker` is the yfinance symbol (AAPL, 005930.KS, 247540.KQ)."""

    ticker: str
    name_en: str
    name_ko: str
    exchange: str  # NASDAQ, NYSE, NYSEARCA, KOSPI, KOSDAQ ...
    country: Country
    currency: str  # USD, KRW
    sector: str
    kind: Kind = "stock"
    aliases: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The bare code: AAPL for AAPL, 005930 for 005930.KS."""
        return self.ticker.split(".")[0]

    def display_name(self, language: str = "en") -> str:
        return self.name_ko if language == "ko" else self.name_en


@dataclass(frozen=True, slots=True)
class Resolution:
    query: str
    status: ResolutionStatus
    matches: tuple[Company, ...] = ()
    method: str = ""  # ticker | code | name | alias | fuzzy | ""
    score: float = 0.0

    @property
    def company(self) -> Company | None:
        return self.matches[0] if self.status == "found" else None


@dataclass(frozen=True, slots=True)
class Mention:
    """A company named inside a longer text (a question, a headline)."""

    ticker: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class AmbiguousGroup:
    """Names that mean several companies at once ("LG", "Google").

    `resolve` reports these names as ambiguous between `tickers`. `find_mentions` links them to
    `primary` when one is declared (Google -> GOOGL in news) and skips them otherwise.
    """

    names: tuple[str, ...]
    tickers: tuple[str, ...]
    primary: str | None = None
