"""The questions the graph agent and the UI ask, answered with kg.results dataclasses.

Companies can be named by ticker, code or English/Korean name: the symbol directory resolves
them first, then the graph's own names, so every spelling lands on the same node.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kg.builder import CompanyDirectory
from kg.guard import guard_cypher
from kg.results import (
    VERBS,
    CompanyPath,
    Exposure,
    Fact,
    GraphEdge,
    GraphNode,
    NodeRef,
    Peer,
    Relation,
    Subgraph,
)
from kg.schema import CURATED_TYPES, REL_TYPES, Direction, Edge, Node, Path, RelType
from kg.store import GraphStore

MAX_PATH_HOPS = 4


class UnknownCompanyError(LookupError):
    def __init__(self, text: str) -> None:
        super().__init__(f"no company in the graph matches {text!r}")
        self.text = text


def _path(path: Path, *, includes_news: bool = False) -> CompanyPath:
    return CompanyPath(
        nodes=tuple(NodeRef.of(n) for n in path.nodes),
        facts=tuple(Fact.of(e) for e in path.edges),
        includes_news=includes_news,
    )


def _in_country(node: Node, country: str) -> bool:
    return node.label == "Company" and node.props.get("country") == country


def _node_id(node: Node) -> str:
    return f"{node.label}:{node.key}"


class GraphQueries:
    """Read-only queries over a GraphStore; `directory` is optional (names in the graph
    are used when it is absent or does not know the text)."""

    def __init__(self, *, store: GraphStore, directory: CompanyDirectory | None = None) -> None:
        self._store = store
        self._directory = directory

    def resolve(self, company: str) -> NodeRef:
        """The Company node for a ticker, code or English / Korean name."""
        return NodeRef.of(self._company(company))

    def _company(self, company: str) -> Node:
        candidates: list[str] = []
        if self._directory is not None:
            found = self._directory.get(company) or self._directory.resolve(company).company
            if found is not None:
                candidates.append(found.ticker)
        nodes = self._store.companies(candidates) if candidates else []
        if not nodes:
            nodes = self._store.find_company(company)
        if not nodes:
            raise UnknownCompanyError(company)
        return nodes[0]

    def relations(
        self,
        company: str,
        *,
        types: Sequence[RelType] | None = None,
        direction: Direction = "both",
        limit: int = 100,
        country: str | None = None,
    ) -> list[Relation]:
        """Edges of a company by type and direction (`out`: the company is the source, e.g.
        SUPPLIES out = its customers, SUPPLIES in = its suppliers); `country` keeps only
        edges whose other end is a company of that country ("KR", "US")."""
        ref = self.resolve(company)
        edges = self._store.edges(
            ref.key, types=list(types or REL_TYPES), direction=direction,
            limit=limit if country is None else max(limit, 1000),
        )
        if country is not None:
            edges = [e for e in edges if _in_country(e.other(ref.key), country)]
        out = [self._relation(ref, edge) for edge in edges[:limit]]
        order = {t: i for i, t in enumerate(REL_TYPES)}
        out.sort(key=lambda r: (order[r.type], -float(r.fact.props.get("weight") or 0),
                                r.other.key))
        return out

    @staticmethod
    def _relation(ref: NodeRef, edge: Edge) -> Relation:
        is_src = edge.src.label == "Company" and edge.src.key == ref.key
        other = edge.dst if is_src else edge.src
        return Relation(
            company=ref, direction="out" if is_src else "in", other=NodeRef.of(other),
            fact=Fact.of(edge),
        )

    def peers(self, company: str, *, limit: int = 20, country: str | None = None) -> list[Peer]:
        """Competitors (curated) first, then companies sharing the industry (of `country`
        only, when given)."""
        ref = self.resolve(company)
        reasons: dict[str, list[str]] = {}
        facts: dict[str, list[Fact]] = {}
        refs: dict[str, NodeRef] = {}
        countries: dict[str, Any] = {}
        for edge in self._store.edges(ref.key, types=["COMPETES_WITH"], limit=200):
            other = edge.other(ref.key)
            refs[other.key] = NodeRef.of(other)
            countries[other.key] = other.props.get("country")
            reasons.setdefault(other.key, []).append("competitor")
            facts.setdefault(other.key, []).append(Fact.of(edge))
        for edge in self._store.industry_peers(ref.key, limit=200):
            refs.setdefault(edge.src.key, NodeRef.of(edge.src))
            countries.setdefault(edge.src.key, edge.src.props.get("country"))
            reasons.setdefault(edge.src.key, []).append(f"industry:{edge.dst.key}")
        if country is not None:
            refs = {k: r for k, r in refs.items() if countries.get(k) == country}
        ranked = sorted(
            refs, key=lambda k: ("competitor" not in reasons[k], -len(reasons[k]), k)
        )
        return [
            Peer(company=refs[k], reasons=tuple(reasons[k]), facts=tuple(facts.get(k, ())))
            for k in ranked[:limit]
        ]

    def path(
        self, a: str, b: str, *, max_hops: int = MAX_PATH_HOPS, include_news: bool = True
    ) -> CompanyPath | None:
        """Shortest chain of curated relations (then, if none, also news co-mentions)
        between two companies, at most `max_hops` (<= 4) edges."""
        src, dst = self.resolve(a), self.resolve(b)
        if src.key == dst.key:
            return None
        found = self._store.shortest_path(src.key, dst.key)
        news = False
        if found is None and include_news:
            found, news = self._store.shortest_path(src.key, dst.key, include_news=True), True
        if found is None or found.hops > min(max_hops, MAX_PATH_HOPS):
            return None
        return _path(found, includes_news=news)

    def exposure(
        self, company: str, *, max_hops: int = 2, country: str | None = None, limit: int = 50
    ) -> list[Exposure]:
        """Companies that depend on `company`: its customers (SUPPLIES), their customers,
        and parents of a subsidiary, within `max_hops` (<= 2), nearest first."""
        ref = self.resolve(company)
        best: dict[str, Path] = {}
        for path in self._store.exposure_paths(ref.key, limit=2000):
            end = path.nodes[-1]
            if path.hops > max_hops or end.key == ref.key:
                continue
            if country and not _in_country(end, country):
                continue
            if end.key not in best or path.hops < best[end.key].hops:
                best[end.key] = path
        ranked = sorted(best.items(), key=lambda item: (item[1].hops, item[0]))
        return [
            Exposure(company=NodeRef.of(p.nodes[-1]), hops=p.hops, path=_path(p))
            for _, p in ranked[:limit]
        ]

    def subgraph(self, company: str, *, max_nodes: int = 40) -> Subgraph:
        """The company, its direct neighbours (curated relations first) and second-ring
        companies, at most `max_nodes` nodes, with every edge among them."""
        center = self._company(company)
        ref = NodeRef.of(center)
        first = self._store.edges(ref.key, types=REL_TYPES, limit=max_nodes * 4)
        first.sort(key=lambda e: (e.type not in CURATED_TYPES, e.type == "CO_MENTIONED"))
        second = self._store.second_ring(ref.key, limit=max_nodes * 8)
        nodes: dict[str, GraphNode] = {}
        truncated = False
        for hop, node in [(0, center), *((1, e.other(ref.key)) for e in first),
                          *((2, n) for e in second for n in (e.src, e.dst))]:
            if _node_id(node) in nodes:
                continue
            if len(nodes) >= max_nodes:
                truncated = True
                break
            nodes[_node_id(node)] = GraphNode(
                id=_node_id(node), label=node.label, name_en=node.name_en,
                name_ko=node.name_ko, hop=hop,
            )
        edges: dict[tuple[str, str, str], GraphEdge] = {}
        for edge in [*first, *second]:
            s, d = _node_id(edge.src), _node_id(edge.dst)
            if s in nodes and d in nodes and (s, edge.type, d) not in edges:
                en, ko = VERBS[edge.type]
                weight = edge.props.get("weight", edge.props.get("percent"))
                edges[(s, edge.type, d)] = GraphEdge(
                    src=s, dst=d, type=edge.type, label_en=en, label_ko=ko,
                    evidence=edge.props.get("evidence"),
                    weight=float(weight) if weight is not None else None,
                    evidence_ko=edge.props.get("evidence_ko"),
                )
        return Subgraph(center=_node_id(center), nodes=tuple(nodes.values()),
                        edges=tuple(edges.values()), truncated=truncated)

    def cypher(
        self, text: str, params: Mapping[str, Any] | None = None, *, max_rows: int = 100
    ) -> list[dict[str, Any]]:
        """Free-form Cypher (e.g. from an LLM): only guarded read queries run."""
        return self._store.read_only(guard_cypher(text, max_rows=max_rows), params)
