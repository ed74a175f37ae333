"""Collection overhead: an in-memory price source through the real prices job and store.

    .venv/bin/python bench/bench_collect.py            # 500 tickers x 10 years, SQLite
    .venv/bin/python bench/bench_collect.py --small    # 50 tickers x 2 years (CI)
    .venv/bin/python bench/bench_collect.py --db-url postgresql+psycopg://...

Reports end-to-end time and rows/s for the initial backfill and for a nightly incremental
run, split into source time (generating bars in memory), store time (upsert + commit) and
the job's own overhead (planning, validation, batching, ledger). Target: job overhead
beyond source time under 5 ms per ticker.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import event  # noqa: E402

import collectors.prices_job as prices_job  # noqa: E402
from app.db.engine import make_engine, make_session_factory  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.records import PriceBar  # noqa: E402
from collectors.resilience import Resilience  # noqa: E402


@dataclass
class MemorySource:
    """Bars made on request (so memory stays flat); time spent here is source time."""

    days: list[date]
    max_batch: int = 50
    name: str = "memory"
    seconds: float = 0.0
    cpu: float = 0.0

    def fetch_prices(self, *, tickers: Sequence[str], start: date,
                     end: date) -> dict[str, list[PriceBar]]:
        t0, c0 = time.perf_counter(), time.process_time()
        out: dict[str, list[PriceBar]] = {}
        for ticker in tickers:
            seed = sum(map(ord, ticker))
            bars = []
            for i, day in enumerate(self.days):
                if start <= day <= end:
                    close = 100.0 * (1 + 0.2 * math.sin((i + seed) / 37.0))
                    bars.append(PriceBar(ticker, day, close * 0.995, close * 1.01,
                                         close * 0.99, close, 1_000_000 + i, close * 0.98,
                                         "memory"))
            out[ticker] = bars
        self.seconds += time.perf_counter() - t0
        self.cpu += time.process_time() - c0
        return out


@dataclass
class StoreTimer:
    seconds: float = 0.0
    cpu: float = 0.0
    calls: int = 0
    original: Callable[..., Any] = field(default=prices_job.upsert_prices)

    def __call__(self, **kwargs: Any) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return self.original(**kwargs)
        finally:
            self.seconds += time.perf_counter() - t0
            self.cpu += time.process_time() - c0
            self.calls += 1


def weekdays(end: date, years: float) -> list[date]:
    day, out = end - timedelta(days=int(365.25 * years)), []
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def run(url: str, tickers: list[str], days: list[date], today: date) -> dict[str, float]:
    engine = make_engine(url)
    sf = make_session_factory(engine)
    source = MemorySource(days)
    timer = StoreTimer()
    started: dict[int, tuple[float, float]] = {}

    def before_commit(session: Any) -> None:
        started[id(session)] = (time.perf_counter(), time.process_time())

    def after_commit(session: Any) -> None:  # commits are store time too (WAL/fsync)
        t0, c0 = started.pop(id(session), (time.perf_counter(), time.process_time()))
        timer.seconds += time.perf_counter() - t0
        timer.cpu += time.process_time() - c0

    event.listen(sf, "before_commit", before_commit)
    event.listen(sf, "after_commit", after_commit)
    prices_job.upsert_prices = timer  # type: ignore[assignment]
    try:
        t0, cpu0 = time.perf_counter(), time.process_time()
        report = prices_job.collect_prices(
            session_factory=sf, source=source, tickers=tickers, today=today,
            resilience=Resilience.immediate(), initial_days=(today - days[0]).days)
        total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        prices_job.upsert_prices = timer.original  # type: ignore[assignment]
        engine.dispose()
    assert report.status == "success", report.failures[:3]
    rows = report.counts["bars_received"]
    overhead = total - source.seconds - timer.seconds
    return {"tickers": len(tickers), "rows": rows, "inserted": report.counts["inserted"],
            "total": total, "cpu": cpu, "source": source.seconds, "store": timer.seconds,
            "rows_s": rows / total, "beyond_source_ms": (total - source.seconds)
            / len(tickers) * 1000, "overhead_ms": overhead / len(tickers) * 1000,
            "overhead_cpu_ms": (cpu - source.cpu - timer.cpu) / len(tickers) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="50 tickers x 2 years")
    parser.add_argument("--tickers", type=int, default=500)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--db-url", help="SQLAlchemy URL of an EMPTY database (default: "
                                         "a temporary SQLite file)")
    args = parser.parse_args()
    n, years = (50, 2.0) if args.small else (args.tickers, args.years)
    today = date(2026, 11, 20)
    tickers = [f"T{i:04d}" for i in range(n)]
    all_days = weekdays(today, years)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        backfill = run(url, tickers, all_days[:-1], today - timedelta(days=1))
        nightly = run(url, tickers, all_days, today)  # one new day + 7-day look-back
    table = Table(title=f"prices job: {n} tickers x {years:g} years, "
                        f"{'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}")
    for column in ("run", "rows", "inserted", "total s", "cpu s", "source s", "store s", "rows/s",
                   "beyond source ms/ticker", "job overhead ms/ticker", "overhead cpu ms/ticker"):
        table.add_column(column, justify="right")
    for name, r in (("backfill", backfill), ("nightly", nightly)):
        table.add_row(name, f"{r['rows']:,.0f}", f"{r['inserted']:,.0f}", f"{r['total']:.2f}",
                      f"{r['cpu']:.2f}",
                      f"{r['source']:.2f}", f"{r['store']:.2f}", f"{r['rows_s']:,.0f}",
                      f"{r['beyond_source_ms']:.2f}", f"{r['overhead_ms']:.2f}",
                      f"{r['overhead_cpu_ms']:.2f}")
    Console(width=170).print(table)
    print("Wall-clock seconds (cpu s = this process's CPU time: the machine may be shared).\n"
          "beyond source = total - source (includes the store); store = upserts + commits;"
          " job overhead = total - source - store (planning, validation, batching, ledger)."
          " Target: < 5 ms/ticker.")


if __name__ == "__main__":
    main()
