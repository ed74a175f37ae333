"""The routing and entity grader: was each question sent to the right agents, about the
right companies? Accuracy per route and language, confusion tables, per-agent
precision/recall.

A route is correct when every required agent answered and nothing else did except the
labelled `also` agents. Routes are named by their agent set in a fixed order
("market+news"; "none" for out of scope / clarifying questions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.chat_types import AGENT_IDS
from app.evals.suites import Expect

NONE_ROUTE = "none"


def route_label(agents: Iterable[str]) -> str:
    chosen = set(agents)
    ordered = [a for a in AGENT_IDS if a in chosen] + sorted(chosen - set(AGENT_IDS))
    return "+".join(ordered) if ordered else NONE_ROUTE


@dataclass(frozen=True, slots=True)
class TurnGrade:
    expected_route: str
    got_route: str
    route_ok: bool
    entity_ok: bool | None  # None: tickers not labelled for this turn
    missing_agents: tuple[str, ...] = ()
    extra_agents: tuple[str, ...] = ()
    missing_tickers: tuple[str, ...] = ()
    extra_tickers: tuple[str, ...] = ()


def grade_turn(expect: Expect, *, agents: Sequence[str], tickers: Sequence[str]) -> TurnGrade:
    got = set(agents)
    missing = expect.agents - got
    extra = got - expect.agents - expect.also
    entity_ok: bool | None = None
    missing_t: set[str] = set()
    extra_t: set[str] = set()
    if expect.tickers is not None:
        # Answers list the question's companies first, then any their results added
        # (competitors in a comparison, a watchlist): the question's part must match.
        want = set(expect.tickers)
        head = set(tickers[: len(want)]) if want else set(tickers)
        missing_t, extra_t = want - set(tickers), head - want
        entity_ok = not missing_t and not extra_t
    return TurnGrade(
        expected_route=route_label(expect.agents), got_route=route_label(got),
        route_ok=not missing and not extra, entity_ok=entity_ok,
        missing_agents=tuple(a for a in AGENT_IDS if a in missing),
        extra_agents=tuple(a for a in AGENT_IDS if a in extra),
        missing_tickers=tuple(sorted(missing_t)), extra_tickers=tuple(sorted(extra_t)),
    )


@dataclass(frozen=True, slots=True)
class GradedTurn:
    """A graded turn with what the confusion tables need."""

    lang: str
    category: str
    expect: Expect
    agents: tuple[str, ...]
    grade: TurnGrade


@dataclass(frozen=True, slots=True)
class Rate:
    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(slots=True)
class AgentScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(slots=True)
class RoutingSummary:
    accuracy: Rate
    entity: Rate
    both: Rate
    by_language: dict[str, Rate]
    entity_by_language: dict[str, Rate]
    by_route: dict[str, Rate]
    by_route_language: dict[tuple[str, str], Rate]
    by_category: dict[str, Rate]
    confusion: dict[str, Counter[str]]  # expected route -> got route -> count
    confusion_by_language: dict[str, dict[str, Counter[str]]]
    agents: dict[str, AgentScore] = field(default_factory=dict)


def _rate(flags: Iterable[bool]) -> Rate:
    values = list(flags)
    return Rate(correct=sum(values), total=len(values))


def summarize(turns: Sequence[GradedTurn]) -> RoutingSummary:
    """Aggregate graded turns (skipped turns are not passed in)."""
    groups: dict[str, defaultdict[object, list[bool]]] = {
        k: defaultdict(list) for k in ("lang", "ent_lang", "route", "route_lang", "cat")}
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    confusion_lang: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    agents: dict[str, AgentScore] = {a: AgentScore() for a in AGENT_IDS}
    for t in turns:
        g = t.grade
        groups["lang"][t.lang].append(g.route_ok)
        groups["route"][g.expected_route].append(g.route_ok)
        groups["route_lang"][(g.expected_route, t.lang)].append(g.route_ok)
        groups["cat"][t.category].append(g.route_ok)
        if g.entity_ok is not None:
            groups["ent_lang"][t.lang].append(g.entity_ok)
        confusion[g.expected_route][g.got_route] += 1
        confusion_lang[t.lang][g.expected_route][g.got_route] += 1
        got = set(t.agents)
        for agent, score in agents.items():
            if agent in t.expect.agents:
                if agent in got:
                    score.tp += 1
                else:
                    score.fn += 1
            elif agent in got and agent not in t.expect.also:
                score.fp += 1

    def rates(key: str) -> dict[object, Rate]:
        return {k: _rate(v) for k, v in sorted(groups[key].items(), key=lambda kv: str(kv[0]))}

    return RoutingSummary(
        accuracy=_rate(t.grade.route_ok for t in turns),
        entity=_rate(t.grade.entity_ok for t in turns if t.grade.entity_ok is not None),
        both=_rate(t.grade.route_ok and t.grade.entity_ok is not False for t in turns),
        by_language={str(k): v for k, v in rates("lang").items()},
        entity_by_language={str(k): v for k, v in rates("ent_lang").items()},
        by_route={str(k): v for k, v in rates("route").items()},
        by_route_language={k: v for k, v in rates("route_lang").items()
                           if isinstance(k, tuple)},
        by_category={str(k): v for k, v in rates("cat").items()},
        confusion={k: confusion[k] for k in sorted(confusion)},
        confusion_by_language={lang: {k: v[k] for k in sorted(v)}
                               for lang, v in sorted(confusion_lang.items())},
        agents=agents,
    )
