"""Typed results of the forecast service: the forecast and its measured track record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Target = Literal["volatility", "direction", "interval"]


@dataclass(frozen=True, slots=True)
class TargetRecord:
    """Walk-forward record of one target against its baseline.

    volatility: metric QLIKE, baseline = the best of 20-day historical vol, EWMA and GARCH;
    direction: metric Brier, baseline = base rate of up moves; for both, `gain_pct` is the
    loss reduction in percent of the baseline's loss with a 95% block-bootstrap CI, and
    `has_edge` means the whole CI is above zero.
    interval: metric coverage, baseline = the nominal level, `gain_pct` = coverage minus
    level in percentage points, CI of the coverage itself; `has_edge` means the coverage is
    within 5 points of the level (the intervals are reliable).
    """

    target: Target
    metric: str
    model: float
    baseline: float
    baseline_name: str
    gain_pct: float
    ci_low: float | None
    ci_high: float | None
    n: int
    has_edge: bool
    gains: dict[str, float] = field(default_factory=dict)  # vs every baseline


@dataclass(frozen=True, slots=True)
class TrackRecord:
    model_version: str
    horizon: int
    scope: str  # "pooled" (all evaluated tickers) or one ticker
    period_start: date
    period_end: date
    n_forecasts: int
    volatility: TargetRecord
    direction: TargetRecord
    interval: TargetRecord

    @property
    def has_edge(self) -> dict[Target, bool]:
        return {
            "volatility": self.volatility.has_edge,
            "direction": self.direction.has_edge,
            "interval": self.interval.has_edge,
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    """A forecast for one ticker and horizon, with its uncertainty and track record."""

    ticker: str
    as_of: date  # date of the last bar used
    horizon: int  # trading days
    last_close: float
    vol_annualised: float  # e.g. 0.32 = 32% a year
    vol_horizon: float  # standard deviation of the log return over the horizon
    p_up: float  # probability the close in `horizon` days is above `last_close`
    interval_low: float
    interval_high: float
    interval_level: float  # e.g. 0.8
    model_version: str
    track_record: TrackRecord  # pooled over all evaluated tickers
    ticker_record: TrackRecord | None  # this ticker alone, when it was evaluated
    summary_en: str
    summary_ko: str

    @property
    def has_edge(self) -> dict[Target, bool]:
        return self.track_record.has_edge

    def summary(self, language: str) -> str:
        return self.summary_ko if language == "ko" else self.summary_en

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["has_edge"] = dict(self.has_edge)
        return data
