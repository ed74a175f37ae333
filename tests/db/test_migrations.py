"""Migrations up from empty (and back down) on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.db.engine import make_engine
from app.db.migrate import current_revision, downgrade, head_revision, upgrade
from app.db.models import Base
from tests.conftest import create_postgres_database, drop_postgres_database

TABLES = {t.name for t in Base.metadata.sorted_tables}


def _check_up_down(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision(url)
        assert TABLES <= set(inspect(engine).get_table_names())
        downgrade(url, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(url)
        upgrade(url)  # a second upgrade is a no-op
        assert current_revision(engine) == head_revision(url)
    finally:
        engine.dispose()


def test_migrations_sqlite_from_empty(tmp_path: Path) -> None:
    _check_up_down(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
def test_migrations_postgres_from_empty(postgres_server_url: str) -> None:
    url = create_postgres_database(postgres_server_url)
    try:
        _check_up_down(url)
    finally:
        drop_postgres_database(postgres_server_url, url)


def test_models_match_migrations(tmp_path: Path) -> None:
    """Every column the models declare exists after migrating (no drift)."""
    url = f"sqlite:///{tmp_path / 'drift.db'}"
    upgrade(url)
    engine = make_engine(url)
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        if table.name not in inspector.get_table_names():
            continue  # tables owned by later migrations of other packages are checked there
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} <= columns, table.name
    engine.dispose()
