"""The LadybugDB (Kuzu dialect) statements: typed-table DDL, `* SHORTEST` paths, `label()`.

Kept next to kg/cypher.py (the shared statements) so that file stays readable.
"""

from __future__ import annotations

from kg.cypher import LADYBUG_MERGE_HOLDS, Dialect

_EDGE = "source STRING, as_of STRING"
_CURATED = f"{_EDGE}, evidence STRING"

_NODE_TABLES = (
    "CREATE NODE TABLE IF NOT EXISTS Company(ticker STRING PRIMARY KEY, name_en STRING, "
    "name_ko STRING, exchange STRING, country STRING)",
    "CREATE NODE TABLE IF NOT EXISTS Sector(name STRING PRIMARY KEY)",
    "CREATE NODE TABLE IF NOT EXISTS Industry(name STRING PRIMARY KEY, sector STRING)",
    "CREATE NODE TABLE IF NOT EXISTS Institution(name STRING PRIMARY KEY)",
    "CREATE NODE TABLE IF NOT EXISTS Person(name STRING PRIMARY KEY)",
)
_REL_TABLES = (
    f"CREATE REL TABLE IF NOT EXISTS IN_SECTOR(FROM Company TO Sector, {_EDGE})",
    f"CREATE REL TABLE IF NOT EXISTS IN_INDUSTRY(FROM Company TO Industry, {_EDGE})",
    f"CREATE REL TABLE IF NOT EXISTS COMPETES_WITH(FROM Company TO Company, {_CURATED})",
    f"CREATE REL TABLE IF NOT EXISTS SUPPLIES(FROM Company TO Company, {_CURATED})",
    f"CREATE REL TABLE IF NOT EXISTS SUBSIDIARY_OF(FROM Company TO Company, {_CURATED})",
    f"CREATE REL TABLE IF NOT EXISTS PARTNERS_WITH(FROM Company TO Company, {_CURATED})",
    f"CREATE REL TABLE IF NOT EXISTS HOLDS(FROM Institution TO Company, {_EDGE}, percent DOUBLE)",
    f"CREATE REL TABLE IF NOT EXISTS OFFICER_OF(FROM Person TO Company, {_EDGE}, title STRING)",
    f"CREATE REL TABLE IF NOT EXISTS CO_MENTIONED(FROM Company TO Company, {_EDGE}, "
    "weight INT64, first_seen STRING, last_seen STRING, articles STRING[])",
)
LADYBUG_SCHEMA = tuple(("", statement) for statement in (*_NODE_TABLES, *_REL_TABLES))

LADYBUG_EDGES_OUT = """
MATCH (c:Company {ticker: $ticker})-[r]->(o)
WHERE label(r) IN $types
RETURN c AS src, r AS rel, o AS dst
LIMIT $limit
"""
LADYBUG_EDGES_IN = """
MATCH (c:Company {ticker: $ticker})<-[r]-(o)
WHERE label(r) IN $types
RETURN o AS src, r AS rel, c AS dst
LIMIT $limit
"""
LADYBUG_SHORTEST_PATH = """
MATCH p = (a:Company {ticker: $src})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH* SHORTEST 1..4]-
      (b:Company {ticker: $dst})
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT 1
"""
LADYBUG_SHORTEST_PATH_WITH_NEWS = """
MATCH p = (a:Company {ticker: $src})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED* SHORTEST 1..4]-
      (b:Company {ticker: $dst})
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT 1
"""
LADYBUG_EXPOSURE = """
MATCH p = (x:Company {ticker: $ticker})-[:SUPPLIES|SUBSIDIARY_OF*1..2]->(y:Company)
WHERE y.ticker <> $ticker
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT $limit
"""
LADYBUG_NEIGHBOURHOOD = """
MATCH p = (c:Company {ticker: $ticker})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED*1..2]-(o:Company)
WHERE o.ticker <> $ticker
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT $limit
"""
LADYBUG_FIND_COMPANY = """
MATCH (c:Company)
WHERE lower(c.ticker) = $text OR lower(c.name_en) = $text OR lower(c.name_ko) = $text
RETURN c AS node
LIMIT 5
"""
LADYBUG_COUNT_NODES = "MATCH (n) RETURN label(n) AS label, count(*) AS n"
LADYBUG_COUNT_EDGES = "MATCH ()-[r]->() RETURN label(r) AS label, count(*) AS n"

LADYBUG = Dialect(
    name="ladybug",
    schema=LADYBUG_SCHEMA,
    merge_holds=LADYBUG_MERGE_HOLDS,
    edges_out=LADYBUG_EDGES_OUT,
    edges_in=LADYBUG_EDGES_IN,
    shortest_path=LADYBUG_SHORTEST_PATH,
    shortest_path_with_news=LADYBUG_SHORTEST_PATH_WITH_NEWS,
    exposure=LADYBUG_EXPOSURE,
    neighbourhood=LADYBUG_NEIGHBOURHOOD,
    find_company=LADYBUG_FIND_COMPANY,
    count_nodes=LADYBUG_COUNT_NODES,
    count_edges=LADYBUG_COUNT_EDGES,
)
