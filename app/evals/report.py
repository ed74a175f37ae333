"""The evaluation report: one object for every suite run, written as JSON (full detail,
every turn) and Markdown (summary tables, confusion tables, failures)."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.evals.routing import Rate
from app.evals.runner import SuiteRun, TurnRecord


@dataclass(frozen=True, slots=True)
class Check:
    """One functional check: what was checked, whether it held, and what was seen."""

    name: str
    ok: bool
    detail: str = ""


@dataclass(slots=True)
class Section:
    """An optional part of the evaluation (LLM checks, judge, Langfuse): its checks or
    scores, or the reason it was skipped."""

    title: str
    skipped: str | None = None
    checks: list[Check] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.skipped is not None or all(c.ok for c in self.checks)


@dataclass(frozen=True, slots=True)
class Gate:
    name: str
    value: float | None
    minimum: float

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value + 1e-12 >= self.minimum


@dataclass(slots=True)
class EvalReport:
    suites: list[str]
    mode: str  # "offline" or the LLM label
    store: str  # "fixture" or "configured"
    run: SuiteRun | None = None
    sections: list[Section] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates) and all(s.ok for s in self.sections)


def rate(value: Rate) -> dict[str, Any]:
    return {"correct": value.correct, "total": value.total, "value": value.value}


def turn_json(r: TurnRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "script": r.script_id, "turn": r.turn, "lang": r.lang, "category": r.category,
        "question": r.question, "expected_agents": sorted(r.expect.agents),
        "also": sorted(r.expect.also),
        "expected_tickers": list(r.expect.tickers) if r.expect.tickers is not None else None,
        "skipped": r.skipped, "error": r.error, "seconds": round(r.seconds, 4),
    }
    if r.answer is not None:
        out |= {"agents": r.answer.agents, "tickers": r.answer.tickers,
                "answer": r.answer.answer, "llm": r.answer.llm, "llm_calls": r.answer.llm_calls,
                "tokens": r.answer.tokens, "trace_id": r.answer.trace_id,
                "unverified_numbers": r.answer.unverified_numbers}
    if r.grade is not None:
        g = r.grade
        out["routing"] = {"expected": g.expected_route, "got": g.got_route,
                          "route_ok": g.route_ok, "entity_ok": g.entity_ok,
                          "missing_agents": list(g.missing_agents),
                          "extra_agents": list(g.extra_agents),
                          "missing_tickers": list(g.missing_tickers),
                          "extra_tickers": list(g.extra_tickers)}
    if r.grounding is not None:
        out["grounding"] = {"grounded": r.grounding.grounded,
                            "untraced": r.grounding.untraced,
                            "numbers": [{"text": n.text, "kind": n.kind, "source": n.source}
                                        for n in r.grounding.numbers]}
    return out


def run_json(run: SuiteRun) -> dict[str, Any]:
    s, g = run.routing, run.grounding
    return {
        "available_agents": list(run.available),
        "turns": len(run.records), "errors": run.errors, "skipped": dict(run.skipped),
        "routing": {
            "accuracy": rate(s.accuracy), "entity_accuracy": rate(s.entity),
            "route_and_entity": rate(s.both),
            "by_language": {k: rate(v) for k, v in s.by_language.items()},
            "entity_by_language": {k: rate(v) for k, v in s.entity_by_language.items()},
            "by_route": {k: rate(v) for k, v in s.by_route.items()},
            "by_route_language": {f"{k[0]}|{k[1]}": rate(v)
                                  for k, v in s.by_route_language.items()},
            "by_category": {k: rate(v) for k, v in s.by_category.items()},
            "confusion": {k: dict(v) for k, v in s.confusion.items()},
            "confusion_by_language": {lang: {k: dict(v) for k, v in table.items()}
                                      for lang, table in s.confusion_by_language.items()},
            "agents": {a: {"tp": m.tp, "fp": m.fp, "fn": m.fn, "precision": m.precision,
                           "recall": m.recall} for a, m in s.agents.items()},
        },
        "groundedness": {"answers": g.answers, "grounded": g.grounded, "share": g.share,
                         "numbers": g.numbers, "by_source": g.by_source},
        "records": [turn_json(r) for r in run.records],
    }


def report_json(report: EvalReport) -> dict[str, Any]:
    return {
        "started": report.started.isoformat(), "seconds": round(report.seconds, 2),
        "suites": report.suites, "mode": report.mode, "store": report.store,
        "python": platform.python_version(), "passed": report.passed,
        "gates": [{"name": g.name, "value": g.value, "minimum": g.minimum,
                   "passed": g.passed} for g in report.gates],
        "run": run_json(report.run) if report.run is not None else None,
        "sections": [{"title": s.title, "skipped": s.skipped, "ok": s.ok,
                      "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail}
                                 for c in s.checks],
                      "rows": s.rows, "notes": s.notes} for s in report.sections],
    }


def write_reports(report: EvalReport, *, markdown: Path | None, json_path: Path | None) -> None:
    from app.evals.report_md import report_markdown

    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(report_markdown(report), encoding="utf-8")
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report_json(report), ensure_ascii=False, indent=1,
                                        default=str), encoding="utf-8")
