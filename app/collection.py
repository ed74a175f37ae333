"""Collect now: the dataset jobs and the graph update for a list of tickers, each job under
the lock it shares with the scheduler. `stockelper collect` and the web app's "collect now"
both run through `run_collection`; the container supplies the sources and stores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, cast

from collectors.jobs import JOB_NAMES, JobName, run_job
from collectors.ledger import JobReport, TickerOutcome, close_abandoned_runs
from collectors.locks import job_lock
from collectors.scheduler import collection_lock

if TYPE_CHECKING:
    from app.container import Container

GRAPH = "graph"
ALL_JOBS: tuple[str, ...] = (*JOB_NAMES, GRAPH)


class CollectionBusy(RuntimeError):
    """Another process (the scheduler, another `collect`) is running this job now."""

    def __init__(self, job: str) -> None:
        super().__init__(f"a {job} collection is already running (scheduler?); try later")
        self.job = job


def run_graph(c: Container) -> JobReport:
    """One graph run; the caller holds the lock. The embedded writer's file lock is released
    as soon as it is done (the web app and the chat read the file meanwhile)."""
    from app.graph_collect import collect_graph

    close_abandoned_runs(session_factory=c.session_factory, job=GRAPH)
    try:
        return collect_graph(session_factory=c.session_factory, open_store=lambda: c.graph_store,
                             directory=c.symbols, tracing=c.tracing)
    finally:
        c.close_graph_store()


def run_graph_locked(c: Container) -> JobReport | None:
    """One graph run under the `collect-graph` lock; None if another process holds it."""
    with job_lock(engine=c.engine, lock_dir=c.settings.data_dir / "locks",
                  name=collection_lock(GRAPH)) as acquired:
        return run_graph(c) if acquired else None


def run_collection(
    *,
    container: Container,
    jobs: Sequence[str],
    tickers: Sequence[str],
    since: date | None = None,
    on_start: Callable[[str, int], None] | None = None,
    on_item: Callable[[str, TickerOutcome], None] | None = None,
) -> list[JobReport]:
    """Run `jobs` in order. `on_start(job, total)` announces a job and how many items it
    has; `on_item(job, outcome)` follows each ticker. Raises CollectionBusy when a job's
    lock is held elsewhere (jobs before it have run and are recorded in the ledger)."""
    unknown = [j for j in jobs if j not in ALL_JOBS]
    if unknown:
        raise ValueError(f"unknown job(s) {', '.join(unknown)}: choose {', '.join(ALL_JOBS)}")
    c = container
    reports: list[JobReport] = []
    for name in jobs:
        if on_start is not None:
            on_start(name, 1 if name == GRAPH else len(tickers))
        with job_lock(engine=c.engine, lock_dir=c.settings.data_dir / "locks",
                      name=collection_lock(name)) as acquired:
            if not acquired:
                raise CollectionBusy(name)
            if name == GRAPH:
                report = run_graph(c)
                if on_item is not None:
                    on_item(name, TickerOutcome(GRAPH, report.status != "failed", report.status))
                reports.append(report)
                continue
            close_abandoned_runs(session_factory=c.session_factory, job=name)
            hook = (lambda outcome, job=name: on_item(job, outcome)) if on_item else None
            reports.append(run_job(deps=c.collection_deps, job=cast(JobName, name),
                                   tickers=tickers, since=since, on_progress=hook))
    c.tracing.flush()
    return reports
