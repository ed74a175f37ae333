"""One contract suite for every GraphStore adapter (embedded LadybugDB and Bolt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.symbols import SymbolDirectory
from kg.guard import UnsafeCypherError
from kg.queries import GraphQueries, UnknownCompanyError
from kg.store import GraphStore
from tests.kg import graph_data
from tests.kg.graph_data import Mention

EXPECTED_COUNTS = {
    "Company": 11, "Sector": 1, "Industry": 2, "Institution": 2, "Person": 1,
    "SUPPLIES": 6, "COMPETES_WITH": 3, "SUBSIDIARY_OF": 1, "IN_SECTOR": 4, "IN_INDUSTRY": 4,
    "HOLDS": 2, "OFFICER_OF": 1, "CO_MENTIONED": 4,
}


@pytest.fixture(scope="module")
def directory() -> SymbolDirectory:
    return SymbolDirectory.from_seed()


@pytest.fixture
def queries(store: GraphStore, directory: SymbolDirectory) -> GraphQueries:
    graph_data.build(store, directory)
    return GraphQueries(store=store, directory=directory)


def _co_mention(store: GraphStore, a: str, b: str) -> dict[str, object]:
    (row,) = store.co_mentions([(a, b)])
    return row


def test_build_writes_the_expected_graph(store: GraphStore, queries: GraphQueries) -> None:
    assert store.counts() == EXPECTED_COUNTS


def test_upserts_are_idempotent(store: GraphStore, directory: SymbolDirectory) -> None:
    graph_data.build(store, directory)
    first = store.counts()
    builder = graph_data.build(store, directory)
    assert store.counts() == first == EXPECTED_COUNTS
    assert "CO_MENTIONED" not in builder.counts.edges  # nothing new to count
    assert _co_mention(store, "005930.KS", "NVDA")["weight"] == 3

    later = datetime(2025, 6, 20, tzinfo=UTC)
    builder.add_co_mentions([Mention("k9", later, ("NVDA", "Samsung Electronics"))])
    row = _co_mention(store, "005930.KS", "NVDA")
    assert row["weight"] == 4
    assert (row["first_seen"], row["last_seen"]) == ("2025-06-01", "2025-06-20")
    assert row["articles"] == ["k1", "k3", "k2", "k9"]
    assert store.counts() == EXPECTED_COUNTS


def test_korean_and_english_names_resolve_to_one_node(
    store: GraphStore, queries: GraphQueries
) -> None:
    keys = {queries.resolve(t).key for t in
            ("삼성전자", "Samsung Electronics", "005930.KS", "005930", "삼성")}
    assert keys == {"005930.KS"}
    (node,) = store.find_company("삼성전자")
    assert (node.key, node.name_en, node.name_ko) == (
        "005930.KS", "Samsung Electronics", "삼성전자")
    assert [n.key for n in store.find_company("samsung electronics")] == ["005930.KS"]
    plain = GraphQueries(store=store)  # without the directory: the graph's own names
    assert plain.resolve("SK하이닉스").key == plain.resolve("sk hynix").key == "000660.KS"
    with pytest.raises(UnknownCompanyError):
        plain.resolve("Samsung")  # an alias only the directory knows


def test_relations_by_type_and_direction(queries: GraphQueries) -> None:
    suppliers = queries.relations("Apple", types=["SUPPLIES"], direction="in")
    assert {(r.other.key, r.direction) for r in suppliers} == {
        ("TSM", "in"), ("011070.KS", "in")}
    assert "TSMC manufactures Apple's A- and M-series chips" in {
        r.fact.evidence for r in suppliers}
    customers = queries.relations("TSMC", types=["SUPPLIES"], direction="out")
    assert sorted(r.other.key for r in customers) == ["AAPL", "NVDA"]
    assert all(r.fact.source == "curated" and r.fact.as_of == "2025-06-30" for r in customers)

    nvda = queries.relations("엔비디아")
    by_type = {(r.type, r.direction, r.other.key): r for r in nvda}
    holds = by_type[("HOLDS", "in", "Vanguard Group Inc")]
    assert holds.fact.props["percent"] == pytest.approx(8.9)
    assert holds.fact.as_of == "2025-03-31"
    officer = by_type[("OFFICER_OF", "in", "Jensen Huang")]
    assert officer.fact.props["title"] == "President and CEO"
    assert ("IN_INDUSTRY", "out", "Semiconductors") in by_type
    # symmetric relations are stored once, from the smaller ticker
    assert [k for k in by_type if k[0] == "COMPETES_WITH"] == [("COMPETES_WITH", "in", "AMD")]
    co = by_type[("CO_MENTIONED", "in", "005930.KS")]
    assert co.fact.props["weight"] == 3
    assert co.fact.sentence("ko") == "삼성전자 → 엔비디아: 뉴스 동시 언급"


def test_peers_put_competitors_before_industry_mates(queries: GraphQueries) -> None:
    peers = queries.peers("NVDA")
    assert [p.company.key for p in peers] == ["AMD", "000660.KS"]
    assert set(peers[0].reasons) == {"competitor", "industry:Semiconductors"}
    assert peers[1].reasons == ("industry:Semiconductors",)
    assert peers[0].facts[0].evidence == "Both sell GPUs"


def test_path_explains_each_edge(queries: GraphQueries) -> None:
    path = queries.path("삼성전자", "Nvidia")
    assert path is not None and not path.includes_news
    assert [n.key for n in path.nodes] == ["005930.KS", "000660.KS", "NVDA"]
    assert [(f.type, f.src.key, f.dst.key) for f in path.facts] == [
        ("COMPETES_WITH", "000660.KS", "005930.KS"), ("SUPPLIES", "000660.KS", "NVDA"),
    ]
    assert path.explain()[1] == (
        "SK hynix supplies NVIDIA Corporation (HBM memory for Nvidia accelerators)"
    )

    far = queries.path("Samsung Electronics", "Microsoft")
    assert far is not None
    assert [n.key for n in far.nodes] == ["005930.KS", "000660.KS", "NVDA", "MSFT"]
    assert queries.path("Samsung Electronics", "Microsoft", max_hops=2) is None


def test_path_falls_back_to_news_co_mentions(queries: GraphQueries) -> None:
    assert queries.path("TSLA", "AAPL", include_news=False) is None
    via_news = queries.path("TSLA", "AAPL")
    assert via_news is not None and via_news.includes_news
    assert [n.key for n in via_news.nodes] == ["TSLA", "MSFT", "NVDA", "AAPL"]
    assert [f.type for f in via_news.facts] == ["CO_MENTIONED", "SUPPLIES", "CO_MENTIONED"]
    four = queries.path("LG Energy Solution", "AAPL")
    assert four is not None and four.hops == 4
    assert queries.path("LG Energy Solution", "AAPL", max_hops=3) is None
    assert queries.path("LG Electronics", "LG Energy Solution") is None  # six hops away
    assert queries.path("AAPL", "Apple") is None


def test_exposure_follows_supply_and_ownership(queries: GraphQueries) -> None:
    exposed = queries.exposure("TSMC")
    assert [(e.company.key, e.hops) for e in exposed] == [("AAPL", 1), ("NVDA", 1), ("MSFT", 2)]
    msft = exposed[2].path
    assert [n.key for n in msft.nodes] == ["TSM", "NVDA", "MSFT"]
    assert [f.evidence for f in msft.facts] == ["TSMC fabricates Nvidia GPUs", "GPUs for Azure"]
    us_only = queries.exposure("SK하이닉스", country="US")
    assert [(e.company.key, e.hops) for e in us_only] == [("NVDA", 1), ("MSFT", 2)]
    assert [e.company.key for e in queries.exposure("TSMC", max_hops=1)] == ["AAPL", "NVDA"]
    parent = queries.exposure("LG Innotek")
    assert [(e.company.key, e.hops) for e in parent] == [("066570.KS", 1), ("AAPL", 1)]


def test_subgraph_is_bounded_and_consistent(queries: GraphQueries) -> None:
    small = queries.subgraph("NVDA", max_nodes=6)
    assert small.truncated and len(small.nodes) == 6
    assert small.nodes[0].id == small.center == "Company:NVDA"
    ids = {n.id for n in small.nodes}
    assert {"Company:TSM", "Company:000660.KS", "Company:MSFT", "Company:AMD"} <= ids
    assert all(e.src in ids and e.dst in ids for e in small.edges)

    full = queries.subgraph("NVDA", max_nodes=100)
    assert not full.truncated
    assert {n.id for n in full.nodes} == {
        "Company:NVDA", "Company:TSM", "Company:000660.KS", "Company:MSFT", "Company:AMD",
        "Company:005930.KS", "Company:AAPL", "Company:011070.KS", "Company:TSLA",
        "Sector:Technology", "Industry:Semiconductors", "Institution:Vanguard Group Inc",
        "Institution:FMR LLC", "Person:Jensen Huang",
    }
    hops = {n.id: n.hop for n in full.nodes}
    assert hops["Company:011070.KS"] == 2 and hops["Company:TSM"] == 1
    edge_keys = {(e.src, e.type, e.dst) for e in full.edges}
    assert ("Company:000660.KS", "SUPPLIES", "Company:NVDA") in edge_keys
    assert ("Company:011070.KS", "SUPPLIES", "Company:AAPL") in edge_keys
    assert len(edge_keys) == len(full.edges)


def test_free_form_cypher_is_guarded_and_capped(
    queries: GraphQueries, store: GraphStore
) -> None:
    rows = queries.cypher("MATCH (c:Company) RETURN c.ticker AS t ORDER BY t", max_rows=3)
    assert [r["t"] for r in rows] == ["000660.KS", "005930.KS", "011070.KS"]
    rows = queries.cypher(
        "MATCH (c:Company {ticker: $t}) RETURN c AS node", {"t": "AAPL"}, max_rows=5
    )
    assert rows[0]["node"]["name_ko"] == "애플"
    with pytest.raises(UnsafeCypherError):
        queries.cypher("MATCH (c:Company) DETACH DELETE c RETURN count(*)")
    assert store.counts()["Company"] == EXPECTED_COUNTS["Company"]
