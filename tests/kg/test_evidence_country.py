"""Korean evidence notes on curated edges, and the country filter of relations, peers and
exposure (both adapters through the `store` fixture; the upgrade of an old embedded file)."""

from __future__ import annotations

from pathlib import Path

import ladybug
import pytest

from app.symbols import SymbolDirectory
from kg.cypher_ladybug import LADYBUG_SCHEMA
from kg.ladybug_store import LadybugGraphStore
from kg.queries import GraphQueries
from kg.relations import RelationsFileError, load_relations, parse_relations
from kg.store import GraphStore
from tests.kg import graph_data


@pytest.fixture(scope="module")
def directory() -> SymbolDirectory:
    return SymbolDirectory.from_seed()


@pytest.fixture
def queries(store: GraphStore, directory: SymbolDirectory) -> GraphQueries:
    graph_data.build(store, directory)
    return GraphQueries(store=store, directory=directory)


def test_korean_notes_travel_on_edges_and_fall_back_to_english(queries: GraphQueries) -> None:
    customers = {r.other.key: r.fact for r in
                 queries.relations("TSMC", types=["SUPPLIES"], direction="out")}
    assert customers["AAPL"].evidence_ko == "TSMC가 애플의 A·M 시리즈 칩을 생산"
    assert customers["AAPL"].note("ko") == "TSMC가 애플의 A·M 시리즈 칩을 생산"
    assert customers["AAPL"].note("en") == "TSMC manufactures Apple's A- and M-series chips"
    assert customers["NVDA"].evidence_ko is None  # an empty cell stores no Korean note
    assert customers["NVDA"].note("ko") == "TSMC fabricates Nvidia GPUs"
    path = queries.path("삼성전자", "Nvidia")
    assert path is not None
    assert path.explain("ko") == ["SK하이닉스 → 삼성전자: 경쟁 (D램 양대 제조사)",
                                  "SK하이닉스 → 엔비디아: 공급 (엔비디아 가속기용 HBM 메모리)"]
    (exposed,) = [e for e in queries.exposure("LG Innotek") if e.company.key == "066570.KS"]
    assert exposed.path.facts[0].evidence_ko == "LG전자가 LG이노텍 지분 약 40%를 보유"
    sub = queries.subgraph("NVDA")
    assert "두 회사 모두 GPU를 판매" in {e.evidence_ko for e in sub.edges}


def test_country_filters_relations_peers_and_exposure(queries: GraphQueries) -> None:
    suppliers = queries.relations("Apple", types=["SUPPLIES"], direction="in", country="KR")
    assert [r.other.key for r in suppliers] == ["011070.KS"]
    us = queries.relations("Apple", types=["SUPPLIES"], direction="in", country="US")
    assert [r.other.key for r in us] == ["TSM"]
    assert [p.company.key for p in queries.peers("삼성전자", country="US")] == ["AAPL"]
    assert [p.company.key for p in queries.peers("삼성전자", country="KR")] == ["000660.KS"]
    assert [e.company.key for e in queries.exposure("LG Innotek", country="KR")] == [
        "066570.KS"]
    assert [e.company.key for e in queries.exposure("LG Innotek", country="US")] == ["AAPL"]
    assert queries.exposure("TSMC", country="KR") == []


def test_shipped_relations_have_korean_notes_with_the_same_figures() -> None:
    import re

    relations = load_relations()
    assert all(r.evidence_ko for r in relations)
    assert all(re.search(r"[\uac00-\ud7a3]", r.evidence_ko) for r in relations)
    # the same facts: every figure of the English note is in the Korean one
    # ("about a third" is written "약 3분의 1")
    for r in relations:
        missing = set(re.findall(r"\d+", r.evidence)) - set(re.findall(r"\d+", r.evidence_ko))
        assert not missing, (r.key, missing)


def test_five_column_files_still_load_and_bad_headers_are_named() -> None:
    rows = parse_relations(["src,relation,dst,evidence,as_of\n",
                            "AAPL,SUPPLIES,MSFT,x,2025-01-01\n"])
    assert rows[0].evidence_ko == ""
    with pytest.raises(RelationsFileError, match="evidence_ko"):
        parse_relations(["src,relation,dst,evidence,as_of,notes\n"])


def test_an_embedded_graph_from_before_korean_notes_is_upgraded(
    tmp_path: Path, directory: SymbolDirectory,
) -> None:
    path = tmp_path / "old.lbug"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Company(ticker STRING PRIMARY KEY, name_en STRING, "
                 "name_ko STRING, exchange STRING, country STRING)")
    conn.execute("CREATE REL TABLE SUPPLIES(FROM Company TO Company, source STRING, "
                 "as_of STRING, evidence STRING)")
    conn.close()
    db.close()
    store = LadybugGraphStore(path=path)
    try:
        store.ensure_schema()
        graph_data.build(store, directory)
        queries = GraphQueries(store=store, directory=directory)
        facts = {r.other.key: r.fact for r in
                 queries.relations("TSM", types=["SUPPLIES"], direction="out")}
        assert facts["AAPL"].evidence_ko == "TSMC가 애플의 A·M 시리즈 칩을 생산"
    finally:
        store.close()


def test_a_read_only_view_of_an_old_graph_file_still_answers(
    tmp_path: Path, directory: SymbolDirectory,
) -> None:
    """The chat reads through a read-only store that cannot add the column: until the next
    graph run upgrades the file, reads fall back to the statements without evidence_ko."""
    path = tmp_path / "old.lbug"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for _, statement in LADYBUG_SCHEMA:  # the schema as it was before evidence_ko
        if not statement.startswith("ALTER"):
            conn.execute(statement.replace(", evidence_ko STRING", ""))
    conn.execute("CREATE (:Company {ticker: 'TSM', name_en: 'TSMC', country: 'US'})")
    conn.execute("CREATE (:Company {ticker: 'AAPL', name_en: 'Apple', country: 'US'})")
    conn.execute("MATCH (a:Company {ticker: 'TSM'}), (b:Company {ticker: 'AAPL'}) "
                 "CREATE (a)-[:SUPPLIES {source: 'curated', as_of: '2025-06-30', "
                 "evidence: 'chips'}]->(b)")
    conn.close()
    db.close()
    store = LadybugGraphStore(path=path, read_only=True)
    try:
        queries = GraphQueries(store=store, directory=directory)
        (fact,) = [r.fact for r in queries.relations("TSM", types=["SUPPLIES"])]
        assert (fact.evidence, fact.evidence_ko, fact.note("ko")) == ("chips", None, "chips")
        assert [e.company.key for e in queries.exposure("TSM")] == ["AAPL"]
        path_found = queries.path("TSM", "AAPL")
        assert path_found is not None and path_found.hops == 1
    finally:
        store.close()
