"""All Cypher of the graph, as named constants with $parameters.

Statements every engine accepts are shared; where Neo4j 5, FalkorDB (over Bolt) and
LadybugDB differ (schema DDL, shortest paths, type/label functions, casts) each dialect has
its own constant, gathered in a `Dialect` the adapters choose by construction (the Bolt
dialects in kg/cypher_bolt.py, LadybugDB's in kg/cypher_ladybug.py). Nothing outside the
adapters knows which dialect runs. Labels and relationship types are fixed
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
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence,
    e.evidence_ko = row.evidence_ko
"""
MERGE_SUPPLIES = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:SUPPLIES]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence,
    e.evidence_ko = row.evidence_ko
"""
MERGE_SUBSIDIARY_OF = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:SUBSIDIARY_OF]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence,
    e.evidence_ko = row.evidence_ko
"""
MERGE_PARTNERS_WITH = """
UNWIND $rows AS row
MATCH (a:Company {ticker: row.src})
MATCH (b:Company {ticker: row.dst})
MERGE (a)-[e:PARTNERS_WITH]->(b)
SET e.source = row.source, e.as_of = row.as_of, e.evidence = row.evidence,
    e.evidence_ko = row.evidence_ko
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
    #: The same reads for a graph file made before `evidence_ko` (a read-only view cannot add
    #: the column; the next graph run does).
    legacy: Dialect | None = None

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
