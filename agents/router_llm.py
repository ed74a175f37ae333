"""The LLM router: a typed RoutePlan through structured output, inside the per-question
budget and timeout; the offline router answers whenever the LLM errors, times out, runs
out of budget or returns something unusable."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig

from agents.budget import LLMBudget, call_with_timeout
from agents.prompts import AGENT_DOCS, ROUTER_SYSTEM, ROUTER_USER
from agents.router_offline import route_offline
from agents.router_scope import ADVICE, FUNDAMENTALS, refusal_of
from agents.state import RoutePlan
from app.chat_types import AgentId
from app.symbols.types import Country


@dataclass(frozen=True, slots=True)
class RouteRequest:
    text: str
    tickers: list[str]
    available: Collection[AgentId]
    follow_up: bool = False
    last_plan: Mapping[str, Any] | None = None
    country: Country | None = None


@dataclass(frozen=True, slots=True)
class RouteDecision:
    plan: RoutePlan
    source: str  # offline | llm | offline_fallback
    error: str | None = None


class Router(Protocol):
    def __call__(
        self, request: RouteRequest, *, budget: LLMBudget, config: RunnableConfig | None = None
    ) -> RouteDecision: ...


def _offline(request: RouteRequest, source: str = "offline",
             error: str | None = None) -> RouteDecision:
    plan = route_offline(text=request.text, tickers=request.tickers,
                         available=request.available, follow_up=request.follow_up,
                         last_plan=request.last_plan, country=request.country)
    return RouteDecision(plan=plan, source=source, error=error)


class OfflineRouter:
    def __call__(
        self, request: RouteRequest, *, budget: LLMBudget, config: RunnableConfig | None = None
    ) -> RouteDecision:
        return _offline(request)


class LLMRouter:
    def __init__(self, *, model: BaseChatModel, timeout_s: float = 30.0) -> None:
        self._structured = model.with_structured_output(RoutePlan, include_raw=True)
        self._timeout_s = timeout_s

    def __call__(
        self, request: RouteRequest, *, budget: LLMBudget, config: RunnableConfig | None = None
    ) -> RouteDecision:
        if refusal_of(request.text) != "none":
            return _offline(request)  # deterministic refusals never depend on the LLM
        messages = [
            SystemMessage(ROUTER_SYSTEM.format(
                agents="\n".join(AGENT_DOCS[a] for a in request.available))),
            HumanMessage(ROUTER_USER.format(
                question=request.text, tickers=", ".join(request.tickers) or "none",
                follow_up="yes" if request.follow_up else "no",
                last_plan=json.dumps(dict(request.last_plan or {}), ensure_ascii=False))),
        ]
        chars = sum(len(str(m.content)) for m in messages)
        try:
            budget.reserve(prompt_chars=chars)
            out = call_with_timeout(lambda: self._structured.invoke(messages, config=config),
                                    timeout_s=self._timeout_s)
        except Exception as exc:  # any LLM failure: the offline router answers
            return _offline(request, "offline_fallback", f"{type(exc).__name__}: {exc}")
        raw = out.get("raw") if isinstance(out, dict) else None
        budget.record(getattr(raw, "usage_metadata", None), fallback_chars=chars)
        parsed = out.get("parsed") if isinstance(out, dict) else None
        if not isinstance(parsed, RoutePlan):
            return _offline(request, "offline_fallback", "unparseable route")
        return RouteDecision(plan=_sanitise(parsed, request), source="llm")


def _sanitise(plan: RoutePlan, request: RouteRequest) -> RoutePlan:
    if plan.scope != "answer":
        return plan.model_copy(update={"agents": []})
    agents = [a for a in dict.fromkeys(plan.agents) if a in request.available]
    if not agents:
        return _offline(request).plan
    if not request.tickers and any(a in ("graph", "prediction") for a in agents):
        return RoutePlan(scope="need_ticker", reason="llm route needs a company")
    return plan.model_copy(update={
        "agents": agents,
        "market_action": (plan.market_action or "quote") if "market" in agents else None,
        "graph_relation": (plan.graph_relation or "overview") if "graph" in agents else None,
        "country": (plan.country or request.country) if "graph" in agents else None,
        "news_query": plan.news_query if "news" in agents else None,
        "refusal": "advice" if ADVICE.search(request.text) else "fundamentals" if (
            FUNDAMENTALS.search(request.text) and "market" in agents) else "none",
    })
