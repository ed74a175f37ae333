"""Model registry: versions, training windows and walk-forward evaluations in SQL; fitted
models as joblib files under `<data_dir>/models/<version>/h<horizon>.joblib`.

Tables (migration 0002): `forecast_models` (one row per version and horizon) and
`forecast_evaluations` (metric rows of the walk-forward run that vouches for the version).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import joblib
from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db.models import Base
from app.db.types import UTCDateTime, utcnow
from forecast.evaluation import FittedHorizon
from forecast.scoring import MetricRow


class ForecastModelRow(Base):
    __tablename__ = "forecast_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(40))
    horizon: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    train_start: Mapped[date] = mapped_column(Date)
    train_end: Mapped[date] = mapped_column(Date)
    n_train: Mapped[int] = mapped_column(Integer)
    tickers: Mapped[list[Any]] = mapped_column(default=list)
    members: Mapped[dict[str, Any]] = mapped_column(default=dict)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    artifact: Mapped[str] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("version", "horizon", name="uq_forecast_models_version_horizon"),
        Index("ix_forecast_models_horizon_created", "horizon", "created_at"),
    )


class ForecastEvaluationRow(Base):
    __tablename__ = "forecast_evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("forecast_models.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(String(24))  # "pooled" or a ticker
    model: Mapped[str] = mapped_column(String(24))  # har, hist20, ewma, garch, model, ...
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float)  # NULL = NaN (SQLite has no NaN)
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True, slots=True)
class ModelCard:
    """A stored model: what it is, what it was trained on."""

    version: str
    horizon: int
    created_at: datetime
    train_start: date
    train_end: date
    n_train: int
    tickers: tuple[str, ...]
    members: dict[str, list[str]]
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredModel:
    card: ModelCard
    fitted: FittedHorizon
    evaluation: tuple[MetricRow, ...]


class ModelRegistry(Protocol):
    """What the service needs from a registry (the SQL one below, or a test double)."""

    def latest(self, horizon: int) -> StoredModel | None: ...


@dataclass(frozen=True, slots=True)
class NewModel:
    fitted: FittedHorizon
    train_start: date
    train_end: date
    n_train: int
    tickers: Sequence[str]
    members: dict[str, list[str]]
    params: dict[str, Any]


class SqlModelRegistry:
    """Registry over a SQL session factory and an artifact directory."""

    def __init__(self, *, session_factory: Callable[[], Session], models_dir: Path) -> None:
        self._sessions = session_factory
        self._dir = models_dir
        self._loaded: dict[str, FittedHorizon] = {}  # artifact path -> model (immutable files)

    def save(self, *, version: str, models: Sequence[NewModel],
             evaluation: Sequence[MetricRow]) -> str:
        """Store one version: a model per horizon, each with its horizon's metric rows."""
        target = self._dir / version
        target.mkdir(parents=True, exist_ok=True)
        with self._sessions() as session, session.begin():
            for m in models:
                h = m.fitted.horizon
                path = target / f"h{h}.joblib"
                joblib.dump(m.fitted, path)
                row = ForecastModelRow(
                    version=version, horizon=h, train_start=m.train_start,
                    train_end=m.train_end, n_train=m.n_train, tickers=sorted(m.tickers),
                    members=m.members, params=m.params, artifact=f"{version}/h{h}.joblib",
                )
                session.add(row)
                session.flush()
                session.add_all(
                    ForecastEvaluationRow(
                        model_id=row.id, scope=r.scope, model=r.model, metric=r.metric,
                        value=_num(r.value), ci_low=_num(r.ci_low), ci_high=_num(r.ci_high),
                        n=r.n,
                    )
                    for r in evaluation
                    if r.horizon == h
                )
        return version

    def latest(self, horizon: int) -> StoredModel | None:
        stmt = (
            select(ForecastModelRow)
            .where(ForecastModelRow.horizon == horizon)
            .order_by(ForecastModelRow.created_at.desc(), ForecastModelRow.id.desc())
            .limit(1)
        )
        with self._sessions() as session:
            row = session.execute(stmt).scalar_one_or_none()
            return None if row is None else self._load(session, row)

    def get(self, version: str, horizon: int) -> StoredModel | None:
        stmt = select(ForecastModelRow).where(
            ForecastModelRow.version == version, ForecastModelRow.horizon == horizon
        )
        with self._sessions() as session:
            row = session.execute(stmt).scalar_one_or_none()
            return None if row is None else self._load(session, row)

    def versions(self) -> list[ModelCard]:
        stmt = select(ForecastModelRow).order_by(ForecastModelRow.created_at.desc())
        with self._sessions() as session:
            return [_card(r) for r in session.execute(stmt).scalars()]

    def _load(self, session: Session, row: ForecastModelRow) -> StoredModel:
        fitted = self._loaded.get(row.artifact)
        if fitted is None:
            fitted = joblib.load(self._dir / row.artifact)
            if not isinstance(fitted, FittedHorizon):
                raise TypeError(f"artifact {row.artifact} is not a fitted forecast model")
            self._loaded[row.artifact] = fitted
        evals = session.execute(
            select(ForecastEvaluationRow).where(ForecastEvaluationRow.model_id == row.id)
        ).scalars()
        rows = tuple(
            MetricRow(row.horizon, e.scope, e.model, e.metric,
                      math.nan if e.value is None else e.value, e.ci_low, e.ci_high, e.n)
            for e in evals
        )
        return StoredModel(card=_card(row), fitted=fitted, evaluation=rows)


def _card(row: ForecastModelRow) -> ModelCard:
    return ModelCard(
        version=row.version, horizon=row.horizon, created_at=row.created_at,
        train_start=row.train_start, train_end=row.train_end, n_train=row.n_train,
        tickers=tuple(row.tickers), members={k: list(v) for k, v in row.members.items()},
        params=dict(row.params),
    )


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)
