"""GraphExplorerPort over the graph store's read queries (kg.store.GraphStore).

Only read methods are called (`neighbourhood_paths`, `edges`); the store itself is built by
the Container. Nodes and edges become the plain `graph` artifact shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ui.ports import GraphView

if TYPE_CHECKING:
    from kg.schema import Edge, Node, Path

_CONTEXT_TYPES = ("IN_SECTOR", "IN_INDUSTRY", "HOLDS", "OFFICER_OF")


class GraphReads(Protocol):
    def neighbourhood_paths(self, ticker: str, *, limit: int = 500) -> list[Path]: ...

    def edges(
        self, ticker: str, *, types: Sequence[Any], direction: Any = "both", limit: int = 200
    ) -> list[Edge]: ...


class CompanyList(Protocol):
    def companies(self) -> Sequence[Any]: ...


class KgGraphExplorer:
    def __init__(self, *, store: GraphReads, directory: CompanyList | None) -> None:
        self._store = store
        self._directory = directory

    def companies(self) -> list[tuple[str, str, str]]:
        if self._directory is None:
            return []
        return sorted(
            (str(c.ticker), str(c.name_en), str(c.name_ko)) for c in self._directory.companies()
        )

    def neighbourhood(self, ticker: str, *, limit: int = 80) -> GraphView:
        nodes: dict[str, dict[str, Any]] = {}
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for path in self._store.neighbourhood_paths(ticker, limit=limit * 4):
            for node in path.nodes:
                _add_node(nodes, node)
            for edge in path.edges:
                _add_edge(nodes, edges, edge)
            if len(nodes) >= limit:
                break
        for edge in self._store.edges(ticker, types=_CONTEXT_TYPES, limit=limit):
            _add_edge(nodes, edges, edge)
        if ticker not in nodes:
            nodes[ticker] = {"id": ticker, "kind": "Company", "name_en": ticker, "name_ko": ticker}
        return GraphView(center=ticker, nodes=list(nodes.values()), edges=list(edges.values()))


def _add_node(nodes: dict[str, dict[str, Any]], node: Node) -> None:
    if node.key not in nodes:
        nodes[node.key] = {
            "id": node.key, "kind": node.label, "name_en": node.name_en, "name_ko": node.name_ko,
        }


def _add_edge(
    nodes: dict[str, dict[str, Any]], edges: dict[tuple[str, str, str], dict[str, Any]],
    edge: Edge,
) -> None:
    _add_node(nodes, edge.src)
    _add_node(nodes, edge.dst)
    key = (edge.src.key, edge.dst.key, edge.type)
    props = dict(edge.props)
    edges.setdefault(key, {
        "source": edge.src.key, "target": edge.dst.key, "type": edge.type,
        "as_of": props.get("as_of"), "evidence": props.get("evidence"),
        "weight": props.get("weight") or props.get("percent"),
    })
