"""Fixtures: a Langfuse-backed `LangfuseTracing` whose spans land in memory, and helpers to
read the exported OpenTelemetry spans."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from app.tracing import LangfuseTracing, build_langfuse_tracing

CLOSED_HOST = "http://127.0.0.1:9"  # discard port: nothing listens, nothing is reached


def unique_public_key() -> str:
    # The SDK keeps one client per public key for the whole process: a fresh key per test
    # gives each test its own exporter and processor.
    return f"pk-lf-test-{uuid.uuid4().hex}"


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def make_tracing() -> Iterator[Callable[..., LangfuseTracing]]:
    made: list[LangfuseTracing] = []

    def make(**overrides: Any) -> LangfuseTracing:
        options: dict[str, Any] = {
            "public_key": unique_public_key(), "secret_key": "sk-lf-test-secret",
            "host": CLOSED_HOST, "environment": "development", "mode": "offline",
            "release": "9.9.9",
        }
        options.update(overrides)
        tracing = build_langfuse_tracing(**options)
        made.append(tracing)
        return tracing

    yield make
    for tracing in made:
        tracing.close()


@pytest.fixture
def memory_tracing(
    make_tracing: Callable[..., LangfuseTracing], exporter: InMemorySpanExporter
) -> LangfuseTracing:
    return make_tracing(span_exporter=exporter, flush_timeout_s=10.0)


def by_name(spans: tuple[ReadableSpan, ...] | list[ReadableSpan]) -> dict[str, ReadableSpan]:
    return {span.name: span for span in spans}


def attr(span: ReadableSpan, key: str) -> Any:
    return (span.attributes or {}).get(key)


def json_attr(span: ReadableSpan, key: str) -> Any:
    value = attr(span, key)
    return json.loads(value) if isinstance(value, str) else value


def parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent else None


@pytest.fixture
def recorder() -> Iterator[Any]:
    from tests.tracing.recorder import Recorder

    server = Recorder().start()
    yield server
    server.stop()


@pytest.fixture
def holding_recorder() -> Iterator[Any]:
    from tests.tracing.recorder import Recorder

    server = Recorder(hold=True).start()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """A 127.0.0.1 URL where nothing listens (the port was bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
