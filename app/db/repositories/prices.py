"""Daily prices: idempotent bulk upserts and reads.

PostgreSQL: COPY into a temporary staging table, then one `INSERT ... ON CONFLICT`.
SQLite: `executemany` of `INSERT ... ON CONFLICT` on the raw connection, in chunks.
Either way a row whose values are unchanged is not rewritten (its `ingested_at` stays).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import DailyPriceRow
from app.db.types import utcnow
from app.records import PriceBar

_COLUMNS = ("ticker", "date", "open", "high", "low", "close", "adj_close", "volume", "source")
_VALUE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "source")
_SQLITE_CHUNK = 50_000

_SQLITE_UPSERT = (
    "INSERT INTO daily_prices (ticker, date, open, high, low, close, adj_close, volume, source,"
    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (ticker, date) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*_VALUE_COLUMNS, "ingested_at"))
    + " WHERE "
    + " OR ".join(f"daily_prices.{c} IS NOT excluded.{c}" for c in _VALUE_COLUMNS)
)

_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS stage_daily_prices ("
    " ticker varchar(24), date date, open float8, high float8, low float8, close float8,"
    " adj_close float8, volume bigint, source varchar(24)) ON COMMIT DELETE ROWS"
)
_PG_COPY = f"COPY stage_daily_prices ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
_PG_TYPES = ("varchar", "date", "float8", "float8", "float8", "float8", "float8", "int8", "varchar")
_PG_MERGE = (
    f"INSERT INTO daily_prices ({', '.join(_COLUMNS)}, ingested_at)"
    f" SELECT {', '.join(_COLUMNS)}, %(now)s FROM stage_daily_prices"
    " ON CONFLICT (ticker, date) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_VALUE_COLUMNS, "ingested_at"))
    + f" WHERE ({', '.join('daily_prices.' + c for c in _VALUE_COLUMNS)})"
    f" IS DISTINCT FROM ({', '.join('EXCLUDED.' + c for c in _VALUE_COLUMNS)})"
)
_PG_COUNT = "SELECT count(*) FROM daily_prices"


@dataclass(frozen=True, slots=True)
class UpsertResult:
    received: int
    inserted: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.received - self.inserted - self.updated


def upsert_prices(*, session: Session, bars: Iterable[PriceBar]) -> UpsertResult:
    """Insert new bars, update changed ones, leave identical ones alone. Caller commits."""
    rows = _dedupe(bars)
    if not rows:
        return UpsertResult(0, 0, 0)
    if session.get_bind().dialect.name == "postgresql":
        inserted, updated = _upsert_postgres(session, rows)
    else:
        inserted, updated = _upsert_sqlite(session, rows)
    return UpsertResult(len(rows), inserted, updated)


_as_row = attrgetter(*_COLUMNS)


def _dedupe(bars: Iterable[PriceBar]) -> list[tuple[Any, ...]]:
    """One row per (ticker, date); the last one wins, as a re-import would."""
    return list({(r[0], r[1]): r for r in map(_as_row, bars)}.values())


def _upsert_sqlite(session: Session, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    now = utcnow().replace(tzinfo=None).isoformat(sep=" ")
    before = raw.execute("SELECT count(*) FROM daily_prices").fetchone()[0]
    changed_before = raw.total_changes
    for start in range(0, len(rows), _SQLITE_CHUNK):
        chunk = rows[start : start + _SQLITE_CHUNK]
        raw.executemany(
            _SQLITE_UPSERT,
            [(t, d.isoformat(), o, h, lo, c, a, v, s, now) for t, d, o, h, lo, c, a, v, s in chunk],
        )
    changed = raw.total_changes - changed_before
    inserted = raw.execute("SELECT count(*) FROM daily_prices").fetchone()[0] - before
    return inserted, changed - inserted


def _upsert_postgres(session: Session, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(_PG_STAGE)
        cur.execute("TRUNCATE stage_daily_prices")
        with cur.copy(_PG_COPY) as copy:
            copy.set_types(list(_PG_TYPES))
            for row in rows:
                copy.write_row(row)
        cur.execute(_PG_COUNT)
        before = _scalar(cur.fetchone())
        cur.execute(_PG_MERGE, {"now": utcnow()})
        changed = cur.rowcount
        cur.execute(_PG_COUNT)
        inserted = _scalar(cur.fetchone()) - before
    return inserted, changed - inserted


def _scalar(row: tuple[Any, ...] | None) -> int:
    assert row is not None
    return int(row[0])


def load_bars(
    *,
    session: Session,
    tickers: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Bars in long format (ticker, date, open, high, low, close, adj_close, volume, source),
    sorted by ticker then date."""
    stmt = select(*(getattr(DailyPriceRow, c) for c in _COLUMNS))
    if tickers is not None:
        stmt = stmt.where(DailyPriceRow.ticker.in_(list(tickers)))
    if start is not None:
        stmt = stmt.where(DailyPriceRow.date >= start)
    if end is not None:
        stmt = stmt.where(DailyPriceRow.date <= end)
    stmt = stmt.order_by(DailyPriceRow.ticker, DailyPriceRow.date)
    frame = pd.DataFrame(session.execute(stmt).all(), columns=list(_COLUMNS))
    if not frame.empty:
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        frame["adj_close"] = frame["adj_close"].astype("float64")
    return frame


def latest_dates(*, session: Session, tickers: Sequence[str] | None = None) -> dict[str, date]:
    """Newest stored bar date per ticker (the natural watermark for price collection)."""
    stmt = select(DailyPriceRow.ticker, func.max(DailyPriceRow.date)).group_by(
        DailyPriceRow.ticker
    )
    if tickers is not None:
        stmt = stmt.where(DailyPriceRow.ticker.in_(list(tickers)))
    return {ticker: newest for ticker, newest in session.execute(stmt).all()}


def price_summary(*, session: Session) -> dict[str, Any]:
    row = session.execute(
        select(
            func.count(),
            func.count(func.distinct(DailyPriceRow.ticker)),
            func.min(DailyPriceRow.date),
            func.max(DailyPriceRow.date),
        )
    ).one()
    return {"rows": row[0], "tickers": row[1], "first": row[2], "last": row[3]}
