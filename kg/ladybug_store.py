"""Embedded graph store on LadybugDB (the maintained Kuzu fork). The only module that
imports `ladybug`. Reads run in `READ ONLY` transactions; one connection, serialised by a
lock so agents running in parallel threads can share the store."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path as FsPath
from typing import Any, cast

import ladybug

from kg.cypher_ladybug import LADYBUG
from kg.cypher_store import CypherGraphStore
from kg.schema import NODE_KEY, Edge, Node, NodeLabel, Path, RelType

DEFAULT_BUFFER_POOL = 256 * 1024 * 1024


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
        read_only: bool = False,
    ) -> None:
        if path is not None:
            FsPath(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = ladybug.Database(
            None if path is None else str(path),
            buffer_pool_size=buffer_pool_size,
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
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return rows

    def _write(self, query: str, params: Mapping[str, Any]) -> None:
        with self._lock:
            self._execute(query, params)

    def _node(self, value: Any) -> Node:
        label = cast(NodeLabel, value["_LABEL"])
        return Node(label=label, key=str(value[NODE_KEY[label]]), props=_props(value))

    def _edge(self, src: Any, rel: Any, dst: Any) -> Edge:
        a, b = self._node(src), self._node(dst)
        if _ident(rel["_SRC"]) != _ident(src["_ID"]):
            a, b = b, a
        return Edge(type=cast(RelType, rel["_LABEL"]), src=a, dst=b, props=_props(rel))

    def _path(self, nodes: Any, rels: Any) -> Path:
        by_id = {_ident(n["_ID"]): self._node(n) for n in nodes}
        edges = tuple(
            Edge(
                type=cast(RelType, r["_LABEL"]),
                src=by_id[_ident(r["_SRC"])],
                dst=by_id[_ident(r["_DST"])],
                props=_props(r),
            )
            for r in rels
        )
        return Path(nodes=tuple(self._node(n) for n in nodes), edges=edges)

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
