"""The real chat path traced: ChatService on the real supervisor graph (offline router and
composer, fixture market database) with Langfuse tracing into an in-memory exporter."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import format_trace_id
from sqlalchemy.orm import Session, sessionmaker

from agents.compose import OfflineComposer
from agents.graph import build_chat_graph
from agents.market import build_market_agent
from agents.news import build_news_agent
from agents.router_llm import OfflineRouter
from agents.sql_sources import SqlMarketData, SqlNewsData
from app.chat import ChatService
from app.symbols import SymbolDirectory
from app.tracing import FEEDBACK_SCORE, LangfuseTracing
from tests.agents.conftest import market_db, read_sessions, sessions, symbols  # noqa: F401
from tests.tracing.conftest import attr, json_attr, parent_id


@pytest.fixture
def traced_service(
    symbols: SymbolDirectory,  # noqa: F811
    sessions: sessionmaker[Session],  # noqa: F811
    read_sessions: sessionmaker[Session],  # noqa: F811
    memory_tracing: LangfuseTracing,
) -> ChatService:
    agents = [
        build_market_agent(market=SqlMarketData(session_factory=read_sessions), symbols=symbols),
        build_news_agent(news=SqlNewsData(session_factory=read_sessions), symbols=symbols),
    ]
    graph = build_chat_graph(symbols=symbols, agents=agents, router=OfflineRouter(),
                             composer=OfflineComposer(symbols=symbols))
    return ChatService(graph=graph.compile(checkpointer=InMemorySaver()),
                       tracing=memory_tracing, session_factory=sessions,
                       read_session_factory=read_sessions, llm=None,
                       llm_max_calls=4, llm_max_tokens=6000)


def spans_of(exporter: InMemorySpanExporter, trace_id: str | None) -> list[Any]:
    return [s for s in exporter.get_finished_spans()
            if format_trace_id(s.context.trace_id) == trace_id]


def test_a_chat_answer_is_one_trace_with_its_agents(
    traced_service: ChatService, memory_tracing: LangfuseTracing,
    exporter: InMemorySpanExporter,
) -> None:
    answer = traced_service.ask("thread-a", "user-a", "How is Tesla doing?")
    memory_tracing.flush()

    assert answer.trace_id is not None
    spans = spans_of(exporter, answer.trace_id)
    named = {s.name: s for s in spans}
    root = named["chat"]
    assert root.parent is None
    assert attr(root, "session.id") == "thread-a"
    assert attr(root, "user.id") == "user-a"
    tags = set(attr(root, "langfuse.trace.tags"))
    assert {"offline", answer.language, *answer.agents} <= tags
    assert set(answer.agents) == {"market", "news"}
    assert json_attr(root, "langfuse.trace.metadata.as_of") == answer.as_of.isoformat()
    assert json_attr(root, "langfuse.trace.metadata.tickers") == ["TSLA"]
    # every graph node that ran is a span under the graph's run, itself under the root
    graph_run = next(s for s in spans if parent_id(s) == root.context.span_id)
    node_parents = {name: parent_id(named[name])
                    for name in ("guard", "route", *answer.agents)}
    assert set(node_parents.values()) == {graph_run.context.span_id}
    assert not [s for s in spans
                if attr(s, "langfuse.observation.type") == "generation"]  # offline: no LLM


def test_two_questions_in_a_thread_share_the_session_and_feedback_scores_the_trace(
    traced_service: ChatService, memory_tracing: LangfuseTracing,
    exporter: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = traced_service.ask("thread-b", "user-b", "삼성전자 주가 알려줘")
    second = traced_service.ask("thread-b", "user-b", "뉴스는?")
    memory_tracing.flush()

    assert first.trace_id != second.trace_id
    for answer in (first, second):
        root = next(s for s in spans_of(exporter, answer.trace_id) if s.name == "chat")
        assert attr(root, "session.id") == "thread-b"
        assert "ko" in attr(root, "langfuse.trace.tags")

    sent: list[dict[str, Any]] = []
    client = memory_tracing._client
    monkeypatch.setattr(client, "create_score", lambda **kw: sent.append(kw))
    traced_service.record_feedback(thread_id="thread-b", message_id=second.message_id,
                                   trace_id=second.trace_id, value=1, comment="good")
    assert sent == [{"name": FEEDBACK_SCORE, "value": 1.0, "trace_id": second.trace_id,
                     "data_type": "NUMERIC", "comment": "good"}]
