"""The groundedness grader on known-good and known-bad answers, against hand-made results
and a real SQLite store read with SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from app.chat_types import Answer, Artifact, Citation
from app.db.engine import make_engine, make_session_factory
from app.db.repositories import upsert_news, upsert_prices
from app.evals.fixtures import generate_bars
from app.evals.grounding import AllStores, GraphStoreFacts, SqlStoreFacts, grade_answer
from app.records import NewsItem, PriceBar

LAST = date(2026, 11, 20)


def answer(text: str, *, tickers: list[str] | None = None, artifacts: list[Artifact] = (),  # type: ignore[assignment]
           citations: list[Citation] = (), unverified: list[str] = (),  # type: ignore[assignment]
           language: str = "en") -> Answer:
    return Answer(answer=text, language=language, agents=["market"],  # type: ignore[arg-type]
                  tickers=tickers or ["NVDA"], citations=list(citations), as_of=LAST,
                  artifacts=list(artifacts), unverified_numbers=list(unverified))


CHART = Artifact(kind="price_chart", title="NVIDIA (NVDA)", data={
    "ticker": "NVDA", "currency": "USD",
    "rows": [{"date": "2026-11-19", "open": 180.0, "high": 190.0, "low": 179.5,
              "close": 189.71, "volume": 200_000_000},
             {"date": "2026-11-20", "open": 188.0, "high": 189.0, "low": 183.1,
              "close": 185.2, "volume": 212_345_678}]})
NEWS = Citation(title="Nvidia slides 2.4% as chip stocks cool", url="https://n.example/1",
                publisher="Wire", published_at=datetime(2026, 11, 20, 21, 0, tzinfo=UTC))


def test_known_good_answer_from_results_is_grounded() -> None:
    text = ("NVIDIA (NVDA) closed at $185.20 on 2026-11-20 after $189.71 the day before; "
            "volume 212,345,678 shares. [Nvidia slides 2.4% as chip stocks cool]"
            "(https://n.example/1) — Wire, 2026-11-20 21:00 UTC. 1 article.")
    grade = grade_answer(answer=answer(text, artifacts=[CHART], citations=[NEWS]),
                         question="NVDA price")
    assert grade.grounded, grade.untraced
    assert grade.count("results") >= 5


def test_invented_figures_are_caught() -> None:
    text = "NVIDIA closed at $185.20 and will reach $212.50 next week, up 14.7%."
    grade = grade_answer(answer=answer(text, artifacts=[CHART]), question="NVDA price")
    assert not grade.grounded
    assert grade.untraced == ["$212.50", "14.7%"]


def test_a_wrong_date_is_caught() -> None:
    grade = grade_answer(answer=answer("Closed at $185.20 on 2026-11-21.", artifacts=[CHART]),
                         question="q")
    assert grade.untraced == ["2026-11-21"]


def test_figures_from_the_question_are_traced_to_it() -> None:
    grade = grade_answer(answer=answer("Over the last 30 days NVDA closed at $185.20.",
                                       artifacts=[CHART]), question="NVDA over 30 days")
    assert grade.grounded and grade.count("question") == 1


def test_figures_flagged_by_the_product_make_the_answer_ungrounded() -> None:
    grade = grade_answer(answer=answer("Closed at $185.20.", artifacts=[CHART],
                                       unverified=["185.2"]), question="q")
    assert not grade.untraced and not grade.grounded


@pytest.fixture
def store(sqlite_url: str) -> Engine:
    engine = make_engine(sqlite_url)
    sessions = make_session_factory(engine)
    bars = generate_bars(["NVDA", "AMD"], last_day=LAST, days=300)
    bars.append(PriceBar(ticker="005930.KS", date=LAST, open=71_500, high=72_500, low=71_000,
                         close=72_000, volume=9_876_543, adj_close=72_000, source="t"))
    with sessions() as s:
        upsert_prices(session=s, bars=bars)
        upsert_news(session=s, items=[NewsItem(
            url="https://n.example/ko", title="삼성전자, 3.5% 상승 마감", language="ko",
            published_at=datetime(2026, 11, 20, 7, tzinfo=UTC), tickers=("005930.KS",))])
        s.commit()
    return engine


def _closes(engine: Engine, ticker: str) -> list[float]:
    sessions = make_session_factory(engine)
    from app.db.repositories import load_bars

    with sessions() as s:
        return [float(c) for c in load_bars(session=s, tickers=[ticker])["close"]]


def test_figures_derived_from_the_store_are_traced(store: Engine) -> None:
    closes = _closes(store, "NVDA")
    change = (closes[-1] / closes[-2] - 1) * 100
    month = (closes[-1] / closes[-22] - 1) * 100
    text = (f"NVDA closed at ${closes[-1]:,.2f}, {'up' if change > 0 else 'down'} "
            f"{abs(change):.2f}% from ${closes[-2]:,.2f}; over the past month "
            f"{month:+.2f}% (21 sessions). Data as of 2026-11-20.")
    grade = grade_answer(answer=answer(text), question="How is NVDA doing?",
                         store=SqlStoreFacts(engine=store))
    assert grade.grounded, grade.untraced
    assert grade.count("store") == 5 and grade.count("results") == 1  # the as-of date


def test_store_does_not_ground_near_misses(store: Engine) -> None:
    closes = _closes(store, "NVDA")
    change = (closes[-1] / closes[-2] - 1) * 100
    text = f"NVDA moved {abs(change) + 0.02:.2f}% to ${closes[-1] + 0.01:,.2f}."
    grade = grade_answer(answer=answer(text), question="q", store=SqlStoreFacts(engine=store))
    assert len(grade.untraced) == 2


def test_korean_formats_against_the_store(store: Engine) -> None:
    text = ("삼성전자(005930.KS)는 2026년 11월 20일 종가 7만 2,000원(₩72,000), 고가 72,500원, "
            "거래량 9,876,543주입니다. [삼성전자, 3.5% 상승 마감](https://n.example/ko)")
    ok = grade_answer(answer=answer(text, tickers=["005930.KS"], language="ko"), question="q",
                      store=SqlStoreFacts(engine=store))
    assert ok.grounded, ok.untraced
    bad = grade_answer(answer=answer("삼성전자 종가 7만 3,000원, 시가총액 430조",
                                     tickers=["005930.KS"], language="ko"),
                       question="q", store=SqlStoreFacts(engine=store))
    assert bad.untraced == ["7만 3,000", "430조"]


def test_comparison_gap_is_traced_to_both_tickers(store: Engine) -> None:
    a, b = _closes(store, "NVDA"), _closes(store, "AMD")
    ca = round((a[-1] / a[-22] - 1) * 100, 2)
    cb = round((b[-1] / b[-22] - 1) * 100, 2)
    text = f"NVDA {ca:+.2f}% vs AMD {cb:+.2f}%: a gap of {abs(ca - cb):.2f} percentage points"
    grade = grade_answer(answer=answer(text, tickers=["NVDA", "AMD"]), question="q",
                         store=SqlStoreFacts(engine=store))
    assert grade.grounded, grade.untraced


@dataclass
class FakeFact:
    as_of: str | None
    evidence: str | None = None
    props: dict[str, object] = field(default_factory=dict)


@dataclass
class FakeRelation:
    fact: FakeFact


class FakeGraph:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def relations(self, company: str, *, limit: int = 100) -> list[FakeRelation]:
        self.asked.append(company)
        if company != "NVDA":
            raise LookupError(company)
        return [FakeRelation(FakeFact("2025-06-30", "TSMC makes 90% of its GPUs",
                                      {"weight": 17}))]


def test_graph_store_facts(store: Engine) -> None:
    graph = FakeGraph()
    both = AllStores(SqlStoreFacts(engine=store), GraphStoreFacts(graph=graph))
    text = ("Relations checked as of 2025-06-30; in the news together 17 times; "
            "TSMC makes 90% of its GPUs.")
    grade = grade_answer(answer=answer(text, tickers=["NVDA", "XYZ"]), question="q",
                         store=both)
    assert grade.grounded, grade.untraced
    assert graph.asked == ["NVDA", "XYZ"]


def test_an_average_of_the_listed_moves_is_derived() -> None:
    table = Artifact(kind="table", title="peers", data={"rows": [
        ["AMD", 2.05], ["INTC", -2.47], ["000660.KS", -1.08], ["005930.KS", 0.42]]})
    text = ("Related companies over the same window:\n- AMD: +2.05%\n- INTC: -2.47%\n"
            "- SK hynix: -1.08%\n- Samsung: +0.42%\nOnly 2 of 4 moved the same way "
            "(average {avg}).")
    good = grade_answer(answer=answer(text.format(avg="-0.27%"), artifacts=[table]),
                        question="q")
    assert good.grounded and good.count("derived") == 1
    for wrong in ("+0.27%", "-0.31%"):
        bad = grade_answer(answer=answer(text.format(avg=wrong), artifacts=[table]),
                           question="q")
        assert bad.untraced == [wrong]


def test_a_percentage_of_a_fraction_in_the_results_is_traced() -> None:
    fan = Artifact(kind="forecast_fan", title="NVDA +5d", data={"p_up": 0.5512, "low": 170.1})
    ok = grade_answer(answer=answer("Chance of a rise 55%, low $170.10.", artifacts=[fan]),
                      question="q")
    assert ok.grounded, ok.untraced
    assert grade_answer(answer=answer("Chance of a rise 57%.", artifacts=[fan]),
                        question="q").untraced == ["57%"]


def test_forecast_track_record_is_traced_to_the_registry(store: Engine) -> None:
    from sqlalchemy import text

    with store.begin() as conn:
        conn.execute(text(
            "INSERT INTO forecast_models (id, version, horizon, created_at, train_start, "
            "train_end, n_train, tickers, members, params, artifact) VALUES (1, 'v1', 5, "
            "'2026-11-20 00:00:00', '2025-01-02', '2026-11-20', 400, '[]', '{}', '{}', 'a')"))
        conn.execute(text(
            "INSERT INTO forecast_evaluations (model_id, scope, model, metric, value, ci_low, "
            "ci_high, n) VALUES (1, 'pooled', 'hgb', 'coverage', 0.739, 0.71, 0.77, 295), "
            "(1, 'AAPL', 'hgb', 'coverage', 0.5, 0.4, 0.6, 1234)"))
    sql = SqlStoreFacts(engine=store)
    ok = grade_answer(answer=answer("In 295 past tests the ranges held 73.9% of the time."),
                      question="q", store=sql)
    assert ok.grounded, ok.untraced
    other = grade_answer(answer=answer("In 1,234 tests the ranges held 50.0% of the time."),
                         question="q", store=sql)  # another ticker's record is not NVDA's
    assert other.untraced == ["1,234", "50.0%"]
