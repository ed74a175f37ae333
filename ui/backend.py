"""How pages get their Backend: one process-wide instance built from the Container and cached
with `st.cache_resource`; a construction failure becomes a friendly panel, not a traceback.

Tests (AppTest) put a zero-argument factory under `FACTORY_KEY` in `st.session_state`; it
replaces the Container-built backend for that session only. Nothing reads the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import streamlit as st

from ui.i18n import Lang, t
from ui.ports import Backend

FACTORY_KEY = "stockelper.backend_factory"
LANG_KEY = "stockelper.lang"
TZ_KEY = "stockelper.tz"


@st.cache_resource(show_spinner=False)
def _shared_backend() -> Backend:
    """Built once per server process. A failure is not cached, so a retry rebuilds."""
    from ui.wiring import build_backend

    return build_backend()


@dataclass(frozen=True, slots=True)
class StartupError:
    kind: str  # store | missing | other
    detail: str


def load_backend() -> Backend | StartupError:
    factory = cast(Callable[[], Backend] | None, st.session_state.get(FACTORY_KEY))
    try:
        return factory() if factory is not None else _shared_backend()
    except Exception as exc:  # shown to the user as a panel; the server keeps running
        return classify_startup_error(exc)


def classify_startup_error(exc: BaseException) -> StartupError:
    from sqlalchemy.exc import SQLAlchemyError

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, SQLAlchemyError | ConnectionError | TimeoutError):
        return StartupError("store", detail)
    if isinstance(exc, ImportError | AttributeError | NotImplementedError):
        return StartupError("missing", detail)
    return StartupError("other", detail)


def show_startup_error(error: StartupError, lang: Lang) -> None:
    st.error(f"**{t('startup_failed', lang)}**")
    if error.kind == "store":
        st.markdown(t("startup_store", lang))
    elif error.kind == "missing":
        st.markdown(t("startup_missing", lang, detail=error.detail.split(":")[0]))
    else:
        st.markdown(t("startup_other", lang))
    with st.expander(t("details", lang)):
        st.code(error.detail, language=None)
    if st.button(t("retry", lang), type="primary", key="startup_retry"):
        st.rerun()


def backend() -> Backend:
    """The backend of the current run (the shell stored it before running the page)."""
    return cast(Backend, st.session_state["stockelper.backend"])


def lang() -> Lang:
    value = st.session_state.get(LANG_KEY, "en")
    return "ko" if value == "ko" else "en"


def timezone_name() -> str:
    return str(st.session_state.get(TZ_KEY) or "UTC")


def cached_status(*, refresh: bool = False, ttl_s: float = 30.0) -> dict[str, Any] | Exception:
    """`ChatService.status()` once per session and half-minute (it counts store rows)."""
    import time

    now = time.monotonic()
    hit = st.session_state.get("stockelper.status")
    if not refresh and hit is not None and now - hit[0] < ttl_s:
        return cast(dict[str, Any] | Exception, hit[1])
    try:
        value: dict[str, Any] | Exception = dict(backend().chat.status())
    except Exception as exc:  # the page shows it as "status unavailable"
        value = exc
    st.session_state["stockelper.status"] = (now, value)
    return value
