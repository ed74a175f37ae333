"""Build the web app's Backend from the composition root. Called once per server process
(cached by `ui.backend`). Parts that are not installed yet become None and their pages say so;
only the chat service is required.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from ui.forecast_readmodel import RegistryTrackRecord
from ui.graph_readmodel import QueriesGraphExplorer
from ui.ports import Backend, CollectFn, ForecastReportPort, GraphExplorerPort, ProgressFn
from ui.readmodel import SqlReadModel

log = logging.getLogger(__name__)


def build_backend() -> Backend:
    from app.container import Container
    from app.settings import get_settings

    settings = get_settings()
    container = Container(settings)
    chat = container.chat_service  # type: ignore[attr-defined]  # app.chat is landing
    symbols = _optional("symbol directory", lambda: container.symbols)
    return Backend(
        chat=chat,
        ops=SqlReadModel(
            read_sessions=container.read_session_factory,
            write_sessions=container.session_factory,
        ),
        symbols=symbols,
        graph=_graph(container, symbols),
        forecasts=_forecasts(container),
        collect=_collect(container),
        ui_language=settings.ui_language,
        timezone=settings.ui_timezone,
    )


def _optional(what: str, build: Callable[[], Any]) -> Any:
    try:
        return build()
    except Exception as exc:  # an optional part: its page shows "not available"
        log.warning("web app: %s unavailable: %s", what, exc)
        return None


def _graph(container: Any, symbols: Any) -> GraphExplorerPort | None:
    """`Container.graph_queries` (kg.queries.GraphQueries), as the graph agent uses it."""
    queries = _optional("graph queries", lambda: container.graph_queries)
    if queries is None or not hasattr(queries, "subgraph"):
        return None
    return QueriesGraphExplorer(queries=queries, directory=symbols)


def _forecasts(container: Any) -> ForecastReportPort | None:
    """The walk-forward evaluation stored with the models (`Container.forecast_registry`)."""
    registry = _optional("forecast registry", lambda: container.forecast_registry)
    if registry is None:
        return None
    return RegistryTrackRecord(registry=registry)


def _collect(container: Any) -> CollectFn | None:
    """`Container.collect_now(*, on_progress)` once the collectors package provides it."""
    run = getattr(container, "collect_now", None)
    if not callable(run):
        return None

    def collect(progress: ProgressFn) -> Mapping[str, Any]:
        result = run(on_progress=progress)
        return result if isinstance(result, Mapping) else {"result": str(result)}

    return collect
