"""The runner on a tiny suite against a fake ChatServicePort, and the report writer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from app.chat_types import (
    Answer,
    Artifact,
    ArtifactEvent,
    ChatEvent,
    ErrorEvent,
    FinalEvent,
    StatusEvent,
    ThreadInfo,
    Turn,
)
from app.evals.report import EvalReport, Gate, Section, write_reports
from app.evals.runner import run_scripts
from app.evals.suites import parse_lines

CHART = Artifact(kind="price_chart", title="NVDA", data={"ticker": "NVDA", "rows": [
    {"date": "2026-11-20", "close": 185.2, "volume": 212_345_678}]})
REPLIES: dict[str, tuple[list[str], list[str], str, list[Artifact]]] = {
    "NVDA price": (["market"], ["NVDA"], "NVDA closed at $185.20 on 2026-11-20.", [CHART]),
    "Tesla news": (["news"], ["TSLA"], "No stored news for Tesla yet.", []),
    "and its forecast?": ([], ["TSLA"], "Which company do you mean?", []),
    "its competitors?": (["market"], ["TSLA"], "Tesla is doing fine.", []),
    "invented": (["market"], ["NVDA"], "NVDA will hit $999.99.", [CHART]),
}
SUITE = [
    '{"id": "s1", "lang": "en", "category": "market", "q": "NVDA price", "agents": ["market"],'
    ' "tickers": ["NVDA"]}',
    '{"id": "s2", "lang": "en", "category": "prediction", "q": "Will NVDA rise?",'
    ' "agents": ["prediction"], "tickers": ["NVDA"]}',
    '{"id": "s3", "lang": "ko", "category": "followup", "turns": ['
    '{"q": "Tesla news", "agents": ["news"], "tickers": ["TSLA"]},'
    '{"q": "and its forecast?", "agents": ["prediction"], "tickers": ["TSLA"]},'
    '{"q": "its competitors?", "agents": ["graph"], "tickers": ["TSLA"]}]}',
    '{"id": "s4", "lang": "en", "category": "out_of_scope", "q": "boom", "agents": [],'
    ' "tickers": []}',
    '{"id": "s5", "lang": "ko", "category": "out_of_scope", "q": "store down", "agents": []}',
    '{"id": "s6", "lang": "en", "category": "market", "q": "invented", "agents": ["market"],'
    ' "tickers": ["NVDA"]}',
]


class FakeChat:
    """Answers from a table; records (thread, question)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def stream(self, thread_id: str, user_id: str, text: str) -> Iterator[ChatEvent]:
        self.asked.append((thread_id, text))
        if text == "boom":
            raise RuntimeError("kaboom")
        yield StatusEvent(agent="router", state="started")
        if text == "store down":
            yield ErrorEvent(kind="store", message="store unreachable")
            return
        agents, tickers, body, artifacts = REPLIES[text]
        for artifact in artifacts:
            yield ArtifactEvent(artifact=artifact)
        yield FinalEvent(answer=Answer(answer=body, language="en", agents=agents,
                                       tickers=tickers, citations=[], as_of=date(2026, 11, 20),
                                       artifacts=artifacts, thread_id=thread_id))

    def ask(self, thread_id: str, user_id: str, text: str) -> Answer:
        raise NotImplementedError

    def list_threads(self, user_id: str) -> list[ThreadInfo]:
        return []

    def history(self, thread_id: str) -> list[Turn]:
        return []

    def delete_thread(self, thread_id: str) -> None:
        return None

    def record_feedback(self, *, thread_id: str, message_id: str, trace_id: str | None,
                        value: int, comment: str | None = None) -> None:
        return None

    def status(self) -> dict[str, Any]:
        return {"agents": ["market", "news", "graph"]}


def test_runner_plays_scripts_and_grades() -> None:
    chat = FakeChat()
    run = run_scripts(service=chat, scripts=parse_lines(SUITE, source="t"),
                      available=["market", "news", "graph"], run_id="r1")
    asked = [q for _, q in chat.asked]
    assert "Will NVDA rise?" not in asked  # a lone prediction question is not sent
    assert "and its forecast?" in asked  # inside a conversation it is, for context
    threads = {q: t for t, q in chat.asked}
    assert threads["Tesla news"] == threads["its competitors?"] == "eval-r1-s3"
    assert threads["NVDA price"] != threads["Tesla news"]
    assert run.skipped == {"prediction agent not wired": 2}
    assert run.errors == 2
    s = run.routing
    assert (s.accuracy.correct, s.accuracy.total) == (3, 6)  # s1, s3#1, s6
    by_id = {(r.script_id, r.turn): r for r in run.records}
    assert by_id[("s4", 1)].grade is not None and by_id[("s4", 1)].grade.got_route == "error"
    assert by_id[("s5", 1)].error == "store: store unreachable"
    assert s.confusion["graph"] == {"market": 1}
    g = run.grounding
    assert (g.grounded, g.answers) == (3, 4)
    assert [r.script_id for r in g.failures] == ["s6"]
    assert g.failures[0].grounding is not None
    assert g.failures[0].grounding.untraced == ["$999.99"]


def test_reports_are_written(tmp_path: Path) -> None:
    run = run_scripts(service=FakeChat(), scripts=parse_lines(SUITE, source="t"),
                      available=["market", "news", "graph"], run_id="r2")
    report = EvalReport(suites=["routing", "groundedness"], mode="offline", store="fixture",
                        run=run, gates=[Gate("routing accuracy", run.routing.accuracy.value,
                                             0.95)],
                        sections=[Section("LLM-as-judge", skipped="no LLM configured")])
    md, js = tmp_path / "out" / "r.md", tmp_path / "out" / "r.json"
    write_reports(report, markdown=md, json_path=js)
    text = md.read_text(encoding="utf-8")
    assert "Result: **FAIL**" in text
    assert "| routing accuracy | 50.0% | 95.0% | FAIL |" in text
    assert "Skipped 2 turn(s): prediction agent not wired" in text
    assert "| expected \\ got |" in text
    assert "Skipped: no LLM configured" in text
    assert "$999.99" in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["passed"] is False
    assert len(data["run"]["records"]) == 8
    assert data["run"]["routing"]["confusion"]["graph"] == {"market": 1}
    assert data["run"]["groundedness"]["share"] == 0.75
    assert data["sections"][0]["skipped"] == "no LLM configured"
