"""LLM-as-judge with a scripted model, and the Langfuse dataset-run mapping with a fake
client (the real client is only built by the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from app.chat_types import Answer
from app.evals.grounding import GroundingGrade, TracedNumber
from app.evals.judge import AspectGrade, JudgeVerdict, aspect_questions, judge_records
from app.evals.langfuse_runs import item_id, publish, scores_of
from app.evals.routing import grade_turn
from app.evals.runner import TurnRecord
from app.evals.suites import Expect
from tests.fakes.chat_model import ScriptedChatModel, structured


def record(sid: str, q: str, *, llm: str | None, agents: list[str]) -> TurnRecord:
    expect = Expect(q=q, agents=frozenset(agents), tickers=("NVDA",))
    answer = Answer(answer=f"answer to {q}", language="en", agents=agents, tickers=["NVDA"],
                    citations=[], as_of=date(2026, 11, 20), llm=llm)
    return TurnRecord(script_id=sid, turn=1, lang="en", category="market", expect=expect,
                      answer=answer, grade=grade_turn(expect, agents=agents, tickers=["NVDA"]),
                      grounding=GroundingGrade(numbers=(TracedNumber("$1", "money", None),)))


def verdict(r: int, t: int, c: int) -> JudgeVerdict:
    return JudgeVerdict(relevance=AspectGrade(score=r, reason="on topic"),
                        truthfulness=AspectGrade(score=t, reason="figures match the data"),
                        completeness=AspectGrade(score=c, reason="price given, news missing"))


def test_aspect_questions_are_specific_to_the_answer() -> None:
    qs = aspect_questions(record("a", "NVDA price and news", llm=None,
                                 agents=["market", "news"]))
    assert "NVDA price and news" in qs["relevance"] and "NVDA" in qs["relevance"]
    assert "prices or returns" in qs["completeness"] and "news" in qs["completeness"]
    refusal = aspect_questions(record("b", "weather?", llm=None, agents=[]))
    assert "decline" in refusal["completeness"]


def test_judge_scores_each_aspect_and_flags_self_grading() -> None:
    model = ScriptedChatModel(responses=[structured(verdict(5, 4, 3)),
                                         structured(verdict(2, 2, 1))])
    records = [record("a", "NVDA price", llm="openai:gpt-x", agents=["market"]),
               record("b", "NVDA news", llm=None, agents=["news"])]
    section = judge_records(model=model, judge_label="openai:gpt-x", records=records)
    assert [row["relevance"] for row in section.rows] == [5, 2]
    assert section.rows[0]["truthfulness_reason"] == "figures match the data"
    assert [row["self_graded"] for row in section.rows] == [True, False]
    assert any("SELF-GRADED" in n and "1 of" in n for n in section.notes)
    assert "mean relevance: 3.50 over 2 answers" in section.notes
    # the judge prompt carried the answer and the data block
    prompt = str(model.calls[0].messages[-1].content)
    assert "answer to NVDA price" in prompt and "<data>" in prompt


def test_an_out_of_scale_or_failed_verdict_is_reported_not_fatal() -> None:
    bad = structured(verdict(5, 5, 5)).model_copy()
    bad.tool_calls[0]["args"]["relevance"]["score"] = 9
    model = ScriptedChatModel(responses=[bad, RuntimeError("judge down"),
                                         structured(verdict(4, 4, 4))])
    records = [record(s, f"q{s}", llm=None, agents=["market"]) for s in "abc"]
    section = judge_records(model=model, judge_label="anthropic:x", records=records)
    assert "error" in section.rows[0] and "error" in section.rows[1]
    assert section.rows[2]["completeness"] == 4
    assert any("wrote none" in n for n in section.notes)


@dataclass
class FakeItem:
    id: str
    input: Any
    expected_output: Any


class FakeLangfuse:
    def __init__(self) -> None:
        self.datasets: dict[str, dict[str, FakeItem]] = {}
        self.runs: list[dict[str, Any]] = []
        self.flushed = False

    def create_dataset(self, *, name: str, description: str | None = None,
                       metadata: Any | None = None) -> Any:
        self.datasets.setdefault(name, {})

    def create_dataset_item(self, *, dataset_name: str, input: Any | None = None,
                            expected_output: Any | None = None, metadata: Any | None = None,
                            id: str | None = None) -> Any:
        assert id is not None
        self.datasets[dataset_name][id] = FakeItem(id, input, expected_output)

    def get_dataset(self, name: str) -> Any:
        return SimpleNamespace(items=list(self.datasets[name].values()))

    def run_experiment(self, *, name: str, run_name: str | None = None,
                       description: str | None = None, data: Any, task: Any,
                       evaluators: Any = (), metadata: dict[str, str] | None = None) -> Any:
        scores: dict[str, list[Any]] = {}
        for item in data:
            output = task(item=item)
            scores[item.id] = [e for ev in evaluators
                               for e in ev(input=item.input, output=output,
                                           expected_output=item.expected_output,
                                           metadata=None)]
        self.runs.append({"name": name, "run_name": run_name, "scores": scores})

    def flush(self) -> None:
        self.flushed = True


def test_suite_run_becomes_a_dataset_run_with_scores() -> None:
    good = record("a", "NVDA price", llm=None, agents=["market"])
    wrong = record("b", "NVDA news", llm=None, agents=["market"])
    wrong.expect = Expect(q="NVDA news", agents=frozenset({"news"}), tickers=("NVDA",))
    wrong.grade = grade_turn(wrong.expect, agents=["market"], tickers=["NVDA"])
    skipped = record("c", "forecast", llm=None, agents=[])
    skipped.skipped = "prediction agent not wired"
    judge = SimpleNamespace(rows=[{"id": "a#1", "relevance": 4, "relevance_reason": "ok"}])
    client = FakeLangfuse()
    section = publish(client=client, records=[good, wrong, skipped], dataset="ds",
                      run_name="run-1", judge=judge)  # type: ignore[arg-type]
    assert set(client.datasets["ds"]) == {item_id("ds", good), item_id("ds", wrong)}
    assert client.datasets["ds"]["ds/b/1"].expected_output == {"agents": ["news"],
                                                              "tickers": ["NVDA"]}
    run = client.runs[0]
    assert run["run_name"] == "run-1" and client.flushed
    by_name = {e.name: e.value for e in run["scores"]["ds/a/1"]}
    assert by_name == {"route_correct": 1.0, "entity_correct": 1.0, "grounded": 0.0,
                       "judge_relevance": 4.0}
    assert {e.name: e.value for e in run["scores"]["ds/b/1"]}["route_correct"] == 0.0
    assert "2 items" in section.notes[0]


def test_scores_without_grades_are_empty() -> None:
    r = record("x", "q", llm=None, agents=[])
    r.grade, r.grounding = None, None
    assert scores_of(r) == []


def test_cli_publishes_through_the_containers_tracing_client() -> None:
    from app.cli.eval import _langfuse_section
    from app.evals.report import EvalReport
    from app.evals.runner import summarize_run

    records = [record("a", "NVDA price", llm=None, agents=["market"])]
    report = EvalReport(suites=["routing"], mode="offline", store="fixture",
                        run=summarize_run(records, available=["market"]))
    client = FakeLangfuse()
    on = SimpleNamespace(container=SimpleNamespace(
        tracing=SimpleNamespace(enabled=True, client=client)))
    section = _langfuse_section(on, report, None)  # type: ignore[arg-type]
    assert section.skipped is None and section.ok and client.runs
    assert client.runs[0]["run_name"].startswith("eval-") and "ds" not in client.datasets

    off = SimpleNamespace(container=SimpleNamespace(tracing=SimpleNamespace(enabled=False)))
    assert "keys not set" in (_langfuse_section(off, report, None).skipped or "")  # type: ignore[arg-type]

    class Down(FakeLangfuse):
        def get_dataset(self, name: str) -> Any:
            raise ConnectionError("langfuse unreachable")

    down = SimpleNamespace(container=SimpleNamespace(
        tracing=SimpleNamespace(enabled=True, client=Down())))
    failed = _langfuse_section(down, report, None)  # type: ignore[arg-type]
    assert not failed.ok and "unreachable" in failed.checks[0].detail
