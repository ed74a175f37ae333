"""Typed records that flow between collectors, stores, the graph builder and agents.

Sources yield these; repositories store them. They carry no storage concerns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

Language = Literal["en", "ko"]
RunStatus = Literal["running", "success", "partial", "failed"]

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "cmpid", "ocid", "guccounter", ".tsrc")


@dataclass(frozen=True, slots=True)
class PriceBar:
    """One daily bar. `close` is as traded (split-adjusted by the vendor), `adj_close` also
    adjusts for dividends when the source knows it."""

    ticker: str
    date: date
    open: float
    high: float
    low: float
    close: float
    volume: int
    adj_close: float | None = None
    source: str = "unknown"


@dataclass(frozen=True, slots=True)
class NewsItem:
    url: str
    title: str
    published_at: datetime
    publisher: str | None = None
    summary: str | None = None
    language: Language = "en"
    tickers: tuple[str, ...] = ()
    source: str = "unknown"

    @property
    def canonical_url(self) -> str:
        return canonical_url(self.url)

    @property
    def key(self) -> str:
        return news_key(self.url)


@dataclass(frozen=True, slots=True)
class Officer:
    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    percent: float | None = None
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    ticker: str
    name: str | None = None
    sector: str | None = None
    industry: str | None = None
    market_cap: float | None = None
    currency: str | None = None
    summary: str | None = None
    website: str | None = None
    officers: tuple[Officer, ...] = ()
    holders: tuple[Holder, ...] = ()
    source: str = "unknown"
    as_of: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragments, tracking parameters and trailing slashes."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or "/"
    scheme = (parts.scheme or "https").lower()
    if scheme == "http":
        scheme = "https"
    return urlunsplit((scheme, parts.netloc.lower(), path, urlencode(query), ""))


def news_key(url: str) -> str:
    """The natural key of a news article: SHA-256 of its canonical URL (hex, 64 chars)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
