"""Typed state of the chat graph, the route plan, and what agents take and return.

The checkpointed state holds plain data only (str, numbers, lists, dicts), so any
checkpointer can store it without a type allowlist; typed objects are rebuilt at the edges
(`AgentTask.from_plain`, `AgentResult.from_plain`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, Field

from agents.budget import LLMBudget
from app.chat_types import AgentId, Artifact, Citation

Language = Literal["en", "ko"]
MarketAction = Literal["quote", "history", "compare", "technical", "volume", "screen"]
GraphRelation = Literal[
    "competitors", "suppliers", "customers", "partners", "peers", "path", "exposure",
    "ownership", "overview",
]
Period = Literal["1d", "1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "10y"]
Refusal = Literal["none", "weather", "trading", "instructions", "advice", "fundamentals",
                  "unavailable", "other"]
Outcome = Literal["route", "clarify", "refuse", "invalid"]


class RoutePlan(BaseModel):
    """Which agents answer a question, and with what parameters (also the LLM router's
    structured-output schema)."""

    scope: Literal["answer", "out_of_scope", "need_ticker"] = Field(
        default="answer", description="out_of_scope for weather, trading orders, instructions"
    )
    refusal: Refusal = Field(default="none", description="why the question is out of scope")
    agents: list[AgentId] = Field(default_factory=list, description="agents that must answer")
    market_action: MarketAction | None = Field(default=None, description="market agent task")
    period: Period | None = Field(default=None, description="look-back window (trading days)")
    news_query: str | None = Field(default=None, description="keyword/topic for news search")
    graph_relation: GraphRelation | None = Field(default=None, description="graph query")
    country: Literal["US", "KR"] | None = Field(
        default=None, description="only companies of this country in the graph answer "
        "('Korean companies', '미국 기업'); null when the question names none")
    horizon_days: int | None = Field(default=None, description="forecast horizon, trading days")
    reason: str = Field(default="", description="one short sentence: why these agents")


@dataclass(frozen=True, slots=True)
class AgentTask:
    """What one agent is asked to do in one turn."""

    agent: AgentId
    action: str
    tickers: tuple[str, ...]
    language: Language
    question: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_plain(self) -> dict[str, Any]:
        return {**asdict(self), "tickers": list(self.tickers)}

    @classmethod
    def from_plain(cls, value: dict[str, Any]) -> AgentTask:
        return cls(**{**value, "tickers": tuple(value["tickers"])})


@dataclass(frozen=True, slots=True)
class AgentResult:
    """Typed output of an agent: facts (plain data), citations and artifacts, never prose.

    `data` holds JSON-like values only (numbers, strings, ISO dates, lists, dicts): the
    composer's templates read it and the grounding check collects its numbers."""

    agent: AgentId
    action: str
    tickers: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    as_of: date | None = None
    error: str | None = None  # "no_data", "store", "unavailable" ...
    synthetic: bool = False

    def to_plain(self) -> dict[str, Any]:
        return {
            "agent": self.agent, "action": self.action, "tickers": list(self.tickers),
            "data": self.data, "error": self.error, "synthetic": self.synthetic,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "citations": [
                {**asdict(c), "published_at": c.published_at.isoformat() if c.published_at
                 else None} for c in self.citations
            ],
            "artifacts": [{"kind": a.kind, "title": a.title, "data": a.data}
                          for a in self.artifacts],
        }

    @classmethod
    def from_plain(cls, value: dict[str, Any]) -> AgentResult:
        return cls(
            agent=value["agent"], action=value["action"], tickers=tuple(value["tickers"]),
            data=value["data"], error=value.get("error"), synthetic=value.get("synthetic", False),
            as_of=date.fromisoformat(value["as_of"]) if value.get("as_of") else None,
            citations=tuple(
                Citation(title=c["title"], url=c["url"], publisher=c.get("publisher"),
                         published_at=datetime.fromisoformat(c["published_at"])
                         if c.get("published_at") else None)
                for c in value.get("citations", [])
            ),
            artifacts=tuple(Artifact(kind=a["kind"], title=a["title"], data=a["data"])
                            for a in value.get("artifacts", [])),
        )


@dataclass(frozen=True, slots=True)
class Agent:
    """One pluggable agent: the supervisor routes only to agents it was given."""

    id: AgentId
    run: Callable[[AgentTask], AgentResult]


MAX_TURN_ENTRIES = 80  # 40 questions and answers kept per thread
ARTIFACT_TURN_ENTRIES = 6  # charts and tables kept for the last 3 answers only


def add_turns(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Append turns; older answers keep their text, citations and facts but drop their
    chart rows, so a long thread's checkpoint stays small."""
    turns = (left + right)[-MAX_TURN_ENTRIES:]
    cut = len(turns) - ARTIFACT_TURN_ENTRIES
    for i, turn in enumerate(turns[:max(cut, 0)]):
        answer = turn.get("answer")
        if answer and answer.get("artifacts"):
            turns[i] = {**turn, "answer": {**answer, "artifacts": []}}
    return turns


def add_results(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return left + right


class ChatState(TypedDict, total=False):
    """Per-thread state. `turns`, `focus` and `last_*` carry the conversation between
    questions; the rest is rewritten by every question."""

    question: str
    user_id: str
    message_id: str
    trace_id: str | None
    language: Language
    outcome: Outcome
    notice: str  # clarifying question / refusal / input error, in the user's language
    tickers: list[str]
    country: str | None  # "Korean companies": the graph answer lists only those
    unresolved: list[str]
    follow_up: bool
    plan: dict[str, Any]
    route_source: str  # offline | llm | offline_fallback
    results: Annotated[list[dict[str, Any]], add_results]
    answer: dict[str, Any]
    focus: list[str]  # tickers the conversation is about
    last_plan: dict[str, Any]
    turns: Annotated[list[dict[str, Any]], add_turns]


class AgentInput(TypedDict):
    """The payload each parallel agent branch receives through `Send`."""

    task: dict[str, Any]


@dataclass(slots=True)
class ChatContext:
    """Per-run context (not checkpointed): the LLM budget of this question."""

    budget: LLMBudget = field(default_factory=LLMBudget)
