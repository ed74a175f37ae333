"""Rendering one answer: text, inline artifacts, citations, as-of, banners, feedback.

Answer text is markdown but never HTML (`unsafe_allow_html` is not used anywhere).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.chat_types import Answer, Artifact, Citation
from ui.backend import backend, cached_status, lang, timezone_name
from ui.charts import comparison_figure, forecast_figure, price_figure
from ui.i18n import t
from ui.network import network_figure
from ui.text import answer_markdown, fmt_when, md_escape, md_link, safe_url, zone

ERROR_KEYS = {"store": "error_store", "llm": "error_llm", "input": "error_input"}


def synthetic_banner() -> None:
    st.warning(t("synthetic_banner", lang()), icon="🧪")


def render_error(kind: str, detail: str) -> None:
    """A friendly message for an ErrorEvent; the technical detail stays folded away."""
    key = ERROR_KEYS.get(kind, "error_internal")
    st.error(t(key, lang(), detail=detail), icon="⚠️")
    if detail and kind != "input":
        with st.expander(t("details", lang())):
            st.code(detail, language=None)


def render_artifact(artifact: Artifact, key: str) -> None:
    ln = lang()
    data = artifact.data if isinstance(artifact.data, dict) else {}
    if artifact.title:
        st.markdown(f"**{md_escape(artifact.title)}**")
    if artifact.kind == "price_chart":
        st.plotly_chart(price_figure(data, ln), key=key, config={"displaylogo": False})
    elif artifact.kind == "comparison_chart":
        st.plotly_chart(comparison_figure(data, ln), key=key, config={"displaylogo": False})
    elif artifact.kind == "forecast_fan":
        st.plotly_chart(forecast_figure(data, ln), key=key, config={"displaylogo": False})
        _forecast_caption(data)
    elif artifact.kind == "graph":
        st.plotly_chart(network_figure(data, ln, height=440), key=key,
                        config={"displaylogo": False})
    elif artifact.kind == "news_cards":
        render_news_cards(data.get("items") or [])
    else:  # table, and anything new renders as a table rather than not at all
        render_table(data)


def _forecast_caption(data: dict[str, object]) -> None:
    """The interval in numbers under the fan (and the chance of a rise when given)."""
    ln = lang()
    level = data.get("level")
    low, high = data.get("low"), data.get("high")
    parts = []
    if isinstance(level, int | float) and isinstance(low, int | float) \
            and isinstance(high, int | float):
        pct = round(level * 100) if level <= 1 else round(level)
        parts.append(f"{t('forecast_interval', ln, level=pct)}: {low:,.2f} – {high:,.2f}")
    p_up = data.get("p_up")
    if isinstance(p_up, int | float):
        parts.append(t("p_up", ln, pct=round(p_up * 100)))
    if parts:
        st.caption(" · ".join(parts))


def render_table(data: dict[str, object]) -> None:
    rows = data.get("rows") or []
    columns = data.get("columns")
    if not isinstance(rows, list) or not rows:
        st.caption(t("no_rows", lang()))
        return
    frame = pd.DataFrame(rows, columns=columns if isinstance(columns, list) else None)
    st.dataframe(frame, hide_index=True)


def render_news_cards(items: list[dict[str, object]]) -> None:
    tz = zone(timezone_name())
    cols = st.columns(2)
    for i, item in enumerate(items[:12]):
        with cols[i % 2].container(border=True):
            st.markdown(md_link(str(item.get("title") or ""), item.get("url")))
            meta = [md_escape(str(item.get("publisher") or "")),
                    fmt_when(item.get("published_at"), tz)]
            st.caption(" · ".join(m for m in meta if m and m != "—"))
            summary = str(item.get("summary") or "")
            if summary:
                st.caption(md_escape(summary[:240] + ("…" if len(summary) > 240 else "")))


def render_citations(citations: list[Citation]) -> None:
    if not citations:
        return
    tz = zone(timezone_name())
    lines = []
    for i, c in enumerate(citations, start=1):
        extra = [md_escape(c.publisher or ""), fmt_when(c.published_at, tz, with_time=False)]
        tail = " · ".join(e for e in extra if e and e != "—")
        lines.append(f"{i}. {md_link(c.title, c.url)}" + (f" — {tail}" if tail else ""))
    st.caption(f"**{t('sources', lang())}**  \n" + "  \n".join(lines))


def trace_url(trace_id: str | None) -> str | None:
    """A Langfuse link when tracing is configured (status()["langfuse_host"])."""
    status = cached_status()
    if not trace_id or isinstance(status, Exception):
        return None
    template = status.get("trace_url_template")
    host = status.get("langfuse_host")
    if isinstance(template, str) and "{trace_id}" in template:
        return safe_url(template.format(trace_id=trace_id))
    if isinstance(host, str) and host:
        return safe_url(f"{host.rstrip('/')}/trace/{trace_id}")
    return None


def render_meta(answer: Answer) -> None:
    ln = lang()
    parts = []
    if answer.as_of:
        parts.append(t("as_of", ln, date=answer.as_of.isoformat()))
    if answer.agents:
        names = ", ".join(t(f"agent_{a}", ln) for a in answer.agents)
        parts.append(t("answered_by", ln, agents=names))
    if answer.llm:
        parts.append(t("llm_used", ln, llm=md_escape(answer.llm)))
    link = trace_url(answer.trace_id)
    if link:
        parts.append(f"[{t('view_trace', ln)}]({link})")
    if parts:
        st.caption(" · ".join(parts))
    if answer.unverified_numbers:
        items = ", ".join(md_escape(n) for n in answer.unverified_numbers)
        st.caption(t("unverified", ln, items=items))


def render_answer(answer: Answer, *, key: str) -> None:
    """Everything under one assistant message, in reading order."""
    if answer.synthetic:
        synthetic_banner()
    st.markdown(answer_markdown(answer.answer))
    for i, artifact in enumerate(answer.artifacts):
        render_artifact(artifact, key=f"{key}-art{i}")
    render_citations(answer.citations)
    render_meta(answer)
    render_feedback(answer, key=key)


def _send_feedback(answer: Answer, widget_key: str, comment_key: str | None) -> None:
    value = st.session_state.get(widget_key)
    comment = str(st.session_state.get(comment_key) or "").strip() if comment_key else ""
    sent: dict[str, str] = st.session_state.setdefault("stockelper.feedback", {})
    if value is None:
        return
    try:
        backend().chat.record_feedback(
            thread_id=answer.thread_id, message_id=answer.message_id,
            trace_id=answer.trace_id, value=int(value), comment=comment or None,
        )
        sent[widget_key] = "ok"
    except Exception as exc:  # shown next to the thumbs
        sent[widget_key] = f"{type(exc).__name__}: {exc}"


def render_feedback(answer: Answer, *, key: str) -> None:
    """Thumbs up (1) / down (0), and an optional comment sent with the current thumb."""
    ln = lang()
    widget_key = f"fb-{answer.message_id or key}"
    comment_key = f"{widget_key}-comment"
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        st.feedback("thumbs", key=widget_key, on_change=_send_feedback,
                    args=(answer, widget_key, None))
    with row, st.popover(t("feedback_comment", ln), icon="💬", type="tertiary"):
        st.text_input(t("feedback_comment", ln), key=comment_key, label_visibility="collapsed")
        st.button(t("send", ln), key=f"{widget_key}-send", on_click=_send_feedback,
                  args=(answer, widget_key, comment_key),
                  disabled=st.session_state.get(widget_key) is None)
    outcome = st.session_state.get("stockelper.feedback", {}).get(widget_key)
    if outcome == "ok":
        st.caption(t("feedback_thanks", ln))
    elif outcome:
        st.caption(t("feedback_failed", ln, detail=md_escape(outcome)))
