"""The yfinance adapter: the only module that imports yfinance.

Prices come from one batched `yf.download(group_by="ticker", auto_adjust=False)` call per
batch, which gives both Close (split-adjusted) and Adj Close (also dividend-adjusted).
Offline, yfinance returns an EMPTY frame without raising: that is turned into a
`TransientSourceError`, never into "no new data". The parsing functions are pure so tests
feed them frames with the real column layout.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd

from app.records import CompanyProfile, Holder, NewsItem, Officer, PriceBar
from collectors.ports import NewsQuery, SourceError, TransientSourceError

_FIELDS = ("Open", "High", "Low", "Close", "Adj Close", "Volume")
_TRANSIENT_HINTS = ("timeout", "timed out", "connection", "resolve", "temporar", "rate limit",
                    "too many requests", "network", "unreachable", "dns", "ssl", "curl")


def classify(exc: Exception) -> SourceError:
    """Map whatever yfinance (requests / curl_cffi) raised to the port's error types."""
    if isinstance(exc, SourceError):
        return exc
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (TimeoutError, ConnectionError, OSError)) or any(
        hint in text.lower() for hint in _TRANSIENT_HINTS
    ):
        return TransientSourceError(text[:300])
    return SourceError(text[:300])


def _num(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def _bars_from_single(frame: pd.DataFrame, ticker: str, source: str) -> list[PriceBar]:
    present = [f for f in _FIELDS if f in frame.columns]
    if not {"Open", "High", "Low", "Close"} <= set(present):
        return []
    data = frame[present].dropna(how="all", subset=["Open", "High", "Low", "Close"])
    bars: list[PriceBar] = []
    has_adj = "Adj Close" in data.columns
    has_vol = "Volume" in data.columns
    for stamp, row in zip(data.index, data.to_dict("records"), strict=True):
        volume = _num(row["Volume"]) if has_vol else 0.0
        adj = _num(row["Adj Close"]) if has_adj else math.nan
        bars.append(PriceBar(
            ticker=ticker, date=pd.Timestamp(stamp).date(),
            open=_num(row["Open"]), high=_num(row["High"]), low=_num(row["Low"]),
            close=_num(row["Close"]), volume=int(volume) if math.isfinite(volume) else 0,
            adj_close=adj if math.isfinite(adj) else None, source=source,
        ))
    return bars


def bars_from_download(
    frame: pd.DataFrame | None, tickers: Sequence[str], *, source: str = "yfinance"
) -> dict[str, list[PriceBar]]:
    """Bars per ticker from a `yf.download` frame, multi-ticker (MultiIndex columns, level 0
    ticker, level 1 field) or single-ticker (flat field columns) layout. Tickers without any
    bar are left out."""
    if frame is None or frame.empty:
        return {}
    out: dict[str, list[PriceBar]] = {}
    if isinstance(frame.columns, pd.MultiIndex):
        level0 = set(frame.columns.get_level_values(0))
        for ticker in tickers:
            if ticker in level0:
                bars = _bars_from_single(pd.DataFrame(frame[ticker]), ticker, source)
            elif ticker in set(frame.columns.get_level_values(1)):  # group_by="column" layout
                part = pd.DataFrame(frame.xs(ticker, axis=1, level=1))
                bars = _bars_from_single(part, ticker, source)
            else:
                bars = []
            if bars:
                out[ticker] = bars
    elif len(tickers) == 1:
        bars = _bars_from_single(frame, tickers[0], source)
        if bars:
            out[tickers[0]] = bars
    return out


def news_from_yahoo(raw: Sequence[Mapping[str, Any]], *, ticker: str) -> list[NewsItem]:
    """NewsItems from `Ticker.news` (the `{"id", "content": {...}}` stream shape)."""
    items: list[NewsItem] = []
    for entry in raw:
        content = entry.get("content") or entry
        link = ((content.get("canonicalUrl") or {}).get("url")
                or (content.get("clickThroughUrl") or {}).get("url") or content.get("link"))
        title = content.get("title")
        stamp = content.get("pubDate") or content.get("displayTime")
        if not (link and title and stamp):
            continue
        try:
            published = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        except ValueError:
            continue
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        provider = content.get("provider") or {}
        items.append(NewsItem(
            url=str(link), title=str(title).strip(), published_at=published,
            publisher=provider.get("displayName") if isinstance(provider, dict) else None,
            summary=(content.get("summary") or content.get("description") or None),
            language="en", tickers=(ticker,), source="yfinance",
        ))
    return items


def profile_from_info(
    ticker: str, info: Mapping[str, Any], holders: pd.DataFrame | None, *, today: date
) -> CompanyProfile:
    officers = tuple(
        Officer(name=str(o["name"]), title=o.get("title"))
        for o in info.get("companyOfficers") or [] if o.get("name")
    )
    held: list[Holder] = []
    if holders is not None and not holders.empty and "Holder" in holders.columns:
        for row in holders.to_dict("records"):
            pct = _num(row.get("pctHeld"))
            reported = row.get("Date Reported")
            held.append(Holder(
                name=str(row["Holder"]), percent=pct if math.isfinite(pct) else None,
                as_of=pd.Timestamp(reported).date() if reported is not None else None,
            ))
    cap = _num(info.get("marketCap"))
    return CompanyProfile(
        ticker=ticker, name=info.get("longName") or info.get("shortName"),
        sector=info.get("sector"), industry=info.get("industry"),
        market_cap=cap if math.isfinite(cap) else None, currency=info.get("currency"),
        summary=info.get("longBusinessSummary"), website=info.get("website"),
        officers=officers, holders=tuple(held), source="yfinance", as_of=today,
    )


class YFinanceSource:
    """PriceSource, NewsSource and ProfileSource over Yahoo Finance."""

    name = "yfinance"

    def __init__(self, *, max_batch: int = 50, threads: int = 4, timeout_s: float = 20.0) -> None:
        self.max_batch = max_batch
        self.threads = threads
        self.timeout_s = timeout_s
        # yfinance prints its own "Failed download" lines; failures reach the run ledger
        # and the summary table through this adapter's exceptions instead.
        logging.getLogger("yfinance").setLevel(logging.CRITICAL)

    def fetch_prices(
        self, *, tickers: Sequence[str], start: date, end: date
    ) -> Mapping[str, Sequence[PriceBar]]:
        import yfinance as yf

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pandas FutureWarnings raised inside yfinance
                frame = yf.download(
                    list(tickers), start=start.isoformat(),
                    end=(end + timedelta(days=1)).isoformat(),  # yfinance's end is exclusive
                    group_by="ticker", auto_adjust=False, actions=False, threads=self.threads,
                    progress=False, timeout=self.timeout_s, multi_level_index=True,
                )
        except Exception as exc:  # noqa: BLE001 - mapped to the port's error types
            raise classify(exc) from exc
        if frame is None or frame.empty:
            raise TransientSourceError(
                "empty download: yfinance returned no rows (offline or throttled?)")
        return bars_from_download(frame, tickers, source=self.name)

    def fetch_news(self, *, query: NewsQuery) -> Sequence[NewsItem]:
        import yfinance as yf

        try:
            raw = yf.Ticker(query.ticker).news
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from exc
        return news_from_yahoo(raw or [], ticker=query.ticker)

    def fetch_profile(self, *, ticker: str) -> CompanyProfile:
        import yfinance as yf

        try:
            handle = yf.Ticker(ticker)
            info = handle.info or {}
            try:
                holders = handle.institutional_holders
            except Exception:  # noqa: BLE001 - holders are optional; the profile is not
                holders = None
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from exc
        if len(info) <= 1:  # offline / unknown ticker: {"trailingPegRatio": None}
            raise TransientSourceError(f"empty profile answer for {ticker}")
        return profile_from_info(ticker, info, holders, today=datetime.now(UTC).date())
