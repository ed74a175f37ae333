"""The routing grader: correctness rules and the confusion / accuracy arithmetic."""

from __future__ import annotations

from app.evals.routing import GradedTurn, grade_turn, route_label, summarize
from app.evals.suites import Expect


def expect(agents: list[str], tickers: list[str] | None = None,
           also: list[str] = ()) -> Expect:  # type: ignore[assignment]
    return Expect(q="q", agents=frozenset(agents), also=frozenset(also),
                  tickers=tuple(tickers) if tickers is not None else None)


def test_route_label_is_ordered_and_names_the_empty_route() -> None:
    assert route_label(["news", "market"]) == "market+news"
    assert route_label(["graph", "prediction", "market"]) == "market+graph+prediction"
    assert route_label([]) == "none"


def test_exact_route_is_correct() -> None:
    g = grade_turn(expect(["market"], ["NVDA"]), agents=["market"], tickers=["NVDA"])
    assert g.route_ok and g.entity_ok and g.expected_route == g.got_route == "market"


def test_missing_and_extra_agents_are_wrong() -> None:
    missing = grade_turn(expect(["market", "news"]), agents=["market"], tickers=[])
    extra = grade_turn(expect(["news"]), agents=["market", "news"], tickers=[])
    assert not missing.route_ok and missing.missing_agents == ("news",)
    assert not extra.route_ok and extra.extra_agents == ("market",)


def test_also_agents_are_allowed_but_not_required() -> None:
    e = expect(["market", "news"], also=["graph"])
    assert grade_turn(e, agents=["market", "news", "graph"], tickers=[]).route_ok
    assert grade_turn(e, agents=["market", "news"], tickers=[]).route_ok
    assert not grade_turn(e, agents=["market", "graph"], tickers=[]).route_ok


def test_out_of_scope_expects_no_agents() -> None:
    assert grade_turn(expect([], []), agents=[], tickers=[]).route_ok
    wrong = grade_turn(expect([], []), agents=["market"], tickers=["AAPL"])
    assert not wrong.route_ok and wrong.entity_ok is False


def test_entities_compare_the_questions_companies_first() -> None:
    e = expect(["market", "graph"], ["TSLA"])
    # results may add companies after the question's own (competitors in a comparison)
    assert grade_turn(e, agents=["market", "graph"], tickers=["TSLA", "005380.KS"]).entity_ok
    swapped = grade_turn(e, agents=["market", "graph"], tickers=["GM", "TSLA"])
    assert swapped.entity_ok is False and swapped.extra_tickers == ("GM",)
    lost = grade_turn(expect(["market"], ["NVDA", "AMD"]), agents=["market"], tickers=["AMD"])
    assert lost.entity_ok is False and lost.missing_tickers == ("NVDA",)


def test_unlabelled_tickers_are_not_graded() -> None:
    assert grade_turn(expect(["market"], None), agents=["market"], tickers=["X"]).entity_ok is None


def _turn(lang: str, want: list[str], got: list[str], tickers_ok: bool = True) -> GradedTurn:
    e = expect(want, ["AAPL"])
    return GradedTurn(lang=lang, category="c", expect=e, agents=tuple(got),
                      grade=grade_turn(e, agents=got,
                                       tickers=["AAPL"] if tickers_ok else ["MSFT"]))


def test_summary_arithmetic() -> None:
    turns = [
        _turn("en", ["market"], ["market"]),
        _turn("en", ["market"], ["market", "news"]),
        _turn("ko", ["market"], ["market"], tickers_ok=False),
        _turn("ko", ["news"], ["news"]),
        _turn("ko", [], []),
    ]
    s = summarize(turns)
    assert (s.accuracy.correct, s.accuracy.total) == (4, 5)
    assert s.accuracy.value == 0.8
    assert (s.entity.correct, s.entity.total) == (4, 5)  # MSFT instead of AAPL
    assert (s.by_language["en"].correct, s.by_language["en"].total) == (1, 2)
    assert (s.by_language["ko"].correct, s.by_language["ko"].total) == (3, 3)
    assert (s.by_route["market"].correct, s.by_route["market"].total) == (2, 3)
    assert (s.by_route_language[("market", "en")].correct,
            s.by_route_language[("market", "en")].total) == (1, 2)
    assert s.confusion["market"] == {"market": 2, "market+news": 1}
    assert s.confusion["none"] == {"none": 1}
    assert s.confusion_by_language["ko"]["market"] == {"market": 1}
    market, news = s.agents["market"], s.agents["news"]
    assert (market.tp, market.fp, market.fn) == (3, 0, 0)
    assert (news.tp, news.fp, news.fn) == (1, 1, 0)
    assert news.precision == 0.5 and news.recall == 1.0
    assert s.agents["graph"].precision is None
