"""Data & status page: stores and LLM, freshness per dataset, collect now, watchlist, run ledger."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui.backend import backend, cached_status, lang, timezone_name
from ui.i18n import t
from ui.ports import RunRow
from ui.render import synthetic_banner
from ui.text import fmt_when, md_escape, short_error, zone
from ui.views.summary import store_lines
from ui.views.watchlist import render_watchlist

RUN_ICONS = {"success": "✅", "partial": "⚠️", "failed": "❌", "running": "⏳"}


def render() -> None:
    ln = lang()
    st.title(t("page_status", ln))
    refresh = st.button(t("refresh", ln), key="status-refresh", icon=":material/refresh:")
    status = cached_status(refresh=refresh)
    if isinstance(status, Exception):
        st.error(t("status_unavailable", ln, detail=md_escape(str(status))))
    else:
        if status.get("ok") is False:
            st.error(t("status_unavailable", ln, detail=md_escape(str(status.get("error", "")))))
        if status.get("synthetic"):
            synthetic_banner()
        cols = st.columns(4)
        for col, (label, value) in zip(cols, store_lines(status, ln), strict=True):
            with col.container(border=True):
                st.caption(label)
                st.markdown(f"**{md_escape(value)}**")
    if not _freshness():
        return  # the store is down: one message, not one per section
    left, right = st.columns(2, gap="large")
    with left:
        _collect()
    with right:
        render_watchlist()
    _ledger()


def _freshness() -> bool:
    ln = lang()
    st.subheader(t("freshness", ln))
    ops = backend().ops
    if ops is None:
        st.info(t("store_unavailable", ln, detail="—"))
        return False
    try:
        datasets = ops.freshness()
    except Exception as exc:
        st.error(t("store_unavailable", ln, detail=md_escape(short_error(exc))))
        return False
    tz = zone(timezone_name())
    frame = pd.DataFrame([
        {
            t("dataset", ln): t(f"ds_{d.name}", ln),
            t("rows", ln): d.rows,
            t("newest", ln): fmt_when(d.newest, tz),
            t("last_success", ln): fmt_when(d.last_success, tz),
        }
        for d in datasets
    ])
    st.dataframe(frame, hide_index=True)
    return True


def _summary(result: Mapping[str, Any]) -> str:
    parts = [f"{k}: {v}" for k, v in result.items() if isinstance(v, int | float | str)]
    return ", ".join(parts[:8]) or json.dumps(dict(result), default=str)[:200]


def _collect() -> None:
    ln = lang()
    st.subheader(t("collect_now", ln))
    collect = backend().collect
    if collect is None:
        st.info(t("collect_unavailable", ln), icon="ℹ️")
        return
    st.caption(t("collect_help", ln))
    if not st.button(t("collect_now", ln), key="collect-now", type="primary",
                     icon=":material/download:"):
        return
    with st.status(t("collecting", ln), expanded=True) as box:
        bar = st.progress(0.0)

        def progress(done: int, total: int, message: str) -> None:
            share = min(max(done / total, 0.0), 1.0) if total else 0.0
            bar.progress(share, text=md_escape(message) if message else None)

        try:
            result = collect(progress)
        except Exception as exc:  # shown in the panel; the app keeps running
            box.update(label=t("collect_failed", ln, detail=type(exc).__name__), state="error")
            st.error(t("collect_failed", ln, detail=md_escape(short_error(exc))))
            return
        bar.progress(1.0)
        box.update(label=t("collect_done", ln, summary=md_escape(_summary(result))),
                   state="complete", expanded=False)
    cached_status(refresh=True)


def _run_status(status: str, ln: str) -> str:
    text = t(f"run_{status}", ln)
    return status if text == f"run_{status}" else text


def _run_frame(runs: list[RunRow], ln: str) -> pd.DataFrame:
    tz = zone(timezone_name())
    return pd.DataFrame([
        {
            t("job", ln): r.job,
            t("status", ln): f"{RUN_ICONS.get(r.status, '•')} {_run_status(r.status, ln)}",
            t("started", ln): fmt_when(r.started_at, tz),
            t("finished", ln): fmt_when(r.finished_at, tz),
            t("counts", ln): ", ".join(f"{k} {v}" for k, v in r.counts.items()),
            t("errors", ln): len(r.errors),
        }
        for r in runs
    ])


def _ledger() -> None:
    ln = lang()
    st.subheader(t("run_ledger", ln))
    ops = backend().ops
    if ops is None:
        return
    try:
        runs = ops.runs(limit=50)
    except Exception as exc:
        st.error(t("store_unavailable", ln, detail=md_escape(short_error(exc))))
        return
    if not runs:
        st.caption(t("no_runs", ln))
        return
    failures_only = st.toggle(t("failures_only", ln), key="ledger-failures")
    shown = [r for r in runs if r.status in ("failed", "partial")] if failures_only else runs
    st.dataframe(_run_frame(shown, ln), hide_index=True)
    tz = zone(timezone_name())
    for run in (r for r in shown if r.errors):
        title = f"{RUN_ICONS.get(run.status, '•')} {run.job} · {fmt_when(run.started_at, tz)}"
        with st.expander(f"{title} — {t('errors', ln)}: {len(run.errors)}"):
            st.dataframe(pd.DataFrame([dict(e) for e in run.errors]), hide_index=True)
