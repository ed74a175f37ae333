"""The runner: plays labelled scripts against any ChatServicePort (one thread per script,
turns in order), records every event, and grades routing, entities and groundedness.

Turns that need an agent the service does not have (the prediction agent without a
forecast service) are reported as skipped with the reason, never as failures: a
single-question script is not sent at all, a turn inside a conversation is still sent so
the later turns keep their context."""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from app.chat_types import AGENT_IDS, Answer, ChatEvent, ChatServicePort, ErrorEvent, FinalEvent
from app.evals.grounding import GroundingGrade, StoreFacts, grade_answer
from app.evals.routing import GradedTurn, RoutingSummary, TurnGrade, grade_turn, summarize
from app.evals.suites import Expect, Script

log = logging.getLogger(__name__)
USER_ID = "stockelper-eval"


@dataclass(slots=True)
class TurnRecord:
    script_id: str
    turn: int
    lang: str
    category: str
    expect: Expect
    answer: Answer | None = None
    events: list[ChatEvent] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    skipped: str | None = None
    grade: TurnGrade | None = None
    grounding: GroundingGrade | None = None

    @property
    def question(self) -> str:
        return self.expect.q


@dataclass(slots=True)
class GroundingSummary:
    answers: int
    grounded: int
    numbers: int
    by_source: dict[str, int]
    failures: list[TurnRecord]

    @property
    def share(self) -> float | None:
        return self.grounded / self.answers if self.answers else None


@dataclass(slots=True)
class SuiteRun:
    records: list[TurnRecord]
    available: tuple[str, ...]
    routing: RoutingSummary
    grounding: GroundingSummary
    skipped: Counter[str]
    errors: int


def _missing(expect: Expect, available: Collection[str]) -> list[str]:
    return [a for a in AGENT_IDS if a in expect.agents and a not in available]


def play(
    service: ChatServicePort, *, thread_id: str, text: str, user_id: str = USER_ID,
) -> tuple[Answer | None, list[ChatEvent], str | None, float]:
    """One question through `stream`: (answer, events, error, seconds)."""
    events: list[ChatEvent] = []
    start = time.perf_counter()
    try:
        for event in service.stream(thread_id, user_id, text):
            events.append(event)
    except Exception as exc:  # a crash is a graded failure, not the end of the run
        log.exception("chat service failed on %r", text)
        return None, events, f"{type(exc).__name__}: {exc}", time.perf_counter() - start
    seconds = time.perf_counter() - start
    final = next((e.answer for e in events if isinstance(e, FinalEvent)), None)
    error = next((f"{e.kind}: {e.message}" for e in events if isinstance(e, ErrorEvent)), None)
    if final is None and error is None:
        error = "no final answer"
    return final, events, error, seconds


def run_scripts(
    *, service: ChatServicePort, scripts: Sequence[Script], available: Collection[str],
    store: StoreFacts | None = None, user_id: str = USER_ID, run_id: str | None = None,
    on_turn: Callable[[TurnRecord], None] | None = None,
) -> SuiteRun:
    """Play every script and grade every answered turn."""
    run = run_id or uuid.uuid4().hex[:8]
    records: list[TurnRecord] = []
    for script in scripts:
        thread_id = f"eval-{run}-{script.id}"
        single = len(script.turns) == 1
        for index, expect in enumerate(script.turns):
            record = TurnRecord(script_id=script.id, turn=index + 1, lang=script.lang,
                                category=script.category, expect=expect)
            missing = _missing(expect, available)
            if missing:
                record.skipped = ", ".join(f"{a} agent not wired" for a in missing)
            if not (missing and single):
                answer, events, error, seconds = play(service, thread_id=thread_id,
                                                      text=expect.q, user_id=user_id)
                record.answer, record.events, record.error = answer, events, error
                record.seconds = seconds
                if answer is not None:
                    record.grounding = grade_answer(answer=answer, question=expect.q,
                                                    events=events, store=store)
                if not missing:
                    record.grade = _grade(expect, answer)
            records.append(record)
            if on_turn is not None:
                on_turn(record)
    return summarize_run(records, available=available)


def _grade(expect: Expect, answer: Answer | None) -> TurnGrade:
    if answer is None:  # an error is a wrong route, whatever the label
        grade = grade_turn(expect, agents=[], tickers=[])
        return replace(grade, got_route="error", route_ok=False,
                       entity_ok=None if grade.entity_ok is None else False)
    return grade_turn(expect, agents=answer.agents, tickers=answer.tickers)


def summarize_run(records: list[TurnRecord], *, available: Collection[str]) -> SuiteRun:
    graded = [GradedTurn(lang=r.lang, category=r.category, expect=r.expect,
                         agents=tuple(r.answer.agents if r.answer else ()), grade=r.grade)
              for r in records if r.grade is not None]
    answered = [r for r in records if r.grounding is not None and r.skipped is None]
    by_source: Counter[str] = Counter()
    for r in answered:
        assert r.grounding is not None
        for n in r.grounding.numbers:
            by_source[n.source or "untraced"] += 1
    return SuiteRun(
        records=records, available=tuple(a for a in AGENT_IDS if a in available),
        routing=summarize(graded),
        grounding=GroundingSummary(
            answers=len(answered),
            grounded=sum(1 for r in answered if r.grounding and r.grounding.grounded),
            numbers=sum(by_source.values()), by_source=dict(by_source),
            failures=[r for r in answered if r.grounding and not r.grounding.grounded]),
        skipped=Counter(r.skipped for r in records if r.skipped),
        errors=sum(1 for r in records if r.error),
    )
