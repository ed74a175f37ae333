"""What the web app needs besides the chat contract (app/chat_types.py).

Every port returns plain data. The real adapters are wired in `ui.wiring` from the
Container; tests pass fakes or the SQL read model over a real SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from app.chat_types import ChatServicePort
from app.symbols.types import Resolution

#: progress(done, total, message) reported by a collection run
ProgressFn = Callable[[int, int, str], None]
#: Runs one collection now (all datasets, the stored watchlist) and returns its counts.
CollectFn = Callable[[ProgressFn], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class DatasetFreshness:
    """One dataset (prices, news, profiles ...) as the store sees it."""

    name: str
    rows: int
    newest: datetime | date | None  # newest bar date / news time / profile update
    last_success: datetime | None  # finish time of the last successful collection run


@dataclass(frozen=True, slots=True)
class RunRow:
    """One row of the collection run ledger."""

    id: int
    job: str
    status: str  # running | success | partial | failed
    started_at: datetime
    finished_at: datetime | None
    counts: Mapping[str, Any] = field(default_factory=dict)
    errors: list[Mapping[str, Any]] = field(default_factory=list)
    trace_id: str | None = None


class OpsPort(Protocol):
    """Read model of the stores plus the one thing the UI edits (the watchlist)."""

    def freshness(self) -> list[DatasetFreshness]: ...

    def runs(self, *, limit: int = 30) -> list[RunRow]: ...

    def watchlist(self) -> list[str]: ...

    def add_to_watchlist(self, tickers: list[str]) -> list[str]:
        """Returns the tickers actually added (already-present ones are skipped)."""
        ...

    def remove_from_watchlist(self, tickers: list[str]) -> int: ...


class SymbolResolver(Protocol):
    """`app.symbols.SymbolDirectory` satisfies this."""

    def resolve(self, text: str) -> Resolution: ...


@dataclass(frozen=True, slots=True)
class GraphView:
    """A neighbourhood to draw; the same shape as a `graph` artifact's `data`:
    nodes [{"id", "label", "kind"}], edges [{"source", "target", "type", "label"?}]."""

    center: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]

    def as_data(self) -> dict[str, Any]:
        return {"center": self.center, "nodes": self.nodes, "edges": self.edges}


class GraphExplorerPort(Protocol):
    def companies(self) -> list[tuple[str, str, str]]:
        """(ticker, English name, Korean name) of every company node, for the picker."""
        ...

    def neighbourhood(self, ticker: str, *, limit: int = 80) -> GraphView: ...


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """The walk-forward report in long format.

    metrics: rows {"horizon": int, "model": str, "metric": str, "value": float}
    series:  rows {"date": date, "horizon": int, "model": str, "metric": str, "value": float}
    `level` is the nominal coverage of the forecast interval (e.g. 0.8).
    """

    as_of: date | None
    level: float
    metrics: list[dict[str, Any]]
    series: list[dict[str, Any]] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    synthetic: bool = False
    notes: str = ""


class ForecastReportPort(Protocol):
    def track_record(self) -> TrackRecord | None:
        """None when no walk-forward evaluation has been run yet."""
        ...


@dataclass(slots=True)
class Backend:
    """Everything the pages call. Optional ports are None when that part is not installed;
    pages then show a clear "not available" state instead of failing."""

    chat: ChatServicePort
    ops: OpsPort | None = None
    symbols: SymbolResolver | None = None
    graph: GraphExplorerPort | None = None
    forecasts: ForecastReportPort | None = None
    collect: CollectFn | None = None
    ui_language: str = "auto"  # Settings.ui_language: auto | en | ko
    timezone: str = "Asia/Seoul"  # Settings.ui_timezone, used when the browser gives none
    user_id: str = "local"
