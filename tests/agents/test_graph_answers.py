"""Answer quality on the graph route: exposure phrasings (outages, disruptions, "타격"),
the country filter ("Korean companies", "미국 기업"), Korean evidence notes."""

from __future__ import annotations

import pytest

from agents.guard import country_of
from agents.router_offline import route_offline
from tests.agents.conftest import ServiceFactory

ALL = ["market", "news", "graph", "prediction"]

EXPOSURE = [
    ("Which Korean companies would a TSMC outage hit?", "TSM", "KR"),
    ("Who would be hit if TSMC stopped production?", "TSM", None),
    ("TSMC 공장이 멈추면 타격받는 한국 기업은?", "TSM", "KR"),
    ("엔비디아 실적이 나빠지면 영향 받는 회사", "NVDA", None),
    ("Which US companies depend on SK hynix?", "000660.KS", "US"),
    ("TSMC 공급망 차질 시 영향받는 기업", "TSM", None),
    ("Who is exposed to a Samsung Electronics disruption?", "005930.KS", None),
    ("SK하이닉스 생산이 중단되면 피해 보는 미국 회사", "000660.KS", "US"),
]


@pytest.mark.parametrize(("question", "ticker", "country"), EXPOSURE,
                         ids=[q for q, *_ in EXPOSURE])
def test_exposure_questions_route_to_the_graph_with_their_country(
    make_service: ServiceFactory, question: str, ticker: str, country: str | None,
) -> None:
    answer = make_service().ask("exposure", "tester", question)
    assert answer.agents == ["graph"], answer.answer
    assert answer.tickers[0] == ticker
    assert answer.unverified_numbers == []
    first_line = answer.answer.splitlines()[0]
    assert ("의존하는" in first_line) if answer.language == "ko" else (
        "depend on" in first_line)
    if country == "KR":
        assert ("한국 기업" if answer.language == "ko" else "Korean companies only") in first_line


@pytest.mark.parametrize(("question", "relation"), [
    ("Who supplies Apple?", "suppliers"),
    ("Which suppliers does Apple depend on?", "suppliers"),
    ("Did Apple hit a 52-week high?", None),
    ("Will NVDA hit $200 next month?", None),
    ("삼성전자 거래 중단됐어?", None),
    ("Who depends on TSMC?", "exposure"),
])
def test_shock_words_do_not_steal_other_routes(question: str, relation: str | None) -> None:
    ticker = "AAPL" if "Apple" in question else "NVDA" if "NVDA" in question else (
        "005930.KS" if "삼성" in question else "TSM")
    plan = route_offline(text=question, tickers=[ticker], available=ALL)
    assert plan.graph_relation == relation, plan.reason


@pytest.mark.parametrize(("text", "country"), [
    ("Which Korean companies compete with Apple?", "KR"),
    ("국내 기업 중 엔비디아 공급사", "KR"),
    ("Apple's US suppliers", "US"),
    ("테슬라의 미국 경쟁사", "US"),
    ("tell us who supplies Apple", None),  # "us" is not a country
    ("Korean and US suppliers of Apple", None),  # both: no filter
])
def test_country_of(text: str, country: str | None) -> None:
    assert country_of(text) == country


def test_a_company_name_is_not_a_country_filter(make_service: ServiceFactory) -> None:
    # "Korean Air" and "한국전력" name companies; the filter must not come from them
    answer = make_service().ask("names", "tester", "Korean Air suppliers")
    assert answer.agents == ["graph"] and answer.tickers[0] == "003490.KS"
    assert "companies only" not in answer.answer
    assert "Boeing" in answer.answer


def test_country_filter_keeps_only_that_country(make_service: ServiceFactory) -> None:
    service = make_service()
    kr = service.ask("country", "tester", "Which Korean companies supply Apple?")
    listed = [line for line in kr.answer.splitlines() if line.startswith("- ")]
    assert listed and all(".KS" in line or ".KQ" in line for line in listed), kr.answer
    us = service.ask("country2", "tester", "테슬라의 미국 경쟁사는?")
    listed = [line for line in us.answer.splitlines() if line.startswith("- ")]
    assert listed and not any(".KS" in line or ".KQ" in line for line in listed), us.answer
    assert "미국 상장 기업만" in us.answer


def test_no_company_of_that_country_says_so_and_lists_the_rest(
    make_service: ServiceFactory,
) -> None:
    answer = make_service().ask("none", "tester", "Korean competitors of Visa")
    assert "no Korean companies" in answer.answer
    assert "Mastercard" in answer.answer


def test_korean_answers_quote_korean_evidence(make_service: ServiceFactory) -> None:
    service = make_service()
    ko = service.ask("ko", "tester", "애플 공급사 알려줘")
    assert "TSMC가 애플의 A·M 시리즈 칩을 생산" in ko.answer
    assert "manufactures" not in ko.answer  # no English notes in a Korean answer
    en = service.ask("en", "tester", "Who supplies Apple?")
    assert "TSMC manufactures Apple's A- and M-series chips" in en.answer
    path = service.ask("ko-path", "tester", "삼성전자와 엔비디아는 어떤 관계야?")
    assert "삼성전자가 엔비디아에 GDDR 그래픽 메모리와 HBM을 공급" in path.answer
    exposure = service.ask("ko-exp", "tester", "엔비디아에 의존하는 회사는?")
    assert "엔비디아 GPU가 마이크로소프트 애저 AI 인프라를 구동" in exposure.answer
    assert "SK하이닉스가 엔비디아 가속기용 HBM의 주력 공급사" in exposure.answer  # upstream


def test_two_step_exposure_does_not_repeat_the_first_link(make_service: ServiceFactory) -> None:
    answer = make_service().ask("exp", "tester", "Who depends on SK hynix?").answer
    first_note = "SK hynix is the lead supplier of HBM memory for Nvidia accelerators"
    assert answer.count(first_note) == 1, answer
    assert "via NVIDIA Corporation (NVDA): Nvidia GPUs power Microsoft Azure" in answer


@pytest.mark.parametrize("question", [
    "What would happen to Korean battery makers if Tesla cut orders?",
    "테슬라가 주문을 줄이면 타격받는 한국 기업",
])
def test_a_demand_shock_lists_the_suppliers_of_that_country(
    make_service: ServiceFactory, question: str,
) -> None:
    answer = make_service().ask("demand", "tester", question)
    assert answer.agents == ["graph"] and answer.tickers[0] == "TSLA"
    assert "373220.KS" in answer.answer  # LG Energy Solution sells battery cells to Tesla
    listed = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert listed and all(".KS" in line or ".KQ" in line for line in listed)


def test_one_article_is_singular(make_service: ServiceFactory) -> None:
    from agents.templates import news

    data = {"items": [{"title": "t", "url": "https://x.example/1", "publisher": "P",
                       "published_at": "2026-11-20T07:00:00"}], "count": 1}
    assert "(1 article)" in news(data, "en", "Samsung Electronics (005930.KS)")
