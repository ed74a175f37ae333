"""Markdown rendering of an EvalReport."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.evals.report import EvalReport, Section
from app.evals.routing import NONE_ROUTE, Rate, RoutingSummary
from app.evals.runner import SuiteRun, TurnRecord

MAX_LISTED = 40


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def fmt_rate(r: Rate) -> str:
    return f"{pct(r.value)} ({r.correct}/{r.total})"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out + [""]


def _confusion(title: str, confusion: dict[str, dict[str, int]]) -> list[str]:
    got = sorted({g for row in confusion.values() for g in row},
                 key=lambda r: (r == NONE_ROUTE, r))
    rows = [[exp, *[confusion[exp].get(g, "") or "" for g in got]] for exp in confusion]
    return [f"**{title}** (rows: expected route, columns: route taken)", "",
            *table(["expected \\ got", *got], rows)]


def routing_md(s: RoutingSummary) -> list[str]:
    lines = ["## Routing and entities", "",
             f"- Routing accuracy: **{fmt_rate(s.accuracy)}**",
             f"- Entity accuracy (companies resolved): **{fmt_rate(s.entity)}**",
             f"- Route and entities both right: {fmt_rate(s.both)}", ""]
    langs = sorted(s.by_language)
    lines += table(["language", "routing", "entities"],
                   [[lang, fmt_rate(s.by_language[lang]),
                     fmt_rate(s.entity_by_language.get(lang, Rate(0, 0)))] for lang in langs])
    lines += ["### Accuracy per route and language", ""]
    lines += table(["expected route", "all", *langs],
                   [[route, fmt_rate(r), *[fmt_rate(s.by_route_language.get((route, lang),
                                                                               Rate(0, 0)))
                                          for lang in langs]]
                    for route, r in s.by_route.items()])
    lines += table(["category", "routing"], [[c, fmt_rate(r)] for c, r in
                                             s.by_category.items()])
    lines += ["### Per agent", ""]
    lines += table(["agent", "precision", "recall", "TP", "FP", "FN"],
                   [[a, pct(m.precision), pct(m.recall), m.tp, m.fp, m.fn]
                    for a, m in s.agents.items()])
    lines += ["### Confusion tables", ""]
    lines += _confusion("All questions", {k: dict(v) for k, v in s.confusion.items()})
    for lang, conf in s.confusion_by_language.items():
        lines += _confusion(f"Language: {lang}", {k: dict(v) for k, v in conf.items()})
    return lines


def latency_md(records: Sequence[TurnRecord]) -> list[str]:
    by_route: dict[str, list[float]] = {}
    for r in records:
        if r.grade is not None and r.answer is not None:
            by_route.setdefault(r.grade.got_route, []).append(r.seconds * 1000)
    if not by_route:
        return []

    def cut(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    rows = [[route, len(v), f"{cut(v, 0.5):.0f}", f"{cut(v, 0.95):.0f}"]
            for route, v in sorted(by_route.items())]
    return ["### Answer latency per route taken (ms, this run)", "",
            *table(["route", "n", "p50", "p95"], rows)]


def _misses(records: Sequence[TurnRecord]) -> list[str]:
    bad = [r for r in records if r.grade is not None
           and (not r.grade.route_ok or r.grade.entity_ok is False)]
    if not bad:
        return ["No misrouted questions.", ""]
    rows = []
    for r in bad[:MAX_LISTED]:
        g = r.grade
        assert g is not None
        tick = ("" if g.entity_ok is not False else
                f"missing {list(g.missing_tickers)} extra {list(g.extra_tickers)}")
        rows.append([f"{r.script_id}#{r.turn}", r.question, g.expected_route, g.got_route,
                     tick, r.error or ""])
    more = [f"... and {len(bad) - MAX_LISTED} more (see the JSON report)", ""] if len(
        bad) > MAX_LISTED else []
    return [f"### Misrouted or wrong companies ({len(bad)})", "",
            *table(["id", "question", "expected", "got", "companies", "error"], rows), *more]


def grounding_md(run: SuiteRun) -> list[str]:
    g = run.grounding
    sources = ", ".join(f"{k}: {v}" for k, v in sorted(g.by_source.items()))
    lines = ["## Groundedness", "",
             f"- Answers fully grounded: **{pct(g.share)} ({g.grounded}/{g.answers})**",
             f"- Figures checked: {g.numbers} (traced to {sources or 'nothing'})",
             "- A figure is traced when it matches, to the precision written, a value in the "
             "question, in the answer's structured results (artifacts, citations), or in the "
             "stores (direct SQL read of bars and news; relations in the graph store); "
             "'derived' figures are averages of traced figures listed in the same paragraph.",
             ""]
    if g.failures:
        rows = [[f"{r.script_id}#{r.turn}", r.question,
                 ", ".join(r.grounding.untraced) if r.grounding else "",
                 ", ".join(r.grounding.unverified) if r.grounding else ""]
                for r in g.failures[:MAX_LISTED]]
        lines += table(["id", "question", "untraced figures", "flagged by the product"], rows)
    return lines


def section_md(section: Section) -> list[str]:
    lines = [f"## {section.title}", ""]
    if section.skipped:
        return lines + [f"Skipped: {section.skipped}", ""]
    if section.checks:
        lines += table(["check", "result", "detail"],
                       [[c.name, "pass" if c.ok else "FAIL", c.detail] for c in section.checks])
    if section.rows:
        header = list(section.rows[0])
        lines += table(header, [[row.get(h, "") for h in header] for row in section.rows])
    lines += [f"- {note}" for note in section.notes]
    return lines + [""]


def report_markdown(report: EvalReport) -> str:
    lines = ["# Stockelper evaluation report", "",
             f"- Date: {report.started.strftime('%Y-%m-%d %H:%M UTC')}, "
             f"{report.seconds:.1f} s",
             f"- Suites: {', '.join(report.suites)}; mode: {report.mode}; store: {report.store}",
             f"- Result: **{'PASS' if report.passed else 'FAIL'}**", ""]
    if report.gates:
        lines += table(["gate", "value", "minimum", "result"],
                       [[g.name, pct(g.value), pct(g.minimum),
                         "pass" if g.passed else "FAIL"] for g in report.gates])
    run = report.run
    if run is not None:
        lines += [f"Agents available: {', '.join(run.available) or 'none'}. "
                  f"Turns: {len(run.records)}, errors: {run.errors}.", ""]
        for reason, n in sorted(run.skipped.items()):
            lines += [f"- Skipped {n} turn(s): {reason}"]
        lines += ["", *routing_md(run.routing), *_misses(run.records),
                  *latency_md(run.records), *grounding_md(run)]
    for section in report.sections:
        lines += section_md(section)
    return "\n".join(lines).rstrip() + "\n"
