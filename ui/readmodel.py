"""The SQL read model behind the status page: freshness, run ledger, watchlist.

Reads go through the read-only session factory; only the watchlist editor writes, through
the repository functions, in its own short transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import (
    add_to_watchlist,
    get_watchlist,
    list_runs,
    remove_from_watchlist,
)
from app.db.status import store_status
from ui.ports import DatasetFreshness, RunRow

DATASETS = ("prices", "news", "profiles")
_OK = ("success", "partial")


class SqlReadModel:
    def __init__(
        self, *, read_sessions: sessionmaker[Session], write_sessions: sessionmaker[Session]
    ) -> None:
        self._read = read_sessions
        self._write = write_sessions

    def freshness(self) -> list[DatasetFreshness]:
        status = store_status(session_factory=self._read, runs=200)
        runs: list[dict[str, Any]] = status["runs"]
        out = []
        for name in DATASETS:
            summary: dict[str, Any] = status["datasets"].get(name, {})
            out.append(DatasetFreshness(
                name=name,
                rows=int(summary.get("rows") or 0),
                newest=_when(summary.get("last")),
                last_success=_last_success(runs, name),
            ))
        return out

    def runs(self, *, limit: int = 30) -> list[RunRow]:
        with self._read() as session:
            records = list_runs(session=session, limit=limit)
        return [
            RunRow(
                id=r.id, job=r.job, status=r.status, started_at=r.started_at,
                finished_at=r.finished_at, counts=dict(r.counts), errors=list(r.errors),
                trace_id=r.trace_id,
            )
            for r in records
        ]

    def watchlist(self) -> list[str]:
        with self._read() as session:
            return get_watchlist(session=session)

    def add_to_watchlist(self, tickers: list[str]) -> list[str]:
        with self._write() as session:
            added = add_to_watchlist(session=session, tickers=tickers)
            session.commit()
        return added

    def remove_from_watchlist(self, tickers: list[str]) -> int:
        with self._write() as session:
            removed = remove_from_watchlist(session=session, tickers=tickers)
            session.commit()
        return removed


def _when(value: object) -> datetime | date | None:
    return value if isinstance(value, datetime | date) else None


def _last_success(runs: list[dict[str, Any]], dataset: str) -> datetime | None:
    """Finish time of the newest successful run whose job collects `dataset`
    (job names such as "prices", "collect_prices", "news:KR", or "collect" for all)."""
    for run in runs:  # newest first
        job = str(run.get("job", ""))
        if run.get("status") in _OK and (dataset in job or job in ("collect", "all")):
            finished = run.get("finished_at")
            return finished if isinstance(finished, datetime) else None
    return None
