"""Graph store over Bolt with the official `neo4j` driver: Neo4j 5 (server mode) or
FalkorDB's Bolt listener (tests). The only module that imports `neo4j`.

The dialect is a constructor argument, chosen by the composition root or the test fixture;
reads go through `execute_query(..., routing_=READ)` (read transactions), writes through
`routing_=WRITE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from neo4j import Driver, GraphDatabase, RoutingControl
from neo4j.graph import Node as BoltNode
from neo4j.graph import Path as BoltPath
from neo4j.graph import Relationship as BoltRelationship

from kg.cypher_bolt import FALKORDB, NEO4J
from kg.cypher_store import CypherGraphStore
from kg.schema import NODE_KEY, NODE_LABELS, Edge, Node, NodeLabel, Path, RelType

BoltDialect = Literal["neo4j", "falkordb"]


def open_driver(
    *, url: str, user: str | None, password: str | None,
    connection_timeout_s: float = 10.0, retry_time_s: float = 15.0,
) -> Driver:
    """A driver for the composition root (app/container.py) or a test session.

    The chat path passes short timeouts so a Neo4j that is down costs a question seconds,
    not the driver's default half minute of retries."""
    auth = (user or "", password or "") if user or password else None
    return GraphDatabase.driver(
        url, auth=auth, connection_timeout=connection_timeout_s,
        connection_acquisition_timeout=connection_timeout_s,
        max_transaction_retry_time=retry_time_s,
    )


def _falkor_escaped(value: Any) -> Any:
    """FalkorDB's Bolt listener splices parameters into a `CYPHER name=value` prefix without
    escaping: a quote in a value breaks (or injects into) the query. Escape strings for it."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list | tuple):
        return [_falkor_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _falkor_escaped(v) for k, v in value.items()}
    return value


def _label(node: BoltNode) -> NodeLabel:
    for label in NODE_LABELS:
        if label in node.labels:
            return label
    raise ValueError(f"node {node.element_id} has no graph label: {sorted(node.labels)}")


class Neo4jGraphStore(CypherGraphStore):
    """GraphStore over a Bolt driver. The store owns the driver and closes it."""

    def __init__(
        self, *, driver: Driver, database: str | None = None, dialect: BoltDialect = "neo4j"
    ) -> None:
        self.dialect = NEO4J if dialect == "neo4j" else FALKORDB
        self._escape = dialect == "falkordb"
        self._driver = driver
        self._database = database

    def close(self) -> None:
        self._driver.close()

    # --- engine hooks ----------------------------------------------------------------
    def _params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {k: _falkor_escaped(v) for k, v in params.items()} if self._escape else dict(params)

    def _read(self, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        records, _, _ = self._driver.execute_query(
            query, self._params(params), routing_=RoutingControl.READ, database_=self._database
        )
        return [{key: record[key] for key in record.keys()} for record in records]

    def _write(self, query: str, params: Mapping[str, Any]) -> None:
        self._driver.execute_query(
            query, self._params(params), routing_=RoutingControl.WRITE, database_=self._database
        )

    def _node(self, value: Any) -> Node:
        node = cast(BoltNode, value)
        label = _label(node)
        props = {k: v for k, v in node.items() if v is not None}
        return Node(label=label, key=str(props[NODE_KEY[label]]), props=props)

    def _edge(self, src: Any, rel: Any, dst: Any) -> Edge:
        relationship = cast(BoltRelationship, rel)
        a, b = self._node(src), self._node(dst)
        start = relationship.start_node
        if start is not None and start.element_id != cast(BoltNode, src).element_id:
            a, b = b, a
        return Edge(type=cast(RelType, relationship.type), src=a, dst=b, props=dict(relationship))

    def _path(self, nodes: Any, rels: Any) -> Path:
        bolt_nodes = cast(list[BoltNode], nodes)
        by_id = {n.element_id: self._node(n) for n in bolt_nodes}
        edges: list[Edge] = []
        for rel in cast(list[BoltRelationship], rels):
            start, end = rel.start_node, rel.end_node
            if start is None or end is None:
                raise ValueError("relationship without endpoints in a path")
            edges.append(
                Edge(
                    type=cast(RelType, rel.type),
                    src=by_id[start.element_id],
                    dst=by_id[end.element_id],
                    props=dict(rel),
                )
            )
        return Path(nodes=tuple(by_id[n.element_id] for n in bolt_nodes), edges=tuple(edges))

    def _plain(self, value: Any) -> Any:
        if isinstance(value, BoltNode):
            return {**dict(value), "_label": _label(value)}
        if isinstance(value, BoltRelationship):
            return {**dict(value), "_type": value.type}
        if isinstance(value, BoltPath):
            return {
                "nodes": [self._plain(n) for n in value.nodes],
                "rels": [self._plain(r) for r in value.relationships],
            }
        if isinstance(value, dict):
            return {k: self._plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        return value
