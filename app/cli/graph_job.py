"""Composition of the `graph` run for the CLI, the bootstrap and the scheduler: the
container's stores, the job lock shared with the scheduler, the ledger wrapper
(`app.graph_collect`). `scheduled_graph` is the callable the scheduler stores."""

from __future__ import annotations

import logging

from app.container import Container
from collectors.ledger import JobReport, close_abandoned_runs
from collectors.locks import job_lock
from collectors.scheduler import collection_lock

GRAPH = "graph"
log = logging.getLogger("stockelper.scheduler")


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


def scheduled_graph(*, container: Container) -> None:
    """The nightly graph update (the scheduler's runner already holds the lock)."""
    report = run_graph(container)
    log.info("graph: %s, %s nodes, %s edges", report.status, report.counts.get("nodes", 0),
             report.counts.get("edges", 0))
