"""Daily prices: idempotent bulk upserts and reads.

Both stores load the batch into a temporary staging table (PostgreSQL: binary COPY;
SQLite: `executemany` on the raw connection), count which keys already exist, then merge
with one `INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE <values differ>`. A row whose
values are unchanged is not rewritten (its `ingested_at` stays). The cost is proportional
to the batch, never to the size of the table.
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

_STAGE_COLUMNS = (
    "ticker varchar(24), date date, open float8, high float8, low float8, close float8,"
    " adj_close float8, volume bigint, source varchar(24)"
)
_EXISTING = (
    "SELECT count(*) FROM stage_daily_prices s JOIN daily_prices d"
    " ON d.ticker = s.ticker AND d.date = s.date"
)


def _merge_sql(now: str, *, distinct: str) -> str:
    """INSERT ... SELECT from the stage; `distinct` compares a stored and an incoming value."""
    changed = " OR ".join(
        distinct.format(a=f"daily_prices.{c}", b=f"excluded.{c}") for c in _VALUE_COLUMNS
    )
    return (
        f"INSERT INTO daily_prices ({', '.join(_COLUMNS)}, ingested_at)"
        f" SELECT {', '.join(_COLUMNS)}, {now} FROM stage_daily_prices WHERE true"
        " ON CONFLICT (ticker, date) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in (*_VALUE_COLUMNS, "ingested_at"))
        + f" WHERE {changed}"
    )


_SQLITE_STAGE = f"CREATE TEMP TABLE IF NOT EXISTS stage_daily_prices ({_STAGE_COLUMNS})"
_SQLITE_FILL = f"INSERT INTO stage_daily_prices VALUES ({', '.join('?' * len(_COLUMNS))})"
_SQLITE_MERGE = _merge_sql("?", distinct="{a} IS NOT {b}")

_PG_STAGE = f"CREATE TEMP TABLE IF NOT EXISTS stage_daily_prices ({_STAGE_COLUMNS})"
_PG_COPY = f"COPY stage_daily_prices ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
_PG_TYPES = ("varchar", "date", "float8", "float8", "float8", "float8", "float8", "int8", "varchar")
_PG_MERGE = _merge_sql("%(now)s", distinct="{a} IS DISTINCT FROM {b}")


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
    raw.execute(_SQLITE_STAGE)
    raw.execute("DELETE FROM stage_daily_prices")
    raw.executemany(
        _SQLITE_FILL, [(t, d.isoformat(), *rest) for t, d, *rest in rows]
    )
    existing = _scalar(raw.execute(_EXISTING).fetchone())
    changes_before = raw.total_changes
    raw.execute(_SQLITE_MERGE, (utcnow().replace(tzinfo=None).isoformat(sep=" "),))
    changed = raw.total_changes - changes_before
    raw.execute("DELETE FROM stage_daily_prices")
    inserted = len(rows) - existing
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
        cur.execute(_EXISTING)
        existing = _scalar(cur.fetchone())
        cur.execute(_PG_MERGE, {"now": utcnow()})
        changed = cur.rowcount
        cur.execute("TRUNCATE stage_daily_prices")
    inserted = len(rows) - existing
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
    rows = session.execute(stmt).all()
    # Column-wise construction: pandas would otherwise inspect every Row object.
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_COLUMNS)
    frame = pd.DataFrame(dict(zip(_COLUMNS, columns, strict=True)))
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
