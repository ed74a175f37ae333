"""Training runs: walk-forward evaluation, then final models on all labelled history, then
the registry. `retrain_job` is what the scheduler calls nightly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

import pandas as pd
from threadpoolctl import threadpool_limits

from forecast.evaluation import ForecastConfig, fit_horizon, walk_forward
from forecast.features import add_targets, build_features, market_members
from forecast.ports import BarsLoader
from forecast.registry import NewModel, SqlModelRegistry
from forecast.scoring import MetricRow, score

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrainingResult:
    version: str
    predictions: pd.DataFrame
    evaluation: list[MetricRow]
    models: list[NewModel]


def new_version(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    return f"fc-{stamp}"


def fit_final(bars: pd.DataFrame, *, config: ForecastConfig) -> list[NewModel]:
    """Models fitted on every labelled row, one per horizon (what the service serves)."""
    tickers = sorted(bars["ticker"].unique().tolist())
    members = market_members(tickers)
    frame = add_targets(
        build_features(bars, members=members, calendar=config.calendar), config.horizons
    )
    models = []
    with threadpool_limits(limits=config.threads):
        fitted_all = [fit_horizon(frame[frame[f"end_{h}"].notna()], h, config)
                      for h in config.horizons]
    for h, fitted in zip(config.horizons, fitted_all, strict=True):
        train = frame[frame[f"end_{h}"].notna()]
        models.append(
            NewModel(
                fitted=fitted,
                train_start=_day(train["date"].min()),
                train_end=_day(train[f"end_{h}"].max()),
                n_train=len(train),
                tickers=tickers,
                members=members,
                params={**asdict(config), "horizons": list(config.horizons)},
            )
        )
    return models


def train_and_evaluate(
    bars: pd.DataFrame,
    *,
    config: ForecastConfig | None = None,
    per_ticker: bool = True,
    n_boot: int = 200,
) -> TrainingResult:
    """Walk-forward evaluation and final models, not yet saved."""
    config = config or ForecastConfig()
    predictions = walk_forward(bars, config=config)
    evaluation = score(predictions, level=config.level, n_boot=n_boot, per_ticker=per_ticker)
    return TrainingResult(
        version=new_version(),
        predictions=predictions,
        evaluation=evaluation,
        models=fit_final(bars, config=config),
    )


def retrain_job(
    *,
    load_bars: BarsLoader,
    registry: SqlModelRegistry,
    tickers: Sequence[str],
    config: ForecastConfig | None = None,
    on_done: Callable[[TrainingResult], None] | None = None,
) -> str:
    """Nightly retrain: evaluate walk-forward, fit on all history, store a new version.

    `tickers` should include each country's index (SPY for US; Korean tickers form the
    KOSPI proxy). Returns the new version.
    """
    bars = load_bars(tickers=list(tickers), start=None)
    if bars.empty:
        raise ValueError("no stored bars for the requested tickers")
    result = train_and_evaluate(bars, config=config)
    registry.save(version=result.version, models=result.models, evaluation=result.evaluation)
    log.info("forecast models %s stored (%d metric rows)", result.version, len(result.evaluation))
    if on_done is not None:
        on_done(result)
    return result.version


def _day(value: object) -> date:
    return pd.Timestamp(str(value)).date()
