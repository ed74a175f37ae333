"""Embedded graph store on LadybugDB (the maintained Kuzu fork). The only module that
imports `ladybug`. Reads run in `READ ONLY` transactions; one connection, serialised by a
lock so agents running in parallel threads can share the store."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from pathlib import Path as FsPath
from typing import Any, cast

import ladybug

from kg.cypher_ladybug import LADYBUG
from kg.cypher_store import CypherGraphStore
from kg.schema import NODE_KEY, Edge, Node, NodeLabel, Path, RelType

DEFAULT_BUFFER_POOL = 256 * 1024 * 1024
_NODE_FIELDS = ("name_en", "name_ko", "country")


def _ident(value: Any) -> tuple[int, int]:
    return (int(value["table"]), int(value["offset"]))


def _props(value: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if not k.startswith("_") and v is not None}


class LadybugGraphStore(CypherGraphStore):
    """GraphStore on an on-disk LadybugDB database at `path` (None: in memory)."""

    dialect = LADYBUG

    def __init__(
        self,
        *,
        path: FsPath | str | None,
        buffer_pool_size: int = DEFAULT_BUFFER_POOL,
        max_threads: int = 0,
        read_only: bool = False,
    ) -> None:
        """`max_threads`: threads one query may use (0: the engine's default, all cores)."""
        if path is not None:
            FsPath(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = ladybug.Database(
            None if path is None else str(path),
            buffer_pool_size=buffer_pool_size,
            max_num_threads=max_threads,
            read_only=read_only,
        )
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._db.close()

    # --- engine hooks ----------------------------------------------------------------
    def _execute(self, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        result = self._conn.execute(query, dict(params))
        if isinstance(result, list):  # several statements: never produced by our constants
            raise ValueError("expected exactly one Cypher statement")
        try:
            columns = result.get_column_names()
            rows: list[dict[str, Any]] = []
            while result.has_next():
                rows.append(dict(zip(columns, cast(list[Any], result.get_next()), strict=True)))
            return rows
        finally:
            result.close()

    def _read(self, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            self._conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                rows = self._execute(query, params)
            except BaseException:
                with contextlib.suppress(RuntimeError):  # the engine may have rolled back
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return rows

    def _write(self, query: str, params: Mapping[str, Any]) -> None:
        with self._lock:
            self._execute(query, params)

    def _node(self, value: Any) -> Node:
        if "_LABEL" in value:  # a whole node value (free-form reads)
            label = cast(NodeLabel, value["_LABEL"])
            return Node(label=label, key=str(value[NODE_KEY[label]]), props=_props(value))
        label = cast(NodeLabel, value["label"])
        props = {k: value[k] for k in _NODE_FIELDS if value.get(k) is not None}
        if label != "Company":
            props["name"] = value["key"]
        return Node(label=label, key=str(value["key"]), props=props)

    def _edge(self, src: Any, rel: Any, dst: Any) -> Edge:
        props = {k: v for k, v in rel.items() if k not in ("label", "src") and v is not None}
        return Edge(type=cast(RelType, rel["label"]), src=self._node(src), dst=self._node(dst),
                    props=props)

    def _path(self, nodes: Any, rels: Any) -> Path:
        walk = [self._node(n) for n in nodes]
        ids = [_ident(n["id"]) for n in nodes]
        edges = []
        for i, rel in enumerate(rels):
            a, b = walk[i], walk[i + 1]
            if _ident(rel["src"]) != ids[i]:
                a, b = b, a
            edges.append(self._edge_between(a, rel, b))
        return Path(nodes=tuple(walk), edges=tuple(edges))

    @staticmethod
    def _edge_between(src: Node, rel: Mapping[str, Any], dst: Node) -> Edge:
        props = {k: v for k, v in rel.items() if k not in ("label", "src") and v is not None}
        return Edge(type=cast(RelType, rel["label"]), src=src, dst=dst, props=props)

    def _plain(self, value: Any) -> Any:
        if isinstance(value, dict):
            if "_LABEL" in value:
                plain = _props(value)
                plain["_label"] = value["_LABEL"]
                return plain
            return {k: self._plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        return value
