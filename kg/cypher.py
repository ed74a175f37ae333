"""All Cypher of the graph, as named constants with $parameters.

Statements every engine accepts are shared; where Neo4j 5, FalkorDB (over Bolt) and
LadybugDB differ (schema DDL, shortest paths, type/label functions, casts) each dialect has
its own constant, gathered in a `Dialect` the adapters choose by construction. Nothing
outside the adapters knows which dialect runs. Labels and relationship types are fixed
identifiers written into the text; values always travel as parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kg.schema import NodeLabel, RelType

# --- writes: nodes (shared) ---------------------------------------------------------------

MERGE_COMPANIES = """
UNWIND $rows AS row
MERGE (c:Company {ticker: row.ticker})
SET c.name_en = coalesce(row.name_en, c.name_en),
    c.name_ko = coalesce(row.name_ko, c.name_ko),
    c.exchange = coalesce(row.exchange, c.exchange),
    c.country = coalesce(row.country, c.country)
"""
MERGE_SECTORS = "UNWIND $rows AS row MERGE (n:Sector {name: row.name})"
MERGE_INDUSTRIES = """
UNWIND $rows AS row
MERGE (n:Industry {name: row.name})
SET n.sector = coalesce(row.sector, n.sector)
"""
MERGE_INSTITUTIONS = "UNWIND $rows AS row MERGE (n:Institution {name: row.name})"
MERGE_PERSONS = "UNWIND $rows AS row MERGE (n:Person {name: row.name})"

MERGE_NODES: Mapping[NodeLabel, str] = {
    "Company": MERGE_COMPANIES,
    "Sector": MERGE_SECTORS,
    "Industry": MERGE_INDUSTRIES,
    "Institution": MERGE_INSTITUTIONS,
    "Person": MERGE_PERSONS,
}

# --- writes: edges (shared unless noted) --------------------------------------------------
# Endpoints are matched in two MATCH clauses: a comma pattern makes LadybugDB join the two
# lookups (about 8x slower on a 500-row batch).

MERGE_IN_SECTOR = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Sector {name: row.dst})
MERGE (a)-[e:IN_SECTOR]->(b)
SET e.source = row.source, e.as_of = row.as_of
"""
MERGE_IN_INDUSTRY = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Industry {name: row.dst})
MERGE (a)-[e:IN_INDUSTRY]->(b)
SET e.source = row.source, e.as_of = row.as_of
"""
MERGE_COMPETES_WITH = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:COMPETES_WITH]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence
"""
MERGE_SUPPLIES = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:SUPPLIES]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence
"""
MERGE_SUBSIDIARY_OF = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:SUBSIDIARY_OF]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence
"""
MERGE_PARTNERS_WITH = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:PARTNERS_WITH]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence
"""
MERGE_HOLDS = """
UNWIND $rows AS row
MATCH (a:Institution {name: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:HOLDS]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.percent = row.percent
"""
# LadybugDB infers a STRING column when every percent in a batch is null: cast it.
LADYBUG_MERGE_HOLDS = """
UNWIND $rows AS row
MATCH (a:Institution {name: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:HOLDS]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.percent = CAST(row.percent AS DOUBLE)
"""
MERGE_OFFICER_OF = """
UNWIND $rows AS row
MATCH (a:Person {name: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:OFFICER_OF]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.title = row.title
"""
MERGE_CO_MENTIONED = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:CO_MENTIONED]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.weight = row.weight,
    e.first_seen = row.first_seen, e.last_seen = row.last_seen, e.articles = row.articles
"""

# --- reads (shared; LadybugDB has its own get_companies / industry_peers) -----------

READ_CO_MENTIONS = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})-[e:CO_MENTIONED]->(b:Company {ticker: row.dst})
RETURN a.ticker AS src, b.ticker AS dst, e.weight AS weight, e.first_seen AS first_seen,
       e.last_seen AS last_seen, e.articles AS articles
"""
GET_COMPANIES = "UNWIND $tickers AS t MATCH (c:Company {ticker: t}) RETURN c AS node"
INDUSTRY_PEERS = """
MATCH (c:Company {ticker: $ticker})-[:IN_INDUSTRY]->(i:Industry)<-[r:IN_INDUSTRY]-(o:Company)
WHERE o.ticker <> $ticker
RETURN o AS src, r AS rel, i AS dst
LIMIT 500
"""
CLEAR = "MATCH (n) DETACH DELETE n"

# --- per dialect -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dialect:
    """The statements that differ between engines. Read statements return the columns
    named in their docstring in kg.store (src/rel/dst, nodes/rels, node, label/type + n)."""

    name: str
    #: (label, statement) pairs; a statement is skipped when `schema_probe` lists its label.
    schema: tuple[tuple[str, str], ...]
    merge_holds: str
    edges_out: str
    edges_in: str
    shortest_path: str
    shortest_path_with_news: str
    exposure_two_hops: str
    ring_out: str
    ring_in: str
    find_company: str
    get_companies: str
    industry_peers: str
    count_nodes: str
    count_edges: str
    #: Lists the labels that already have their index (engines without IF NOT EXISTS).
    schema_probe: str | None = None

    def merge_edges(self, rel: RelType) -> str:
        return self.merge_holds if rel == "HOLDS" else MERGE_EDGES[rel]


MERGE_EDGES: Mapping[RelType, str] = {
    "IN_SECTOR": MERGE_IN_SECTOR,
    "IN_INDUSTRY": MERGE_IN_INDUSTRY,
    "COMPETES_WITH": MERGE_COMPETES_WITH,
    "SUPPLIES": MERGE_SUPPLIES,
    "SUBSIDIARY_OF": MERGE_SUBSIDIARY_OF,
    "PARTNERS_WITH": MERGE_PARTNERS_WITH,
    "HOLDS": MERGE_HOLDS,
    "OFFICER_OF": MERGE_OFFICER_OF,
    "CO_MENTIONED": MERGE_CO_MENTIONED,
}

# Row caps are literals (1000 edges, 250 second-ring edges a direction, 2000 exposure
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
LIMIT 250
"""
BOLT_RING_IN = """
MATCH (c:Company {ticker: $ticker})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]-(n:Company)
      <-[r:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED]-(o:Company)
WHERE o.ticker <> $ticker
RETURN o AS src, r AS rel, n AS dst
LIMIT 250
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
FALKORDB = Dialect(
    name="falkordb",
    schema=FALKOR_SCHEMA,
    merge_holds=MERGE_HOLDS,
    edges_out=BOLT_EDGES_OUT,
    edges_in=BOLT_EDGES_IN,
    shortest_path=FALKOR_SHORTEST_PATH,
    shortest_path_with_news=FALKOR_SHORTEST_PATH_WITH_NEWS,
    exposure_two_hops=BOLT_EXPOSURE_TWO_HOPS,
    ring_out=BOLT_RING_OUT,
    ring_in=BOLT_RING_IN,
    find_company=BOLT_FIND_COMPANY,
    get_companies=GET_COMPANIES,
    industry_peers=INDUSTRY_PEERS,
    count_nodes=BOLT_COUNT_NODES,
    count_edges=BOLT_COUNT_EDGES,
    schema_probe=FALKOR_SCHEMA_PROBE,
)
