"""Conversations: the current thread, its messages, and the sidebar list (new, resume, delete).

Messages of a thread are loaded once from `ChatService.history` (the checkpointer) and then
kept in the session; answers given in this session are appended as they finish.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from app.chat_types import Answer, ErrorEvent
from ui.backend import backend, lang
from ui.i18n import t
from ui.text import md_escape, short_error

THREAD_KEY = "stockelper.thread"
ENTRIES_KEY = "stockelper.entries"


@dataclass(slots=True)
class Entry:
    role: Literal["user", "assistant"]
    text: str
    answer: Answer | None = None
    error: ErrorEvent | None = None


def current_thread() -> str:
    if THREAD_KEY not in st.session_state:
        st.session_state[THREAD_KEY] = _new_id()
    return str(st.session_state[THREAD_KEY])


def _new_id() -> str:
    return uuid.uuid4().hex


def _store() -> dict[str, list[Entry]]:
    store: dict[str, list[Entry]] = st.session_state.setdefault(ENTRIES_KEY, {})
    return store


def entries_for(thread: str) -> list[Entry]:
    """The thread's messages; the first call for a thread reads its history."""
    store = _store()
    if thread not in store:
        try:
            turns = backend().chat.history(thread)
        except Exception as exc:  # a missing/unreadable thread starts empty, with a note
            st.warning(t("history_unavailable", lang(), detail=md_escape(short_error(exc))))
            turns = []
        store[thread] = [Entry(role=x.role, text=x.text, answer=x.answer) for x in turns]
    return store[thread]


def _new_thread() -> None:
    st.session_state[THREAD_KEY] = _new_id()


def _resume(thread: str) -> None:
    _store().pop(thread, None)  # reload from the checkpointer
    st.session_state[THREAD_KEY] = thread


def _delete(thread: str) -> None:
    try:
        backend().chat.delete_thread(thread)
    except Exception as exc:
        st.session_state["stockelper.thread_error"] = f"{type(exc).__name__}: {exc}"
        return
    _store().pop(thread, None)
    if st.session_state.get(THREAD_KEY) == thread:
        _new_thread()
    st.toast(t("deleted", lang()), icon="🗑️")


def render_threads(current: str) -> None:
    ln = lang()
    st.button(t("new_chat", ln), key="new-chat", icon=":material/add_comment:",
              on_click=_new_thread, width="stretch", type="primary")
    st.markdown(f"**{t('conversations', ln)}**")
    failure = st.session_state.pop("stockelper.thread_error", None)
    if failure:
        st.caption(t("threads_unavailable", ln, detail=md_escape(str(failure))))
    try:
        threads = backend().chat.list_threads(backend().user_id)
    except Exception as exc:
        st.caption(t("threads_unavailable", ln, detail=md_escape(short_error(exc))))
        return
    if not threads:
        st.caption(t("no_threads", ln))
        return
    for info in sorted(threads, key=lambda x: x.updated_at, reverse=True)[:50]:
        title = info.title.strip() or t("new_chat", ln)
        left, right = st.columns([6, 1], vertical_alignment="center", gap="small")
        left.button(
            md_escape(title[:48]) + ("…" if len(title) > 48 else ""),
            key=f"thread-{info.thread_id}", on_click=_resume, args=(info.thread_id,),
            width="stretch",
            type="secondary" if info.thread_id == current else "tertiary",
            help=info.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
        right.button("", key=f"delete-{info.thread_id}", icon=":material/delete:",
                     on_click=_delete, args=(info.thread_id,), help=t("delete", ln),
                     type="tertiary")
