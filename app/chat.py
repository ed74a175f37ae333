"""ChatService: the one entry point of the CLI and the web UI into the chat graph.

It opens one trace per question, runs the shared compiled graph on the thread's
checkpointed state, and streams typed events: status per agent as they start and finish,
then the answer text, artifacts, one citations event and the final answer."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from agents.budget import LLMBudget
from agents.state import ChatContext
from app.chat_types import (
    Answer,
    Artifact,
    ArtifactEvent,
    ChatEvent,
    Citation,
    CitationsEvent,
    ErrorEvent,
    FinalEvent,
    StatusEvent,
    ThreadInfo,
    TokenEvent,
    Turn,
)
from app.db.repositories import chat as chat_repo
from app.db.status import store_status
from app.tracing_port import Tracing

log = logging.getLogger(__name__)
_CHUNK = re.compile(r"\S+\s*|\s+")


class ChatError(RuntimeError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _citation(c: Mapping[str, Any]) -> Citation:
    published = c.get("published_at")
    return Citation(title=c["title"], url=c["url"], publisher=c.get("publisher"),
                    published_at=datetime.fromisoformat(published) if published else None)


def answer_from_plain(
    plain: Mapping[str, Any], *, thread_id: str, llm: str | None = None,
    llm_calls: int | None = None, tokens: int | None = None, trace_id: str | None = None,
) -> Answer:
    """An Answer from the plain dict the graph stores (explicit arguments win)."""
    return Answer(
        answer=plain["text"], language=plain.get("language", "en"),
        agents=list(plain.get("agents", [])), tickers=list(plain.get("tickers", [])),
        citations=[_citation(c) for c in plain.get("citations", [])],
        as_of=date.fromisoformat(plain["as_of"]) if plain.get("as_of") else None,
        llm=llm, llm_calls=llm_calls if llm_calls is not None else plain.get("llm_calls", 0),
        tokens=tokens if tokens is not None else plain.get("tokens", 0),
        trace_id=trace_id or plain.get("trace_id"), thread_id=thread_id,
        message_id=plain.get("message_id", ""),
        artifacts=[Artifact(kind=a["kind"], title=a["title"], data=a["data"])
                   for a in plain.get("artifacts", [])],
        synthetic=bool(plain.get("synthetic")),
        unverified_numbers=list(plain.get("unverified", [])),
    )


class ChatService:
    """Implements app.chat_types.ChatServicePort."""

    def __init__(
        self, *, graph: CompiledStateGraph[Any, Any, Any, Any], tracing: Tracing,
        session_factory: sessionmaker[Session], read_session_factory: sessionmaker[Session],
        llm: str | None = None, llm_max_calls: int = 4, llm_max_tokens: int = 6000,
        stores: Mapping[str, Any] | None = None,
    ) -> None:
        self._graph = graph
        self._tracing = tracing
        self._sessions = session_factory
        self._read_sessions = read_session_factory
        self._llm = llm
        self._max_calls = llm_max_calls
        self._max_tokens = llm_max_tokens
        self._stores = dict(stores or {})

    # --- asking -------------------------------------------------------------------------
    def stream(self, thread_id: str, user_id: str, text: str) -> Iterator[ChatEvent]:
        message_id = uuid.uuid4().hex
        try:
            with self._sessions() as session:
                chat_repo.touch_thread(session=session, thread_id=thread_id, user_id=user_id,
                                       question=text)
                session.commit()
        except SQLAlchemyError as exc:  # titles are a convenience; the answer still comes
            log.warning("could not record chat thread %s: %s", thread_id,
                        type(exc).__name__)
        budget = LLMBudget(max_calls=self._max_calls, max_tokens=self._max_tokens)
        mode = "llm" if self._llm else "offline"
        with self._tracing.chat_run(thread_id=thread_id, user_id=user_id, question=text,
                                    metadata={"mode": mode, "message_id": message_id}) as handle:
            config: RunnableConfig = {
                "configurable": {"thread_id": thread_id}, "callbacks": handle.callbacks,
                "run_name": "stockelper-chat", "metadata": {"user_id": user_id},
            }
            payload = {"question": text, "user_id": user_id, "message_id": message_id,
                       "trace_id": handle.trace_id}
            plain: dict[str, Any] | None = None
            try:
                for part in self._graph.stream(
                    payload, config, context=ChatContext(budget=budget),
                    stream_mode=["custom", "updates"], durability="exit",
                ):
                    mode_name, chunk = cast(tuple[str, dict[str, Any]], part)
                    if mode_name == "custom":
                        yield StatusEvent(agent=chunk["agent"], state=chunk["state"],
                                          message=chunk.get("message", ""))
                    elif "compose" in chunk:
                        plain = chunk["compose"]["answer"]
            except SQLAlchemyError as exc:
                log.exception("chat store failure")
                yield ErrorEvent(kind="store", message=_store_message(exc))
                return
            except Exception as exc:
                log.exception("chat run failed")
                yield ErrorEvent(kind="internal", message=f"The assistant failed: {exc}")
                return
            if plain is None:
                yield ErrorEvent(kind="internal", message="The assistant produced no answer.")
                return
            if plain.get("store_down"):
                yield ErrorEvent(kind="store", message=plain["text"])
                return
            answer = answer_from_plain(plain, thread_id=thread_id, llm=self._llm,
                                       llm_calls=budget.calls, tokens=budget.tokens,
                                       trace_id=handle.trace_id)
            handle.update(
                tags=[*answer.agents, answer.language, mode],
                metadata={"agents": answer.agents, "tickers": answer.tickers,
                          "route_source": plain.get("route_source"),
                          "route_reason": plain.get("route_reason"),
                          "composer": plain.get("composer"), "notes": plain.get("notes"),
                          "llm_calls": budget.calls, "tokens": budget.tokens,
                          "unverified_numbers": answer.unverified_numbers,
                          "as_of": answer.as_of.isoformat() if answer.as_of else None},
            )
        for piece in _CHUNK.findall(answer.answer):
            yield TokenEvent(text=piece)
        for artifact in answer.artifacts:
            yield ArtifactEvent(artifact=artifact)
        yield CitationsEvent(citations=list(answer.citations))
        yield FinalEvent(answer=answer)

    def ask(self, thread_id: str, user_id: str, text: str) -> Answer:
        """The final answer of `stream`; raises ChatError for an ErrorEvent."""
        for event in self.stream(thread_id, user_id, text):
            if isinstance(event, FinalEvent):
                return event.answer
            if isinstance(event, ErrorEvent):
                raise ChatError(event.kind, event.message)
        raise ChatError("internal", "no answer")

    # --- threads ------------------------------------------------------------------------
    def list_threads(self, user_id: str) -> list[ThreadInfo]:
        with self._sessions() as session:
            return chat_repo.list_threads(session=session, user_id=user_id)

    def history(self, thread_id: str) -> list[Turn]:
        snapshot = self._graph.get_state({"configurable": {"thread_id": thread_id}})
        turns: list[Turn] = []
        for t in (snapshot.values or {}).get("turns", []):
            if t["role"] == "user":
                turns.append(Turn(role="user", text=t["text"]))
            else:
                turns.append(Turn(role="assistant", text=t["text"], answer=answer_from_plain(
                    t["answer"], thread_id=thread_id, llm=self._llm)))
        return turns

    def delete_thread(self, thread_id: str) -> None:
        checkpointer = self._graph.checkpointer
        if checkpointer is not None and not isinstance(checkpointer, bool):
            checkpointer.delete_thread(thread_id)
        with self._sessions() as session:
            chat_repo.delete_thread(session=session, thread_id=thread_id)
            session.commit()

    def record_feedback(
        self, *, thread_id: str, message_id: str, trace_id: str | None, value: int,
        comment: str | None = None,
    ) -> None:
        with self._sessions() as session:
            chat_repo.add_feedback(session=session, thread_id=thread_id, message_id=message_id,
                                   trace_id=trace_id, value=value, comment=comment)
            session.commit()
        if trace_id:
            self._tracing.score(trace_id=trace_id, value=value, comment=comment)

    # --- status -------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self._stores, "llm": self._llm,
                               "tracing": bool(getattr(self._tracing, "enabled", False)),
                               "mode": "llm" if self._llm else "offline"}
        try:
            out |= store_status(session_factory=self._read_sessions)
            with self._read_sessions() as session:
                out["synthetic"] = chat_repo.demo_data_present(session=session)
            out["runs"] = [_plain_run(r) for r in out.get("runs", [])]
            out["ok"] = True
        except SQLAlchemyError as exc:
            out |= {"ok": False, "error": _store_message(exc), "synthetic": False}
        return out


def _plain_run(run: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in run.items()}


def _store_message(exc: Exception) -> str:
    return ("The data store is not reachable or not initialised (run `stockelper init`): "
            f"{type(exc).__name__}")


__all__ = ["ChatError", "ChatService", "answer_from_plain"]
