"""The news job: articles per ticker from every news source, deduplicated by canonical URL
and linked to every company they name (symbol directory mentions in title and summary)
plus the ticker they were fetched for. Stored and committed ticker by ticker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import set_watermarks, upsert_news
from app.db.repositories.collection import DEMO_SOURCE, delete_news_from_source
from app.records import NewsItem
from app.tracing_port import NoTracing, Tracing
from collectors.ledger import JobReport, ProgressHook, RunBook, recorded_run
from collectors.ports import NewsQuery, NewsSource, SymbolLookup
from collectors.resilience import Resilience

FUTURE_TOLERANCE = timedelta(days=1)


def link_tickers(item: NewsItem, *, fetched_for: str, symbols: SymbolLookup) -> NewsItem:
    """The item linked to its own ticker and every company its title or summary names."""
    text = item.title if not item.summary else f"{item.title}\n{item.summary}"
    found = [m.ticker for m in symbols.find_mentions(text)]
    tickers = dict.fromkeys([fetched_for, *item.tickers, *found])
    return replace(item, tickers=tuple(tickers))


def _usable(item: NewsItem, now: datetime) -> bool:
    if not item.url.strip() or not item.title.strip():
        return False
    published = item.published_at
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published <= now + FUTURE_TOLERANCE


def query_for(ticker: str, symbols: SymbolLookup) -> NewsQuery:
    company = symbols.get(ticker)
    if company is None:
        return NewsQuery(ticker=ticker)
    return NewsQuery(ticker=ticker, name_en=company.name_en, name_ko=company.name_ko)


def collect_news(
    *,
    session_factory: sessionmaker[Session],
    sources: Sequence[NewsSource],
    symbols: SymbolLookup,
    tickers: Sequence[str],
    now: datetime | None = None,
    tracing: Tracing | None = None,
    resilience: Resilience | None = None,
    on_progress: ProgressHook | None = None,
) -> JobReport:
    tracing = tracing or NoTracing()
    resilience = resilience or Resilience()
    now = now or datetime.now(UTC)
    params = {"tickers": list(tickers), "sources": [s.name for s in sources]}
    with recorded_run(job="news", params=params, session_factory=session_factory,
                      tracing=tracing, on_progress=on_progress) as book:
        for ticker in tickers:
            _one_ticker(ticker, sources, symbols, now, resilience, session_factory, book)
        if book.counts.get("inserted", 0) > 0:
            with session_factory() as session:
                book.add("demo_items_removed",
                         delete_news_from_source(session=session, source=DEMO_SOURCE))
                session.commit()
    assert book.report is not None
    return book.report


def _one_ticker(
    ticker: str, sources: Sequence[NewsSource], symbols: SymbolLookup, now: datetime,
    resilience: Resilience, session_factory: sessionmaker[Session], book: RunBook,
) -> None:
    query = query_for(ticker, symbols)
    items: list[NewsItem] = []
    problems: list[str] = []
    for source in sources:
        if resilience.is_open(source.name):
            problems.append(f"{source.name}: not attempted, source unreachable")
            continue
        try:
            got = resilience.call(source.name, partial(source.fetch_news, query=query))
        except Exception as exc:  # noqa: BLE001 - one source failing never sinks the ticker
            problems.append(f"{source.name}: {type(exc).__name__}: {exc}"[:300])
            continue
        usable = [link_tickers(i, fetched_for=ticker, symbols=symbols)
                  for i in got if _usable(i, now)]
        book.add("items_rejected", len(got) - len(usable))
        items.extend(usable)
    if len(problems) == len(sources) and sources:
        book.fail(ticker, "; ".join(problems))
        return
    for problem in problems:
        book.warn(ticker, problem)
    try:
        with session_factory() as session:
            result = upsert_news(session=session, items=items)
            if items:
                newest = max(i.published_at for i in items)
                set_watermarks(session=session, job="news",
                               values={ticker: newest.astimezone(UTC).isoformat()})
            session.commit()
    except SQLAlchemyError as exc:
        book.fail(ticker, f"store error: {type(exc).__name__}")
        return
    if not items:
        book.warn(ticker, "no news items from any source")
    book.add("items_received", result.received)
    book.add("inserted", result.inserted)
    book.add("links_added", result.links_added)
    book.succeed(ticker, rows=result.inserted)
