"""The profiles job: sector, industry, market cap, summary, officers and holders per ticker.

A fresh profile never erases what is known: fields the source left empty keep their stored
(real, non-demo) values. A profile with none of name, sector or summary counts as a failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import list_profiles, set_watermarks, upsert_profiles
from app.db.repositories.collection import DEMO_SOURCE
from app.records import CompanyProfile
from app.tracing_port import NoTracing, Tracing
from collectors.ledger import JobReport, ProgressHook, RunBook, recorded_run
from collectors.ports import ProfileSource
from collectors.resilience import Resilience

_SCALARS = ("name", "sector", "industry", "market_cap", "currency", "summary", "website")


def merge_profile(fresh: CompanyProfile, stored: CompanyProfile | None) -> CompanyProfile:
    """`fresh`, with empty fields filled from `stored` (unless stored is demo data)."""
    if stored is None or stored.source == DEMO_SOURCE:
        return fresh
    fills = {f: getattr(stored, f) for f in _SCALARS
             if getattr(fresh, f) in (None, "") and getattr(stored, f) not in (None, "")}
    if not fresh.officers and stored.officers:
        fills["officers"] = stored.officers
    if not fresh.holders and stored.holders:
        fills["holders"] = stored.holders
    return replace(fresh, **fills) if fills else fresh


def collect_profiles(
    *,
    session_factory: sessionmaker[Session],
    source: ProfileSource,
    tickers: Sequence[str],
    today: date | None = None,
    tracing: Tracing | None = None,
    resilience: Resilience | None = None,
    on_progress: ProgressHook | None = None,
) -> JobReport:
    tracing = tracing or NoTracing()
    resilience = resilience or Resilience()
    today = today or datetime.now(UTC).date()
    params = {"tickers": list(tickers), "source": source.name}
    with recorded_run(job="profiles", params=params, session_factory=session_factory,
                      tracing=tracing, on_progress=on_progress) as book:
        with session_factory() as session:
            stored = {p.ticker: p for p in list_profiles(session=session, tickers=tickers)}
        for ticker in tickers:
            _one_ticker(ticker, source, stored.get(ticker), today, resilience,
                        session_factory, book)
    assert book.report is not None
    return book.report


def _one_ticker(
    ticker: str, source: ProfileSource, stored: CompanyProfile | None, today: date,
    resilience: Resilience, session_factory: sessionmaker[Session], book: RunBook,
) -> None:
    if resilience.is_open(source.name):
        book.fail(ticker, "not attempted: source unreachable")
        return
    try:
        fresh = resilience.call(source.name, lambda: source.fetch_profile(ticker=ticker))
    except Exception as exc:  # noqa: BLE001 - isolated per ticker
        book.fail(ticker, f"{type(exc).__name__}: {exc}"[:300])
        return
    if fresh.ticker != ticker:
        fresh = replace(fresh, ticker=ticker)
    if not (fresh.name or fresh.sector or fresh.summary):
        book.fail(ticker, "empty profile: no name, sector or summary")
        return
    profile = merge_profile(replace(fresh, as_of=fresh.as_of or today), stored)
    try:
        with session_factory() as session:
            upsert_profiles(session=session, profiles=[profile])
            set_watermarks(session=session, job="profiles",
                           values={ticker: (profile.as_of or today).isoformat()})
            session.commit()
    except SQLAlchemyError as exc:
        book.fail(ticker, f"store error: {type(exc).__name__}")
        return
    book.add("profiles_upserted", 1)
    book.add("officers", len(profile.officers))
    book.add("holders", len(profile.holders))
    book.succeed(ticker, rows=1)
