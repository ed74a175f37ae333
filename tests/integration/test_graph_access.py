"""The embedded graph across processes (real LadybugDB files, real child processes): one
writer at a time with a clear error for the second, the chat's read-only view alongside the
writer, and that view reopened once a writer has finished."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.graph_access import (
    GraphUnavailableError,
    ReopeningGraphStore,
    embedded_version,
    open_embedded_store,
)
from kg.ladybug_store import LadybugGraphStore
from kg.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]


def _company(ticker: str) -> dict[str, str]:
    return {"ticker": ticker, "name_en": ticker, "name_ko": ticker, "exchange": "X",
            "country": "US"}


def _seed(path: Path, *tickers: str) -> None:
    store = LadybugGraphStore(path=path)
    try:
        store.ensure_schema()
        store.upsert_nodes("Company", [_company(t) for t in tickers])
    finally:
        store.close()


WRITER = textwrap.dedent("""
    import sys
    from kg.ladybug_store import LadybugGraphStore
    store = LadybugGraphStore(path=sys.argv[1])
    store.ensure_schema()
    print("open", flush=True)
    sys.stdin.readline()
    store.upsert_nodes("Company", [{"ticker": t, "name_en": t, "name_ko": t, "exchange": "X",
                                    "country": "US"} for t in sys.argv[2:]])
    store.close()
    print("closed", flush=True)
""")


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another process holding the graph read-write until told to add MSFT and close."""
    path = tmp_path / "graph.lbug"
    _seed(path, "AAPL")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "MSFT"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_second_writer_gets_a_clear_error_and_a_reader_still_opens(
    writer: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, proc = writer
    with pytest.raises(GraphUnavailableError, match=r"open for writing by another process "
                                                    rf"\(PID {proc.pid}\)"):
        open_embedded_store(path=path, read_only=False)
    reader = open_embedded_store(path=path, read_only=True)
    try:
        assert [n.key for n in reader.companies(["AAPL"])] == ["AAPL"]
        with pytest.raises(RuntimeError):
            reader.upsert_nodes("Company", [_company("NVDA")])  # the engine refuses writes
    finally:
        reader.close()


def test_the_chat_view_sees_the_writers_changes_once_it_has_closed(
    writer: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, proc = writer
    opened: list[GraphStore] = []

    def open_store() -> GraphStore:
        opened.append(open_embedded_store(path=path, read_only=True))
        return opened[-1]

    view = ReopeningGraphStore(open_store=open_store, version=embedded_version(path))
    try:
        assert view.companies(["AAPL", "MSFT"])[0].key == "AAPL"
        assert len(view.companies(["AAPL", "MSFT"])) == 1
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "closed"
        assert proc.wait(timeout=60) == 0
        assert {n.key for n in view.companies(["AAPL", "MSFT"])} == {"AAPL", "MSFT"}
        assert len(opened) == 2  # reopened once, the old read-only store closed
        assert {n.key for n in view.companies(["AAPL", "MSFT"])} == {"AAPL", "MSFT"}
        assert len(opened) == 2
        with pytest.raises(PermissionError):
            view.upsert_nodes("Company", [_company("NVDA")])
    finally:
        view.close()


def test_no_graph_yet_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    view = ReopeningGraphStore(
        open_store=lambda: open_embedded_store(path=path, read_only=True),
        version=embedded_version(path))
    with pytest.raises(GraphUnavailableError, match="stockelper bootstrap"):
        view.find_company("Apple")
    assert not path.exists()  # a reader never creates the file
    _seed(path, "AAPL")
    assert [n.key for n in view.find_company("AAPL")] == ["AAPL"]  # opens once it exists
    view.close()
