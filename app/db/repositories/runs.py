"""The collection run ledger and per-item watermarks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db.models import CollectionRunRow, WatermarkRow
from app.db.types import utcnow
from app.records import RunStatus


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    job: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    counts: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    trace_id: str | None = None


def _record(row: CollectionRunRow) -> RunRecord:
    return RunRecord(
        id=row.id, job=row.job, started_at=row.started_at, finished_at=row.finished_at,
        status=row.status, counts=dict(row.counts), errors=list(row.errors),
        params=dict(row.params), trace_id=row.trace_id,
    )


def start_run(
    *, session: Session, job: str, params: Mapping[str, Any] | None = None,
    trace_id: str | None = None,
) -> int:
    """Open a ledger row in status `running` and commit it, so a crash leaves a trace."""
    row = CollectionRunRow(
        job=job, started_at=utcnow(), status="running", counts={}, errors=[],
        params=dict(params or {}), trace_id=trace_id,
    )
    session.add(row)
    session.commit()
    return row.id


def finish_run(
    *, session: Session, run_id: int, status: RunStatus, counts: Mapping[str, Any],
    errors: Sequence[Mapping[str, Any]] = (), trace_id: str | None = None,
) -> None:
    row = session.get(CollectionRunRow, run_id)
    if row is None:
        raise LookupError(f"no collection run with id {run_id}")
    row.status = status
    row.finished_at = utcnow()
    row.counts = dict(counts)
    row.errors = [dict(e) for e in errors]
    if trace_id is not None:
        row.trace_id = trace_id
    session.commit()


def list_runs(*, session: Session, job: str | None = None, limit: int = 20) -> list[RunRecord]:
    stmt = select(CollectionRunRow).order_by(
        CollectionRunRow.started_at.desc(), CollectionRunRow.id.desc()
    )
    if job is not None:
        stmt = stmt.where(CollectionRunRow.job == job)
    return [_record(r) for r in session.scalars(stmt.limit(limit))]


def last_run(
    *, session: Session, job: str, statuses: Sequence[str] = ("success", "partial")
) -> RunRecord | None:
    stmt = (
        select(CollectionRunRow)
        .where(CollectionRunRow.job == job, CollectionRunRow.status.in_(list(statuses)))
        .order_by(CollectionRunRow.started_at.desc(), CollectionRunRow.id.desc())
        .limit(1)
    )
    row = session.scalars(stmt).first()
    return _record(row) if row is not None else None


def get_watermarks(*, session: Session, job: str) -> dict[str, str]:
    stmt = select(WatermarkRow.item, WatermarkRow.value).where(WatermarkRow.job == job)
    return {item: value for item, value in session.execute(stmt)}


def set_watermarks(*, session: Session, job: str, values: Mapping[str, str]) -> None:
    """Move watermarks forward (never backward: ISO strings compare in time order)."""
    if not values:
        return
    current = get_watermarks(session=session, job=job)
    now = utcnow()
    rows = [
        {"job": job, "item": item, "value": value, "updated_at": now}
        for item, value in values.items()
        if item not in current or value > current[item]
    ]
    if not rows:
        return
    ins = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = ins(WatermarkRow)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["job", "item"],
            set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
        ),
        rows,
    )
