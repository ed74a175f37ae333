"""Shared implementation of the GraphStore port over any Cypher engine.

An adapter supplies its Dialect, how to run a read and a write, and how to turn the engine's
node / relationship / path values into kg.schema values.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from kg import cypher
from kg.cypher import Dialect
from kg.schema import (
    EDGE_PROPERTIES,
    NODE_PROPERTIES,
    Direction,
    Edge,
    Node,
    NodeLabel,
    Path,
    RelType,
)

BATCH_SIZE = 1000


class CypherGraphStore(ABC):
    """Base of both adapters; subclasses implement the engine-specific hooks."""

    dialect: Dialect

    # --- engine hooks ----------------------------------------------------------------
    @abstractmethod
    def _read(self, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Run a read statement in a read transaction; rows keyed by column name."""

    @abstractmethod
    def _write(self, query: str, params: Mapping[str, Any]) -> None:
        """Run a write statement in its own write transaction."""

    @abstractmethod
    def _node(self, value: Any) -> Node: ...

    @abstractmethod
    def _edge(self, src: Any, rel: Any, dst: Any) -> Edge: ...

    @abstractmethod
    def _path(self, nodes: Any, rels: Any) -> Path: ...

    @abstractmethod
    def _plain(self, value: Any) -> Any:
        """An engine value (node, edge, path, list, map) as plain Python data."""

    @abstractmethod
    def close(self) -> None: ...

    # --- writes ----------------------------------------------------------------------
    def ensure_schema(self) -> None:
        present: set[str] = set()
        if self.dialect.schema_probe is not None:
            present = {str(r["label"]) for r in self._read(self.dialect.schema_probe, {})}
        for label, statement in self.dialect.schema:
            if label not in present:
                self._write(statement, {})

    def upsert_nodes(self, label: NodeLabel, rows: Sequence[Mapping[str, Any]]) -> int:
        fields = NODE_PROPERTIES[label]
        clean = [{f: row.get(f) for f in fields} for row in rows]
        self._batched(cypher.MERGE_NODES[label], clean)
        return len(clean)

    def upsert_edges(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        fields = ("src", "dst", *EDGE_PROPERTIES[rel])
        clean = [{f: row.get(f) for f in fields} for row in rows]
        self._batched(self.dialect.merge_edges(rel), clean)
        return len(clean)

    def clear(self) -> None:
        self._write(cypher.CLEAR, {})

    def _batched(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            self._write(query, {"rows": list(rows[start : start + BATCH_SIZE])})

    # --- reads -----------------------------------------------------------------------
    def _dialect_read(self, statement: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Run the dialect's read `statement` (a Dialect field name). A graph file made before
        `evidence_ko` fails to bind that property: such a store switches to the dialect's
        legacy reads (a read-only view cannot add the column; the next graph run does)."""
        try:
            return self._read(getattr(self.dialect, statement), params)
        except Exception as exc:  # the engine's binder error names the missing property
            legacy = self.dialect.legacy
            if legacy is None or "evidence_ko" not in str(exc):
                raise
            self.dialect = legacy
            return self._read(getattr(legacy, statement), params)

    def co_mentions(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for start in range(0, len(pairs), BATCH_SIZE):
            rows = [{"src": s, "dst": d} for s, d in pairs[start : start + BATCH_SIZE]]
            out.extend(self._read(cypher.READ_CO_MENTIONS, {"rows": rows}))
        for row in out:
            row["articles"] = list(row.get("articles") or [])
        return out

    def edges(
        self,
        ticker: str,
        *,
        types: Sequence[RelType],
        direction: Direction = "both",
        limit: int = 200,
    ) -> list[Edge]:
        params = {"ticker": ticker, "types": list(types)}
        queries = {
            "out": ["edges_out"],
            "in": ["edges_in"],
            "both": ["edges_out", "edges_in"],
        }[direction]
        result: list[Edge] = []
        for query in queries:
            rows = self._dialect_read(query, params)
            result.extend(self._edge(r["src"], r["rel"], r["dst"]) for r in rows)
        return result[:limit]

    def industry_peers(self, ticker: str, *, limit: int = 50) -> list[Edge]:
        rows = self._read(self.dialect.industry_peers, {"ticker": ticker})
        return [self._edge(r["src"], r["rel"], r["dst"]) for r in rows][:limit]

    def shortest_path(self, src: str, dst: str, *, include_news: bool = False) -> Path | None:
        if src == dst:
            return None
        query = "shortest_path_with_news" if include_news else "shortest_path"
        rows = self._dialect_read(query, {"src": src, "dst": dst})
        return self._path(rows[0]["nodes"], rows[0]["rels"]) if rows else None

    def exposure_paths(self, ticker: str, *, limit: int = 500) -> list[Path]:
        first = self.edges(ticker, types=["SUPPLIES", "SUBSIDIARY_OF"], direction="out")
        paths = [Path(nodes=(e.src, e.dst), edges=(e,)) for e in first]
        for row in self._dialect_read("exposure_two_hops", {"ticker": ticker}):
            one = self._edge(row["a"], row["r1"], row["m"])
            two = self._edge(row["m"], row["r2"], row["b"])
            paths.append(Path(nodes=(one.src, one.dst, two.dst), edges=(one, two)))
        return paths[:limit]

    def second_ring(self, ticker: str, *, limit: int = 500) -> list[Edge]:
        edges: list[Edge] = []
        for query in ("ring_out", "ring_in"):
            rows = self._dialect_read(query, {"ticker": ticker})
            edges.extend(self._edge(r["src"], r["rel"], r["dst"]) for r in rows)
        return edges[:limit]

    def companies(self, tickers: Sequence[str]) -> list[Node]:
        rows = self._read(self.dialect.get_companies, {"tickers": list(tickers)})
        return [self._node(r["node"]) for r in rows]

    def find_company(self, text: str) -> list[Node]:
        rows = self._read(self.dialect.find_company, {"text": text.strip().lower()})
        return [self._node(r["node"]) for r in rows]

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for query in (self.dialect.count_nodes, self.dialect.count_edges):
            for row in self._read(query, {}):
                result[str(row["label"])] = int(row["n"])
        return result

    def read_only(
        self, cypher_text: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        rows = self._read(cypher_text, dict(params or {}))
        return [{k: self._plain(v) for k, v in row.items()} for row in rows]
