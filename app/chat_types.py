"""The chat contract between the chat core (ChatService) and its clients (CLI, web UI).

Events stream out of `ChatService.stream(thread_id, user_id, text)` in this order:
StatusEvent(s) per agent as they start and finish, TokenEvent(s) of the answer text,
ArtifactEvent(s), one CitationsEvent, and exactly one FinalEvent (or an ErrorEvent).
Every payload is plain data (JSON-serialisable via `to_dict`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

AgentId = Literal["market", "news", "graph", "prediction"]
AGENT_IDS: tuple[AgentId, ...] = ("market", "news", "graph", "prediction")
ArtifactKind = Literal[
    "price_chart", "comparison_chart", "table", "news_cards", "graph", "forecast_fan"
]


@dataclass(frozen=True, slots=True)
class Citation:
    title: str
    url: str
    publisher: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Artifact:
    """A chart or table the UI renders. `data` holds plain lists/dicts, e.g. for
    price_chart: {"ticker", "currency", "rows": [{"date","open","high","low","close","volume"}]}."""

    kind: ArtifactKind
    title: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Answer:
    answer: str
    language: Literal["en", "ko"]
    agents: list[str]
    tickers: list[str]
    citations: list[Citation]
    as_of: date | None
    llm: str | None = None
    llm_calls: int = 0
    tokens: int = 0
    trace_id: str | None = None
    thread_id: str = ""
    message_id: str = ""
    artifacts: list[Artifact] = field(default_factory=list)
    synthetic: bool = False  # True when any data shown comes from the demo data set
    unverified_numbers: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The `stockelper ask --json` object from the architecture contract."""
        return {
            "answer": self.answer,
            "language": self.language,
            "agents": list(self.agents),
            "tickers": list(self.tickers),
            "citations": [_plain(asdict(c)) for c in self.citations],
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "llm": self.llm,
            "llm_calls": self.llm_calls,
            "trace_id": self.trace_id,
            "thread": self.thread_id,
            "tokens": self.tokens,
            "synthetic": self.synthetic,
        }


@dataclass(frozen=True, slots=True)
class StatusEvent:
    agent: str  # an AgentId, or "guard" / "router" / "composer"
    state: Literal["started", "done", "error"]
    message: str = ""
    type: Literal["status"] = "status"


@dataclass(frozen=True, slots=True)
class TokenEvent:
    text: str
    type: Literal["token"] = "token"


@dataclass(frozen=True, slots=True)
class ArtifactEvent:
    artifact: Artifact
    type: Literal["artifact"] = "artifact"


@dataclass(frozen=True, slots=True)
class CitationsEvent:
    citations: list[Citation]
    type: Literal["citations"] = "citations"


@dataclass(frozen=True, slots=True)
class FinalEvent:
    answer: Answer
    type: Literal["final"] = "final"


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    """A failure the user should see as a friendly message (store down, LLM down ...)."""

    kind: Literal["store", "llm", "input", "internal"]
    message: str
    type: Literal["error"] = "error"


ChatEvent = StatusEvent | TokenEvent | ArtifactEvent | CitationsEvent | FinalEvent | ErrorEvent


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    thread_id: str
    title: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Turn:
    role: Literal["user", "assistant"]
    text: str
    answer: Answer | None = None  # set for assistant turns


class ChatServicePort(Protocol):
    """What the CLI and the UI may call. `app.chat.ChatService` implements it."""

    def stream(self, thread_id: str, user_id: str, text: str) -> Iterator[ChatEvent]: ...

    def ask(self, thread_id: str, user_id: str, text: str) -> Answer: ...

    def list_threads(self, user_id: str) -> list[ThreadInfo]: ...

    def history(self, thread_id: str) -> list[Turn]: ...

    def delete_thread(self, thread_id: str) -> None: ...

    def record_feedback(
        self, *, thread_id: str, message_id: str, trace_id: str | None, value: int,
        comment: str | None = None,
    ) -> None: ...

    def status(self) -> dict[str, Any]:
        """Stores and LLM in use, data freshness per dataset, last runs, demo-data flag."""
        ...


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in value.items()}
