"""A named, non-blocking, cross-process lock so two schedulers (or a scheduler and a manual
`stockelper collect`) never run the same job at once.

PostgreSQL: `pg_try_advisory_lock` held on a dedicated connection for the job's duration
(released by the server if the process dies). SQLite: `fcntl.flock` on a file under the
data directory (released by the kernel if the process dies); flock locks belong to the
open file, so two threads of one process exclude each other too.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text

_TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name."""
    digest = hashlib.sha256(f"stockelper:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _postgres_lock(engine: Engine, name: str) -> Iterator[bool]:
    key = advisory_key(name)
    conn = engine.connect()
    try:
        acquired = bool(conn.execute(_TRY_LOCK, {"key": key}).scalar())
        conn.commit()  # session-level lock: it outlives the transaction
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    conn.execute(_UNLOCK, {"key": key})
                    conn.commit()
                except Exception:  # noqa: BLE001 - a dead connection has released it anyway
                    conn.invalidate()
    finally:
        conn.close()


@contextlib.contextmanager
def _file_lock(lock_dir: Path, name: str) -> Iterator[bool]:
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def job_lock(*, engine: Engine, lock_dir: Path, name: str) -> Iterator[bool]:
    """Try to take the lock `name`; yields whether it was acquired (never blocks)."""
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, name) as acquired:
            yield acquired
    else:
        with _file_lock(lock_dir, name) as acquired:
            yield acquired
