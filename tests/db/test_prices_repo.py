"""Price repository on real SQLite and real PostgreSQL (same tests, parametrised by db_url)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import DailyPriceRow
from app.db.repositories import latest_dates, load_bars, upsert_prices
from app.records import PriceBar


def make_bars(ticker: str, days: int, start: date = date(2024, 1, 1), base: float = 100.0
              ) -> list[PriceBar]:
    bars = []
    for i in range(days):
        close = base + i
        bars.append(PriceBar(ticker, start + timedelta(days=i), close - 1, close + 2, close - 2,
                             close, 1000 + i, close * 0.99, "test"))
    return bars


def snapshot(session: Session) -> list[tuple[object, ...]]:
    rows = session.execute(select(DailyPriceRow).order_by(DailyPriceRow.ticker,
                                                          DailyPriceRow.date)).scalars()
    return [(r.ticker, r.date, r.open, r.high, r.low, r.close, r.adj_close, r.volume,
             r.source, r.ingested_at) for r in rows]


def test_upsert_is_idempotent(session_factory: sessionmaker[Session]) -> None:
    bars = make_bars("AAPL", 30) + make_bars("005930.KS", 30, base=70000)
    with session_factory() as s:
        first = upsert_prices(session=s, bars=bars)
        s.commit()
        before = snapshot(s)
    assert (first.inserted, first.updated, first.unchanged) == (60, 0, 0)
    with session_factory() as s:
        again = upsert_prices(session=s, bars=bars)
        s.commit()
        after = snapshot(s)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 60)
    assert after == before  # not even ingested_at moved


def test_upsert_updates_only_changed_rows(session_factory: sessionmaker[Session]) -> None:
    bars = make_bars("MSFT", 10)
    with session_factory() as s:
        upsert_prices(session=s, bars=bars)
        s.commit()
    corrected = bars[3].__class__(**{**{f: getattr(bars[3], f) for f in bars[3].__slots__},
                                     "close": 999.0, "high": 1000.0})
    new_day = make_bars("MSFT", 11)[10]
    with session_factory() as s:
        result = upsert_prices(session=s, bars=[*bars[:3], corrected, new_day])
        s.commit()
        frame = load_bars(session=s, tickers=["MSFT"])
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 3)
    assert len(frame) == 11
    assert frame.loc[frame["date"] == bars[3].date, "close"].item() == 999.0
    assert frame.loc[frame["date"] == bars[4].date, "close"].item() == bars[4].close


def test_duplicate_keys_in_one_batch_last_wins(session_factory: sessionmaker[Session]) -> None:
    a, b = make_bars("NVDA", 1)[0], make_bars("NVDA", 1, base=200)[0]
    with session_factory() as s:
        result = upsert_prices(session=s, bars=[a, b])
        s.commit()
        frame = load_bars(session=s)
    assert result.received == 1
    assert frame["close"].tolist() == [b.close]


def test_load_bars_filters_and_latest_dates(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        upsert_prices(session=s, bars=make_bars("AAPL", 20) + make_bars("TSLA", 5))
        s.commit()
        frame = load_bars(session=s, tickers=["AAPL"], start=date(2024, 1, 5),
                          end=date(2024, 1, 9))
        newest = latest_dates(session=s)
    assert frame["date"].tolist() == [date(2024, 1, d) for d in range(5, 10)]
    assert list(frame.columns[:3]) == ["ticker", "date", "open"]
    assert newest == {"AAPL": date(2024, 1, 20), "TSLA": date(2024, 1, 5)}


def test_large_batch_round_trips(session_factory: sessionmaker[Session]) -> None:
    bars = [b for t in range(40) for b in make_bars(f"T{t:03d}", 300)]  # 12,000 rows
    with session_factory() as s:
        result = upsert_prices(session=s, bars=bars)
        s.commit()
        frame = load_bars(session=s)
    assert result.inserted == 12_000
    assert len(frame) == 12_000
    assert frame["volume"].sum() == sum(b.volume for b in bars)
