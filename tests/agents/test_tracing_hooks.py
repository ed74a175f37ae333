"""ChatService and the tracing port: one trace per question, callbacks passed into the
graph run, tags and metadata, trace ids on answers and history, feedback as a score."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler

from agents.state import RoutePlan
from app.tracing_port import TraceHandle
from tests.agents.conftest import ServiceFactory
from tests.fakes.chat_model import ScriptedChatModel, structured


class RecordingCallbacks(BaseCallbackHandler):
    def __init__(self) -> None:
        self.chains: list[str] = []
        self.llm_calls = 0

    def on_chain_start(self, serialized: Any, inputs: Any, **kwargs: Any) -> None:
        self.chains.append(str(kwargs.get("name")))

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        self.llm_calls += 1


class RecordingTracing:
    """The Langfuse edge replaced by a recorder (the tracing port is the seam)."""

    enabled = True

    def __init__(self) -> None:
        self.handles: list[TraceHandle] = []
        self.runs: list[dict[str, Any]] = []
        self.scores: list[tuple[str, int, str | None]] = []
        self.callbacks = RecordingCallbacks()

    @contextmanager
    def chat_run(self, *, thread_id: str, user_id: str, question: str,
                 metadata: Mapping[str, Any] | None = None) -> Iterator[TraceHandle]:
        handle = TraceHandle(trace_id=f"trace-{len(self.handles) + 1}",
                             callbacks=[self.callbacks])
        self.handles.append(handle)
        self.runs.append({"thread": thread_id, "user": user_id, "question": question})
        yield handle

    @contextmanager
    def collection_run(self, *, job: str,
                       params: Mapping[str, Any] | None = None) -> Iterator[TraceHandle]:
        yield TraceHandle()

    @contextmanager
    def span(self, name: str, *, input: Any = None) -> Iterator[dict[str, Any]]:
        yield {}

    def score(self, *, trace_id: str, value: int, comment: str | None = None) -> None:
        self.scores.append((trace_id, value, comment))

    def flush(self) -> None:
        return None


def test_one_trace_per_question_with_tags_callbacks_and_feedback(
    make_service: ServiceFactory,
) -> None:
    tracing = RecordingTracing()
    service = make_service(tracing=tracing, model=ScriptedChatModel(responses=[
        structured(RoutePlan(agents=["market", "news"])), "NVIDIA: see below."]))
    answer = service.ask("tr", "alice", "How is NVDA doing?")
    assert answer.trace_id == "trace-1" and tracing.runs == [
        {"thread": "tr", "user": "alice", "question": "How is NVDA doing?"}]
    handle = tracing.handles[0]
    assert set(handle.tags) == {"market", "news", "en", "llm"}
    assert handle.metadata["agents"] == ["market", "news"]
    assert handle.metadata["llm_calls"] == 2 and handle.metadata["route_source"] == "llm"
    assert {"guard", "route", "market", "news", "compose"} <= set(tracing.callbacks.chains)
    assert tracing.callbacks.llm_calls == 2  # router and composer generations are traced
    [_, stored] = service.history("tr")
    assert stored.answer is not None and stored.answer.trace_id == "trace-1"
    assert stored.answer.llm_calls == 2
    service.record_feedback(thread_id="tr", message_id=answer.message_id,
                            trace_id=answer.trace_id, value=-1, comment="too short")
    assert tracing.scores == [("trace-1", -1, "too short")]
