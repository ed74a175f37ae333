"""The GraphStore port: what the builder, the job and the queries need from a graph engine.

Adapters: kg.ladybug_store.LadybugGraphStore (embedded, default) and
kg.neo4j_store.Neo4jGraphStore (Neo4j 5 or FalkorDB over Bolt). Both return the typed
values of kg.schema, never engine objects, so nothing above them knows which one runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from kg.schema import Direction, Edge, Node, NodeLabel, Path, RelType


@runtime_checkable
class GraphStore(Protocol):
    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes if missing (idempotent)."""

    def upsert_nodes(self, label: NodeLabel, rows: Sequence[Mapping[str, Any]]) -> int:
        """MERGE nodes by key; rows carry kg.schema.NODE_PROPERTIES[label]. Returns len(rows)."""

    def upsert_edges(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        """MERGE edges; rows carry `src`, `dst` and kg.schema.EDGE_PROPERTIES[rel].
        Both endpoints must exist. Returns len(rows)."""

    def co_mentions(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        """Stored CO_MENTIONED edges for (src, dst) pairs: src, dst, weight, first_seen,
        last_seen, articles."""

    def edges(
        self,
        ticker: str,
        *,
        types: Sequence[RelType],
        direction: Direction = "both",
        limit: int = 200,
    ) -> list[Edge]:
        """Edges of one company of the given types, in their stored direction."""

    def industry_peers(self, ticker: str, *, limit: int = 50) -> list[Edge]:
        """IN_INDUSTRY edges of the other companies sharing an industry with `ticker`."""

    def shortest_path(self, src: str, dst: str, *, include_news: bool = False) -> Path | None:
        """Shortest undirected path of at most 4 company-to-company relations."""

    def exposure_paths(self, ticker: str, *, limit: int = 500) -> list[Path]:
        """Directed SUPPLIES / SUBSIDIARY_OF walks of 1-2 hops leaving `ticker`."""

    def second_ring(self, ticker: str, *, limit: int = 500) -> list[Edge]:
        """Company-to-company edges between the company's direct company neighbours and
        the companies one step further (the second ring of its neighbourhood), at most
        120 each way: enough to fill a bounded subgraph, cheap enough for every call."""

    def companies(self, tickers: Sequence[str]) -> list[Node]:
        """Company nodes for these tickers (missing ones are left out)."""

    def find_company(self, text: str) -> list[Node]:
        """Companies whose ticker or English/Korean name equals `text` (case-insensitive)."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and edges per type."""

    def read_only(
        self, cypher_text: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run one statement in a read-only transaction; nodes and edges come back as
        plain dicts. Callers pass free-form text through kg.guard first."""

    def clear(self) -> None:
        """Delete every node and edge (tests and full rebuilds)."""

    def close(self) -> None: ...
