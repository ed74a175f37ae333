"""`stockelper ask`: one question (streamed, or one JSON object with --json), or a batch of
questions from a JSONL file (one answer object per line, in order)."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from app.chat import ChatError
from app.chat_types import Answer, ErrorEvent, FinalEvent, StatusEvent, TokenEvent
from app.cli.context import container, fail

_err = Console(stderr=True)


def _error_object(kind: str, message: str, thread: str) -> dict[str, Any]:
    return {"answer": message, "language": None, "agents": [], "tickers": [], "citations": [],
            "as_of": None, "llm": None, "llm_calls": 0, "trace_id": None, "thread": thread,
            "error": kind}


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _batch(path: Path, user: str) -> None:
    service = container().chat_service
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        fail(f"cannot read {path}: {exc}")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question = str(item["q"])
        except (ValueError, KeyError, TypeError):
            print(_dump(_error_object("input", f"line {number}: expected a JSON object with "
                                      "a 'q' field", "")), flush=True)
            continue
        thread = str(item.get("thread") or uuid.uuid4().hex)
        try:
            answer = service.ask(thread, user, question)
        except ChatError as exc:
            print(_dump(_error_object(exc.kind, str(exc), thread)), flush=True)
            continue
        print(_dump(answer.to_contract()), flush=True)


def _stream(question: str, thread: str, user: str) -> None:
    service = container().chat_service
    answer: Answer | None = None
    for event in service.stream(thread, user, question):
        if isinstance(event, StatusEvent) and event.state != "started":
            _err.print(f"[dim]{event.agent}: {event.state}[/dim]")
        elif isinstance(event, TokenEvent):
            sys.stdout.write(event.text)
            sys.stdout.flush()
        elif isinstance(event, ErrorEvent):
            fail(event.message)
        elif isinstance(event, FinalEvent):
            answer = event.answer
    sys.stdout.write("\n")
    if answer is not None:
        for c in answer.citations:
            _err.print(f"[dim]source: {c.title} <{c.url}>[/dim]")
        if answer.unverified_numbers:
            _err.print(f"[yellow]unverified numbers: {answer.unverified_numbers}[/yellow]")
        if answer.synthetic:
            _err.print("[yellow]note: demo (synthetic) data[/yellow]")
    _err.print(f"[dim]thread {thread} (continue with --thread {thread})[/dim]")


def ask(
    question: Annotated[str | None, typer.Argument(help="The question (English or Korean)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
    thread: Annotated[str | None, typer.Option(help="Continue this conversation")] = None,
    batch: Annotated[Path | None, typer.Option(help="JSONL file: {'q': ..., 'thread': ...}")]
    = None,
    user: Annotated[str, typer.Option(help="User id recorded with the thread")] = "local",
) -> None:
    """Ask the assistant a question about US or Korean stocks."""
    if batch is not None:
        if not as_json:
            fail("--batch prints JSON lines; add --json")
        _batch(batch, user)
        return
    if not question:
        fail('give a question, e.g. stockelper ask "How is NVDA doing?"')
    thread_id = thread or uuid.uuid4().hex
    if not as_json:
        _stream(question, thread_id, user)
        return
    try:
        answer = container().chat_service.ask(thread_id, user, question)
    except ChatError as exc:
        print(_dump(_error_object(exc.kind, str(exc), thread_id)))
        raise typer.Exit(1) from exc
    print(_dump(answer.to_contract()))


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
