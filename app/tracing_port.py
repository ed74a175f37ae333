"""The tracing port. ChatService and collection jobs receive a `Tracing`; only the container
builds the Langfuse-backed one (app/tracing.py). `NoTracing` is used when no keys are set."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager as contextlib_cm
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(slots=True)
class TraceHandle:
    """One open trace. `callbacks` go into LangGraph's `config={"callbacks": ...}`;
    `update` adds tags/metadata learned during the run (agents used, language ...)."""

    trace_id: str | None = None
    callbacks: list[Any] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def update(
        self, *, tags: Sequence[str] = (), metadata: Mapping[str, Any] | None = None
    ) -> None:
        self.tags.extend(t for t in tags if t not in self.tags)
        self.metadata.update(metadata or {})


class Tracing(Protocol):
    enabled: bool

    def chat_run(
        self, *, thread_id: str, user_id: str, question: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> contextlib_cm[TraceHandle]: ...

    def collection_run(
        self, *, job: str, params: Mapping[str, Any] | None = None
    ) -> contextlib_cm[TraceHandle]: ...

    def span(self, name: str, *, input: Any = None) -> contextlib_cm[dict[str, Any]]:
        """A child span of the current trace; put outputs into the yielded dict."""
        ...

    def score(self, *, trace_id: str, value: int, comment: str | None = None) -> None: ...

    def flush(self) -> None: ...


class NoTracing:
    enabled = False

    @contextmanager
    def chat_run(
        self, *, thread_id: str, user_id: str, question: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> Iterator[TraceHandle]:
        yield TraceHandle()

    @contextmanager
    def collection_run(
        self, *, job: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[TraceHandle]:
        yield TraceHandle()

    @contextmanager
    def span(self, name: str, *, input: Any = None) -> Iterator[dict[str, Any]]:
        yield {}

    def score(self, *, trace_id: str, value: int, comment: str | None = None) -> None:
        return None

    def flush(self) -> None:
        return None

