"""The Neo4j 5 and FalkorDB (Bolt) statements: constraint / index DDL, shortest paths,
`type()` / `labels()`. Kept next to kg/cypher.py (the shared statements) so both stay short.
"""

from __future__ import annotations

from dataclasses import replace

from kg.cypher import GET_COMPANIES, INDUSTRY_PEERS, MERGE_HOLDS, Dialect

# Row caps are literals (1000 edges, 120 second-ring edges a direction, 2000 exposure
# walks): a parameterised LIMIT makes LadybugDB plans several times slower. Callers trim.

# Bolt dialects (Neo4j 5 and FalkorDB) share the read statements below.
BOLT_EDGES_OUT = """
MATCH (c:Company {ticker: $ticker})-[r]->(o)
WHERE type(r) IN $types
RETURN c AS src, r AS rel, o AS dst
LIMIT 1000
"""
BOLT_EDGES_IN = """
MATCH (c:Company {ticker: $ticker})<-[r]-(o)
WHERE type(r) IN $types
RETURN o AS src, r AS rel, c AS dst
LIMIT 1000
"""
# Second hop of exposure: x -> m -> y along SUPPLIES (customer of a customer) and
# SUBSIDIARY_OF (parent of a parent); the first hop is an `edges_out` read.
BOLT_EXPOSURE_TWO_HOPS = """
MATCH (x:Company {ticker: $ticker})-[r1:SUPPLIES|SUBSIDIARY_OF]->(m:Company)
      -[r2:SUPPLIES|SUBSIDIARY_OF]->(y:Company)
WHERE y.ticker <> $ticker
RETURN x AS a, r1, m, r2, y AS b
LIMIT 2000
"""
# Second ring around a company: edges from its direct company neighbours to the next ones.
BOLT_RING_OUT = """
MATCH (c:Company {ticker: $ticker})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]-(n:Company)
      -[r:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]->(o:Company)
WHERE o.ticker <> $ticker
RETURN n AS src, r AS rel, o AS dst
LIMIT 120
"""
BOLT_RING_IN = """
MATCH (c:Company {ticker: $ticker})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]-(n:Company)
      <-[r:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]-(o:Company)
WHERE o.ticker <> $ticker
RETURN o AS src, r AS rel, n AS dst
LIMIT 120
"""
BOLT_FIND_COMPANY = """
MATCH (c:Company)
WHERE toLower(c.ticker) = $text OR toLower(c.name_en) = $text OR toLower(c.name_ko) = $text
RETURN c AS node
LIMIT 5
"""
BOLT_COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n"
BOLT_COUNT_EDGES = "MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n"

NEO4J_SHORTEST_PATH = """
MATCH (a:Company {ticker: $src}), (b:Company {ticker: $dst})
MATCH p = shortestPath((a)-[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH*..4]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
"""
NEO4J_SHORTEST_PATH_WITH_NEWS = """
MATCH (a:Company {ticker: $src}), (b:Company {ticker: $dst})
MATCH p = shortestPath(
  (a)-[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED*..4]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
"""
NEO4J_SCHEMA = (
    ("Company", "CREATE CONSTRAINT company_ticker IF NOT EXISTS "
     "FOR (n:Company) REQUIRE n.ticker IS UNIQUE"),
    ("Sector", "CREATE CONSTRAINT sector_name IF NOT EXISTS "
     "FOR (n:Sector) REQUIRE n.name IS UNIQUE"),
    ("Industry", "CREATE CONSTRAINT industry_name IF NOT EXISTS "
     "FOR (n:Industry) REQUIRE n.name IS UNIQUE"),
    ("Institution", "CREATE CONSTRAINT institution_name IF NOT EXISTS "
     "FOR (n:Institution) REQUIRE n.name IS UNIQUE"),
    ("Person", "CREATE CONSTRAINT person_name IF NOT EXISTS "
     "FOR (n:Person) REQUIRE n.name IS UNIQUE"),
)

# FalkorDB: no constraint DDL over Bolt, shortestPath() only in RETURN/WITH and directed,
# so the undirected shortest path takes the shortest of the (bounded) variable-length paths.
FALKOR_SHORTEST_PATH = """
MATCH p = (a:Company {ticker: $src})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH*1..4]-(b:Company {ticker: $dst})
WITH p, length(p) AS hops
RETURN nodes(p) AS nodes, relationships(p) AS rels
ORDER BY hops
LIMIT 1
"""
FALKOR_SHORTEST_PATH_WITH_NEWS = """
MATCH p = (a:Company {ticker: $src})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED*1..4]-
      (b:Company {ticker: $dst})
WITH p, length(p) AS hops
RETURN nodes(p) AS nodes, relationships(p) AS rels
ORDER BY hops
LIMIT 1
"""
FALKOR_SCHEMA = (
    ("Company", "CREATE INDEX ON :Company(ticker)"),
    ("Sector", "CREATE INDEX ON :Sector(name)"),
    ("Industry", "CREATE INDEX ON :Industry(name)"),
    ("Institution", "CREATE INDEX ON :Institution(name)"),
    ("Person", "CREATE INDEX ON :Person(name)"),
)
FALKOR_SCHEMA_PROBE = "CALL db.indexes() YIELD label RETURN label"

NEO4J = Dialect(
    name="neo4j",
    schema=NEO4J_SCHEMA,
    merge_holds=MERGE_HOLDS,
    edges_out=BOLT_EDGES_OUT,
    edges_in=BOLT_EDGES_IN,
    shortest_path=NEO4J_SHORTEST_PATH,
    shortest_path_with_news=NEO4J_SHORTEST_PATH_WITH_NEWS,
    exposure_two_hops=BOLT_EXPOSURE_TWO_HOPS,
    ring_out=BOLT_RING_OUT,
    ring_in=BOLT_RING_IN,
    find_company=BOLT_FIND_COMPANY,
    get_companies=GET_COMPANIES,
    industry_peers=INDUSTRY_PEERS,
    count_nodes=BOLT_COUNT_NODES,
    count_edges=BOLT_COUNT_EDGES,
)
# FalkorDB runs the Neo4j statements except its schema DDL and shortest paths.
FALKORDB = replace(
    NEO4J,
    name="falkordb",
    schema=FALKOR_SCHEMA,
    shortest_path=FALKOR_SHORTEST_PATH,
    shortest_path_with_news=FALKOR_SHORTEST_PATH_WITH_NEWS,
    schema_probe=FALKOR_SCHEMA_PROBE,
)
