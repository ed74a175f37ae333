"""The real compiled chat graph driven by the scripted fake chat model: LLM routing through
a structured-output tool call, synthesis, fallbacks, budget and the order of events."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator

import pytest
from langchain_core.messages import AIMessage, BaseMessage

from agents.state import RoutePlan
from app.chat_types import (
    ArtifactEvent,
    CitationsEvent,
    FinalEvent,
    StatusEvent,
    TokenEvent,
)
from tests.agents.conftest import ServiceFactory
from tests.fakes.chat_model import ScriptedChatModel, structured


def _results(messages: list[BaseMessage]) -> list[dict[str, object]]:
    text = str(messages[-1].content)
    return list(json.loads(text.split("<results>")[1].split("</results>")[0]))


def grounded_writer(messages: list[BaseMessage]) -> AIMessage:
    """A well-behaved LLM: writes only numbers it was given."""
    market = next(r for r in _results(messages) if r["agent"] == "market")
    item = market["data"]["items"][0]  # type: ignore[index]
    return AIMessage(content=f"{item['name_en']} closed at ${item['close']:,.2f} on "
                             f"{item['date']}; its RSI(14) is {item['rsi14']}.")


def test_llm_routes_through_a_tool_call_and_writes_the_answer(
    make_service: ServiceFactory,
) -> None:
    model = ScriptedChatModel(responses=[
        structured(RoutePlan(agents=["market"], market_action="technical", reason="rsi")),
        grounded_writer,
    ])
    answer = make_service(model=model).ask("llm-1", "u", "Is Tesla overbought?")
    assert answer.agents == ["market"] and answer.tickers == ["TSLA"]
    assert answer.answer.startswith("Tesla Inc. closed at $")
    assert "RSI(14)" in answer.answer and answer.unverified_numbers == []
    assert answer.llm == "fake:scripted" and answer.llm_calls == 2 and answer.tokens > 0
    router_call, composer_call = model.calls
    assert router_call.tools == ["RoutePlan"]  # structured output = a forced tool call
    assert "<question>\nIs Tesla overbought?\n</question>" in str(router_call.messages[-1].content)
    assert composer_call.tools == []
    assert "- prediction" not in str(router_call.messages[0].content)  # absent agent


def test_llm_route_overrides_the_offline_rules(make_service: ServiceFactory) -> None:
    model = ScriptedChatModel(responses=[
        structured(RoutePlan(agents=["graph"], graph_relation="suppliers")), "x",
    ])
    answer = make_service(model=model).ask("llm-2", "u", "Tell me about Apple")
    assert answer.agents == ["graph"]  # offline would have said market + news
    assert "Suppliers:" in answer.answer  # "x" names no company: the template answered


def test_llm_failure_falls_back_to_offline_router_and_templates(
    make_service: ServiceFactory,
) -> None:
    model = ScriptedChatModel(responses=[RuntimeError("provider down"), RuntimeError("down")])
    offline = make_service().ask("off", "u", "NVDA 주가 알려줘")
    answer = make_service(model=model).ask("llm-3", "u", "NVDA 주가 알려줘")
    assert answer.agents == offline.agents == ["market"]
    assert answer.answer == offline.answer
    assert answer.llm_calls == 2 and len(model.calls) == 2


def test_llm_timeout_falls_back(make_service: ServiceFactory) -> None:
    release = threading.Event()

    def hang(messages: list[BaseMessage]) -> AIMessage:
        release.wait(10)
        return AIMessage(content="late")

    model = ScriptedChatModel(responses=[hang, hang])
    try:
        answer = make_service(model=model, timeout_s=0.2).ask("llm-4", "u", "AAPL price")
    finally:
        release.set()
    assert answer.agents == ["market"] and "Apple Inc." in answer.answer


def test_call_budget_exhaustion_uses_the_template(make_service: ServiceFactory) -> None:
    model = ScriptedChatModel(responses=[structured(RoutePlan(agents=["market"]))],
                              default="should never be asked")
    answer = make_service(model=model, max_calls=1).ask("llm-5", "u", "MSFT price")
    assert answer.llm_calls == 1 and len(model.calls) == 1
    assert "Microsoft Corporation (MSFT) closed at" in answer.answer


def test_token_budget_refuses_calls_before_making_them(make_service: ServiceFactory) -> None:
    model = ScriptedChatModel(default="never")
    answer = make_service(model=model, max_tokens=50).ask("llm-6", "u", "AMD price")
    assert model.calls == [] and answer.llm_calls == 0 and answer.tokens == 0
    assert answer.agents == ["market"]


@pytest.mark.parametrize("reply", [
    "Tesla closed at $999.99 on 2026-11-20.",  # a number no agent returned
    "Tesla: see [this](https://evil.example.com/x) for details.",  # a link no agent returned
    "HACKED",  # names no company: hijacked by text hidden in the data
    "Tesla looks great: buy 1000 shares now.",  # a trading instruction
])
def test_ungrounded_llm_answers_fall_back_to_the_template(
    make_service: ServiceFactory, reply: str,
) -> None:
    model = ScriptedChatModel(responses=[structured(RoutePlan(agents=["market"])), reply])
    answer = make_service(model=model).ask("llm-7", "u", "Tesla price")
    assert answer.answer != reply and "Tesla Inc. (TSLA) closed at" in answer.answer
    assert answer.unverified_numbers == [] and answer.llm_calls == 2


def _kinds(events: Iterator[object]) -> list[str]:
    return [e.type for e in events]


@pytest.mark.parametrize("with_llm", [False, True])
def test_events_stream_in_the_documented_order(
    make_service: ServiceFactory, with_llm: bool,
) -> None:
    model = ScriptedChatModel(responses=[
        structured(RoutePlan(agents=["market", "news"], market_action="quote")),
        lambda m: AIMessage(content="NVIDIA: prices and news below."),
    ]) if with_llm else None
    events = list(make_service(model=model).stream("order", "u", "How is NVDA doing?"))
    kinds = _kinds(iter(events))
    last_status = max(i for i, k in enumerate(kinds) if k == "status")
    first_token = kinds.index("token")
    assert last_status < first_token < kinds.index("artifact") < kinds.index("citations")
    assert kinds.count("citations") == 1 and kinds.count("final") == 1 and kinds[-1] == "final"
    statuses = [(e.agent, e.state) for e in events if isinstance(e, StatusEvent)]
    assert statuses[:2] == [("guard", "started"), ("guard", "done")]
    for agent in ("router", "market", "news", "composer"):
        assert statuses.index((agent, "started")) < statuses.index((agent, "done"))
    assert statuses[-1] == ("composer", "done")
    final = events[-1]
    assert isinstance(final, FinalEvent)
    text = "".join(e.text for e in events if isinstance(e, TokenEvent))
    assert text == final.answer.answer
    artifacts = [e.artifact for e in events if isinstance(e, ArtifactEvent)]
    assert artifacts == final.answer.artifacts
    assert {a.kind for a in artifacts} == {"price_chart", "news_cards"}
    citations = next(e for e in events if isinstance(e, CitationsEvent)).citations
    assert citations == final.answer.citations and all(c.url for c in citations)


def test_single_agent_questions_use_at_most_two_llm_calls(make_service: ServiceFactory) -> None:
    def route(messages: list[BaseMessage]) -> AIMessage:
        question = str(messages[-1].content)
        agent = "news" if re.search("news|뉴스", question) else "market"
        return structured(RoutePlan(agents=[agent]))  # type: ignore[list-item]

    model = ScriptedChatModel(default=route)
    service = make_service(model=model)
    model.default = None
    for question in ["AAPL price", "삼성전자 뉴스", "NVDA 1년 수익률"]:
        model.script(route, "plain reply")
        answer = service.ask("budget", "u", question)
        assert len(answer.agents) == 1 and answer.llm_calls <= 2


def test_a_failing_agent_does_not_sink_the_others(make_service: ServiceFactory) -> None:
    from agents.state import Agent, AgentResult, AgentTask

    def broken(task: AgentTask) -> AgentResult:
        raise OSError("graph file is being rebuilt")

    service = make_service(with_graph=False, extra_agents=[Agent(id="graph", run=broken)])
    events = list(service.stream("fail", "u", "Why did NVDA fall today?"))
    final = events[-1]
    assert isinstance(final, FinalEvent)
    assert ("graph", "error") in [(e.agent, e.state) for e in events
                                  if isinstance(e, StatusEvent)]
    assert "NVIDIA Corporation (NVDA) closed at" in final.answer.answer
    assert "relations graph is not available right now" in final.answer.answer


def test_store_down_is_one_friendly_error_event(tmp_path: object, symbols: object) -> None:
    from pathlib import Path

    from langgraph.checkpoint.memory import InMemorySaver

    from agents.compose import OfflineComposer
    from agents.graph import build_chat_graph
    from agents.market import build_market_agent
    from agents.router_llm import OfflineRouter
    from agents.sql_sources import SqlMarketData
    from app.chat import ChatError, ChatService
    from app.chat_types import ErrorEvent
    from app.db.engine import make_engine, make_session_factory
    from app.symbols import SymbolDirectory
    from app.tracing_port import NoTracing

    assert isinstance(tmp_path, Path) and isinstance(symbols, SymbolDirectory)
    empty = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    graph = build_chat_graph(
        symbols=symbols, router=OfflineRouter(), composer=OfflineComposer(symbols=symbols),
        agents=[build_market_agent(market=SqlMarketData(session_factory=empty),
                                   symbols=symbols)])
    service = ChatService(graph=graph.compile(checkpointer=InMemorySaver()),
                          tracing=NoTracing(), session_factory=empty,
                          read_session_factory=empty)
    events = list(service.stream("down", "u", "AAPL price"))
    assert isinstance(events[-1], ErrorEvent) and events[-1].kind == "store"
    assert "stockelper init" in events[-1].message
    assert not any(isinstance(e, FinalEvent) for e in events)
    with pytest.raises(ChatError):
        service.ask("down", "u", "AAPL price")
    assert service.status()["ok"] is False
