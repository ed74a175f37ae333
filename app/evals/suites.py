"""Labelled suites: JSONL files in `app/evals/data/`, one script (conversation) per line.

A line is either one question:
    {"id", "lang", "category", "q", "agents", "tickers", "also"?}
or a multi-turn script (every turn on one thread, follow-ups resolved from earlier turns):
    {"id", "lang", "category", "turns": [{"q", "agents", "tickers", "also"?}, ...]}

`agents` are the agents that must answer (empty: out of scope, injection or a clarifying
question); `also` are agents that may additionally answer without the route counting as
wrong (e.g. a "why did it fall" question may also show company relations). `tickers` is the
exact set of companies the answer must be about, or null where it is not checked (watchlist
screens, refusals).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from app.chat_types import AGENT_IDS

SUITE_FILES: dict[str, tuple[str, ...]] = {
    "routing": ("routing_en.jsonl", "routing_ko.jsonl"),
    # Held out: never tune the router on these; measure generalisation with them, and
    # move them into `routing` (writing fresh ones) once they have been used for tuning.
    "holdout": ("holdout_en.jsonl", "holdout_ko.jsonl"),
}
CATEGORIES = ("market", "news", "graph", "prediction", "multi", "followup", "out_of_scope",
              "injection", "clarify")


class SuiteError(ValueError):
    """A suite file that does not follow the format above."""


@dataclass(frozen=True, slots=True)
class Expect:
    """One labelled turn."""

    q: str
    agents: frozenset[str]
    also: frozenset[str] = frozenset()
    tickers: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Script:
    """One conversation: its turns run in order on one thread."""

    id: str
    lang: Literal["en", "ko"]
    category: str
    turns: tuple[Expect, ...]


def _agents(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or any(a not in AGENT_IDS for a in value):
        raise SuiteError(f"{where}: agents must be a list of {AGENT_IDS}, got {value!r}")
    return frozenset(value)


def _turn(raw: dict[str, Any], where: str) -> Expect:
    q = raw.get("q")
    if not isinstance(q, str) or not q.strip():
        raise SuiteError(f"{where}: missing question text 'q'")
    tickers = raw.get("tickers")
    if tickers is not None and (not isinstance(tickers, list)
                                or not all(isinstance(t, str) for t in tickers)):
        raise SuiteError(f"{where}: tickers must be a list of strings or null")
    return Expect(q=q, agents=_agents(raw.get("agents"), where),
                  also=_agents(raw.get("also", []), where),
                  tickers=tuple(tickers) if tickers is not None else None)


def parse_script(raw: dict[str, Any], where: str = "?") -> Script:
    sid, lang, category = raw.get("id"), raw.get("lang"), raw.get("category")
    if not isinstance(sid, str) or not sid:
        raise SuiteError(f"{where}: missing id")
    if lang not in ("en", "ko"):
        raise SuiteError(f"{where} ({sid}): lang must be en or ko")
    if category not in CATEGORIES:
        raise SuiteError(f"{where} ({sid}): unknown category {category!r}")
    if "turns" in raw:
        turns = tuple(_turn(t, f"{where} ({sid}) turn {i + 1}")
                      for i, t in enumerate(raw["turns"]))
    else:
        turns = (_turn(raw, f"{where} ({sid})"),)
    if not turns:
        raise SuiteError(f"{where} ({sid}): no turns")
    return Script(id=sid, lang=lang, category=category, turns=turns)


def parse_lines(lines: Iterable[str], *, source: str) -> list[Script]:
    scripts: list[Script] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SuiteError(f"{where}: not JSON ({exc.msg})") from exc
        script = parse_script(raw, where)
        if script.id in seen:
            raise SuiteError(f"{where}: duplicate id {script.id}")
        seen.add(script.id)
        scripts.append(script)
    return scripts


def load_suite(name: str = "routing") -> list[Script]:
    """The labelled scripts shipped with the package."""
    if name not in SUITE_FILES:
        raise SuiteError(f"unknown suite {name!r}; known: {', '.join(SUITE_FILES)}")
    scripts: list[Script] = []
    for filename in SUITE_FILES[name]:
        text = resources.files("app.evals").joinpath(f"data/{filename}").read_text("utf-8")
        scripts += parse_lines(text.splitlines(), source=filename)
    return scripts


def load_file(path: Path) -> list[Script]:
    """A suite in the same format from any file (e.g. a user's own questions)."""
    return parse_lines(path.read_text("utf-8").splitlines(), source=str(path))


def suite_tickers(scripts: Sequence[Script]) -> list[str]:
    """Every ticker a suite's labels name (the fixture store holds data for these)."""
    out: dict[str, None] = {}
    for script in scripts:
        for turn in script.turns:
            for ticker in turn.tickers or ():
                out[ticker] = None
    return list(out)


def count_turns(scripts: Sequence[Script]) -> int:
    return sum(len(s.turns) for s in scripts)
