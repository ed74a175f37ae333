"""Span tree and attributes of a chat run and a collection run, read from an in-memory
OpenTelemetry exporter attached to the real Langfuse client."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import format_trace_id

from app.tracing import LangfuseTracing
from tests.tracing.conftest import attr, by_name, json_attr, parent_id
from tests.tracing.graph import build_chat_graph, scripted_model

NODES = ("guard", "router", "market", "news", "composer")


def run_chat(tracing: LangfuseTracing, question: str = "AAPL price?") -> str | None:
    graph = build_chat_graph(scripted_model())
    with tracing.chat_run(
        thread_id="thread-42", user_id="user-7", question=question,
        metadata={"as_of": "2026-11-20"},
    ) as handle:
        result = graph.invoke({"question": question}, config={"callbacks": handle.callbacks})
        handle.update(tags=["market", "news", "en"],
                      metadata={"agents": ["market", "news"], "output": result["answer"]})
    tracing.flush()
    return handle.trace_id


def test_chat_run_is_one_trace_with_session_user_tags_and_metadata(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    trace_id = run_chat(memory_tracing)

    spans = exporter.get_finished_spans()
    assert trace_id is not None
    assert {format_trace_id(s.context.trace_id) for s in spans} == {trace_id}
    root = by_name(spans)["chat"]
    assert root.parent is None
    assert attr(root, "session.id") == "thread-42"
    assert attr(root, "user.id") == "user-7"
    assert attr(root, "langfuse.trace.name") == "chat"
    # tags learned during the run (agents, language) reach the trace, next to the mode
    assert set(attr(root, "langfuse.trace.tags")) == {"offline", "market", "news", "en"}
    assert json_attr(root, "langfuse.trace.metadata.app_version") == "9.9.9"
    assert json_attr(root, "langfuse.trace.metadata.as_of") == "2026-11-20"
    assert json_attr(root, "langfuse.trace.metadata.agents") == ["market", "news"]
    assert attr(root, "langfuse.release") == "9.9.9"
    assert json_attr(root, "langfuse.observation.input") == {"question": "AAPL price?"}
    assert "no news today" in attr(root, "langfuse.observation.output")
    # every span of the run carries the session and user (Langfuse filters on them)
    assert all(attr(s, "session.id") == "thread-42" for s in spans)


def test_chat_run_has_node_tool_and_generation_spans_in_a_tree(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    run_chat(memory_tracing)

    spans = by_name(exporter.get_finished_spans())
    root, graph = spans["chat"], spans["LangGraph"]
    assert parent_id(graph) == root.context.span_id
    for node in NODES:
        assert parent_id(spans[node]) == graph.context.span_id, node
        assert attr(spans[node], "langfuse.observation.type") == "chain"

    tool = spans["get_price"]
    assert attr(tool, "langfuse.observation.type") == "tool"
    assert parent_id(tool) == spans["market"].context.span_id
    assert json_attr(tool, "langfuse.observation.input") == {"ticker": "AAPL"}

    generation = spans["ScriptedChatModel"]
    assert attr(generation, "langfuse.observation.type") == "generation"
    assert parent_id(generation) == spans["market"].context.span_id
    assert attr(generation, "langfuse.observation.model.name") == "scripted"
    usage = json_attr(generation, "langfuse.observation.usage_details")
    assert usage["input"] > 0 and usage["output"] > 0
    assert usage["total"] == usage["input"] + usage["output"]


def test_explicit_span_is_a_child_of_the_current_run_and_carries_outputs(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with memory_tracing.chat_run(thread_id="t", user_id="u", question="q"):
        with memory_tracing.span("resolve_tickers", input={"text": "삼성전자 주가"}) as out:
            out["tickers"] = ["005930.KS"]
    memory_tracing.flush()

    spans = by_name(exporter.get_finished_spans())
    span = spans["resolve_tickers"]
    assert parent_id(span) == spans["chat"].context.span_id
    assert json_attr(span, "langfuse.observation.input") == {"text": "삼성전자 주가"}
    assert json_attr(span, "langfuse.observation.output") == {"tickers": ["005930.KS"]}


def test_span_outside_a_run_starts_no_trace(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with memory_tracing.span("orphan") as out:
        out["x"] = 1
    memory_tracing.flush()
    assert exporter.get_finished_spans() == ()


def test_failed_chat_run_marks_the_trace_as_error_and_reraises(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with pytest.raises(RuntimeError, match="graph broke"):
        with memory_tracing.chat_run(thread_id="t", user_id="u", question="q") as handle:
            handle.update(tags=["ko"])
            raise RuntimeError("graph broke")
    memory_tracing.flush()

    root = by_name(exporter.get_finished_spans())["chat"]
    assert attr(root, "langfuse.observation.level") == "ERROR"
    assert "graph broke" in attr(root, "langfuse.observation.status_message")
    assert "ko" in attr(root, "langfuse.trace.tags")


def test_collection_run_records_counts_and_each_failed_ticker(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with memory_tracing.collection_run(
        job="prices_us", params={"tickers": ["AAPL", "NOPE", "GONE"]}
    ) as handle:
        handle.update(metadata={
            "counts": {"rows": 250, "tickers_ok": 1},
            # as the run ledger (collectors/ledger.py) records them
            "errors": [{"ticker": "NOPE", "kind": "error", "reason": "HTTP 404 from source"},
                       {"ticker": "GONE", "kind": "error", "reason": "delisted"},
                       {"ticker": "AAPL", "kind": "warning", "reason": "gap of 3 days"}],
        })
    memory_tracing.flush()

    spans = exporter.get_finished_spans()
    named = by_name(spans)
    root = named["collect:prices_us"]
    assert handle.trace_id == format_trace_id(root.context.trace_id)
    assert set(attr(root, "langfuse.trace.tags")) == {"collection", "prices_us"}
    assert json_attr(root, "langfuse.trace.metadata.counts") == {"rows": 250, "tickers_ok": 1}
    assert json_attr(root, "langfuse.observation.input")["params"]["tickers"][1] == "NOPE"
    assert attr(root, "langfuse.observation.level") == "WARNING"
    failures = {s.name: s for s in spans if s.name.startswith("failed:")}
    assert set(failures) == {"failed:NOPE", "failed:GONE"}
    nope = failures["failed:NOPE"]
    assert parent_id(nope) == root.context.span_id
    assert attr(nope, "langfuse.observation.type") == "event"
    assert attr(nope, "langfuse.observation.level") == "ERROR"
    assert attr(nope, "langfuse.observation.status_message") == "HTTP 404 from source"
    warning = named["warning:AAPL"]
    assert attr(warning, "langfuse.observation.level") == "WARNING"
    assert attr(root, "langfuse.observation.status_message") == "2 item(s) failed"
    # the full error list is kept on the root observation even if too long for trace metadata
    assert len(json_attr(root, "langfuse.observation.metadata.errors")) == 3


def test_crashed_collection_run_is_an_error_with_its_failures(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with pytest.raises(ConnectionError):
        with memory_tracing.collection_run(job="profiles") as handle:
            handle.update(metadata={"errors": ["MSFT: timeout"]})
            raise ConnectionError("source unreachable")
    memory_tracing.flush()

    named = by_name(exporter.get_finished_spans())
    assert attr(named["collect:profiles"], "langfuse.observation.level") == "ERROR"
    assert attr(named["failed:MSFT"], "langfuse.observation.status_message") == "timeout"


def test_collection_run_without_failures_has_no_failure_events(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    with memory_tracing.collection_run(job="news") as handle:
        handle.update(metadata={"counts": {"items": 3}, "errors": []})
    memory_tracing.flush()

    spans = exporter.get_finished_spans()
    assert [s.name for s in spans] == ["collect:news"]
    assert attr(spans[0], "langfuse.observation.level") is None
