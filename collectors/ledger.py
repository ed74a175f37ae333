"""One collection run's bookkeeping: per-ticker outcomes, the status rule, and the ledger row.

Status rule: `success` when every ticker succeeded (warnings allowed), `failed` when none
did (or the job crashed before finishing), `partial` otherwise. Errors and warnings are
stored per ticker in the ledger row's `errors` list as `{"ticker", "kind", "reason"}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import finish_run, start_run
from app.db.repositories.collection import fail_unfinished_runs
from app.records import RunStatus
from app.tracing_port import Tracing

ABANDONED = "abandoned: the process running it died before finishing"


@dataclass(frozen=True, slots=True)
class TickerOutcome:
    ticker: str
    ok: bool
    reason: str | None = None
    rows: int = 0


@dataclass(frozen=True, slots=True)
class JobReport:
    job: str
    run_id: int
    status: RunStatus
    tickers_ok: tuple[str, ...]
    tickers_failed: tuple[str, ...]
    counts: dict[str, int]
    errors: tuple[dict[str, str], ...]
    trace_id: str | None = None

    @property
    def warnings(self) -> list[dict[str, str]]:
        return [e for e in self.errors if e.get("kind") == "warning"]

    @property
    def failures(self) -> list[dict[str, str]]:
        return [e for e in self.errors if e.get("kind") == "error"]


ProgressHook = Callable[[TickerOutcome], None]


@dataclass(slots=True)
class RunBook:
    """Collects outcomes during a run and writes the ledger row at the end."""

    job: str
    session_factory: sessionmaker[Session]
    params: Mapping[str, Any]
    trace_id: str | None = None
    on_progress: ProgressHook | None = None
    run_id: int = 0
    ok: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    report: JobReport | None = None  # set when the run has finished

    def start(self) -> RunBook:
        with self.session_factory() as session:
            self.run_id = start_run(
                session=session, job=self.job, params=dict(self.params), trace_id=self.trace_id
            )
        return self

    def add(self, name: str, value: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + value

    def warn(self, ticker: str, reason: str) -> None:
        self.errors.append({"ticker": ticker, "kind": "warning", "reason": reason})

    def succeed(self, ticker: str, *, rows: int = 0) -> None:
        self.ok.append(ticker)
        if self.on_progress is not None:
            self.on_progress(TickerOutcome(ticker, True, None, rows))

    def fail(self, ticker: str, reason: str) -> None:
        self.failed.append(ticker)
        self.errors.append({"ticker": ticker, "kind": "error", "reason": reason})
        if self.on_progress is not None:
            self.on_progress(TickerOutcome(ticker, False, reason))

    def status(self) -> RunStatus:
        if not self.failed:
            return "success"
        return "partial" if self.ok else "failed"

    def finish(self, *, crashed: BaseException | None = None) -> JobReport:
        status: RunStatus = self.status()
        if crashed is not None:
            self.errors.append({
                "ticker": "*", "kind": "error",
                "reason": f"run aborted: {type(crashed).__name__}: {crashed}"[:500],
            })
            status = "failed"
        counts = {**self.counts, "tickers_ok": len(self.ok), "tickers_failed": len(self.failed)}
        with self.session_factory() as session:
            finish_run(session=session, run_id=self.run_id, status=status, counts=counts,
                       errors=self.errors, trace_id=self.trace_id)
        return JobReport(
            job=self.job, run_id=self.run_id, status=status, tickers_ok=tuple(self.ok),
            tickers_failed=tuple(self.failed), counts=counts, errors=tuple(self.errors),
            trace_id=self.trace_id,
        )


@contextmanager
def recorded_run(
    *, job: str, params: Mapping[str, Any], session_factory: sessionmaker[Session],
    tracing: Tracing, on_progress: ProgressHook | None = None,
) -> Iterator[RunBook]:
    """One traced run with its ledger row: opened on entry, finished on exit (as failed,
    with the reason, when the body raises); `book.report` holds the result afterwards."""
    with tracing.collection_run(job=job, params=params) as handle:
        book = RunBook(job=job, session_factory=session_factory, params=params,
                       trace_id=handle.trace_id, on_progress=on_progress).start()
        try:
            yield book
        except BaseException as exc:
            book.finish(crashed=exc)
            raise
        book.report = book.finish()
        handle.update(metadata={"status": book.report.status, **book.report.counts,
                                "errors": list(book.report.errors)})


def close_abandoned_runs(*, session_factory: sessionmaker[Session], job: str) -> list[int]:
    """Mark `running` ledger rows of `job` left by a killed process as failed. Call only
    while holding the job's lock (`collectors.locks`), as the CLI and scheduler do."""
    with session_factory() as session:
        closed = fail_unfinished_runs(session=session, job=job, reason=ABANDONED)
        session.commit()
    return closed
