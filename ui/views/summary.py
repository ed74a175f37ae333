"""Which stores, LLM and tracing are in use, read from `ChatService.status()`.

Keys read (all optional): sql_store | sql, graph_store | graph (or a "stores" mapping with
"sql"/"graph"), llm, langfuse_host, tracing, synthetic.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.backend import cached_status, lang
from ui.i18n import t
from ui.text import md_escape


def _pick(status: dict[str, Any], *keys: str) -> str | None:
    stores = status.get("stores") if isinstance(status.get("stores"), dict) else {}
    for key in keys:
        for source in (status, stores):
            value = source.get(key) if isinstance(source, dict) else None
            if value:
                return str(value)
    return None


def store_lines(status: dict[str, Any], ln: str) -> list[tuple[str, str]]:
    on = bool(status.get("tracing", bool(status.get("langfuse_host"))))
    tracing = (_pick(status, "langfuse_host") or t("tracing_on", ln)) if on else None
    return [
        (t("sql_store", ln), _pick(status, "sql_store", "sql") or "—"),
        (t("graph_store", ln), _pick(status, "graph_store", "graph") or "—"),
        (t("llm", ln), _pick(status, "llm") or t("llm_none", ln)),
        (t("tracing", ln), tracing or t("tracing_off", ln)),
    ]


def render_sidebar_summary() -> None:
    ln = lang()
    status = cached_status()
    st.divider()
    if isinstance(status, Exception):
        st.caption(t("status_unavailable", ln, detail=md_escape(str(status))))
        return
    if status.get("ok") is False:
        st.caption(t("status_unavailable", ln, detail=md_escape(str(status.get("error", "")))))
    lines = [f"**{label}**: {md_escape(value)}" for label, value in store_lines(status, ln)]
    st.caption("  \n".join(lines))
