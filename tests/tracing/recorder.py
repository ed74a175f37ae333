"""A tiny Langfuse stand-in on 127.0.0.1: records what the real SDK sends.

`POST /api/public/otel/v1/traces` (OTLP/HTTP protobuf, maybe gzip) is decoded into
`ExportTraceServiceRequest`s; `POST /api/public/scores` bodies are kept as JSON. With
`hold=True` every request is received and then held unanswered until `stop()`, like a
Langfuse that accepts connections but never replies.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

TRACES_PATH = "/api/public/otel/v1/traces"
SCORES_PATH = "/api/public/scores"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    hold: bool = False
    received: list[Received] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _release: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Recorder:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                recorder._record(Received(self.path, dict(self.headers.items()), body))
                if recorder.hold:
                    recorder._release.wait()
                    return
                if self.path.startswith(TRACES_PATH):
                    payload = ExportTraceServiceResponse().SerializeToString()
                    self._reply(200, "application/x-protobuf", payload)
                else:
                    self._reply(202, "application/json", b'{"message": "Accepted"}')

            def _reply(self, status: int, content_type: str, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _record(self, item: Received) -> None:
        with self._changed:
            self.received.append(item)
            self._changed.notify_all()

    def wait_for(self, path: str, *, count: int = 1, timeout_s: float = 30.0) -> list[Received]:
        """Block until `count` requests to `path` arrived (event-driven, not polling)."""
        def matching() -> list[Received]:
            return [r for r in self.received if r.path.startswith(path)]

        with self._changed:
            self._changed.wait_for(lambda: len(matching()) >= count, timeout=timeout_s)
            found = matching()
        assert len(found) >= count, f"{len(found)} request(s) to {path}, wanted {count}"
        return found

    def spans(self) -> list[Span]:
        out: list[Span] = []
        for item in self.received:
            if item.path.startswith(TRACES_PATH):
                request = ExportTraceServiceRequest.FromString(item.body)
                for resource_spans in request.resource_spans:
                    for scope_spans in resource_spans.scope_spans:
                        out.extend(scope_spans.spans)
        return out

    def scores(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in self.received:
            if item.path.startswith(SCORES_PATH):
                out.extend(json.loads(item.body))
        return out


def span_attributes(span: Span) -> dict[str, Any]:
    """OTLP `KeyValue`s as a plain dict (strings, numbers, bools, lists of strings)."""
    out: dict[str, Any] = {}
    for kv in span.attributes:
        kind = kv.value.WhichOneof("value")
        if kind == "array_value":
            out[kv.key] = [v.string_value for v in kv.value.array_value.values]
        elif kind is not None:
            out[kv.key] = getattr(kv.value, kind)
    return out
