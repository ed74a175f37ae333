"""The chat page: past messages of the current thread, then one streamed answer per question."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_status_container import StatusContainer

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
    TokenEvent,
)
from ui.backend import backend, cached_status, lang
from ui.i18n import t
from ui.render import (
    render_answer,
    render_artifact,
    render_citations,
    render_error,
    render_feedback,
    render_meta,
    synthetic_banner,
)
from ui.text import answer_markdown, md_escape
from ui.views.threads import Entry, current_thread, entries_for, render_threads

PENDING_KEY = "stockelper.pending"
STATE_ICONS = {"started": "⏳", "done": "✅", "error": "❌"}


@dataclass(slots=True)
class _Run:
    """What one streamed run produced, gathered while the text streams."""

    answer: Answer | None = None
    error: ErrorEvent | None = None
    artifacts: list[Artifact] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)


def render() -> None:
    ln = lang()
    thread = current_thread()
    status = cached_status()
    if isinstance(status, dict) and status.get("synthetic"):
        synthetic_banner()
    entries = entries_for(thread)
    welcome = st.empty()
    if not entries:
        with welcome.container():
            _welcome()
    for i, entry in enumerate(entries):
        _show_entry(entry, key=f"{thread}-{i}")
    typed = st.chat_input(t("ask_placeholder", ln))
    question = typed or st.session_state.pop(PENDING_KEY, None)
    if question and question.strip():
        welcome.empty()
        _ask(thread, question.strip(), entries)
    with st.sidebar:
        render_threads(thread)


def _welcome() -> None:
    ln = lang()
    st.markdown(f"### {t('app_title', ln)}")
    st.markdown(t("welcome", ln))
    st.caption(t("examples", ln))
    cols = st.columns(2)
    for i, key in enumerate(("ex_1", "ex_2", "ex_3", "ex_4")):
        text = t(key, ln)
        cols[i % 2].button(text, key=f"example-{key}", on_click=_queue, args=(text,),
                           width="stretch")


def _queue(text: str) -> None:
    st.session_state[PENDING_KEY] = text


def _show_entry(entry: Entry, *, key: str) -> None:
    with st.chat_message(entry.role):
        if entry.answer is not None:
            render_answer(entry.answer, key=key)
        elif entry.error is not None:
            render_error(entry.error.kind, entry.error.message)
        else:
            st.markdown(answer_markdown(entry.text))


def _ask(thread: str, question: str, entries: list[Entry]) -> None:
    ln = lang()
    entries.append(Entry(role="user", text=question))
    with st.chat_message("user"):
        st.markdown(answer_markdown(question))
    key = f"{thread}-{len(entries)}"
    with st.chat_message("assistant"):
        box = st.status(t("working", ln), expanded=True)
        run = _Run()
        banner, slot = st.empty(), st.empty()
        try:
            with slot.container():
                streamed = st.write_stream(_tokens(
                    backend().chat.stream(thread, backend().user_id, question), run, box))
        except Exception as exc:  # a service that raised instead of yielding an ErrorEvent
            run.error, streamed = ErrorEvent(kind=_kind_of(exc), message=str(exc)), ""
        if run.answer is None and run.error is None:
            run.error = ErrorEvent(kind="internal", message="the answer ended without a result")
        if run.error is not None:
            box.update(label=t("failed", ln), state="error", expanded=False)
            render_error(run.error.kind, run.error.message)
            entries.append(Entry(role="assistant", text="", error=run.error))
            return
        assert run.answer is not None
        answer = replace(
            run.answer,
            artifacts=run.answer.artifacts or run.artifacts,
            citations=run.answer.citations or run.citations,
        )
        names = ", ".join(t(f"agent_{a}", ln) for a in answer.agents or run.agents)
        box.update(label=f"{t('done', ln)} · {names}" if names else t("done", ln),
                   state="complete", expanded=False)
        text = streamed if isinstance(streamed, str) else ""
        if text.strip() != answer_markdown(answer.answer).strip():
            slot.markdown(answer_markdown(answer.answer))
        if answer.synthetic:
            with banner.container():
                synthetic_banner()
        for i, artifact in enumerate(answer.artifacts):
            render_artifact(artifact, key=f"{key}-art{i}")
        render_citations(answer.citations)
        render_meta(answer)
        render_feedback(answer, key=key)
    entries.append(Entry(role="assistant", text=answer.answer, answer=answer))


def _tokens(events: Iterator[ChatEvent], run: _Run, box: StatusContainer) -> Iterator[str]:
    """Yield answer text for st.write_stream; route every other event into `run`/`box`."""
    ln = lang()
    lines: dict[str, DeltaGenerator] = {}
    for event in events:
        if isinstance(event, TokenEvent):
            yield answer_markdown(event.text)
        elif isinstance(event, StatusEvent):
            _status_line(event, lines, box, ln)
            if event.agent in ("market", "news", "graph", "prediction") \
                    and event.agent not in run.agents:
                run.agents.append(event.agent)
        elif isinstance(event, ArtifactEvent):
            run.artifacts.append(event.artifact)
        elif isinstance(event, CitationsEvent):
            run.citations = list(event.citations)
        elif isinstance(event, FinalEvent):
            run.answer = event.answer
        elif isinstance(event, ErrorEvent):
            run.error = event
            return


def _status_line(
    event: StatusEvent, lines: dict[str, DeltaGenerator], box: StatusContainer, ln: str
) -> None:
    name = t(f"agent_{event.agent}", ln)
    if name == f"agent_{event.agent}":
        name = event.agent
    if event.agent not in lines:
        lines[event.agent] = box.empty()
    icon = STATE_ICONS.get(event.state, "•")
    tail = f" — {md_escape(event.message)}" if event.message else ""
    lines[event.agent].markdown(
        f"{icon} **{name}** · {t('state_' + event.state, ln)}{tail}")
    if event.state == "started":
        box.update(label=f"{name}…")


def _kind_of(exc: Exception) -> Literal["store", "internal"]:
    from sqlalchemy.exc import SQLAlchemyError

    return "store" if isinstance(exc, SQLAlchemyError) else "internal"

