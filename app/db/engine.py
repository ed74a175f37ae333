"""Engines and session factories. Only the composition root and the CLI call these."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, read_only: bool = False, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys.

    `read_only=True` gives connections that refuse writes (SQLite `query_only`,
    PostgreSQL `default_transaction_read_only`): the chat path uses these.
    """
    connect_args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args["check_same_thread"] = False
        connect_args["timeout"] = 30
    elif read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(url, echo=echo, connect_args=connect_args, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, read_only=read_only)
    return engine


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
