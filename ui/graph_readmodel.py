"""GraphExplorerPort over the graph package's read-only queries (kg.queries.GraphQueries).

`subgraph` is the same query the graph agent draws its answers from, so the explorer and
the chat show one picture. Nodes and edges become the `graph` artifact shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ui.ports import GraphView

if TYPE_CHECKING:
    from kg.results import Subgraph


class SubgraphReads(Protocol):
    def subgraph(self, company: str, *, max_nodes: int = 40) -> Subgraph: ...


class CompanyList(Protocol):
    def companies(self) -> Sequence[Any]: ...


class QueriesGraphExplorer:
    def __init__(self, *, queries: SubgraphReads, directory: CompanyList | None) -> None:
        self._queries = queries
        self._directory = directory

    def companies(self) -> list[tuple[str, str, str]]:
        if self._directory is None:
            return []
        return sorted(
            (str(c.ticker), str(c.name_en), str(c.name_ko)) for c in self._directory.companies()
        )

    def neighbourhood(self, ticker: str, *, limit: int = 80) -> GraphView:
        try:
            sub = self._queries.subgraph(ticker, max_nodes=limit)
        except LookupError:  # a company the graph does not hold yet: nothing to draw
            return GraphView(center=ticker, nodes=[], edges=[])
        return GraphView(
            center=sub.center,
            nodes=[{"id": n.id, "kind": n.label, "name_en": n.name_en, "name_ko": n.name_ko,
                    "hop": n.hop} for n in sub.nodes],
            edges=[{"source": e.src, "target": e.dst, "type": e.type, "label_en": e.label_en,
                    "label_ko": e.label_ko, "evidence": e.evidence, "weight": e.weight}
                   for e in sub.edges],
        )
