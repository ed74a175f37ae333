"""Opening the graph store for the composition root, and the chat's read-only view of it.

LadybugDB (measured with ladybug 0.22): one process at a time may open the file read-write
(a second one fails with "Could not set lock on file ... Lock is held by PID n"); read-only
opens succeed alongside that writer, hold no lock once open, and see the file as it was
when they opened: they never see later writes. A read-only open of a missing file fails.

So the chat and the web app read through `ReopeningGraphStore`: a read-only store opened on
first use and reopened when a writer has finished changing the file (its size or mtime moved
and no write-ahead log is pending), so a long-running UI sees tonight's graph without taking
the writer's lock. Failures become `GraphUnavailableError` with a message a user can act on.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path as FsPath
from typing import Any

from kg.schema import Direction, Edge, Node, NodeLabel, Path, RelType
from kg.store import GraphStore

log = logging.getLogger(__name__)
_HOLDER = re.compile(r"held by PID (\d+)")


class GraphUnavailableError(RuntimeError):
    """The graph store cannot be opened now; the message says why and what to do."""


def open_embedded_store(*, path: FsPath, read_only: bool) -> GraphStore:
    """A LadybugGraphStore at `path`, or GraphUnavailableError with a clear reason."""
    from kg.ladybug_store import LadybugGraphStore

    if read_only and not path.exists():
        raise GraphUnavailableError(
            f"no graph database at {path} yet: run `stockelper bootstrap` or "
            "`stockelper collect graph`")
    try:
        return LadybugGraphStore(path=path, read_only=read_only)
    except RuntimeError as exc:
        if "Could not set lock" in str(exc):
            pid = _HOLDER.search(str(exc))
            holder = f" (PID {pid.group(1)})" if pid else ""
            raise GraphUnavailableError(
                f"the graph database {path} is open for writing by another process{holder}: "
                "a graph job (scheduler, bootstrap or `stockelper collect graph`) is running; "
                "try again when it has finished") from exc
        raise GraphUnavailableError(f"cannot open the graph database {path}: {exc}") from exc


def embedded_version(path: FsPath) -> Callable[[], Hashable | None]:
    """The file's (mtime, size), or None while a writer's log is pending (keep the old view)."""
    wal = path.with_name(path.name + ".wal")

    def version() -> Hashable | None:
        if wal.exists():
            return None
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    return version


class ReopeningGraphStore:
    """A read-only GraphStore opened on first use and reopened when `version()` changes.

    Calls in flight keep the store they started on; a replaced store is closed once its
    last call returns. Writes are refused: the chat path never writes."""

    def __init__(
        self, *, open_store: Callable[[], GraphStore],
        version: Callable[[], Hashable | None] = lambda: None,
    ) -> None:
        self._open = open_store
        self._version = version
        self._lock = threading.Lock()
        self._store: GraphStore | None = None
        self._seen: Hashable | None = None
        self._busy: dict[int, int] = {}
        self._retired: list[GraphStore] = []

    def _current(self) -> GraphStore:
        version = self._version()
        if self._store is None:
            self._store, self._seen = self._open(), version
        elif version is not None and version != self._seen:
            try:
                fresh = self._open()
            except GraphUnavailableError as exc:  # keep answering from the older view
                log.warning("graph not reopened: %s", exc)
                return self._store
            self._retired.append(self._store)
            self._store, self._seen = fresh, version
        return self._store

    @contextmanager
    def _use(self) -> Iterator[GraphStore]:
        with self._lock:
            store = self._current()
            self._busy[id(store)] = self._busy.get(id(store), 0) + 1
        try:
            yield store
        finally:
            with self._lock:
                self._busy[id(store)] -= 1
                self._close_idle()

    def _close_idle(self) -> None:
        for old in [s for s in self._retired if not self._busy.get(id(s))]:
            self._retired.remove(old)
            self._busy.pop(id(old), None)
            old.close()

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._retired.append(self._store)
                self._store = None
            self._close_idle()

    # --- reads -----------------------------------------------------------------------
    def co_mentions(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        with self._use() as store:
            return store.co_mentions(pairs)

    def edges(self, ticker: str, *, types: Sequence[RelType], direction: Direction = "both",
              limit: int = 200) -> list[Edge]:
        with self._use() as store:
            return store.edges(ticker, types=types, direction=direction, limit=limit)

    def industry_peers(self, ticker: str, *, limit: int = 50) -> list[Edge]:
        with self._use() as store:
            return store.industry_peers(ticker, limit=limit)

    def shortest_path(self, src: str, dst: str, *, include_news: bool = False) -> Path | None:
        with self._use() as store:
            return store.shortest_path(src, dst, include_news=include_news)

    def exposure_paths(self, ticker: str, *, limit: int = 500) -> list[Path]:
        with self._use() as store:
            return store.exposure_paths(ticker, limit=limit)

    def second_ring(self, ticker: str, *, limit: int = 500) -> list[Edge]:
        with self._use() as store:
            return store.second_ring(ticker, limit=limit)

    def companies(self, tickers: Sequence[str]) -> list[Node]:
        with self._use() as store:
            return store.companies(tickers)

    def find_company(self, text: str) -> list[Node]:
        with self._use() as store:
            return store.find_company(text)

    def counts(self) -> dict[str, int]:
        with self._use() as store:
            return store.counts()

    def read_only(
        self, cypher_text: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        with self._use() as store:
            return store.read_only(cypher_text, params)

    # --- writes: refused ---------------------------------------------------------------
    def ensure_schema(self) -> None:
        raise PermissionError("the chat's graph view is read-only")

    def upsert_nodes(self, label: NodeLabel, rows: Sequence[Mapping[str, Any]]) -> int:
        raise PermissionError("the chat's graph view is read-only")

    def upsert_edges(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        raise PermissionError("the chat's graph view is read-only")

    def clear(self) -> None:
        raise PermissionError("the chat's graph view is read-only")
