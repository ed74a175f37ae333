"""Queries the collectors need beyond the core repositories: watermarks that ignore the
synthetic demo rows, stored closes in a window, and removal/detection of demo data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from app.db.models import CompanyProfileRow, DailyPriceRow, NewsArticleRow

DEMO_SOURCE = "demo"


def latest_real_dates(
    *, session: Session, tickers: Sequence[str], exclude_source: str = DEMO_SOURCE
) -> dict[str, date]:
    """Newest stored bar per ticker, not counting rows from `exclude_source`."""
    stmt = (
        select(DailyPriceRow.ticker, func.max(DailyPriceRow.date))
        .where(DailyPriceRow.ticker.in_(list(tickers)), DailyPriceRow.source != exclude_source)
        .group_by(DailyPriceRow.ticker)
    )
    return {ticker: newest for ticker, newest in session.execute(stmt).all()}


def stored_closes(
    *, session: Session, tickers: Sequence[str], start: date, end: date
) -> dict[str, dict[date, float]]:
    """Stored closes per ticker and date in [start, end]."""
    stmt = select(DailyPriceRow.ticker, DailyPriceRow.date, DailyPriceRow.close).where(
        DailyPriceRow.ticker.in_(list(tickers)),
        DailyPriceRow.date >= start,
        DailyPriceRow.date <= end,
    )
    out: dict[str, dict[date, float]] = {}
    for ticker, day, close in session.execute(stmt):
        out.setdefault(ticker, {})[day] = close
    return out


def tickers_with_source(*, session: Session, tickers: Sequence[str], source: str) -> set[str]:
    stmt = (
        select(DailyPriceRow.ticker)
        .where(DailyPriceRow.ticker.in_(list(tickers)), DailyPriceRow.source == source)
        .distinct()
    )
    return set(session.scalars(stmt))


def delete_prices_from_source(*, session: Session, tickers: Sequence[str], source: str) -> int:
    """Remove one source's bars for these tickers (used to drop demo rows). Caller commits."""
    result = session.execute(
        delete(DailyPriceRow).where(
            DailyPriceRow.ticker.in_(list(tickers)), DailyPriceRow.source == source
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_news_from_source(*, session: Session, source: str) -> int:
    """Remove one source's articles (links go with them by cascade). Caller commits."""
    from app.db.models import NewsTickerRow

    keys = select(NewsArticleRow.key).where(NewsArticleRow.source == source)
    session.execute(delete(NewsTickerRow).where(NewsTickerRow.news_key.in_(keys)))
    result = session.execute(delete(NewsArticleRow).where(NewsArticleRow.source == source))
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_profiles_from_source(*, session: Session, source: str) -> int:
    result = session.execute(
        delete(CompanyProfileRow).where(CompanyProfileRow.source == source)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def has_rows_from_source(*, session: Session, source: str) -> bool:
    """True if any price, news or profile row carries this source label."""
    for model in (DailyPriceRow, NewsArticleRow, CompanyProfileRow):
        if session.scalar(select(exists().where(model.source == source))):
            return True
    return False


def has_any_prices(*, session: Session) -> bool:
    return bool(session.scalar(select(exists().where(DailyPriceRow.ticker.is_not(None)))))


def fail_unfinished_runs(*, session: Session, job: str, reason: str) -> list[int]:
    """Close ledger rows of `job` still marked `running` (their process died) as `failed`.
    Only safe while holding the job's lock (no live run can own them). Caller commits."""
    from app.db.models import CollectionRunRow
    from app.db.types import utcnow

    stmt = select(CollectionRunRow).where(
        CollectionRunRow.job == job, CollectionRunRow.status == "running"
    )
    closed: list[int] = []
    for row in session.scalars(stmt):
        row.status = "failed"
        row.finished_at = utcnow()
        row.errors = [*row.errors, {"ticker": "*", "kind": "error", "reason": reason}]
        closed.append(row.id)
    return closed
