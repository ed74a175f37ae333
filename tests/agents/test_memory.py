"""Conversation memory: follow-ups across turns, clarifications, thread listing/history/
deletion, feedback, and isolation of 20 concurrent conversations on one compiled graph."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories.chat import list_feedback
from tests.agents.conftest import ServiceFactory
from tests.agents.fixture_db import TICKERS


@pytest.mark.parametrize(("first", "follow_up", "agents", "tickers", "expect"), [
    ("삼성전자 주가 알려줘", "그럼 경쟁사는?", ["graph"], ["005930.KS"], "경쟁사"),
    ("How is Apple doing?", "and its suppliers?", ["graph"], ["AAPL"], "Suppliers:"),
    ("NVDA price", "compare it with AMD", ["market"], ["NVDA", "AMD"], "led"),
    ("Tesla RSI", "What about Microsoft?", ["market"], ["MSFT"], "RSI(14)"),
    ("엔비디아 뉴스", "그 회사 주가는?", ["market"], ["NVDA"], "종가"),
])
def test_follow_ups_resolve_from_the_conversation(
    make_service: ServiceFactory, first: str, follow_up: str, agents: list[str],
    tickers: list[str], expect: str,
) -> None:
    service = make_service(sqlite_memory=True)
    service.ask("f", "u", first)
    answer = service.ask("f", "u", follow_up)
    assert answer.agents == agents
    assert answer.tickers[: len(tickers)] == tickers
    assert expect in answer.answer


def test_ambiguous_name_gets_a_clarifying_question_then_an_answer(
    make_service: ServiceFactory,
) -> None:
    service = make_service()
    clarify = service.ask("c", "u", "현대 주가 알려줘")
    assert clarify.agents == [] and "현대차(005380.KS)" in clarify.answer
    assert clarify.answer.endswith(")") or "?" in clarify.answer
    answer = service.ask("c", "u", "현대차")
    assert answer.agents == ["market"] and answer.tickers == ["005380.KS"]
    assert "종가" in answer.answer  # the price that was asked for, not a generic overview


def test_threads_are_listed_resumed_and_deleted(
    make_service: ServiceFactory, sessions: sessionmaker[Session],
) -> None:
    service = make_service(sqlite_memory=True)
    service.ask("th-a", "alice", "AAPL price")
    service.ask("th-a", "alice", "and its news?")
    service.ask("th-b", "alice", "삼성전자 뉴스")
    service.ask("th-c", "bob", "NVDA price")
    threads = service.list_threads("alice")
    assert [t.thread_id for t in threads[:2]] == ["th-b", "th-a"]
    assert {t.title for t in threads} >= {"AAPL price", "삼성전자 뉴스"}
    assert all(t.thread_id != "th-c" for t in threads)
    history = service.history("th-a")
    assert [t.role for t in history] == ["user", "assistant", "user", "assistant"]
    assert history[1].answer is not None and history[1].answer.message_id
    assert history[2].text == "and its news?"
    assert history[3].answer is not None and history[3].answer.agents == ["news"]
    assert history[3].answer.tickers == ["AAPL"]
    last = history[3].answer
    service.record_feedback(thread_id="th-a", message_id=last.message_id, trace_id=None,
                            value=1, comment="useful")
    with sessions() as session:
        feedback = list_feedback(session=session, thread_id="th-a")
    assert [(f.message_id, f.value, f.comment) for f in feedback] == [
        (last.message_id, 1, "useful")]
    service.delete_thread("th-a")
    assert service.history("th-a") == []
    assert all(t.thread_id != "th-a" for t in service.list_threads("alice"))
    with pytest.raises(ValueError):
        service.record_feedback(thread_id="th-b", message_id="m", trace_id=None, value=5)


def test_twenty_concurrent_conversations_stay_isolated(make_service: ServiceFactory) -> None:
    service = make_service(sqlite_memory=True)  # one compiled graph, one SQLite checkpointer
    tickers = [TICKERS[i % len(TICKERS)] for i in range(20)]

    def conversation(i: int) -> tuple[list[str], list[str], int]:
        thread = f"iso-{i}"
        first = service.ask(thread, f"user-{i}", f"{tickers[i]} price")
        second = service.ask(thread, f"user-{i}", "and its news?")
        return first.tickers, second.tickers, len(service.history(thread))

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(conversation, range(20)))
    for i, (first, second, turns) in enumerate(outcomes):
        assert first == [tickers[i]] and second == [tickers[i]], i
        assert turns == 4


@pytest.mark.parametrize(("first", "second", "tickers", "agents"), [
    ("Tesla RSI", "Is Apple above its 200-day moving average?", ["AAPL"], ["market"]),
    ("삼성전자 주가", "HBM 관련 뉴스", [], ["news"]),
    ("NVDA price", "News about HBM memory", [], ["news"]),
    ("AAPL price", "Which of my stocks rose most this week?", None, ["market"]),
])
def test_new_subjects_do_not_inherit_the_previous_company(
    make_service: ServiceFactory, first: str, second: str, tickers: list[str] | None,
    agents: list[str],
) -> None:
    service = make_service()
    service.ask("n", "u", first)
    answer = service.ask("n", "u", second)
    assert answer.agents == agents
    if tickers is not None:
        assert answer.tickers[: len(tickers) or 1] == tickers or (
            not tickers and "HBM" in answer.answer)
    if "HBM" in second:
        assert "HBM memory demand" in answer.answer


def test_old_answers_keep_text_but_drop_chart_rows(make_service: ServiceFactory) -> None:
    service = make_service()
    for ticker in ("AAPL", "NVDA", "AMD", "TSLA"):
        service.ask("long", "u", f"{ticker} price")
    answers = [t.answer for t in service.history("long") if t.answer is not None]
    assert [a.tickers for a in answers] == [["AAPL"], ["NVDA"], ["AMD"], ["TSLA"]]
    assert answers[0].artifacts == [] and "Apple Inc." in answers[0].answer
    assert all(a.artifacts for a in answers[1:])
