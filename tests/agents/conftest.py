"""Chat fixtures: one generated market database (read-only on the chat path), the seed
symbol directory, a real embedded relations graph, and a factory for ChatServices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver
from sqlalchemy.orm import Session, sessionmaker

from agents.compose import LLMComposer, OfflineComposer
from agents.graph import Composer, build_chat_graph
from agents.graph_agent import build_graph_agent
from agents.market import build_market_agent
from agents.news import build_news_agent
from agents.router_llm import LLMRouter, OfflineRouter, Router
from agents.sql_sources import SqlMarketData, SqlNewsData
from agents.state import Agent
from app.chat import ChatService
from app.db.engine import make_engine, make_session_factory
from app.db.migrate import upgrade
from app.symbols import SymbolDirectory
from app.tracing_port import NoTracing
from tests.agents.fixture_db import FixtureInfo, build_fixture_db

ServiceFactory = Callable[..., ChatService]


@pytest.fixture(scope="session")
def symbols() -> SymbolDirectory:
    return SymbolDirectory.from_seed()


@pytest.fixture(scope="session")
def market_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, FixtureInfo]:
    path = tmp_path_factory.mktemp("chatdb") / "stockelper.db"
    url = f"sqlite:///{path.as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    info = build_fixture_db(make_session_factory(engine))
    engine.dispose()
    return url, info


@pytest.fixture(scope="session")
def sessions(market_db: tuple[str, FixtureInfo]) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(market_db[0])
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def read_sessions(market_db: tuple[str, FixtureInfo]) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(market_db[0], read_only=True)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def graph_queries(tmp_path_factory: pytest.TempPathFactory, symbols: SymbolDirectory) -> Any:
    from kg.builder import GraphBuilder
    from kg.ladybug_store import LadybugGraphStore
    from kg.queries import GraphQueries
    from kg.relations import load_relations

    store = LadybugGraphStore(path=tmp_path_factory.mktemp("kg") / "graph.lbug")
    store.ensure_schema()
    builder = GraphBuilder(store=store, directory=symbols)
    builder.add_companies()
    builder.add_relations(load_relations())
    yield GraphQueries(store=store, directory=symbols)
    store.close()


@pytest.fixture
def make_service(
    symbols: SymbolDirectory, sessions: sessionmaker[Session],
    read_sessions: sessionmaker[Session], graph_queries: Any, tmp_path: Path,
) -> Iterator[ServiceFactory]:
    closers: list[Callable[[], None]] = []

    def factory(
        *, model: BaseChatModel | None = None, extra_agents: list[Agent] | None = None,
        with_graph: bool = True, sqlite_memory: bool = False, max_calls: int = 4,
        max_tokens: int = 6000, timeout_s: float = 5.0, tracing: Any = None,
    ) -> ChatService:
        agents = [
            build_market_agent(market=SqlMarketData(session_factory=read_sessions),
                               symbols=symbols),
            build_news_agent(news=SqlNewsData(session_factory=read_sessions), symbols=symbols),
        ]
        if with_graph:
            agents.append(build_graph_agent(graph=graph_queries))
        agents += extra_agents or []
        router: Router = (LLMRouter(model=model, timeout_s=timeout_s) if model is not None
                          else OfflineRouter())
        composer: Composer = (LLMComposer(model=model, symbols=symbols, timeout_s=timeout_s)
                              if model is not None else OfflineComposer(symbols=symbols))
        if sqlite_memory:
            import sqlite3

            conn = sqlite3.connect(str(tmp_path / "checkpoints.sqlite"), check_same_thread=False)
            closers.append(conn.close)
            saver: Any = SqliteSaver(conn)
            saver.setup()
        else:
            saver = InMemorySaver()
        graph = build_chat_graph(symbols=symbols, agents=agents, router=router,
                                 composer=composer).compile(checkpointer=saver)
        return ChatService(graph=graph, tracing=tracing or NoTracing(), session_factory=sessions,
                           read_session_factory=read_sessions,
                           llm="fake:scripted" if model is not None else None,
                           llm_max_calls=max_calls, llm_max_tokens=max_tokens)

    yield factory
    for close in closers:
        close()
