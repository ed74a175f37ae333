"""Company graph explorer: pick a company, see its neighbourhood, click through."""

from __future__ import annotations

import streamlit as st

from ui.backend import backend, lang
from ui.i18n import t
from ui.network import neighbour_rows, network_figure
from ui.text import md_escape, short_error

PICK_KEY = "graph-ticker"


def _go(ticker: str) -> None:
    st.session_state[PICK_KEY] = ticker


def _on_select() -> None:
    """A click on a company node in the chart moves the explorer there."""
    state = st.session_state.get("graph-chart")
    points = state.selection.points if state is not None else []
    for point in points:
        target = point.get("customdata")
        if isinstance(target, list):
            target = target[0] if target else None
        if isinstance(target, str) and target != st.session_state.get(PICK_KEY):
            _go(target)
            return


def _first_watched(options: list[str]) -> str:
    """Open on the first watchlist company the graph knows (else the first company)."""
    ops = backend().ops
    try:
        watched = ops.watchlist() if ops is not None else []
    except Exception:  # the picker still works without the watchlist
        watched = []
    return next((w for w in watched if w in options), options[0])


def render() -> None:
    ln = lang()
    st.title(t("page_graph", ln))
    st.caption(t("graph_intro", ln))
    port = backend().graph
    if port is None:
        st.info(t("graph_unavailable", ln), icon="🕸️")
        return
    try:
        companies = port.companies()
    except Exception as exc:
        st.error(t("graph_failed", ln, detail=md_escape(short_error(exc))))
        return
    names = {ticker: (en, ko) for ticker, en, ko in companies}
    options = list(names)
    extra = st.session_state.get(PICK_KEY)
    if isinstance(extra, str) and extra not in names:
        options.insert(0, extra)  # a neighbour outside the directory, reached by a click
    if not options:
        st.info(t("graph_unavailable", ln), icon="🕸️")
        return

    def label(ticker: str) -> str:
        en, ko = names.get(ticker, (ticker, ticker))
        return f"{ko if ln == 'ko' else en} ({ticker})"

    if PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = _first_watched(options)
    ticker = st.selectbox(t("pick_company", ln), options, key=PICK_KEY, format_func=label)
    try:
        view = port.neighbourhood(ticker, limit=40)
    except Exception as exc:
        st.error(t("graph_failed", ln, detail=md_escape(short_error(exc))))
        return
    data = view.as_data()
    if not view.edges:
        st.info(t("graph_empty", ln, name=md_escape(label(ticker))))
        return
    st.plotly_chart(network_figure(data, ln), key="graph-chart", on_select=_on_select,
                    selection_mode="points", config={"displaylogo": False})
    rows = neighbour_rows(data, ln)
    st.subheader(t("neighbours", ln))
    cols = st.columns(3)
    for i, row in enumerate(rows):
        with cols[i % 3]:
            text = f"{row['direction']} {row['relation']} · {row['name']}"
            if row["kind"] == "Company":
                st.button(md_escape(text), key=f"go-{row['id']}-{i}", on_click=_go,
                          args=(row["id"],), width="stretch")
            else:
                st.caption(md_escape(text))
