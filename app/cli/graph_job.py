"""The scheduler's entry for the nightly graph update (`app.cli.graph_job:scheduled_graph`,
stored by reference in the job store). The run itself lives in `app.collection`."""

from __future__ import annotations

import logging

from app.collection import run_graph
from app.container import Container

log = logging.getLogger("stockelper.scheduler")


def scheduled_graph(*, container: Container) -> None:
    """The nightly graph update (the scheduler's runner already holds the lock)."""
    report = run_graph(container)
    log.info("graph: %s, %s nodes, %s edges", report.status, report.counts.get("nodes", 0),
             report.counts.get("edges", 0))
