"""What the real Langfuse SDK puts on the wire, recorded by a stand-in server on 127.0.0.1;
and what happens when Langfuse is down or never answers."""

from __future__ import annotations

import base64
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from opentelemetry.trace import format_trace_id

from app.tracing import FEEDBACK_SCORE, LangfuseTracing
from tests.tracing.graph import build_chat_graph, scripted_model
from tests.tracing.recorder import SCORES_PATH, TRACES_PATH, Recorder, span_attributes

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "sk-lf-test-secret"


def chat(tracing: LangfuseTracing, question: str = "AAPL price?") -> tuple[str, str | None]:
    graph = build_chat_graph(scripted_model())
    with tracing.chat_run(thread_id="thread-9", user_id="user-3", question=question) as handle:
        result = graph.invoke({"question": question}, config={"callbacks": handle.callbacks})
        handle.update(tags=["market", "news", "en"])
    return result["answer"], handle.trace_id


def test_chat_trace_arrives_as_otlp_protobuf(
    recorder: Recorder, make_tracing: Callable[..., LangfuseTracing]
) -> None:
    tracing = make_tracing(host=recorder.url, flush_timeout_s=20.0)
    answer, trace_id = chat(tracing, question="AAPL price? sk-proj-A1b2C3d4E5f6G7h8I9j0")
    tracing.flush()

    requests = recorder.wait_for(TRACES_PATH)
    headers = {k.lower(): v for k, v in requests[0].headers.items()}
    public_key = headers["x-langfuse-public-key"]
    expected_auth = base64.b64encode(f"{public_key}:{SECRET_KEY}".encode()).decode()
    assert headers["authorization"] == f"Basic {expected_auth}"
    assert headers["content-type"] == "application/x-protobuf"
    assert headers.get("content-encoding") == "gzip"  # SDK 5 compresses span batches

    spans = {span.name: span for span in recorder.spans()}
    assert {"chat", "LangGraph", "guard", "router", "market", "news", "composer",
            "get_price", "ScriptedChatModel"} <= set(spans)
    assert {span.trace_id.hex() for span in spans.values()} == {trace_id}
    root = span_attributes(spans["chat"])
    assert root["session.id"] == "thread-9"
    assert root["user.id"] == "user-3"
    assert set(root["langfuse.trace.tags"]) == {"offline", "market", "news", "en"}
    generation = span_attributes(spans["ScriptedChatModel"])
    assert generation["langfuse.observation.type"] == "generation"
    assert '"input"' in generation["langfuse.observation.usage_details"]
    assert spans["get_price"].parent_span_id == spans["market"].span_id
    raw = b"".join(r.body for r in requests)
    assert b"sk-proj-A1b2C3d4E5f6G7h8I9j0" not in raw
    assert b"hunter2-db-pass" not in raw
    assert "closed at 123.45" in answer


def test_feedback_is_posted_as_a_score_on_the_chat_trace(
    recorder: Recorder, make_tracing: Callable[..., LangfuseTracing]
) -> None:
    tracing = make_tracing(host=recorder.url, flush_timeout_s=20.0)
    _, trace_id = chat(tracing)
    assert trace_id is not None
    tracing.score(trace_id=trace_id, value=-1, comment="wrong close; my key sk-lf-1234567890abcdef")
    tracing.score(trace_id=trace_id, value=1)
    tracing.score(trace_id=trace_id, value=0)  # thumbs down as Streamlit's st.feedback says it
    tracing.flush()

    recorder.wait_for(SCORES_PATH)
    scores = recorder.scores()
    assert [(s["traceId"], s["name"], s["value"], s["dataType"]) for s in scores] == [
        (trace_id, FEEDBACK_SCORE, -1.0, "NUMERIC"), (trace_id, FEEDBACK_SCORE, 1.0, "NUMERIC"),
        (trace_id, FEEDBACK_SCORE, -1.0, "NUMERIC"),
    ]
    assert scores[0]["comment"].startswith("wrong close; my key ")
    assert "sk-lf-1234567890abcdef" not in scores[0]["comment"]
    assert "comment" not in scores[1]


def test_chat_answers_when_langfuse_is_down(
    closed_port_url: str, make_tracing: Callable[..., LangfuseTracing]
) -> None:
    tracing = make_tracing(host=closed_port_url, flush_timeout_s=0.5)
    answer, trace_id = chat(tracing)
    tracing.score(trace_id=str(trace_id), value=1)
    tracing.flush()  # bounded: returns although every export fails
    assert "closed at 123.45" in answer
    assert trace_id is not None and len(trace_id) == 32


def test_chat_and_flush_return_while_an_export_hangs(
    holding_recorder: Recorder, make_tracing: Callable[..., LangfuseTracing]
) -> None:
    """Exports run on a background thread: with the only exporter thread stuck in a request
    Langfuse never answers, a chat still completes and `flush()` still returns."""
    tracing = make_tracing(host=holding_recorder.url, flush_timeout_s=0.2, export_timeout_s=60)
    chat(tracing)
    tracing.flush()
    holding_recorder.wait_for(TRACES_PATH)  # the exporter is now blocked on that request

    answer, trace_id = chat(tracing, question="MSFT price?")
    tracing.flush()

    assert "closed at 123.45" in answer and trace_id is not None
    # still one request: the second chat's spans are queued behind the stuck export
    assert len([r for r in holding_recorder.received if r.path == TRACES_PATH]) == 1


@pytest.mark.slow
def test_process_exit_does_not_wait_for_an_unanswered_export(holding_recorder: Recorder) -> None:
    """The SDK's own exit hook flushes without a time limit; ours gives up after the flush
    timeout. The child's exporter timeout (120 s) is far beyond the subprocess guard."""
    script = textwrap.dedent(f"""
        from app.tracing import build_langfuse_tracing
        tracing = build_langfuse_tracing(
            public_key="pk-lf-exit-test", secret_key="sk-lf-x", host={holding_recorder.url!r},
            environment="development", mode="offline", export_timeout_s=120,
            flush_timeout_s=0.5, flush_interval_s=0.05)
        with tracing.chat_run(thread_id="t", user_id="u", question="q") as handle:
            pass
        tracing.score(trace_id=str(handle.trace_id), value=1)
        print(handle.trace_id, flush=True)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    trace_id = done.stdout.strip()
    assert len(trace_id) == 32
    received = holding_recorder.wait_for(TRACES_PATH)  # it really was mid-export at exit
    assert received


def test_trace_ids_are_otel_trace_ids(
    recorder: Recorder, make_tracing: Callable[..., LangfuseTracing]
) -> None:
    tracing = make_tracing(host=recorder.url, flush_timeout_s=20.0)
    _, trace_id = chat(tracing)
    tracing.flush()
    recorder.wait_for(TRACES_PATH)
    assert trace_id in {format_trace_id(int.from_bytes(s.trace_id, "big"))
                        for s in recorder.spans()}
