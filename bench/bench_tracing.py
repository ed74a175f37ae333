"""What Langfuse tracing costs a chat-shaped run, and that an unreachable Langfuse costs
nothing more: the same small LangGraph graph (guard, router, two parallel agents, one LLM
call with a tool, composer; scripted model) untraced, traced into memory, traced to a closed
port and traced to a server that accepts and never answers; then how long `flush()` waits.

    .venv/bin/python bench/bench_tracing.py [--runs 60]

Prints p50/p95 per case. Expectation: the three traced cases are alike (exports happen on a
background thread), and flush() returns within FLUSH_TIMEOUT_S when Langfuse is down."""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)

from app.tracing import build_langfuse_tracing  # noqa: E402
from app.tracing_port import NoTracing, Tracing  # noqa: E402
from tests.tracing.graph import build_chat_graph, scripted_model  # noqa: E402


def never_answering_server(release: threading.Event) -> str:
    class Hold(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            release.wait()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hold)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def langfuse(host: str, exporter: InMemorySpanExporter | None = None) -> Tracing:
    return build_langfuse_tracing(
        public_key=f"pk-lf-bench-{uuid.uuid4().hex}", secret_key="sk-lf-bench", host=host,
        environment="development", mode="offline", span_exporter=exporter)


def timed_runs(tracing: Tracing, runs: int) -> tuple[float, float]:
    times = []
    for i in range(runs):
        graph = build_chat_graph(scripted_model())
        start = time.perf_counter()
        with tracing.chat_run(thread_id=f"t{i}", user_id="bench", question="AAPL?") as handle:
            graph.invoke({"question": "AAPL?"}, config={"callbacks": handle.callbacks})
            handle.update(tags=["market", "news", "en"])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    release = threading.Event()
    cases: list[tuple[str, Tracing]] = [
        ("no tracing", NoTracing()),
        ("Langfuse -> in memory", langfuse("http://127.0.0.1:9", InMemorySpanExporter())),
        ("Langfuse down (closed port)", langfuse(closed_port())),
        ("Langfuse never answers", langfuse(never_answering_server(release))),
    ]
    timed_runs(cases[0][1], 5)  # warm-up: imports, first graph compile
    print(f"{'case':30s} {'run p50':>9s} {'run p95':>9s} {'flush':>9s}")
    for name, tracing in cases:
        p50, p95 = timed_runs(tracing, args.runs)
        start = time.perf_counter()
        tracing.flush()
        flush_ms = (time.perf_counter() - start) * 1000
        print(f"{name:30s} {p50:7.1f}ms {p95:7.1f}ms {flush_ms:7.0f}ms")
    release.set()


if __name__ == "__main__":
    main()
