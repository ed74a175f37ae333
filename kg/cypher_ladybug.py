"""The LadybugDB (Kuzu dialect) statements: typed-table DDL, `* SHORTEST` paths, `label()`.

Kept next to kg/cypher.py (the shared statements) so that file stays readable.
"""

from __future__ import annotations

from dataclasses import replace

from kg.cypher import LADYBUG_MERGE_HOLDS, Dialect

_EDGE = "source STRING, as_of STRING"
_CURATED = f"{_EDGE}, evidence STRING, evidence_ko STRING"

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
# Graph files made before `evidence_ko` existed get the column on the next schema check.
_UPGRADES = tuple(f"ALTER TABLE {rel} ADD IF NOT EXISTS evidence_ko STRING"
                  for rel in ("COMPETES_WITH", "SUPPLIES", "SUBSIDIARY_OF", "PARTNERS_WITH"))
LADYBUG_SCHEMA = tuple(
    ("", statement) for statement in (*_NODE_TABLES, *_REL_TABLES, *_UPGRADES))

# Results are projected into small maps: materialising whole node and relationship values
# costs the Python binding several times more than the query itself.
_ANY_NODE = (
    "{{label: label({v}), key: coalesce({v}.ticker, {v}.name), name_en: {v}.name_en, "
    "name_ko: {v}.name_ko, country: {v}.country}}"
)
_COMPANY = "{{label: label({v}), id: id({v}), key: {v}.ticker, name_en: {v}.name_en, " \
    "name_ko: {v}.name_ko, country: {v}.country}}"
_ANY_REL = (
    "{label: label(r), source: r.source, as_of: r.as_of, evidence: r.evidence, "
    "evidence_ko: r.evidence_ko, percent: r.percent, title: r.title, weight: r.weight, "
    "first_seen: r.first_seen, last_seen: r.last_seen, articles: r.articles}"
)
_CURATED_REL = "{label: label(r), src: r._src, source: r.source, as_of: r.as_of, " \
    "evidence: r.evidence, evidence_ko: r.evidence_ko}"
_LINK_REL = "{label: label(r), src: r._src, source: r.source, as_of: r.as_of, " \
    "evidence: r.evidence, evidence_ko: r.evidence_ko, weight: r.weight}"

LADYBUG_EDGES_OUT = f"""
MATCH (c:Company {{ticker: $ticker}})-[r]->(o)
WHERE label(r) IN $types
RETURN {_COMPANY.format(v="c")} AS src, {_ANY_REL} AS rel, {_ANY_NODE.format(v="o")} AS dst
LIMIT 1000
"""
LADYBUG_EDGES_IN = f"""
MATCH (c:Company {{ticker: $ticker}})<-[r]-(o)
WHERE label(r) IN $types
RETURN {_ANY_NODE.format(v="o")} AS src, {_ANY_REL} AS rel, {_COMPANY.format(v="c")} AS dst
LIMIT 1000
"""
_PAIR_REL = ("{{label: label({v}), source: {v}.source, as_of: {v}.as_of, "
             "evidence: {v}.evidence, evidence_ko: {v}.evidence_ko}}")
_RING_REL = ("{label: label(r), source: r.source, as_of: r.as_of, evidence: r.evidence, "
             "evidence_ko: r.evidence_ko, weight: r.weight}")
_LINKS = "SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED"
LADYBUG_EXPOSURE_TWO_HOPS = f"""
MATCH (x:Company {{ticker: $ticker}})-[r1:SUPPLIES|SUBSIDIARY_OF]->(m:Company)
      -[r2:SUPPLIES|SUBSIDIARY_OF]->(y:Company)
WHERE y.ticker <> $ticker
RETURN {_COMPANY.format(v="x")} AS a, {_PAIR_REL.format(v="r1")} AS r1,
       {_COMPANY.format(v="m")} AS m, {_PAIR_REL.format(v="r2")} AS r2,
       {_COMPANY.format(v="y")} AS b
LIMIT 2000
"""
LADYBUG_RING_OUT = f"""
MATCH (c:Company {{ticker: $ticker}})-[:{_LINKS}]-(n:Company)-[r:{_LINKS}]->(o:Company)
WHERE o.ticker <> $ticker
RETURN {_COMPANY.format(v="n")} AS src, {_RING_REL} AS rel, {_COMPANY.format(v="o")} AS dst
LIMIT 120
"""
LADYBUG_RING_IN = f"""
MATCH (c:Company {{ticker: $ticker}})-[:{_LINKS}]-(n:Company)<-[r:{_LINKS}]-(o:Company)
WHERE o.ticker <> $ticker
RETURN {_COMPANY.format(v="o")} AS src, {_RING_REL} AS rel, {_COMPANY.format(v="n")} AS dst
LIMIT 120
"""


def _path_return(rel: str) -> str:
    return (f"RETURN list_transform(nodes(p), n -> {_COMPANY.format(v='n')}) AS nodes, "
            f"list_transform(rels(p), r -> {rel}) AS rels")


LADYBUG_SHORTEST_PATH = f"""
MATCH p = (a:Company {{ticker: $src}})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH* SHORTEST 1..4]-
      (b:Company {{ticker: $dst}})
{_path_return(_CURATED_REL)}
LIMIT 1
"""
LADYBUG_SHORTEST_PATH_WITH_NEWS = f"""
MATCH p = (a:Company {{ticker: $src}})
      -[:SUPPLIES|COMPETES_WITH|SUBSIDIARY_OF|PARTNERS_WITH|CO_MENTIONED* SHORTEST 1..4]-
      (b:Company {{ticker: $dst}})
{_path_return(_LINK_REL)}
LIMIT 1
"""
LADYBUG_FIND_COMPANY = f"""
MATCH (c:Company)
WHERE lower(c.ticker) = $text OR lower(c.name_en) = $text OR lower(c.name_ko) = $text
RETURN {_COMPANY.format(v="c")} AS node
LIMIT 5
"""
LADYBUG_GET_COMPANIES = f"""
UNWIND $tickers AS t MATCH (c:Company {{ticker: t}}) RETURN {_COMPANY.format(v="c")} AS node
"""
LADYBUG_INDUSTRY_PEERS = f"""
MATCH (c:Company {{ticker: $ticker}})-[:IN_INDUSTRY]->(i:Industry)<-[r:IN_INDUSTRY]-(o:Company)
WHERE o.ticker <> $ticker
RETURN {_COMPANY.format(v="o")} AS src,
       {{label: label(r), source: r.source, as_of: r.as_of}} AS rel,
       {{label: label(i), key: i.name}} AS dst
LIMIT 500
"""
LADYBUG_COUNT_NODES = "MATCH (n) RETURN label(n) AS label, count(*) AS n"
LADYBUG_COUNT_EDGES = "MATCH ()-[r]->() RETURN label(r) AS label, count(*) AS n"

def _before_evidence_ko(statement: str) -> str:
    return statement.replace(", evidence_ko: r.evidence_ko", "").replace(
        ", evidence_ko: r1.evidence_ko", "").replace(", evidence_ko: r2.evidence_ko", "")


LADYBUG = Dialect(
    name="ladybug",
    schema=LADYBUG_SCHEMA,
    merge_holds=LADYBUG_MERGE_HOLDS,
    edges_out=LADYBUG_EDGES_OUT,
    edges_in=LADYBUG_EDGES_IN,
    shortest_path=LADYBUG_SHORTEST_PATH,
    shortest_path_with_news=LADYBUG_SHORTEST_PATH_WITH_NEWS,
    exposure_two_hops=LADYBUG_EXPOSURE_TWO_HOPS,
    ring_out=LADYBUG_RING_OUT,
    ring_in=LADYBUG_RING_IN,
    find_company=LADYBUG_FIND_COMPANY,
    get_companies=LADYBUG_GET_COMPANIES,
    industry_peers=LADYBUG_INDUSTRY_PEERS,
    count_nodes=LADYBUG_COUNT_NODES,
    count_edges=LADYBUG_COUNT_EDGES,
)
LADYBUG_BEFORE_EVIDENCE_KO = replace(
    LADYBUG, name="ladybug-before-evidence_ko",
    edges_out=_before_evidence_ko(LADYBUG_EDGES_OUT),
    edges_in=_before_evidence_ko(LADYBUG_EDGES_IN),
    shortest_path=_before_evidence_ko(LADYBUG_SHORTEST_PATH),
    shortest_path_with_news=_before_evidence_ko(LADYBUG_SHORTEST_PATH_WITH_NEWS),
    exposure_two_hops=_before_evidence_ko(LADYBUG_EXPOSURE_TWO_HOPS),
    ring_out=_before_evidence_ko(LADYBUG_RING_OUT),
    ring_in=_before_evidence_ko(LADYBUG_RING_IN),
)
LADYBUG = replace(LADYBUG, legacy=LADYBUG_BEFORE_EVIDENCE_KO)
