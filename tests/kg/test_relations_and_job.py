"""The shipped relations file and the `graph` collection job on the embedded store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from app.records import CompanyProfile
from app.symbols import SymbolDirectory
from kg.job import run_graph_job
from kg.ladybug_store import LadybugGraphStore
from kg.queries import GraphQueries
from kg.relations import RelationsFileError, load_relations, parse_relations
from tests.kg import graph_data

HEADER = "src,relation,dst,evidence,as_of\n"


@pytest.fixture(scope="module")
def directory() -> SymbolDirectory:
    return SymbolDirectory.from_seed()


def test_shipped_relations_are_valid_and_cover_korea_us_links(
    directory: SymbolDirectory,
) -> None:
    relations = load_relations()
    assert len(relations) >= 150
    by_type = Counter(r.type for r in relations)
    assert min(by_type[t] for t in ("SUPPLIES", "COMPETES_WITH", "SUBSIDIARY_OF",
                                    "PARTNERS_WITH")) >= 10
    assert all(len(r.evidence) >= 20 for r in relations)
    unknown = sorted({t for r in relations for t in (r.src, r.dst) if directory.get(t) is None})
    assert unknown == []
    korean = (".KS", ".KQ")
    cross = [r for r in relations if r.src.endswith(korean) != r.dst.endswith(korean)]
    assert len(cross) >= 40
    keys = {(r.src, r.type, r.dst) for r in relations}
    assert {("TSM", "SUPPLIES", "AAPL"), ("005930.KS", "COMPETES_WITH", "000660.KS"),
            ("000660.KS", "SUPPLIES", "NVDA"), ("373220.KS", "SUPPLIES", "TSLA")} <= keys


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("a,b,c,d,e\n", "header"),
        (HEADER + "AAPL,OWNS,MSFT,x,2025-01-01\n", "relation 'OWNS'"),
        (HEADER + "AAPL,SUPPLIES,AAPL,x,2025-01-01\n", "two different tickers"),
        (HEADER + "AAPL,SUPPLIES,MSFT,,2025-01-01\n", "evidence"),
        (HEADER + "AAPL,SUPPLIES,MSFT,x,last year\n", "ISO date"),
        (HEADER + "AAPL,COMPETES_WITH,MSFT,x,2025-01-01\nMSFT,COMPETES_WITH,AAPL,y,2025-01-01\n",
         "duplicate"),
    ],
)
def test_bad_relation_rows_are_reported(body: str, problem: str) -> None:
    with pytest.raises(RelationsFileError, match=problem):
        parse_relations(body.splitlines(keepends=True))


@pytest.fixture
def store(tmp_path: pytest.TempPathFactory) -> Iterator[LadybugGraphStore]:
    graph = LadybugGraphStore(path=f"{tmp_path}/graph.lbug", buffer_pool_size=64 * 1024 * 1024)
    try:
        yield graph
    finally:
        graph.close()


def test_job_builds_then_updates_incrementally(
    store: LadybugGraphStore, directory: SymbolDirectory
) -> None:
    first = run_graph_job(store=store, directory=directory, profiles=graph_data.profiles(),
                          news_mentions=graph_data.mentions(), as_of=graph_data.AS_OF)
    assert first.status == "success", first.errors
    assert first.counts["Company"] == len(directory.companies())
    assert first.counts["relations"] == len(load_relations())
    assert first.counts["profiles"] == 4 and first.counts["mentions"] == 4
    assert first.skipped == ["profile ZZZZ.KS: not in the directory"]
    assert first.latest_article is not None and first.latest_article.day == 4

    again = run_graph_job(store=store, directory=directory, profiles=graph_data.profiles(),
                          news_mentions=graph_data.mentions(), as_of=graph_data.AS_OF)
    totals = {k: v for k, v in first.counts.items() if not k.startswith("written_")}
    assert {k: v for k, v in again.counts.items() if not k.startswith("written_")} == {
        **totals, "co_mentioned_pairs": 0}
    assert "written_CO_MENTIONED" not in again.counts

    exposed = GraphQueries(store=store, directory=directory).exposure("TSMC", country="KR")
    assert [(e.company.key, [n.key for n in e.path.nodes]) for e in exposed] == [
        ("005930.KS", ["TSM", "QCOM", "005930.KS"])]  # Galaxy phones run on Snapdragon
    hit = GraphQueries(store=store, directory=directory).exposure("SK hynix")
    assert "NVDA" in {e.company.key for e in hit}


def test_a_failing_step_makes_the_run_partial(
    store: LadybugGraphStore, directory: SymbolDirectory
) -> None:
    def broken_profiles() -> Iterator[CompanyProfile]:
        yield from graph_data.profiles()[:1]
        raise ConnectionError("profile source went away")

    result = run_graph_job(store=store, directory=directory, profiles=broken_profiles(),
                           news_mentions=graph_data.mentions(),
                           relations=graph_data.relations())
    assert result.status == "partial"
    assert result.errors == ["profiles: profile source went away"]
    assert result.counts["relations"] == 10 and result.counts["co_mentioned_pairs"] == 4
