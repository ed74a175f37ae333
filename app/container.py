"""The composition root: the only place that builds engines, drivers, chat models and tracing.

Everything is built lazily on first use and shared for the life of the process. Tests build
their own Container with their own Settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, make_session_factory
from app.settings import Settings
from app.tracing_port import NoTracing, Tracing

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langgraph.checkpoint.base import BaseCheckpointSaver
    from langgraph.graph.state import CompiledStateGraph

    from agents.state import Agent
    from app.chat import ChatService
    from app.symbols import SymbolDirectory
    from collectors.jobs import CollectDeps
    from forecast.registry import SqlModelRegistry
    from forecast.service import ForecastService
    from kg.queries import GraphQueries
    from kg.store import GraphStore


logger = logging.getLogger(__name__)


class Container:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    # --- SQL store -------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.sql_url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def read_engine(self) -> Engine:
        """Connections that refuse writes: the chat path reads market data through these."""
        return make_engine(self.settings.sql_url, read_only=True)

    @cached_property
    def read_session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.read_engine)

    def migrate(self) -> None:
        from app.db.migrate import upgrade

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(self.settings.sql_url)

    # --- Symbol directory ---------------------------------------------------------------
    @cached_property
    def symbols(self) -> SymbolDirectory:
        """The shipped seed merged with companies refreshed from live listings (if any)."""
        from sqlalchemy.exc import SQLAlchemyError

        from app.db.repositories import list_companies
        from app.symbols import SymbolDirectory

        directory = SymbolDirectory.from_seed()
        try:
            with self.read_session_factory() as session:
                refreshed = list_companies(session=session, source="listing")
        except SQLAlchemyError:
            refreshed = []  # store not initialised yet: the seed alone still resolves
        return directory.with_companies(refreshed) if refreshed else directory

    # --- Knowledge graph (kg/) -----------------------------------------------------------
    @cached_property
    def graph_store(self) -> GraphStore:
        """The read-write graph store of the graph job (CLI, bootstrap, scheduler), schema
        ensured. Embedded: one writer process at a time (app.graph_access.GraphUnavailableError
        says who holds it); Neo4j when settings.graph_store == "neo4j"."""
        store = self._open_graph(read_only=False)
        try:
            store.ensure_schema()
        except BaseException:
            store.close()
            raise
        return store

    @cached_property
    def graph_queries(self) -> GraphQueries:
        """The chat's and web app's graph: read-only, opened on first question (so a missing
        or busy graph never stops the app: the graph agent answers "failed" instead) and,
        embedded, reopened after a graph job has rewritten the file."""
        from app.graph_access import ReopeningGraphStore, embedded_version
        from kg.queries import GraphQueries

        reader = ReopeningGraphStore(
            open_store=lambda: self._open_graph(read_only=True),
            version=(embedded_version(self.settings.graph_path)
                     if self.settings.graph_store == "embedded" else lambda: None))
        self._chat_closers.append(reader.close)
        return GraphQueries(store=reader, directory=self.symbols)

    def _open_graph(self, *, read_only: bool) -> GraphStore:
        s = self.settings
        if s.graph_store == "neo4j":
            from kg.neo4j_store import Neo4jGraphStore, open_driver

            password = s.graph_password.get_secret_value() if s.graph_password else None
            # Reads serve chat questions: fail fast. The graph job may wait for a busy server.
            timeouts = (3.0, 2.0) if read_only else (10.0, 15.0)
            driver = open_driver(url=s.graph_url, user=s.graph_user, password=password,
                                 connection_timeout_s=timeouts[0], retry_time_s=timeouts[1])
            return Neo4jGraphStore(driver=driver, database=s.graph_database)
        from app.graph_access import open_embedded_store

        if not read_only:
            s.data_dir.mkdir(parents=True, exist_ok=True)
        return open_embedded_store(path=s.graph_path, read_only=read_only)

    # --- Collection (collectors/) --------------------------------------------------------
    @cached_property
    def collection_deps(self) -> CollectDeps:
        """The live sources (Yahoo Finance, Google News RSS) and the stores the jobs write."""
        from collectors.jobs import CollectDeps
        from collectors.rss_source import RssNewsSource
        from collectors.yfinance_source import YFinanceSource

        yahoo = YFinanceSource()
        return CollectDeps(
            session_factory=self.session_factory, symbols=self.symbols, price_source=yahoo,
            news_sources=[yahoo, RssNewsSource()], profile_source=yahoo, tracing=self.tracing,
        )

    def collect_now(
        self, *, on_progress: Callable[[int, int, str], None] | None = None
    ) -> dict[str, Any]:
        """Every dataset and the graph for the stored watchlist (the web app's "collect now").
        `on_progress(done, total, label)` follows each ticker; returns status per job."""
        from app.collection import ALL_JOBS, GRAPH, run_collection
        from app.db.repositories import ensure_watchlist

        with self.session_factory() as session:
            tickers = ensure_watchlist(session=session, default=self.settings.watchlist)
        total = len(tickers) * (len(ALL_JOBS) - 1) + 1
        done = 0

        def item(job: str, outcome: Any) -> None:
            nonlocal done
            done += 1
            if on_progress is not None:
                label = job if job == GRAPH else f"{job}: {outcome.ticker}"
                on_progress(done, total, label)

        reports = run_collection(container=self, jobs=ALL_JOBS, tickers=tickers, on_item=item)
        return {r.job: {"status": r.status, "ok": len(r.tickers_ok),
                        "failed": len(r.tickers_failed), "counts": dict(r.counts)}
                for r in reports}

    def close_graph_store(self) -> None:
        """Release the read-write graph (embedded: its file lock) once a graph job is done."""
        store = self.__dict__.pop("graph_store", None)
        if store is not None:
            store.close()

    # --- Tracing ------------------------------------------------------------------------
    @cached_property
    def tracing(self) -> Tracing:
        """Langfuse tracing when both keys are set, else `NoTracing` (one log line says so)."""
        settings = self.settings
        if not (settings.tracing_enabled and settings.langfuse_secret_key is not None):
            logger.info("tracing off: no Langfuse keys")
            return NoTracing()
        from app.tracing import build_langfuse_tracing

        return build_langfuse_tracing(
            public_key=str(settings.langfuse_public_key),
            secret_key=settings.langfuse_secret_key.get_secret_value(),
            host=settings.langfuse_host,
            environment=settings.environment,
            mode="offline" if settings.llm_provider == "none" else "llm",
        )

    # --- Chat (agents/, app/chat.py) ----------------------------------------------------
    @property
    def llm_label(self) -> str | None:
        s = self.settings
        return None if s.llm_provider == "none" else f"{s.llm_provider}:{s.llm_model}"

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        """The configured chat model via `init_chat_model`, or None in offline mode."""
        s = self.settings
        if s.llm_provider == "none":
            return None
        if not s.llm_model:
            raise ValueError("STOCKELPER_LLM_MODEL is required when STOCKELPER_LLM_PROVIDER is set")
        from langchain.chat_models import init_chat_model

        provider = "openai" if s.llm_provider == "openai_compatible" else s.llm_provider
        kwargs: dict[str, Any] = {}
        if s.llm_base_url:
            kwargs["base_url"] = s.llm_base_url
        if provider == "ollama":
            kwargs["client_kwargs"] = {"timeout": s.llm_timeout_s}
            kwargs["num_predict"] = min(1024, s.llm_max_tokens)
        else:
            kwargs |= {"timeout": s.llm_timeout_s, "max_retries": 1,
                       "max_tokens": min(1024, s.llm_max_tokens)}
            if s.llm_api_key is not None:
                kwargs["api_key"] = s.llm_api_key.get_secret_value()
            elif s.llm_provider == "openai_compatible":
                kwargs["api_key"] = "not-needed"  # local OpenAI-compatible servers ignore it
        model: BaseChatModel = init_chat_model(s.llm_model, model_provider=provider, **kwargs)
        return model

    @cached_property
    def checkpointer(self) -> BaseCheckpointSaver[Any]:
        """Chat memory: SQLite file under data_dir, PostgreSQL when the SQL store is."""
        if not self.settings.is_sqlite:
            from langgraph.checkpoint.postgres import PostgresSaver
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
            from sqlalchemy.engine import make_url

            conninfo = make_url(self.settings.sql_url).set(drivername="postgresql")
            pool: ConnectionPool[Any] = ConnectionPool(
                conninfo.render_as_string(hide_password=False), max_size=8, open=True,
                kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            )
            self._chat_closers.append(pool.close)
            saver: BaseCheckpointSaver[Any] = PostgresSaver(pool)  # type: ignore[arg-type]
        else:
            import sqlite3

            from langgraph.checkpoint.sqlite import SqliteSaver

            path = self.settings.checkpoint_path
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            self._chat_closers.append(conn.close)
            saver = SqliteSaver(conn)
        saver.setup()  # type: ignore[attr-defined]
        return saver

    @cached_property
    def _chat_closers(self) -> list[Callable[[], None]]:
        return []

    def chat_agents(self) -> list[Agent]:
        """Market, news and prediction (the real ForecastService); graph when kg's queries
        are wired. The supervisor never routes to an agent it was not given."""
        from agents.market import build_market_agent
        from agents.news import build_news_agent
        from agents.sql_sources import SqlMarketData, SqlNewsData

        agents = [
            build_market_agent(market=SqlMarketData(session_factory=self.read_session_factory),
                               symbols=self.symbols),
            build_news_agent(news=SqlNewsData(session_factory=self.read_session_factory),
                             symbols=self.symbols),
        ]
        # `graph_queries` plugs the graph agent in (a test may set it to None to leave it out)
        queries = getattr(self, "graph_queries", None)
        if queries is not None:
            from agents.graph_agent import build_graph_agent

            agents.append(build_graph_agent(graph=queries))
        from agents.prediction import build_prediction_agent

        agents.append(build_prediction_agent(forecaster=self.forecast_service,
                                             symbols=self.symbols))
        return agents

    @cached_property
    def chat_graph(self) -> CompiledStateGraph[Any, Any, Any, Any]:
        """The chat graph, compiled once with the checkpointer and shared by every thread."""
        from agents.compose import LLMComposer, OfflineComposer
        from agents.graph import Composer, build_chat_graph
        from agents.router_llm import LLMRouter, OfflineRouter, Router

        model, timeout = self.chat_model, self.settings.llm_timeout_s
        router: Router = (LLMRouter(model=model, timeout_s=timeout) if model is not None
                          else OfflineRouter())
        composer: Composer = (
            LLMComposer(model=model, symbols=self.symbols, timeout_s=timeout)
            if model is not None else OfflineComposer(symbols=self.symbols))
        builder = build_chat_graph(symbols=self.symbols, agents=self.chat_agents(),
                                   router=router, composer=composer)
        return builder.compile(checkpointer=self.checkpointer)

    @cached_property
    def chat_service(self) -> ChatService:
        from app.chat import ChatService

        s = self.settings
        return ChatService(
            graph=self.chat_graph, tracing=self.tracing, session_factory=self.session_factory,
            read_session_factory=self.read_session_factory, llm=self.llm_label,
            llm_max_calls=s.llm_max_calls, llm_max_tokens=s.llm_max_tokens,
            stores={"sql": "sqlite" if s.is_sqlite else "postgresql",
                    "graph": s.graph_store,
                    "checkpointer": "sqlite" if s.is_sqlite else "postgresql",
                    "agents": [a.id for a in self.chat_agents()],
                    "trace_url_template": s.trace_url_template},
        )

    # --- Forecasts (forecast/) -------------------------------------------------------------
    @cached_property
    def forecast_registry(self) -> SqlModelRegistry:
        """Model versions and evaluations in the SQL store, artifacts under data_dir/models."""
        from forecast.registry import SqlModelRegistry

        return SqlModelRegistry(session_factory=self.session_factory,
                                models_dir=self.settings.data_dir / "models")

    @cached_property
    def forecast_service(self) -> ForecastService:
        """Read-only: bars and the registry through the read session factory."""
        from forecast.bars import SqlBarsLoader
        from forecast.registry import SqlModelRegistry
        from forecast.service import ForecastService

        return ForecastService(
            load_bars=SqlBarsLoader(session_factory=self.read_session_factory),
            registry=SqlModelRegistry(session_factory=self.read_session_factory,
                                      models_dir=self.settings.data_dir / "models"),
        )

    def close(self) -> None:
        for closer in self.__dict__.pop("_chat_closers", []):
            closer()
        self.close_graph_store()
        for name in ("engine", "read_engine"):
            engine = self.__dict__.pop(name, None)
            if engine is not None:
                engine.dispose()
