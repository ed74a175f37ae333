"""Shared fixtures: real SQLite and real PostgreSQL stores, migrated with Alembic.

PostgreSQL tests need `STOCKELPER_TEST_POSTGRES_URL` (CI sets it; see .ci/run). Without it
they skip with a visible reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, make_session_factory
from app.db.migrate import upgrade
from app.db.models import Base

POSTGRES_ENV = "STOCKELPER_TEST_POSTGRES_URL"
NO_POSTGRES = f"PostgreSQL tests need {POSTGRES_ENV} (set by .ci/run)"


def _admin_execute(url: str, sql: str) -> None:
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(sql)


def create_postgres_database(base_url: str) -> str:
    """A fresh, empty database on the test server; returns its SQLAlchemy URL."""
    name = f"stk_{uuid.uuid4().hex[:12]}"
    _admin_execute(base_url, f'CREATE DATABASE "{name}"')
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    _admin_execute(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("STOCKELPER_REQUIRE_POSTGRES"):
            pytest.fail(f"STOCKELPER_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not")
        pytest.skip(NO_POSTGRES)
    return url


@pytest.fixture(scope="session")
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A migrated PostgreSQL database for this test session."""
    url = create_postgres_database(postgres_server_url)
    upgrade(url)
    yield url
    drop_postgres_database(postgres_server_url, url)


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    url = f"sqlite:///{(tmp_path / 'stockelper.db').as_posix()}"
    upgrade(url)
    return url


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The same test on a fresh SQLite file and on a clean PostgreSQL database."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as s:
        yield s


# In CI these suites must run: a skip there is a failure (see .ci/run).
REQUIRED_MARKERS = {"browser": "STOCKELPER_REQUIRE_BROWSER", "bolt": "STOCKELPER_REQUIRE_BOLT"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    for marker, env in REQUIRED_MARKERS.items():
        if os.environ.get(env) and item.get_closest_marker(marker) is not None:
            report.outcome = "failed"
            report.longrepr = f"{env} is set but this {marker} test skipped: {report.longrepr}"
