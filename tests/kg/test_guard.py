"""The free-form Cypher guard: reads pass with a row cap, everything else is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.guard import FORBIDDEN, UnsafeCypherError, guard_cypher
from kg.ladybug_store import LadybugGraphStore


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MATCH (c:Company) RETURN c.ticker", "MATCH (c:Company) RETURN c.ticker LIMIT 50"),
        ("MATCH (c:Company) RETURN c LIMIT 10", "MATCH (c:Company) RETURN c LIMIT 10"),
        ("MATCH (c:Company) RETURN c LIMIT 5000;", "MATCH (c:Company) RETURN c LIMIT 50"),
        ("match (c) return c skip 5 limit 70", "match (c) return c skip 5 limit 50"),
        # keywords inside strings and backtick names are data, not clauses
        ("MATCH (c:Company) WHERE c.name_en = 'CREATE; DELETE' RETURN c",
         "MATCH (c:Company) WHERE c.name_en = 'CREATE; DELETE' RETURN c LIMIT 50"),
        ("MATCH (c:`Set`) RETURN c.set AS s", "MATCH (c:`Set`) RETURN c.set AS s LIMIT 50"),
        ("MATCH (a)-[r:SUPPLIES]->(b) WITH a, count(r) AS n RETURN a.ticker, n ORDER BY n DESC",
         "MATCH (a)-[r:SUPPLIES]->(b) WITH a, count(r) AS n RETURN a.ticker, n ORDER BY n DESC"
         " LIMIT 50"),
        ("MATCH (c) WHERE EXISTS { MATCH (c)-[:SUPPLIES]->() RETURN 1 LIMIT 1 } RETURN c",
         "MATCH (c) WHERE EXISTS { MATCH (c)-[:SUPPLIES]->() RETURN 1 LIMIT 1 } RETURN c"
         " LIMIT 50"),
        ("CALL db.labels() YIELD label RETURN label", "CALL db.labels() YIELD label RETURN label"
         " LIMIT 50"),
        ("RETURN date.truncate('month', date()) AS d",
         "RETURN date.truncate('month', date()) AS d LIMIT 50"),
        ("MATCH (c) WHERE c.name_ko = \"삼성전자\" RETURN c",
         "MATCH (c) WHERE c.name_ko = \"삼성전자\" RETURN c LIMIT 50"),
    ],
)
def test_read_queries_pass_with_a_row_cap(query: str, expected: str) -> None:
    assert guard_cypher(query, max_rows=50) == expected


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (c:Company {ticker: 'X'}) RETURN c",
        "MATCH (c:Company) DETACH DELETE c",
        "MATCH (c:Company) SET c.name_en = 'x' RETURN c",
        "MATCH (c:Company) REMOVE c.name_en RETURN c",
        "MERGE (c:Company {ticker: 'X'}) RETURN c",
        "DROP INDEX company_ticker",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "MATCH (c) FOREACH (x IN [1] | CREATE (:Evil)) RETURN c",
        "MATCH (c) RETURN c; MATCH (d) DETACH DELETE d",
        "MATCH (c) RETURN c;;DROP DATABASE neo4j",
        "MATCH (c) RETURN c // harmless?\nDETACH DELETE c",
        "MATCH (c) /* DELETE */ RETURN c",
        "MATCH (c) RETURN c /* ; CREATE (:X) */",
        "MATCH (c) WHERE c.x = 'unterminated RETURN c",
        "MATCH (c) WHERE c.x = 'a\\' DETACH DELETE c //' RETURN c",
        "CALL dbms.security.createUser('x', 'y', false)",
        "CALL db.index.fulltext.createNodeIndex('x', ['A'], ['b'])",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {}) YIELD batches RETURN 1",
        "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) DETACH DELETE n RETURN 1', {})",
        "CALL { MATCH (n) DETACH DELETE n } RETURN 1",
        "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS RETURN 1",
        "USING PERIODIC COMMIT LOAD CSV FROM 'x' AS l CREATE (:X)",
        "USE system SHOW USERS",
        "SHOW DATABASES",
        "GRANT ROLE admin TO alice",
        "MATCH (c) RETURN c UNION MATCH (d) RETURN d",
        "COPY Company FROM '/tmp/evil.csv'",
        "COPY (MATCH (c) RETURN c) TO '/tmp/out.csv'",
        "INSTALL httpfs",
        "BEGIN TRANSACTION",
        "MATCH (c) RETURN c LIMIT $n",
        "MATCH (c) RETURN c LIMIT 10 + 1",
        "MATCH (c) WHERE c.x = 1",
        "WITH 1 AS x CREATE (:Evil)",
        "MATCH (c) RETURN c)",
        "MATCH (c) RETURN c\x00",
        "",
        "   ;  ",
        "DeTaCh DeLeTe",
        "MATCH (c) RETURN c, ZZZ.hidden(c)",
        "MATCH (n) RETURN n" + " " * 4000,
    ],
)
def test_write_and_tricky_queries_are_refused(query: str) -> None:
    with pytest.raises(UnsafeCypherError):
        guard_cypher(query)


def test_max_rows_must_be_positive() -> None:
    with pytest.raises(ValueError):
        guard_cypher("MATCH (c) RETURN c", max_rows=0)


def test_read_only_transaction_is_a_second_line_of_defence(tmp_path: Path) -> None:
    store = LadybugGraphStore(path=tmp_path / "g.lbug", buffer_pool_size=64 * 1024 * 1024)
    try:
        store.ensure_schema()
        with pytest.raises(RuntimeError, match="read-only"):
            store.read_only("CREATE (:Company {ticker: 'X'})")
        assert store.counts() == {}
        store.upsert_nodes("Company", [{"ticker": "A", "name_en": "A Corp", "name_ko": "에이"}])
        assert store.read_only("MATCH (c:Company) RETURN c.name_ko AS n") == [{"n": "에이"}]
    finally:
        store.close()


_TEXT = st.text(alphabet=st.characters(blacklist_characters="'\\", blacklist_categories=("Cc",)),
                max_size=40)


@settings(max_examples=200, deadline=None)
@given(inside=_TEXT, keyword=st.sampled_from(sorted(FORBIDDEN)))
def test_string_contents_never_change_the_verdict(inside: str, keyword: str) -> None:
    # whatever a literal holds (keywords, semicolons, comment markers, Korean) it stays data
    literal = f"'{inside} {keyword} ; // /*'"
    query = f"MATCH (c:Company) WHERE c.name_en = {literal} RETURN c"
    assert guard_cypher(query, max_rows=7) == f"{query} LIMIT 7"
    # and the same keyword outside the literal is refused, in any letter case
    with pytest.raises(UnsafeCypherError):
        guard_cypher(f"MATCH (c:Company) WHERE c.name_en = {literal} "
                     f"{keyword.lower()} c RETURN c")
