"""News from RSS search feeds (Google News by default), in English and Korean.

The network fetch is a plain injectable function (`url, timeout -> bytes`), so tests hand
in recorded XML; feedparser only ever parses bytes.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from calendar import timegm
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit

import feedparser

from app.records import Language, NewsItem
from collectors.ports import NewsQuery, SourceError, TransientSourceError

Fetcher = Callable[[str, float], bytes]

GOOGLE_NEWS = {
    "en": "https://news.google.com/rss/search?q={q}&hl=en-US&gl=US&ceid=US:en",
    "ko": "https://news.google.com/rss/search?q={q}&hl=ko&gl=KR&ceid=KR:ko",
}
_FEED_PARAMS = ("oc", "hl", "gl", "ceid")
_TAG = re.compile(r"<[^>]+>")
_USER_AGENT = "Mozilla/5.0 (compatible; stockelper/0.1; +https://github.com/stockelper)"


def urllib_fetch(url: str, timeout_s: float) -> bytes:
    """GET with a timeout; network trouble and 429/5xx are transient, other HTTP errors not."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code} from {urlsplit(url).netloc}"
        if exc.code == 429 or exc.code >= 500:
            raise TransientSourceError(error) from exc
        raise SourceError(error) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise TransientSourceError(f"{type(exc).__name__}: {exc}") from exc


def clean_link(url: str) -> str:
    """Drop the feed's own parameters (oc=5, hl, gl, ceid) so one article has one URL."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k not in _FEED_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _text(value: str | None) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())


def items_from_feed(
    body: bytes, *, language: Language, ticker: str, source: str = "rss"
) -> list[NewsItem]:
    """NewsItems from RSS/Atom bytes: title without the " - Publisher" suffix, publisher,
    UTC time, cleaned link; a summary only when it says more than the title."""
    feed: Any = feedparser.parse(body)
    items: list[NewsItem] = []
    for entry in feed.entries:
        link, title = entry.get("link"), _text(entry.get("title"))
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if not (link and title and parsed):
            continue
        publisher = (entry.get("source") or {}).get("title") or None
        if publisher and title.endswith(f" - {publisher}"):
            title = title[: -len(publisher) - 3].rstrip()
        summary = _text(entry.get("summary"))
        if publisher and summary.endswith(publisher):
            summary = summary[: -len(publisher)].rstrip()
        items.append(NewsItem(
            url=clean_link(link), title=title,
            published_at=datetime.fromtimestamp(timegm(parsed), tz=UTC),
            publisher=publisher, summary=summary if summary and summary != title else None,
            language=language, tickers=(ticker,), source=source,
        ))
    return items


class RssNewsSource:
    """Search feeds per company name, one per language (Google News by default)."""

    def __init__(
        self, *, name: str = "google-news", templates: dict[str, str] | None = None,
        fetch: Fetcher = urllib_fetch, timeout_s: float = 15.0,
    ) -> None:
        self.name = name
        self.templates = templates or dict(GOOGLE_NEWS)
        self._fetch = fetch
        self.timeout_s = timeout_s

    def feed_urls(self, query: NewsQuery) -> list[tuple[Language, str]]:
        names: dict[str, str | None] = {"en": query.name_en, "ko": query.name_ko}
        urls: list[tuple[Language, str]] = []
        for language in ("en", "ko"):
            template = self.templates.get(language)
            if template is None:
                continue
            term = names[language] or (query.ticker if language == "en" else None)
            if term:
                urls.append((language, template.format(q=quote_plus(f'"{term}"'))))
        return urls

    def fetch_news(self, *, query: NewsQuery) -> Sequence[NewsItem]:
        """Items from every language's feed; raises only when every feed failed."""
        items: list[NewsItem] = []
        errors: list[SourceError] = []
        urls = self.feed_urls(query)
        for language, url in urls:
            try:
                body = self._fetch(url, self.timeout_s)
            except SourceError as exc:
                errors.append(exc)
                continue
            items.extend(items_from_feed(body, language=language, ticker=query.ticker,
                                         source=self.name))
        if urls and len(errors) == len(urls):
            transient = all(isinstance(e, TransientSourceError) for e in errors)
            kind = TransientSourceError if transient else SourceError
            raise kind("; ".join(str(e) for e in errors))
        return items
