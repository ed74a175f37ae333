"""Composition of the `graph` run for the CLI, the bootstrap and the scheduler: the
container's stores, the job lock shared with the scheduler, the ledger wrapper
(`app.graph_collect`). `scheduled_graph` is the callable the scheduler stores."""

from __future__ import annotations

import logging

from app.collection import GRAPH, run_graph, run_graph_locked
from app.container import Container

__all__ = ["GRAPH", "run_graph", "run_graph_locked", "scheduled_graph"]
log = logging.getLogger("stockelper.scheduler")


def scheduled_graph(*, container: Container) -> None:
    """The nightly graph update (the scheduler's runner already holds the lock)."""
    report = run_graph(container)
    log.info("graph: %s, %s nodes, %s edges", report.status, report.counts.get("nodes", 0),
             report.counts.get("edges", 0))
