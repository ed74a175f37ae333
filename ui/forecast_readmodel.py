"""ForecastReportPort over the forecast model registry: the walk-forward evaluation stored
with the newest model of each horizon, pooled over the evaluated tickers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ui.ports import TrackRecord

#: metric -> the models shown for it (the rest of the evaluation stays in the registry)
SHOWN = {"coverage": ("interval",), "brier": ("model", "base_rate"),
         "qlike": ("har", "hist20", "ewma", "garch")}


class Registry(Protocol):
    """`forecast.registry.SqlModelRegistry` satisfies this."""

    def versions(self) -> Sequence[Any]: ...

    def latest(self, horizon: int) -> Any: ...


class RegistryTrackRecord:
    def __init__(self, *, registry: Registry, horizons: Sequence[int] = (1, 5, 20)) -> None:
        self._registry = registry
        self._horizons = tuple(horizons)
        self._cache: tuple[tuple[Any, ...], TrackRecord | None] | None = None

    def track_record(self) -> TrackRecord | None:
        stamp = tuple((c.version, c.horizon) for c in self._registry.versions())
        if self._cache is None or self._cache[0] != stamp:  # loading a model is not free
            self._cache = (stamp, self._build() if stamp else None)
        return self._cache[1]

    def _build(self) -> TrackRecord | None:
        metrics: list[dict[str, Any]] = []
        cards = []
        for horizon in self._horizons:
            stored = self._registry.latest(horizon)
            if stored is None:
                continue
            cards.append(stored.card)
            for row in stored.evaluation:
                if row.scope == "pooled" and row.model in SHOWN.get(row.metric, ()):
                    metrics.append({"horizon": horizon, "model": row.model,
                                    "metric": row.metric, "value": row.value})
        if not metrics:
            return None
        level = float(cards[0].params.get("level", 0.8)) if cards else 0.8
        tickers = sorted({t for card in cards for t in card.tickers})
        as_of = max(card.train_end for card in cards)
        return TrackRecord(as_of=as_of, level=level, metrics=metrics, tickers=tickers)
