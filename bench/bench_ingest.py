"""Bulk price upsert throughput (SQLite and PostgreSQL) and `import-prices` on real data.

    python bench/bench_ingest.py [--rows 1000000] [--postgres URL] [--skip-import]

PostgreSQL runs when --postgres or STOCKELPER_TEST_POSTGRES_URL is given; the import
benchmark runs when ../shared/data/prices/daily_2015_2024.csv.gz exists.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.engine import make_engine, make_session_factory  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.db.repositories import upsert_prices  # noqa: E402
from app.records import PriceBar  # noqa: E402

SHARED_PRICES = ROOT.parent / "shared" / "data" / "prices" / "daily_2015_2024.csv.gz"


def generate(rows: int, *, shift: float = 0.0) -> list[PriceBar]:
    tickers = max(1, rows // 2500)
    start = date(2000, 1, 3)
    bars: list[PriceBar] = []
    for t in range(tickers):
        name = f"B{t:04d}"
        for i in range(rows // tickers):
            c = 100.0 + (i % 97) + shift
            bars.append(PriceBar(name, start + timedelta(days=i), c, c + 1, c - 1, c, 1000 + i,
                                 c, "bench"))
    return bars


def run_upserts(url: str, bars: list[PriceBar], changed: list[PriceBar]) -> list[tuple[str, float]]:
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    results = []
    for label, batch in (("empty table", bars), ("all conflicting, unchanged", bars),
                         ("all conflicting, changed", changed)):
        t0 = time.perf_counter()
        with factory() as session:
            upsert_prices(session=session, bars=batch)
            session.commit()
        elapsed = time.perf_counter() - t0
        results.append((label, len(batch) / elapsed))
    engine.dispose()
    return results


def bench_import(data_dir: Path) -> tuple[float, float] | None:
    if not SHARED_PRICES.exists():
        return None
    env = {**os.environ, "STOCKELPER_DATA_DIR": str(data_dir)}
    env.pop("STOCKELPER_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "app.cli.__main__", "import-prices", str(SHARED_PRICES), "--json"]
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("STOCKELPER_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        # First, before this process holds the generated rows (a forked child would count
        # them in its peak RSS).
        if not args.skip_import:
            result = bench_import(Path(tmp) / "import")
            if result is None:
                print(f"import-prices skipped: {SHARED_PRICES} not found")
            else:
                print(f"import-prices {SHARED_PRICES.name}: wall {result[0]:.1f} s, "
                      f"peak RSS {result[1]:.0f} MiB (whole CLI process)")
    bars = generate(args.rows)
    changed = generate(args.rows, shift=0.5)
    print(f"Bulk price upsert, {len(bars):,} rows")
    print(f"{'store':<12} {'case':<28} {'rows/s':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, rate in run_upserts(f"sqlite:///{tmp}/bench.db", bars, changed):
            print(f"{'sqlite':<12} {label:<28} {rate:>12,.0f}")
        if args.postgres:
            sys.path.insert(0, str(ROOT / "tests"))
            from tests.conftest import create_postgres_database, drop_postgres_database

            url = create_postgres_database(args.postgres)
            try:
                for label, rate in run_upserts(url, bars, changed):
                    print(f"{'postgresql':<12} {label:<28} {rate:>12,.0f}")
            finally:
                drop_postgres_database(args.postgres, url)
        else:
            print("postgresql   skipped: no --postgres URL / STOCKELPER_TEST_POSTGRES_URL")


if __name__ == "__main__":
    main()
