"""`ForecastService`: the latest registered model applied to a ticker's stored bars.

This is what the `prediction` agent calls. It holds no global state: bars come from an
injected loader, models and their track records from an injected registry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from forecast.features import TRADING_DAYS, build_features, country_of
from forecast.ports import BarsLoader
from forecast.registry import ModelRegistry, StoredModel
from forecast.scoring import POOLED
from forecast.track import track_record
from forecast.types import Forecast
from forecast.wording import forecast_sentences, track_sentences

SUPPORTED_HORIZONS = (1, 5, 20)


class ForecastUnavailable(Exception):
    """No forecast can be made (no trained model, no bars, too little history)."""


class ForecastService:
    def __init__(
        self,
        *,
        load_bars: BarsLoader,
        registry: ModelRegistry,
        horizons: Sequence[int] = SUPPORTED_HORIZONS,
    ) -> None:
        self._load_bars = load_bars
        self._registry = registry
        self.horizons = tuple(horizons)

    def nearest_horizon(self, days: int) -> int:
        """The supported horizon closest to a requested number of trading days."""
        return min(self.horizons, key=lambda h: (abs(h - days), h))

    def forecast(self, ticker: str, horizon: int = 5) -> Forecast:
        """Forecast `ticker` over `horizon` trading days (one of `self.horizons`)."""
        if horizon not in self.horizons:
            raise ForecastUnavailable(
                f"horizon {horizon} is not supported; use one of {list(self.horizons)}"
            )
        stored = self._registry.latest(horizon)
        if stored is None:
            raise ForecastUnavailable(
                f"no trained {horizon}-day model yet; run `stockelper forecast train`"
            )
        members = stored.card.members
        wanted = sorted({ticker, *members.get(country_of(ticker), [])})
        bars = self._load_bars(tickers=wanted, start=None)
        if bars.empty or ticker not in set(bars["ticker"]):
            raise ForecastUnavailable(f"no stored prices for {ticker}")
        calendar = bool(stored.card.params.get("calendar", False))
        frame = build_features(bars, members=members, calendar=calendar)
        row = frame[frame["ticker"] == ticker].tail(1)
        return self._compose(ticker, horizon, stored, row)

    def _compose(
        self, ticker: str, horizon: int, stored: StoredModel, row: pd.DataFrame
    ) -> Forecast:
        fitted = stored.fitted
        var = float(fitted.vol.predict_var(row)[0])
        if not math.isfinite(var):
            raise ForecastUnavailable(
                f"not enough price history for {ticker} (about six months of bars needed)"
            )
        p_up = float(fitted.direction.predict_proba(row)[0])
        last_close = float(row["close"].iloc[0])
        sigma_h = math.sqrt(horizon * var)
        low = last_close * math.exp(fitted.q_low * sigma_h)
        high = last_close * math.exp(fitted.q_high * sigma_h)
        as_of = pd.Timestamp(row["date"].iloc[0]).date()
        version = stored.card.version
        pooled = track_record(stored.evaluation, version=version, horizon=horizon, scope=POOLED)
        if pooled is None:
            raise ForecastUnavailable(f"model {version} has no stored evaluation")
        own = track_record(stored.evaluation, version=version, horizon=horizon, scope=ticker)
        vol_annualised = float(np.sqrt(TRADING_DAYS * var))
        head_en, head_ko = forecast_sentences(
            ticker=ticker, horizon=horizon, as_of=as_of.isoformat(),
            vol_annualised=vol_annualised, vol_horizon=sigma_h, low=low, high=high,
            level=fitted.level, last_close=last_close, p_up=p_up,
        )
        track_en, track_ko = track_sentences(pooled, p_up)
        return Forecast(
            ticker=ticker, as_of=as_of, horizon=horizon, last_close=last_close,
            vol_annualised=vol_annualised, vol_horizon=sigma_h, p_up=p_up,
            interval_low=low, interval_high=high, interval_level=fitted.level,
            model_version=version, track_record=pooled, ticker_record=own,
            summary_en=f"{head_en}\n{track_en}", summary_ko=f"{head_ko}\n{track_ko}",
        )
