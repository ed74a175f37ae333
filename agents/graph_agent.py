"""The graph agent: company relations through kg.queries (competitors and industry peers,
suppliers, customers, partners, connection paths up to 4 hops, 2-hop exposure, overview)."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.ports import GraphReader
from agents.state import Agent, AgentResult, AgentTask
from app.chat_types import Artifact, Citation
from kg.results import CompanyPath, Fact, NodeRef, Subgraph
from kg.schema import RelType

LIMIT = 12
MAX_HOPS = 2  # exposure: customers, their customers, parents
OVERVIEW_TYPES: tuple[RelType, ...] = (
    "COMPETES_WITH", "SUPPLIES", "SUBSIDIARY_OF", "PARTNERS_WITH", "CO_MENTIONED")
RELATION_QUERIES: dict[str, tuple[tuple[RelType, ...], str]] = {
    "suppliers": (("SUPPLIES",), "in"),
    "customers": (("SUPPLIES",), "out"),
    "partners": (("PARTNERS_WITH",), "both"),
    "ownership": (("SUBSIDIARY_OF",), "both"),
    "overview": (OVERVIEW_TYPES, "both"),
}
ROLES = {("SUPPLIES", "in"): "supplier", ("SUPPLIES", "out"): "customer",
         ("SUBSIDIARY_OF", "out"): "parent", ("SUBSIDIARY_OF", "in"): "subsidiary"}
TYPE_ROLES = {"COMPETES_WITH": "competitor", "PARTNERS_WITH": "partner",
              "CO_MENTIONED": "co_mentioned"}


def _ref(ref: NodeRef) -> dict[str, Any]:
    return {"key": ref.key, "label": ref.label, "name_en": ref.name_en, "name_ko": ref.name_ko,
            "ticker": ref.key if ref.label == "Company" else None}


def _fact(fact: Fact) -> dict[str, Any]:
    return {"type": fact.type, "from": fact.src.key, "to": fact.dst.key,
            "evidence": fact.evidence, "evidence_ko": fact.evidence_ko, "source": fact.source,
            "as_of": fact.as_of}


def _path(path: CompanyPath) -> dict[str, Any]:
    return {"nodes": [_ref(n) for n in path.nodes], "links": [_fact(f) for f in path.facts],
            "hops": path.hops, "includes_news": path.includes_news}


def build_graph_agent(*, graph: GraphReader) -> Agent:
    def related(ticker: str, relation: str, country: str | None
                ) -> tuple[list[dict[str, Any]], list[Fact]]:
        if relation in ("competitors", "peers"):
            peers = graph.peers(ticker, limit=LIMIT, country=country)
            items = [{**_ref(p.company), "role": "competitor" if "competitor" in p.reasons
                      else "peer", "relation": "COMPETES_WITH" if "competitor" in p.reasons
                      else "IN_INDUSTRY",
                      "industry": next((r.split(":", 1)[1] for r in p.reasons
                                        if r.startswith("industry:")), None),
                      "evidence": p.facts[0].evidence if p.facts else None,
                      "evidence_ko": p.facts[0].evidence_ko if p.facts else None,
                      "as_of": p.facts[0].as_of if p.facts else None} for p in peers]
            return items, [f for p in peers for f in p.facts]
        types, direction = RELATION_QUERIES[relation]
        rels = graph.relations(ticker, types=types, direction=direction,  # type: ignore[arg-type]
                               limit=LIMIT * 3, country=country)
        items, seen = [], set()
        for r in rels:
            role = ROLES.get((r.type, r.direction)) or TYPE_ROLES.get(r.type, r.type.lower())
            if (r.other.key, role) in seen or r.other.key == ticker:
                continue
            seen.add((r.other.key, role))
            items.append({**_ref(r.other), "role": role, "relation": r.type,
                          "evidence": r.fact.evidence, "evidence_ko": r.fact.evidence_ko,
                          "as_of": r.fact.as_of,
                          "weight": r.fact.props.get("weight")})
        return items[:LIMIT], [r.fact for r in rels]

    def run(task: AgentTask) -> AgentResult:
        from kg.queries import UnknownCompanyError

        relation = str(task.params.get("relation") or "overview")
        tickers = list(task.tickers)
        if not tickers:
            return AgentResult(agent="graph", action=relation, error="no_ticker")
        country = task.params.get("country") if relation != "path" else None
        data: dict[str, Any] = {"relation": relation, "ticker": tickers[0], "items": [],
                                "country": country}
        facts: list[Fact] = []

        def exposure(only: str | None) -> list[Fact]:
            """Downstream (customers, their customers, parents) and upstream (suppliers,
            who sell to the company): a supply shock and a demand shock travel differently."""
            exposures = graph.exposure(tickers[0], max_hops=MAX_HOPS, limit=LIMIT, country=only)
            data["max_hops"] = MAX_HOPS
            data["exposures"] = [{**_ref(e.company), "hops": e.hops, "path": _path(e.path)}
                                 for e in exposures]
            data["items"], upstream = related(tickers[0], "suppliers", only)
            return [f for e in exposures for f in e.path.facts] + upstream

        try:
            if relation == "path" and len(tickers) >= 2:
                found = graph.path(tickers[0], tickers[1])
                data["target"] = tickers[1]
                data["path"] = _path(found) if found else None
                facts = list(found.facts) if found else []
            elif relation == "exposure":
                facts = exposure(country)
                if country and not data["exposures"] and not data["items"]:
                    data["country_missing"] = True  # none of that country: show the others
                    facts = exposure(None)
            else:
                data["items"], facts = related(tickers[0], relation, country)
                if country and not data["items"]:
                    data["country_missing"] = True
                    data["items"], facts = related(tickers[0], relation, None)
            sub = graph.subgraph(tickers[0], max_nodes=25) if relation == "overview" else None
        except UnknownCompanyError:
            return AgentResult(agent="graph", action=relation, tickers=tuple(tickers),
                               data=data, error="not_in_graph")
        related_tickers = [i["ticker"] for i in data["items"] if i.get("ticker")]
        related_tickers += [e["ticker"] for e in data.get("exposures", []) if e["ticker"]]
        data["related_tickers"] = [t for t in dict.fromkeys(related_tickers) if t != tickers[0]]
        data["count"] = (len(data["items"]) or len(data.get("exposures", []))
                         or int(bool(data.get("path"))))
        dates = [f.as_of[:10] for f in facts if f.as_of]
        citations = tuple(dict.fromkeys(
            Citation(title=f.sentence(task.language), url=f.evidence or "") for f in facts
            if (f.evidence or "").startswith("http")))
        if not data["count"]:
            return AgentResult(agent="graph", action=relation, tickers=tuple(tickers),
                               data=data, error="no_data")
        return AgentResult(
            agent="graph", action=relation, tickers=tuple(tickers), data=data,
            citations=citations, as_of=date.fromisoformat(max(dates)) if dates else None,
            artifacts=(_artifact(tickers[0], facts, sub, task.language),),
        )

    return Agent(id="graph", run=run)


def _artifact(center: str, facts: list[Fact], sub: Subgraph | None, language: str) -> Artifact:
    title = "기업 관계" if language == "ko" else "Company relations"
    if sub is not None:
        return Artifact(kind="graph", title=title, data={
            "center": sub.center,
            "nodes": [{"id": n.id, "label": n.label, "name_en": n.name_en, "name_ko": n.name_ko,
                       "hop": n.hop} for n in sub.nodes],
            "edges": [{"source": e.src, "target": e.dst, "type": e.type, "label_en": e.label_en,
                       "label_ko": e.label_ko, "evidence": e.evidence,
                       "evidence_ko": e.evidence_ko} for e in sub.edges]})
    nodes: dict[str, dict[str, Any]] = {}
    for f in facts:
        for ref in (f.src, f.dst):
            nodes.setdefault(ref.key, {"id": ref.key, "label": ref.label,
                                       "name_en": ref.name_en, "name_ko": ref.name_ko})
    edges = [{"source": f.src.key, "target": f.dst.key, "type": f.type,
              "evidence": f.evidence, "evidence_ko": f.evidence_ko} for f in facts]
    return Artifact(kind="graph", title=title,
                    data={"center": center, "nodes": list(nodes.values()), "edges": edges})
