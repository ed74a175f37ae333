"""The user's watchlist (tickers in display order)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import WatchlistRow


def get_watchlist(*, session: Session) -> list[str]:
    stmt = select(WatchlistRow.ticker).order_by(WatchlistRow.position, WatchlistRow.ticker)
    return list(session.scalars(stmt))


def add_to_watchlist(*, session: Session, tickers: Sequence[str]) -> list[str]:
    """Append tickers not yet on the list; returns those added. Caller commits."""
    present = set(get_watchlist(session=session))
    last = session.scalar(select(func.coalesce(func.max(WatchlistRow.position), -1)))
    next_position = int(last if last is not None else -1) + 1
    added: list[str] = []
    for ticker in tickers:
        if ticker in present or ticker in added:
            continue
        session.add(WatchlistRow(ticker=ticker, position=next_position))
        next_position += 1
        added.append(ticker)
    session.flush()
    return added


def remove_from_watchlist(*, session: Session, tickers: Sequence[str]) -> int:
    result = session.execute(delete(WatchlistRow).where(WatchlistRow.ticker.in_(list(tickers))))
    return int(result.rowcount)  # type: ignore[attr-defined]


def ensure_watchlist(*, session: Session, default: Sequence[str]) -> list[str]:
    """Seed the watchlist from settings the first time; afterwards the stored list rules."""
    current = get_watchlist(session=session)
    if current:
        return current
    add_to_watchlist(session=session, tickers=default)
    session.commit()
    return get_watchlist(session=session)
