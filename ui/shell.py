"""The app shell: page config, language, the backend, navigation and the sidebar summary."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui.backend import LANG_KEY, TZ_KEY, StartupError, load_backend, show_startup_error
from ui.i18n import LANG_NAMES, LANGS, Lang, pick_language, t
from ui.ports import Backend

PAGES = Path(__file__).resolve().parent / "pages"
SWITCH_KEY = "stockelper.lang_switch"


def main() -> None:
    st.set_page_config(page_title="Stockelper", page_icon="📈", layout="wide",
                       initial_sidebar_state="expanded")
    loaded = load_backend()
    ln = _language(loaded.ui_language if isinstance(loaded, Backend) else "auto")
    if isinstance(loaded, StartupError):
        page = st.navigation(
            [st.Page(lambda: show_startup_error(loaded, ln), title="Stockelper",
                     url_path="start")],
            position="hidden",
        )
        page.run()
        return
    st.session_state["stockelper.backend"] = loaded
    st.session_state[TZ_KEY] = st.context.timezone or loaded.timezone
    page = st.navigation(_pages(ln))
    page.run()
    from ui.views.summary import render_sidebar_summary

    with st.sidebar:
        render_sidebar_summary()


def _pages(ln: Lang) -> list[StreamlitPage]:
    def page(name: str, key: str, icon: str, *, default: bool = False) -> StreamlitPage:
        return st.Page(PAGES / f"{name}.py", title=t(key, ln), icon=icon, url_path=name,
                       default=default)

    return [
        page("chat", "page_chat", ":material/chat:", default=True),
        page("graph", "page_graph", ":material/hub:"),
        page("forecast", "page_forecast", ":material/query_stats:"),
        page("status", "page_status", ":material/monitor_heart:"),
    ]


def _language(setting: str) -> Lang:
    """The sidebar switch. The choice lives under LANG_KEY (not the widget's key), so it
    survives runs in which Streamlit drops the entrypoint widget's state; the first value
    comes from Settings.ui_language or the browser."""
    chosen = st.session_state.get(LANG_KEY)
    current = pick_language(setting=setting, chosen=chosen, browser_locale=st.context.locale)
    st.session_state[LANG_KEY] = current
    with st.sidebar:
        st.segmented_control(
            t("language", current), LANGS, default=current, key=SWITCH_KEY,
            format_func=lambda code: LANG_NAMES[code], required=True,
            label_visibility="collapsed", on_change=_switched,
        )
    return "ko" if st.session_state[LANG_KEY] == "ko" else "en"


def _switched() -> None:
    value = st.session_state.get(SWITCH_KEY)
    if value in LANGS:
        st.session_state[LANG_KEY] = value
