"""SQLite in WAL mode: a reader keeps reading consistent snapshots while a writer upserts."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from app.db.engine import make_engine, make_session_factory
from app.db.migrate import upgrade
from app.db.models import DailyPriceRow
from app.db.repositories import upsert_prices
from app.records import PriceBar


def test_concurrent_writer_and_reader(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wal.db'}"
    upgrade(url)
    writer_engine, reader_engine = make_engine(url), make_engine(url, read_only=True)
    writes, reads = make_session_factory(writer_engine), make_session_factory(reader_engine)
    with reader_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    batches, per_batch = 40, 250
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for b in range(batches):
                bars = [PriceBar(f"W{b:02d}", date(2020, 1, 1) + timedelta(days=i), 1, 2, 0.5,
                                 1.5, 10, None, "t") for i in range(per_batch)]
                with writes() as s:
                    upsert_prices(session=s, bars=bars)
                    s.commit()
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            done.set()

    def reader() -> None:
        try:
            while not done.is_set():
                with reads() as s:
                    counts.append(s.scalar(select(func.count()).select_from(DailyPriceRow)) or 0)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert counts, "the reader never completed a read"
    # every snapshot the reader saw holds whole committed batches only
    assert all(c % per_batch == 0 for c in counts)
    assert counts == sorted(counts)
    with reads() as s:
        assert s.scalar(select(func.count()).select_from(DailyPriceRow)) == batches * per_batch
    writer_engine.dispose()
    reader_engine.dispose()


def test_read_only_engine_refuses_writes(tmp_path: Path) -> None:
    import sqlite3

    import pytest
    from sqlalchemy.exc import OperationalError

    url = f"sqlite:///{tmp_path / 'ro.db'}"
    upgrade(url)
    engine = make_engine(url, read_only=True)
    refused = "readonly|read-only|query_only|attempt to write"
    with pytest.raises((OperationalError, sqlite3.OperationalError), match=refused):
        with make_session_factory(engine)() as s:
            upsert_prices(session=s, bars=[PriceBar("A", date(2024, 1, 1), 1, 1, 1, 1, 1)])
            s.commit()
    engine.dispose()
