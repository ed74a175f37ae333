"""News articles keyed by the hash of their canonical URL, linked to every ticker they name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db.models import NewsArticleRow, NewsTickerRow
from app.db.types import utcnow
from app.records import NewsItem

_CHUNK = 2_000


@dataclass(frozen=True, slots=True)
class StoredNews:
    key: str
    url: str
    title: str
    summary: str | None
    publisher: str | None
    published_at: datetime
    language: str
    source: str
    tickers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewsUpsertResult:
    received: int
    inserted: int
    links_added: int


@dataclass(frozen=True, slots=True)
class NewsMention:
    """The tickers one article names: the input of the graph's co-mention edges."""

    key: str
    published_at: datetime
    tickers: tuple[str, ...]


def upsert_news(*, session: Session, items: Iterable[NewsItem]) -> NewsUpsertResult:
    """Store new articles (first version of a URL wins) and add any new ticker links.

    Re-running with the same items changes nothing. Caller commits.
    """
    by_key: dict[str, NewsItem] = {}
    links: set[tuple[str, str]] = set()
    for item in items:
        key = item.key
        by_key.setdefault(key, item)
        links.update((key, t) for t in item.tickers)
    if not by_key:
        return NewsUpsertResult(0, 0, 0)
    now = utcnow()
    rows = [
        {
            "key": key,
            "url": item.canonical_url,
            "title": item.title.strip(),
            "summary": item.summary,
            "publisher": item.publisher,
            "published_at": item.published_at,
            "language": item.language,
            "source": item.source,
            "ingested_at": now,
        }
        for key, item in by_key.items()
    ]
    inserted = _insert_ignore(session, NewsArticleRow, rows, ["key"])
    link_rows = [{"news_key": k, "ticker": t} for k, t in sorted(links)]
    links_added = _insert_ignore(session, NewsTickerRow, link_rows, ["news_key", "ticker"])
    return NewsUpsertResult(len(rows), inserted, links_added)


def _insert_ignore(
    session: Session, model: type[NewsArticleRow] | type[NewsTickerRow],
    rows: Sequence[Mapping[str, object]], keys: list[str],
) -> int:
    """Insert rows whose key is new; returns how many were new."""
    dialect = session.get_bind().dialect.name
    ins = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    total = 0
    for start in range(0, len(rows), _CHUNK):
        chunk = list(rows[start : start + _CHUNK])
        if len(keys) == 1:
            column = table.c[keys[0]]
            existing = set(session.scalars(
                select(column).where(column.in_([r[keys[0]] for r in chunk]))
            ))
            fresh = [r for r in chunk if r[keys[0]] not in existing]
        else:
            first = table.c[keys[0]]
            pairs = set(session.execute(
                select(*(table.c[k] for k in keys)).where(first.in_({r[keys[0]] for r in chunk}))
            ).all())
            fresh = [r for r in chunk if tuple(r[k] for k in keys) not in pairs]
        if fresh:
            session.execute(ins(model).on_conflict_do_nothing(index_elements=keys), fresh)
        total += len(fresh)
    return total


def _with_tickers(session: Session, stmt: Select[NewsArticleRow]) -> list[StoredNews]:
    articles = list(session.scalars(stmt))
    if not articles:
        return []
    keys = [a.key for a in articles]
    tickers: dict[str, list[str]] = {}
    for key, ticker in session.execute(
        select(NewsTickerRow.news_key, NewsTickerRow.ticker)
        .where(NewsTickerRow.news_key.in_(keys))
        .order_by(NewsTickerRow.ticker)
    ):
        tickers.setdefault(key, []).append(ticker)
    return [
        StoredNews(
            key=a.key, url=a.url, title=a.title, summary=a.summary, publisher=a.publisher,
            published_at=a.published_at, language=a.language, source=a.source,
            tickers=tuple(tickers.get(a.key, ())),
        )
        for a in articles
    ]


def list_news(
    *,
    session: Session,
    tickers: Sequence[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    query: str | None = None,
    language: str | None = None,
    limit: int = 20,
) -> list[StoredNews]:
    """Newest first. `query` matches title or summary (case-insensitive, each word must match)."""
    stmt = select(NewsArticleRow)
    if tickers:
        linked = select(NewsTickerRow.news_key).where(NewsTickerRow.ticker.in_(list(tickers)))
        stmt = stmt.where(NewsArticleRow.key.in_(linked))
    if since is not None:
        stmt = stmt.where(NewsArticleRow.published_at >= since)
    if until is not None:
        stmt = stmt.where(NewsArticleRow.published_at <= until)
    if language:
        stmt = stmt.where(NewsArticleRow.language == language)
    for word in (query or "").split():
        pattern = f"%{word.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(NewsArticleRow.title).like(pattern),
                func.lower(func.coalesce(NewsArticleRow.summary, "")).like(pattern),
            )
        )
    stmt = stmt.order_by(NewsArticleRow.published_at.desc(), NewsArticleRow.key).limit(limit)
    return _with_tickers(session, stmt)


def iter_news_mentions(
    *, session: Session, since: datetime | None = None, min_tickers: int = 2
) -> Iterator[NewsMention]:
    """Articles ingested since `since` that name at least `min_tickers` companies."""
    stmt = (
        select(NewsArticleRow.key, NewsArticleRow.published_at, NewsTickerRow.ticker)
        .join(NewsTickerRow, NewsTickerRow.news_key == NewsArticleRow.key)
        .order_by(NewsArticleRow.key, NewsTickerRow.ticker)
    )
    if since is not None:
        stmt = stmt.where(NewsArticleRow.ingested_at >= since)
    current: tuple[str, datetime] | None = None
    tickers: list[str] = []
    for key, published_at, ticker in session.execute(stmt):
        if current is not None and key != current[0]:
            if len(tickers) >= min_tickers:
                yield NewsMention(current[0], current[1], tuple(tickers))
            tickers = []
        current = (key, published_at)
        tickers.append(ticker)
    if current is not None and len(tickers) >= min_tickers:
        yield NewsMention(current[0], current[1], tuple(tickers))


def news_summary(*, session: Session) -> dict[str, object]:
    row = session.execute(
        select(
            func.count(), func.min(NewsArticleRow.published_at),
            func.max(NewsArticleRow.published_at),
        )
    ).one()
    links = session.scalar(select(func.count()).select_from(NewsTickerRow))
    return {"rows": row[0], "first": row[1], "last": row[2], "links": links}


__all__ = [
    "NewsMention",
    "NewsUpsertResult",
    "StoredNews",
    "iter_news_mentions",
    "list_news",
    "news_summary",
    "upsert_news",
]
