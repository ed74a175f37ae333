"""Langfuse tracing: the adapter behind `app.tracing_port.Tracing`, built only by the container.

One trace per chat run (session = thread, user, tags, metadata) and one per collection job run.
Spans for graph nodes, tools and LLM generations come from Langfuse's LangChain callback handler,
which the chat engine passes into LangGraph's `config={"callbacks": handle.callbacks}`.

Exports run on the OpenTelemetry batch processor's background thread with a small timeout;
`flush()` and the exit hook are bounded, so an unreachable Langfuse never slows a chat or
blocks the process from exiting. Key-like strings are redacted twice: by `mask` when the SDK
records inputs/outputs/metadata, and by `mask_otel_spans` on every exported attribute.
"""

from __future__ import annotations

import atexit
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from typing import Any, Literal

from langfuse import Langfuse, LangfuseSpan, propagate_attributes
from langfuse.langchain import CallbackHandler
from opentelemetry import trace as otel_trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SpanExporter

from app.tracing_mask import REDACTED, mask, mask_otel_spans, redact
from app.tracing_port import TraceHandle

__all__ = [
    "FEEDBACK_SCORE", "REDACTED", "LangfuseTracing", "build_langfuse_tracing", "mask",
    "mask_otel_spans", "redact",
]

logger = logging.getLogger(__name__)

EXPORT_TIMEOUT_S = 3  # per OTLP/score request (the SDK takes whole seconds)
FLUSH_TIMEOUT_S = 2.0  # longest `flush()` and the exit hook may wait
FEEDBACK_SCORE = "user-feedback"
_TRACE_METADATA_MAX = 200  # Langfuse drops propagated metadata values longer than this


def app_version() -> str:
    try:
        return importlib_metadata.version("stockelper")
    except importlib_metadata.PackageNotFoundError:
        return "0+unknown"


def _run_bounded(fn: Callable[[], object], *, timeout_s: float, what: str) -> bool:
    """Run `fn` on a daemon thread and wait at most `timeout_s`; True when it finished."""
    worker = threading.Thread(target=fn, name=f"stockelper-{what}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        logger.warning("Langfuse %s still running after %.1fs; not waiting", what, timeout_s)
        return False
    return True


@dataclass(frozen=True)
class _BoundedShutdown:
    """Exit hook replacing the SDK's unbounded one; equal per client, so it registers once."""

    resources: Any
    timeout_s: float

    def __call__(self) -> None:
        _run_bounded(self.resources.shutdown, timeout_s=self.timeout_s, what="shutdown")


def _short_metadata(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values Langfuse accepts as trace metadata (JSON of at most 200 characters)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or key == "output":
            continue
        try:
            encoded = json.dumps(value, default=str, ensure_ascii=False)
        except (TypeError, ValueError):
            continue
        if len(encoded) <= _TRACE_METADATA_MAX:
            out[key] = value
    return out


def _error_item(error: Any) -> tuple[str, str, Literal["ERROR", "WARNING"]]:
    """(item, message, level) of one per-item error as the run ledger records it:
    {"ticker": ..., "kind": "error" | "warning", "reason": ...} (or "TICKER: message")."""
    if isinstance(error, Mapping):
        item = error.get("ticker") or error.get("item") or error.get("key") or "?"
        message = (error.get("reason") or error.get("error") or error.get("message")
                   or json.dumps(error, default=str))
        level: Literal["ERROR", "WARNING"] = (
            "WARNING" if error.get("kind") == "warning" else "ERROR")
        return str(item), str(message), level
    text = str(error)
    item, sep, message = text.partition(":")
    return (item.strip(), message.strip(), "ERROR") if sep else ("?", text, "ERROR")


class LangfuseTracing:
    """`Tracing` backed by a Langfuse client; see `build_langfuse_tracing`."""

    enabled = True

    def __init__(
        self, *, client: Langfuse, public_key: str, app_version: str,
        mode: Literal["offline", "llm"], flush_timeout_s: float = FLUSH_TIMEOUT_S,
        exit_hook: Callable[[], None] | None = None,
    ) -> None:
        self._client = client
        self._exit_hook = exit_hook
        self._public_key = public_key
        self._app_version = app_version
        self._mode = mode
        self._flush_timeout_s = flush_timeout_s

    @contextmanager
    def chat_run(
        self, *, thread_id: str, user_id: str, question: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> Iterator[TraceHandle]:
        values = {"app_version": self._app_version, "mode": self._mode, **(metadata or {})}
        handle = TraceHandle(tags=[str(values["mode"])], metadata=values)
        with self._trace(
            name="chat", input={"question": question}, handle=handle,
            session_id=thread_id, user_id=user_id,
        ):
            # One handler per run (it keeps per-run state). Its spans hang under the current
            # OpenTelemetry span, so the graph must run inside this block (same thread, or a
            # copied contextvars context as LangChain's executors do). An explicit
            # trace_context would instead mark the graph's span as a second trace root.
            handle.callbacks = [CallbackHandler(public_key=self._public_key)]
            yield handle

    @contextmanager
    def collection_run(
        self, *, job: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[TraceHandle]:
        handle = TraceHandle(
            tags=["collection", job],
            metadata={"app_version": self._app_version, "job": job},
        )
        with self._trace(
            name=f"collect:{job}", input={"job": job, "params": dict(params or {})},
            handle=handle,
        ) as root:
            try:
                yield handle
            finally:
                self._record_failures(root, handle)

    @contextmanager
    def span(self, name: str, *, input: Any = None) -> Iterator[dict[str, Any]]:
        """A child span of the current run; what the block puts in the dict is its output."""
        outputs: dict[str, Any] = {}
        if not otel_trace.get_current_span().get_span_context().is_valid:
            yield outputs  # outside any run: never start a stray trace
            return
        with self._client.start_as_current_observation(
            as_type="span", name=name, input=input
        ) as observation:
            try:
                yield outputs
            except BaseException as exc:
                observation.update(level="ERROR", status_message=redact(repr(exc))[:500])
                raise
            finally:
                if outputs:
                    observation.update(output=outputs)

    def score(self, *, trace_id: str, value: int, comment: str | None = None) -> None:
        """Thumbs up (+1) or down (-1; 0 as Streamlit's `st.feedback` reports it) as the
        NUMERIC score `user-feedback` on the trace. Queued; sent in the background."""
        self._client.create_score(
            name=FEEDBACK_SCORE, value=1.0 if value > 0 else -1.0, trace_id=trace_id,
            data_type="NUMERIC", comment=redact(comment) if comment else None,
        )

    def flush(self) -> None:
        _run_bounded(self._client.flush, timeout_s=self._flush_timeout_s, what="flush")

    def close(self) -> None:
        """Flush and stop the client's background threads, waiting at most the flush
        timeout (what the exit hook would do; for tests and orderly shutdowns)."""
        if self._exit_hook is not None:
            atexit.unregister(self._exit_hook)
            self._exit_hook()
        else:
            self.flush()

    @property
    def client(self) -> Langfuse:
        """The underlying client, for Langfuse features beyond tracing (dataset runs). The SDK
        keeps one client per public key per process: build no second one, shut none down."""
        return self._client

    def trace_url(self, trace_id: str) -> str | None:
        """Link to the trace in the Langfuse UI (asks the server for the project id once)."""
        return self._client.get_trace_url(trace_id=trace_id)

    # --- internals -----------------------------------------------------------------------
    @contextmanager
    def _trace(
        self, *, name: str, input: Any, handle: TraceHandle,
        session_id: str | None = None, user_id: str | None = None,
    ) -> Iterator[LangfuseSpan]:
        with self._client.start_as_current_observation(
            as_type="span", name=name, input=input
        ) as root:
            handle.trace_id = root.trace_id
            with propagate_attributes(
                trace_name=name, session_id=session_id, user_id=user_id,
                tags=list(handle.tags), metadata=_short_metadata(handle.metadata),
            ):
                try:
                    yield root
                except BaseException as exc:
                    root.update(level="ERROR", status_message=redact(repr(exc))[:500])
                    raise
                finally:
                    self._close_trace(root, handle)

    def _close_trace(self, root: LangfuseSpan, handle: TraceHandle) -> None:
        """Put what the run learned (agents, language, counts ...) on the root span, where
        Langfuse reads the trace's tags and metadata from."""
        metadata = {k: v for k, v in handle.metadata.items() if k != "output"}
        root.update(metadata=metadata, output=handle.metadata.get("output"))
        # `propagate_attributes` writes trace attributes onto the *current* span; make that the
        # root again in case the run left another span current. (_otel_span is the SDK's own
        # handle on the span; its LangChain integration relies on it too.)
        with otel_trace.use_span(root._otel_span, end_on_exit=False):
            with propagate_attributes(
                tags=list(handle.tags), metadata=_short_metadata(handle.metadata)
            ):
                pass

    @staticmethod
    def _record_failures(root: LangfuseSpan, handle: TraceHandle) -> None:
        """One event per failed (ERROR) or doubtful (WARNING) item, under the run's root."""
        errors = handle.metadata.get("errors") or []
        failed = 0
        for error in errors if isinstance(errors, list | tuple) else [errors]:
            item, message, level = _error_item(error)
            failed += level == "ERROR"
            root.create_event(
                name=f"{'failed' if level == 'ERROR' else 'warning'}:{item}", level=level,
                status_message=redact(message)[:500], metadata={"item": item, "error": message},
            )
        if failed:
            root.update(level="WARNING", status_message=f"{failed} item(s) failed")


def build_langfuse_tracing(
    *, public_key: str, secret_key: str, host: str, environment: str,
    mode: Literal["offline", "llm"], release: str | None = None,
    span_exporter: SpanExporter | None = None, export_timeout_s: int = EXPORT_TIMEOUT_S,
    flush_timeout_s: float = FLUSH_TIMEOUT_S, flush_interval_s: float | None = None,
) -> LangfuseTracing:
    """The Langfuse client and its tracing adapter. Only `app.container` calls this (tests
    too, with a `span_exporter`). Uses its own TracerProvider: the global one stays untouched
    and is not flushed on exit by OpenTelemetry's own unbounded hook."""
    version = release or app_version()
    client = Langfuse(
        public_key=public_key, secret_key=secret_key, base_url=host.rstrip("/"),
        timeout=export_timeout_s, environment=environment, release=version,
        mask=mask, mask_otel_spans=mask_otel_spans,
        tracer_provider=TracerProvider(shutdown_on_exit=False),
        span_exporter=span_exporter, flush_interval=flush_interval_s,
    )
    resources = getattr(client, "_resources", None)
    hook: _BoundedShutdown | None = None
    if resources is not None:
        # The SDK's exit hook flushes without a time limit; swap it for a bounded one.
        atexit.unregister(resources.shutdown)
        hook = _BoundedShutdown(resources=resources, timeout_s=flush_timeout_s)
        atexit.unregister(hook)
        atexit.register(hook)
    return LangfuseTracing(
        client=client, public_key=public_key, app_version=version, mode=mode,
        flush_timeout_s=flush_timeout_s, exit_hook=hook,
    )
