"""The prediction agent: a statistical forecast (interval, chance of a rise) with the
model's measured track record. Only wired in when a real ForecastService is injected."""

from __future__ import annotations

from typing import Any

from agents.ports import Forecaster, SymbolLookup
from agents.state import Agent, AgentResult, AgentTask
from app.chat_types import Artifact
from forecast.types import Forecast, TargetRecord


def _record(record: TargetRecord) -> dict[str, Any]:
    return {"metric": record.metric, "model": round(record.model, 4),
            "baseline": round(record.baseline, 4), "baseline_name": record.baseline_name,
            "gain_pct": round(record.gain_pct, 1), "n": record.n, "has_edge": record.has_edge}


def forecast_facts(forecast: Forecast) -> dict[str, Any]:
    track = forecast.ticker_record or forecast.track_record
    return {
        "ticker": forecast.ticker, "as_of": forecast.as_of.isoformat(),
        "horizon": forecast.horizon, "last_close": round(forecast.last_close, 2),
        "vol_annualised_pct": round(forecast.vol_annualised * 100, 1),
        "vol_horizon_pct": round(forecast.vol_horizon * 100, 1),
        "p_up_pct": round(forecast.p_up * 100),
        "interval_low": round(forecast.interval_low, 2),
        "interval_high": round(forecast.interval_high, 2),
        "interval_level_pct": round(forecast.interval_level * 100),
        "model_version": forecast.model_version,
        "track_scope": track.scope, "track_forecasts": track.n_forecasts,
        "track_start": track.period_start.isoformat(), "track_end": track.period_end.isoformat(),
        "direction": _record(track.direction), "volatility": _record(track.volatility),
        "interval": _record(track.interval),
        "interval_coverage_pct": round(track.interval.model * 100, 1),
    }


def build_prediction_agent(*, forecaster: Forecaster, symbols: SymbolLookup) -> Agent:
    def run(task: AgentTask) -> AgentResult:
        from forecast.service import ForecastUnavailable

        horizon = forecaster.nearest_horizon(int(task.params.get("horizon") or 5))
        items: list[dict[str, Any]] = []
        errors: dict[str, str] = {}
        artifacts: list[Artifact] = []
        forecasts: list[Forecast] = []
        for ticker in task.tickers[:3]:
            try:
                fc = forecaster.forecast(ticker, horizon)
            except ForecastUnavailable as exc:
                errors[ticker] = str(exc)
                continue
            company = symbols.get(ticker)
            facts = forecast_facts(fc) | {
                "name_en": company.name_en if company else ticker,
                "name_ko": company.name_ko if company else ticker,
                "currency": company.currency if company else ""}
            items.append(facts)
            forecasts.append(fc)
            artifacts.append(Artifact(kind="forecast_fan", title=f"{ticker} +{horizon}d", data={
                "ticker": ticker, "as_of": facts["as_of"], "horizon": horizon,
                "last_close": facts["last_close"], "low": facts["interval_low"],
                "high": facts["interval_high"], "level": fc.interval_level,
                "p_up": round(fc.p_up, 4), "p_up_pct": facts["p_up_pct"],
                "vol_annualised_pct": facts["vol_annualised_pct"],
                "vol_horizon_pct": facts["vol_horizon_pct"],
                "model_version": fc.model_version}))
        data = {"horizon": horizon, "items": items, "unavailable": errors}
        if not items:
            return AgentResult(agent="prediction", action="forecast", tickers=task.tickers,
                               data=data, error="unavailable")
        return AgentResult(agent="prediction", action="forecast", tickers=task.tickers,
                           data=data, artifacts=tuple(artifacts),
                           as_of=max(f.as_of for f in forecasts))

    return Agent(id="prediction", run=run)
