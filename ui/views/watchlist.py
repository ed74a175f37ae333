"""Watchlist editor: add companies by English or Korean name (through the symbol directory),
remove tickers. Ambiguous names ask the user to pick one match."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app.symbols.types import Company
from ui.backend import backend, lang
from ui.i18n import t
from ui.text import md_escape, short_error

FLASH_KEY = "stockelper.watchlist_flash"
CHOICES_KEY = "stockelper.watchlist_choices"


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH_KEY] = (kind, text)


def _label(company: Company) -> str:
    return f"{company.ticker} · {company.name_en} / {company.name_ko} ({company.exchange})"


def _namer(ln: str) -> Callable[[str], str]:
    """Ticker -> "AAPL · Apple" through the symbol directory (ticker alone if unknown)."""
    symbols = backend().symbols

    def name(ticker: str) -> str:
        try:
            company = symbols.resolve(ticker).company if symbols is not None else None
        except Exception:  # a label must never break the page
            company = None
        return f"{ticker} · {company.display_name(ln)}" if company else ticker

    return name


def _add(company: Company) -> None:
    ln = lang()
    ops = backend().ops
    assert ops is not None
    try:
        added = ops.add_to_watchlist([company.ticker])
    except Exception as exc:
        _flash("error", t("watchlist_unavailable", ln, detail=md_escape(short_error(exc))))
        return
    st.session_state.pop(CHOICES_KEY, None)
    name = company.display_name(ln)
    if added:
        _flash("success", t("added", ln, ticker=company.ticker, name=md_escape(name)))
    else:
        _flash("info", t("already", ln, ticker=company.ticker))


def _submit() -> None:
    ln = lang()
    query = str(st.session_state.get("watchlist-query") or "").strip()
    symbols = backend().symbols
    if not query or symbols is None:
        return
    resolution = symbols.resolve(query)
    if resolution.status == "found" and resolution.company is not None:
        _add(resolution.company)
    elif resolution.status == "ambiguous" and resolution.matches:
        st.session_state[CHOICES_KEY] = list(resolution.matches[:8])
    else:
        st.session_state.pop(CHOICES_KEY, None)
        _flash("warning", t("not_found", ln, query=md_escape(query)))


def _add_choice() -> None:
    choices: list[Company] = st.session_state.get(CHOICES_KEY) or []
    picked = st.session_state.get("watchlist-choice")
    for company in choices:
        if _label(company) == picked:
            _add(company)


def _remove() -> None:
    ops = backend().ops
    picked = list(st.session_state.get("watchlist-remove") or [])
    if ops is None or not picked:
        return
    try:
        ops.remove_from_watchlist(picked)
    except Exception as exc:
        _flash("error", t("watchlist_unavailable", lang(), detail=md_escape(short_error(exc))))
        return
    st.session_state["watchlist-remove"] = []
    _flash("success", t("removed", lang(), tickers=", ".join(picked)))


def render_watchlist() -> None:
    ln = lang()
    b = backend()
    st.subheader(t("watchlist", ln))
    if b.ops is None:
        st.info(t("watchlist_unavailable", ln, detail="—"))
        return
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    try:
        tickers = b.ops.watchlist()
    except Exception as exc:
        st.error(t("watchlist_unavailable", ln, detail=md_escape(short_error(exc))))
        return
    if b.symbols is None:
        st.caption(t("symbols_unavailable", ln))
    else:
        with st.form("watchlist-add", clear_on_submit=True, border=False):
            left, right = st.columns([4, 1], vertical_alignment="bottom")
            left.text_input(t("watchlist_add", ln), key="watchlist-query",
                            placeholder="Apple, 삼성전자, 005930, NVDA …")
            right.form_submit_button(t("add", ln), on_click=_submit, width="stretch")
    choices: list[Company] = st.session_state.get(CHOICES_KEY) or []
    if choices:
        st.radio(t("ambiguous", ln), [_label(c) for c in choices], key="watchlist-choice")
        st.button(t("add", ln), key="watchlist-add-choice", on_click=_add_choice)
    st.pills(t("watchlist", ln), tickers, selection_mode="multi", key="watchlist-remove",
             label_visibility="collapsed", format_func=_namer(ln))
    st.button(t("remove", ln), key="watchlist-remove-button", on_click=_remove,
              icon=":material/remove_circle:",
              disabled=not st.session_state.get("watchlist-remove"))
