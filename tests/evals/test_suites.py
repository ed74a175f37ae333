"""The shipped labelled suite: size, balance, coverage, and label sanity."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.chat_types import AGENT_IDS
from app.evals.suites import SuiteError, count_turns, load_file, load_suite, parse_lines
from app.symbols import SymbolDirectory


@pytest.fixture(scope="module")
def scripts():  # type: ignore[no-untyped-def]
    return load_suite("routing")


def test_at_least_200_questions_half_korean(scripts) -> None:  # type: ignore[no-untyped-def]
    total = count_turns(scripts)
    korean = sum(len(s.turns) for s in scripts if s.lang == "ko")
    assert total >= 200
    assert 0.45 <= korean / total <= 0.55


def test_covers_every_agent_and_every_kind_of_question(scripts) -> None:  # type: ignore[no-untyped-def]
    turns = [t for s in scripts for t in s.turns]
    for agent in AGENT_IDS:
        assert any(agent in t.agents for t in turns), agent
    assert sum(1 for t in turns if len(t.agents) >= 2) >= 20
    assert sum(1 for t in turns if not t.agents) >= 20
    categories = {s.category for s in scripts}
    assert {"followup", "out_of_scope", "injection", "multi", "clarify"} <= categories
    follow = [s for s in scripts if s.category == "followup"]
    assert follow and all(len(s.turns) >= 2 for s in follow)
    for s in scripts:
        if s.category in ("out_of_scope", "injection", "clarify"):
            assert all(not t.agents for t in s.turns), s.id


def test_labelled_tickers_exist_in_the_symbol_directory(scripts) -> None:  # type: ignore[no-untyped-def]
    directory = SymbolDirectory.from_seed()
    for s in scripts:
        for t in s.turns:
            for ticker in t.tickers or ():
                assert directory.get(ticker) is not None, (s.id, ticker)


def test_single_questions_name_their_companies(scripts) -> None:  # type: ignore[no-untyped-def]
    """Labels agree with the directory on which companies a question names (follow-ups
    and refusals excepted): a typo in a label would otherwise count against the product."""
    directory = SymbolDirectory.from_seed()
    for s in scripts:
        t = s.turns[0]
        if s.category in ("followup", "clarify") or not t.tickers:
            continue
        named = {m.ticker for m in directory.find_mentions(t.q)}
        assert set(t.tickers) <= named, (s.id, t.q, named)


def test_bad_lines_are_reported_with_their_place(tmp_path: Path) -> None:
    good = '{"id": "a", "lang": "en", "category": "market", "q": "x", "agents": ["market"]}'
    assert len(parse_lines([good, "", "# comment"], source="s")) == 1
    cases = {
        '{"id": "a", "lang": "fr", "category": "market", "q": "x", "agents": []}': "lang",
        '{"id": "a", "lang": "en", "category": "market", "q": "x", "agents": ["trade"]}':
            "agents",
        '{"id": "a", "lang": "en", "category": "nope", "q": "x", "agents": []}': "category",
        '{"id": "a", "lang": "en", "category": "market", "agents": []}': "'q'",
        "{not json": "not JSON",
    }
    for line, word in cases.items():
        with pytest.raises(SuiteError, match=word):
            parse_lines([line], source="s")
    with pytest.raises(SuiteError, match="duplicate"):
        parse_lines([good, good], source="s")
    path = tmp_path / "mine.jsonl"
    path.write_text(good + "\n", encoding="utf-8")
    assert load_file(path)[0].turns[0].agents == frozenset({"market"})
    with pytest.raises(SuiteError, match="unknown suite"):
        load_suite("nope")


def test_holdout_set_is_separate_and_balanced(scripts) -> None:  # type: ignore[no-untyped-def]
    holdout = load_suite("holdout")
    seen = {t.q.casefold() for s in scripts for t in s.turns}
    turns = [t for s in holdout for t in s.turns]
    assert len(turns) >= 50 and not {t.q.casefold() for t in turns} & seen
    korean = sum(len(s.turns) for s in holdout if s.lang == "ko")
    assert korean * 2 == len(turns)
    assert not {s.id for s in holdout} & {s.id for s in scripts}
