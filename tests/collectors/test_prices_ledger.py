"""The prices job's ledger and trace: what a killed process leaves, how the next run
closes it, and what the tracing port is told."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import list_runs
from app.tracing_port import TraceHandle
from collectors.ports import SourceError
from tests.collectors.fixtures import FakePriceSource
from tests.collectors.test_prices_job import TICKERS, full, run, stored


class RecordingTracing:
    """Records what the job tells the tracing port (Langfuse itself is out of reach)."""

    enabled = True

    def __init__(self) -> None:
        self.runs: list[tuple[str, dict[str, object]]] = []
        self.spans: list[str] = []

    @contextmanager
    def collection_run(self, *, job: str, params: Mapping[str, Any] | None = None
                       ) -> Iterator[TraceHandle]:
        handle = TraceHandle(trace_id="trace-1")
        yield handle
        self.runs.append((job, dict(handle.metadata)))

    @contextmanager
    def span(self, name: str, *, input: Any = None) -> Iterator[dict[str, Any]]:
        self.spans.append(name)
        yield {}


def test_run_is_traced_with_status_and_per_ticker_errors(
    session_factory: sessionmaker[Session],
) -> None:
    tracing = RecordingTracing()
    report = run(session_factory, FakePriceSource(full(["AAPL", "MSFT"]),
                                                  fail={"MSFT": SourceError("gone")}),
                 ["AAPL", "MSFT"], tracing=tracing)
    assert report.trace_id == "trace-1"
    ((job, meta),) = tracing.runs
    assert job == "prices" and meta["status"] == "partial"
    assert meta["errors"] == [{"ticker": "MSFT", "kind": "error", "reason": "error: gone"}]
    assert tracing.spans == ["prices.batch"]
    with session_factory() as s:
        assert list_runs(session=s)[0].trace_id == "trace-1"


KILLED_RUN = """
import os, sys
from datetime import date
from app.db.engine import make_engine, make_session_factory
from collectors.prices_job import collect_prices
from collectors.resilience import Resilience
from tests.collectors.fixtures import FakePriceSource, history

class DiesMidway(FakePriceSource):
    def fetch_prices(self, *, tickers, start, end):
        if "005930.KS" in tickers:
            os._exit(9)  # the process is killed between two batches: no cleanup at all
        return super().fetch_prices(tickers=tickers, start=start, end=end)

data = {t: history(t, date(2024, 1, 1), date(2024, 3, 29)) for t in sys.argv[2].split(",")}
collect_prices(session_factory=make_session_factory(make_engine(sys.argv[1])),
               source=DiesMidway(data, max_batch=3), tickers=list(data),
               today=date(2024, 3, 29), resilience=Resilience.immediate(), initial_days=120)
"""


def test_a_killed_process_leaves_a_running_row_that_the_next_locked_run_closes(
    db_url: str, session_factory: sessionmaker[Session],
) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from collectors.ledger import ABANDONED, close_abandoned_runs

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", KILLED_RUN, db_url, ",".join(TICKERS)],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    with session_factory() as s:
        (ledger,) = list_runs(session=s, job="prices")
    assert ledger.status == "running" and ledger.finished_at is None  # the truth: unfinished
    assert set(stored(session_factory)["ticker"]) == {"AAPL", "MSFT", "NVDA"}

    assert close_abandoned_runs(session_factory=session_factory, job="prices") == [ledger.id]
    healed = run(session_factory, FakePriceSource(full(), max_batch=3))
    assert healed.status == "success"
    with session_factory() as s:
        runs = {r.id: r for r in list_runs(session=s, job="prices")}
    assert runs[ledger.id].status == "failed"
    assert runs[ledger.id].errors[-1]["reason"] == ABANDONED
    assert set(stored(session_factory)["ticker"]) == set(TICKERS)
