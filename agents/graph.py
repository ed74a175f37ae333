"""Wiring only: guard -> route -> agents in parallel (Send) -> join -> compose.

`build_chat_graph` returns the uncompiled StateGraph; the container compiles it once with
its checkpointer and every conversation shares the compiled graph (state is per thread)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from langchain_core.runnables import RunnableConfig
from langgraph.config import get_config, get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import Overwrite, Send
from sqlalchemy.exc import SQLAlchemyError

from agents import guard as G
from agents.budget import LLMBudget
from agents.compose import Composition
from agents.ports import SymbolLookup
from agents.router_llm import Router, RouteRequest
from agents.router_offline import route_offline
from agents.state import (
    Agent,
    AgentInput,
    AgentResult,
    AgentTask,
    ChatContext,
    ChatState,
    Language,
    RoutePlan,
)
from agents.templates import refusal
from app.symbols.types import Country

MAX_COMPARE = 5
MAX_PEERS = 8


class Composer(Protocol):
    def __call__(
        self, *, question: str, results: list[AgentResult], plan: RoutePlan,
        language: Language, tickers: list[str], budget: LLMBudget,
        config: RunnableConfig | None = None,
    ) -> Composition: ...


def _status(agent: str, state: str, message: str = "") -> None:
    get_stream_writer()({"agent": agent, "state": state, "message": message})


def _tasks(state: ChatState, plan: RoutePlan, deferred: bool) -> list[AgentTask]:
    tickers = tuple(state.get("tickers", []))
    language: Language = state.get("language", "en")
    params: dict[str, dict[str, Any]] = {
        "market": {"period": plan.period}, "news": {"query": plan.news_query,
                                                    "period": plan.period},
        "graph": {"relation": plan.graph_relation, "country": plan.country},
        "prediction": {"horizon": plan.horizon_days},
    }
    actions = {"market": plan.market_action or "quote", "news": "search" if plan.news_query
               else "latest", "graph": plan.graph_relation or "overview",
               "prediction": "forecast"}
    return [AgentTask(agent=a, action=actions[a], tickers=tickers, language=language,
                      question=state.get("question", ""), params=params[a])
            for a in plan.agents if not (deferred and a == "market")]


def _country(value: str | None) -> Country | None:
    return "KR" if value == "KR" else "US" if value == "US" else None


def _defers_market(plan: RoutePlan, tickers: list[str]) -> bool:
    """"Compare X with its competitors": market waits for the graph's related tickers."""
    return ("graph" in plan.agents and "market" in plan.agents and len(tickers) == 1
            and plan.market_action == "compare"
            and plan.graph_relation in ("competitors", "peers", "suppliers", "customers",
                                        "partners"))


def _wants_peer_moves(plan: RoutePlan, tickers: list[str]) -> bool:
    return ("graph" in plan.agents and "market" in plan.agents and len(tickers) == 1
            and plan.graph_relation == "overview"
            and plan.market_action in ("quote", "history", "volume"))


def build_chat_graph(
    *, symbols: SymbolLookup, agents: Sequence[Agent], router: Router, composer: Composer,
) -> StateGraph[ChatState, ChatContext, ChatState, ChatState]:
    available = {a.id: a for a in agents}

    def guard(state: ChatState) -> dict[str, Any]:
        _status("guard", "started")
        checked = G.check(text=state.get("question", ""), symbols=symbols,
                          focus=list(state.get("focus", [])))
        update: dict[str, Any] = {
            "language": checked.language, "tickers": checked.tickers, "country": checked.country,
            "follow_up": checked.follow_up, "results": Overwrite([]), "plan": {},
            "outcome": "route", "notice": "", "route_source": "",
        }
        if checked.error:
            update |= {"outcome": "invalid", "notice": G.error_text(checked.error,
                                                                    checked.language)}
        elif checked.ambiguous:
            update |= {"outcome": "clarify",
                       "notice": G.clarify_text(checked.ambiguous, checked.language,
                                                typo=checked.typo)}
            # remember what was asked, so the reply "LG전자" gets that answer
            pending = route_offline(
                text=state.get("question", ""), available=list(available),
                tickers=[checked.ambiguous[0][1][0].ticker, *checked.tickers],
                country=checked.country)
            if pending.agents:
                update["last_plan"] = pending.model_dump(mode="json")
        _status("guard", "done", update["outcome"])
        return update

    def route(state: ChatState, runtime: Runtime[ChatContext]) -> dict[str, Any]:
        _status("router", "started")
        decision = router(RouteRequest(
            text=state.get("question", ""), tickers=list(state.get("tickers", [])),
            available=list(available), follow_up=bool(state.get("follow_up")),
            last_plan=state.get("last_plan") or None,
            country=_country(state.get("country")),
        ), budget=runtime.context.budget, config=get_config())
        plan = decision.plan
        update: dict[str, Any] = {"plan": plan.model_dump(mode="json"),
                                  "route_source": decision.source}
        if plan.scope != "answer" or not plan.agents:
            reason = "need_ticker" if plan.scope == "need_ticker" else plan.refusal
            update |= {"outcome": "clarify" if reason == "need_ticker" else "refuse",
                       "notice": refusal(reason, state.get("language", "en"))}
        _status("router", "done", ",".join(plan.agents) or plan.scope)
        return update

    def dispatch(state: ChatState) -> list[Send] | str:
        if state.get("outcome") != "route":
            return "compose"
        plan = RoutePlan.model_validate(state["plan"])
        tickers = list(state.get("tickers", []))
        tasks = _tasks(state, plan, _defers_market(plan, tickers))
        return [Send(t.agent, AgentInput(task=t.to_plain())) for t in tasks] or "compose"

    def after_agents(state: ChatState) -> list[Send] | str:
        """A second step only when the market agent needs the graph's answer: "compare X
        with its competitors", and "why did X move" (how related companies moved)."""
        plan = RoutePlan.model_validate(state["plan"])
        tickers = list(state.get("tickers", []))
        results = state.get("results", [])
        done = {(r["agent"], r["action"]) for r in results}
        graph_data: dict[str, Any] = next(
            (r["data"] for r in results if r["agent"] == "graph"), {})
        related = list(graph_data.get("related_tickers", []))[: MAX_COMPARE - 1]
        language: Language = state.get("language", "en")
        if _defers_market(plan, tickers) and not any(a == "market" for a, _ in done):
            task = AgentTask(agent="market", action="compare" if related else "history",
                             tickers=tuple(tickers + related), language=language,
                             question=state.get("question", ""), params={"period": plan.period})
            return [Send("market", AgentInput(task=task.to_plain()))]
        related = list(graph_data.get("related_tickers", []))[:MAX_PEERS]
        if _wants_peer_moves(plan, tickers) and related and ("market", "peers") not in done:
            period = plan.period or "1d" if plan.market_action == "quote" else plan.period
            task = AgentTask(agent="market", action="peers", tickers=tuple(tickers + related),
                             language=language, question=state.get("question", ""),
                             params={"period": period or "1d"})
            return [Send("market", AgentInput(task=task.to_plain()))]
        return "compose"

    def compose(state: ChatState, runtime: Runtime[ChatContext]) -> dict[str, Any]:
        _status("composer", "started")
        language: Language = state.get("language", "en")
        tickers = list(state.get("tickers", []))
        plan = RoutePlan.model_validate(state.get("plan") or {})
        results = [AgentResult.from_plain(r) for r in state.get("results", [])]
        answer: dict[str, Any]
        if state.get("outcome") != "route":
            answer = {"text": state.get("notice", ""), "agents": [],
                      "tickers": tickers if state.get("outcome") == "clarify" else [],
                      "citations": [], "artifacts": [], "as_of": None, "unverified": [],
                      "synthetic": False, "composer": "notice"}
        else:
            made = composer(question=state.get("question", ""), results=results, plan=plan,
                            language=language, tickers=tickers, budget=runtime.context.budget,
                            config=get_config())
            answer = _answer_plain(made, results, tickers)
            answer["store_down"] = bool(results) and all(r.error == "store" for r in results)
        budget = runtime.context.budget
        answer |= {"language": language, "message_id": state.get("message_id", ""),
                   "trace_id": state.get("trace_id"), "llm_calls": budget.calls,
                   "tokens": budget.tokens,
                   "route_source": state.get("route_source", ""), "route_reason": plan.reason,
                   "outcome": state.get("outcome", "route")}
        update: dict[str, Any] = {"answer": answer, "turns": [
            {"role": "user", "text": state.get("question", "")},
            {"role": "assistant", "text": answer["text"], "answer": answer}]}
        if state.get("outcome") == "route" and tickers:
            update["focus"] = tickers
        if plan.agents:
            update["last_plan"] = plan.model_dump(mode="json")
        _status("composer", "done", answer.get("composer", ""))
        return update

    builder = StateGraph(ChatState, context_schema=ChatContext)
    builder.add_node("guard", guard)
    builder.add_node("route", route)
    builder.add_node("join", lambda state: {})
    builder.add_node("compose", compose)
    for agent in agents:
        builder.add_node(agent.id, _agent_node(agent), input_schema=AgentInput)
        builder.add_edge(agent.id, "join")
    builder.add_edge(START, "guard")
    builder.add_conditional_edges("guard", lambda s: "route" if s.get("outcome") == "route"
                                  else "compose", ["route", "compose"])
    builder.add_conditional_edges("route", dispatch, [*available, "compose"])
    builder.add_conditional_edges("join", after_agents, ["market", "compose"]
                                  if "market" in available else ["compose"])
    builder.add_edge("compose", END)
    return builder


def _agent_node(agent: Agent) -> Any:
    def run(payload: AgentInput) -> dict[str, Any]:
        task = AgentTask.from_plain(payload["task"])
        _status(agent.id, "started", task.action)
        try:
            result = agent.run(task)
        except Exception as exc:  # a failing store must not sink the other agents' answers
            _status(agent.id, "error", type(exc).__name__)
            kind = "store" if isinstance(exc, SQLAlchemyError) else "failed"
            result = AgentResult(agent=agent.id, action=task.action, tickers=task.tickers,
                                 error=kind, data={"exception": type(exc).__name__})
        else:
            _status(agent.id, "error" if result.error else "done", result.error or "")
        return {"results": [result.to_plain()]}

    run.__name__ = f"{agent.id}_agent"
    return run


def _answer_plain(made: Composition, results: list[AgentResult],
                  tickers: list[str]) -> dict[str, Any]:
    all_tickers = list(dict.fromkeys([*tickers, *(t for r in results for t in r.tickers)]))
    fake = AgentResult(agent="market", action="", citations=tuple(made.citations),
                       artifacts=tuple(made.artifacts)).to_plain()
    return {
        "text": made.text, "agents": list(dict.fromkeys(r.agent for r in results)),
        "tickers": all_tickers if results else tickers,
        "citations": fake["citations"], "artifacts": fake["artifacts"],
        "as_of": made.as_of.isoformat() if made.as_of else None,
        "unverified": made.unverified, "synthetic": made.synthetic,
        "composer": made.source, "notes": made.notes,
    }
