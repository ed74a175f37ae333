"""The chat page driven headless (AppTest) over the scripted service."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import app_for
from tests.ui.fake_service import FakeChatService
from ui.ports import Backend


def texts(at: AppTest) -> str:
    """All markdown, captions, alerts and labels on the page, as one string, with the
    markdown escapes removed (what the reader sees)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in ("error", "warning", "info", "success") for e in at.get(kind)]
    parts += [h.value for kind in ("title", "header", "subheader") for h in at.get(kind)]
    parts += [s.label for s in at.status] + [b.label for b in at.button]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def charts(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace_types(at: AppTest) -> set[str]:
    return {trace.get("type", "") for spec in charts(at) for trace in spec["data"]}


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_first_visit_shows_welcome_examples_and_sidebar(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    page = texts(at)
    assert "Ask about prices, news" in page
    assert "How has Apple's stock done over the last month?" in page
    assert "No past conversations yet." in page
    assert "SQL store" in page and "none (offline templates)" in page


def test_price_question_streams_status_answer_chart_and_meta(
    make_app: Callable[..., AppTest], service: FakeChatService
) -> None:
    at = ask(make_app().run(), "How did Apple do this month?")
    assert service.asked[-1][1:] == ("local", "How did Apple do this month?")
    assert [s.label for s in at.status] == ["Done · Market data"]
    page = texts(at)
    assert "✅ **Market data** · done — 1 result" in page  # the per-agent status line
    assert "Apple rose **4.2%** over the last month, closing at $231.50." in page
    assert "candlestick" in trace_types(at) and "bar" in trace_types(at)  # price + volume
    assert "Data as of 2026-11-20" in page and "Answered with: Market data" in page
    assert "Welcome" not in page and "Try one of these" not in page
    # the thread now appears in the sidebar with its title
    assert any(b.label.startswith("How did Apple do") for b in at.sidebar.button)


def test_artifacts_news_cards_graph_forecast_comparison(
    make_app: Callable[..., AppTest],
) -> None:
    at = ask(make_app().run(), "Latest news on Samsung")
    page = texts(at)
    assert "[Apple unveils new chips](https://news.example.com/apple-chips)" in page
    assert "Example Wire · 2026-11-19 23:30" in page  # publisher and time in Asia/Seoul
    assert "**Sources**" in page and "1. [Apple unveils new chips]" in page
    at = ask(at, "Who are NVIDIA's suppliers?")
    graph = charts(at)[-1]
    labels = {text for trace in graph["data"] for text in trace.get("text", []) or []}
    assert {"NVIDIA", "TSMC", "AMD", "supplies", "competes with"} <= labels
    at = ask(at, "forecast apple")
    fan = charts(at)[-1]
    assert any(trace.get("fill") == "toself" for trace in fan["data"])  # the interval band
    assert "80% interval: 97.00 – 106.00 · Chance of a rise: 54%" in texts(at)
    at = ask(at, "compare tesla and hyundai")
    lines = charts(at)[-1]
    assert {trace["name"] for trace in lines["data"]} == {"TSLA", "005380.KS"}


def test_korean_browser_gets_korean_ui_and_answer(make_app: Callable[..., AppTest]) -> None:
    at = ask(make_app(locale="ko-KR").run(), "삼성전자 최근 주가 어때?")
    page = texts(at)
    assert "새 대화" in page and "대화 목록" in page
    assert "삼성전자는 최근 한 달 동안 **4.2%** 상승" in page
    assert "2026-11-20 기준 데이터" in page
    assert [s.label for s in at.status] == ["완료 · 시세"]


def test_language_choice_overrides_browser(make_app: Callable[..., AppTest]) -> None:
    # AppTest keeps only the page's elements after the first run of an st.navigation app
    # (streamlit 1.67), so the switch is set through its session key before that run;
    # the browser test clicks the real switch.
    at = make_app(locale="en-US")
    at.session_state["stockelper.lang"] = "ko"
    at.run()
    assert at.sidebar.get("button_group")[0].value == "ko"
    assert "새 대화" in texts(at) and "New chat" not in texts(at)


def test_feedback_thumb_and_comment_are_recorded(
    make_app: Callable[..., AppTest], service: FakeChatService
) -> None:
    at = ask(make_app().run(), "How did Apple do?")
    message_id = service.threads[service.asked[-1][0]][-1].answer.message_id  # type: ignore[union-attr]
    at.feedback[0].set_value(1).run()
    assert service.feedback == [{"thread_id": service.asked[-1][0], "message_id": message_id,
                                 "trace_id": "trace-123", "value": 1, "comment": None}]
    assert "Thanks for the feedback!" in texts(at)
    at.text_input(key=f"fb-{message_id}-comment").set_value("clear and right").run()
    at.button(key=f"fb-{message_id}-send").click().run()
    assert service.feedback[-1]["comment"] == "clear and right"
    assert service.feedback[-1]["value"] == 1


def test_trace_link_when_langfuse_is_configured(
    backend: Backend, service: FakeChatService
) -> None:
    service.status_extra = {"tracing": True, "langfuse_host": "http://langfuse.local:3000"}
    at = ask(app_for(lambda: backend).run(), "How did Apple do?")
    assert "[View trace](http://langfuse.local:3000/trace/trace-123)" in texts(at)


def test_resume_and_delete_threads(
    make_app: Callable[..., AppTest], service: FakeChatService
) -> None:
    at = ask(make_app().run(), "How did Apple do?")
    first = service.asked[-1][0]
    at.sidebar.button(key="new-chat").click().run()
    assert "Try one of these" in texts(at)  # an empty new thread
    at = ask(at, "Latest news on Samsung")
    second = service.asked[-1][0]
    assert second != first
    at.sidebar.button(key=f"thread-{first}").click().run()
    page = texts(at)
    assert "Apple rose **4.2%**" in page and "Two recent stories" not in page
    assert "candlestick" in trace_types(at)  # artifacts come back with the history
    at.sidebar.button(key=f"delete-{first}").click().run()
    assert service.deleted == [first]
    assert not any(b.key == f"thread-{first}" for b in at.sidebar.button)
    assert "Try one of these" in texts(at)  # deleting the open thread opens a new one


def test_store_and_llm_errors_are_friendly(make_app: Callable[..., AppTest]) -> None:
    at = ask(make_app().run(), "store down: how is Apple?")
    assert "The data store is not reachable right now" in texts(at)
    assert [s.label for s in at.status] == ["Could not answer"]
    at = ask(at, "llm down: how is Apple?")
    assert "The language model is not responding right now" in texts(at)
    assert "Traceback" not in texts(at)


def test_startup_failure_shows_a_panel_not_a_traceback() -> None:
    def broken() -> Backend:
        raise OperationalError("SELECT 1", {}, Exception("unable to open database file"))

    at = app_for(broken).run()
    assert not at.exception
    page = texts(at)
    assert "Stockelper could not start" in page
    assert "The data store is not reachable. Run `stockelper init`" in page
    assert at.button(key="startup_retry").label == "Retry"


def test_status_failure_and_synthetic_banner(backend: Backend, service: FakeChatService) -> None:
    service.status_error = ConnectionError("database is down")
    at = app_for(lambda: backend).run()
    assert "Status is unavailable right now: database is down" in texts(at)
    service.status_error, service.synthetic = None, True
    at = ask(app_for(lambda: backend).run(), "How did Apple do?")
    assert texts(at).count("Synthetic demo data") == 2  # page banner and the answer's


def test_answer_markdown_never_enables_html(
    make_app: Callable[..., AppTest], service: FakeChatService
) -> None:
    at = ask(make_app().run(), "How did Apple do?")
    assert at.markdown and not any(m.proto.allow_html for m in at.markdown)
    # "$231.50" must not open a LaTeX span
    assert any("closing at \\$231.50" in m.value for m in at.markdown)
