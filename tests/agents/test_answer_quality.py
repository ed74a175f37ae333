"""Regression tests from the answer-quality pass (offline path): Korean particles after
amounts, moving-average wording, advice questions, crypto, misspelt names, two-company
relation questions, topic searches that find nothing."""

from __future__ import annotations

import pytest

from agents.router_offline import route_offline
from agents.templates_market import josa, ro
from tests.agents.conftest import ServiceFactory

ALL = ["market", "news", "graph", "prediction"]


def test_particles_follow_the_last_word_not_an_earlier_parenthesis() -> None:
    # "삼성전자(005930.KS)는 ... 종가 115,205원로" read the sentence from its first "("
    assert ro("삼성전자(005930.KS)는 2026-11-23 종가 115,205원") .endswith("원으로")
    assert ro("종가 238.54달러").endswith("달러로")
    assert josa("삼성전자(005930.KS)", "은", "는").endswith("는")
    assert josa("카카오(035720.KS)", "을", "를").endswith("를")


def test_korean_quote_reads_won_euro(make_service: ServiceFactory) -> None:
    answer = make_service().ask("ko-quote", "tester", "삼성전자 지금 얼마야?").answer
    assert "원으로 전일" in answer and "원로" not in answer


def test_korean_technical_states_both_averages(make_service: ServiceFactory) -> None:
    answer = make_service().ask("ko-ma", "tester", "삼성전자 이동평균 알려줘").answer
    assert "50일선" in answer and "200일선" in answer


@pytest.mark.parametrize("question", ["Should I buy Tesla now?", "테슬라 지금 사도 돼?",
                                      "Is Apple a good buy?", "삼성전자 살까 팔까?"])
def test_advice_questions_get_data_with_a_no_advice_note(
    make_service: ServiceFactory, question: str,
) -> None:
    answer = make_service().ask("advice", "tester", question)
    assert "market" in answer.agents
    first = answer.answer.splitlines()[0]
    assert ("투자 조언을 하지 않습니다" in first) if answer.language == "ko" else (
        "I don't give investment advice" in first)
    assert answer.unverified_numbers == []


@pytest.mark.parametrize(("question", "phrase"), [
    ("Which stock should I buy?", "can't tell you what to buy or sell"),
    ("어떤 종목 사야 돼? 추천해줘", "사거나 팔지는 말씀드릴 수 없습니다"),
    ("비트코인 시세 알려줘", "미국·한국 주식"),
    ("What's the bitcoin price?", "US and Korean stocks"),
])
def test_advice_without_a_company_and_crypto_are_out_of_scope(
    make_service: ServiceFactory, question: str, phrase: str,
) -> None:
    answer = make_service().ask("scope", "tester", question)
    assert answer.agents == [] and phrase in answer.answer


def test_a_coinbase_question_is_not_crypto() -> None:
    plan = route_offline(text="Coinbase stock price", tickers=["COIN"], available=ALL)
    assert plan.agents == ["market"]


@pytest.mark.parametrize(("question", "ticker", "phrase"), [
    ("Nvidai price", "NVDA", "Did you mean NVIDIA Corporation (NVDA)?"),
    ("삼성젼자 주가", "005930.KS", "삼성전자(005930.KS)를 말씀하시나요?"),
])
def test_a_misspelt_name_gets_a_question_then_the_reply_gets_the_answer(
    make_service: ServiceFactory, question: str, ticker: str, phrase: str,
) -> None:
    service = make_service()
    asked = service.ask("typo", "tester", question)
    assert asked.agents == [] and phrase in asked.answer  # never a silent guess
    answered = service.ask("typo", "tester", ticker)
    assert answered.agents == ["market"] and answered.tickers == [ticker]


def test_a_price_question_without_a_company_asks_which_one(
    make_service: ServiceFactory,
) -> None:
    answer = make_service().ask("none", "tester", "What's the closing price today?")
    assert answer.agents == [] and "Which company" in answer.answer
    assert "for  yet" not in answer.answer


@pytest.mark.parametrize("question", ["카카오와 네이버는 무슨 관계야?",
                                      "What's the relationship between Kakao and NAVER?"])
def test_two_companies_and_a_relation_word_ask_for_the_path(
    make_service: ServiceFactory, question: str,
) -> None:
    answer = make_service().ask("path", "tester", question)
    assert answer.agents == ["graph"]
    assert answer.answer.startswith(("연결 경로", "Connection"))


@pytest.mark.parametrize(("question", "phrase"), [
    ("News about quantum annealing", "no stored news matching 'quantum annealing'"),
    ("양자컴퓨터 관련 뉴스", "'양자컴퓨터' 관련 저장된 뉴스를 찾지 못했습니다"),
])
def test_a_topic_search_that_finds_nothing_names_the_topic(
    make_service: ServiceFactory, question: str, phrase: str,
) -> None:
    answer = make_service().ask("topic", "tester", question)
    assert answer.agents == ["news"] and phrase in answer.answer
