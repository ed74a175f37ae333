"""Web app fixtures: the scripted chat service, a real SQLite read model, AppTest factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from app.db.engine import make_engine, make_session_factory
from app.db.repositories import add_to_watchlist, finish_run, start_run, upsert_prices
from app.records import PriceBar
from tests.ui.fake_ports import FakeForecasts, FakeGraph, FakeSymbols, sample_track_record
from tests.ui.fake_service import FakeChatService
from ui.backend import FACTORY_KEY
from ui.ports import Backend
from ui.readmodel import SqlReadModel

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"


def seed_store(sessions: sessionmaker[Session]) -> None:
    """Two tickers of prices, a watchlist and a successful plus a failed run."""
    with sessions() as session:
        bars = [PriceBar(t, date(2026, 11, d), 10, 11, 9, 10.5, 1000, source="test")
                for t in ("AAPL", "005930.KS") for d in (18, 19, 20)]
        upsert_prices(session=session, bars=bars)
        add_to_watchlist(session=session, tickers=["AAPL", "MSFT"])
        session.commit()
        ok = start_run(session=session, job="prices")
        finish_run(session=session, run_id=ok, status="success", counts={"bars": 6})
        bad = start_run(session=session, job="news")
        finish_run(session=session, run_id=bad, status="failed", counts={"items": 0},
                   errors=[{"ticker": "AAPL", "error": "timeout after 30s"}])


@pytest.fixture
def read_model(sqlite_url: str) -> Iterator[SqlReadModel]:
    engine, read_engine = make_engine(sqlite_url), make_engine(sqlite_url, read_only=True)
    seed_store(make_session_factory(engine))
    yield SqlReadModel(read_sessions=make_session_factory(read_engine),
                       write_sessions=make_session_factory(engine))
    engine.dispose()
    read_engine.dispose()


@pytest.fixture
def service() -> FakeChatService:
    return FakeChatService()


@pytest.fixture
def backend(service: FakeChatService, read_model: SqlReadModel) -> Backend:
    return Backend(
        chat=service, ops=read_model, symbols=FakeSymbols(), graph=FakeGraph(),
        forecasts=FakeForecasts(sample_track_record()), collect=None, timezone="Asia/Seoul",
    )


def app_for(factory: Callable[[], Backend], *, locale: str = "en-US") -> AppTest:
    """The real entry script with the backend factory injected through session state."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[FACTORY_KEY] = factory
    at.context["locale"] = locale
    at.context["timezone"] = "Asia/Seoul"
    return at


@pytest.fixture
def make_app(backend: Backend) -> Callable[..., AppTest]:
    def make(*, locale: str = "en-US") -> AppTest:
        return app_for(lambda: backend, locale=locale)

    return make


NOW = datetime(2026, 11, 20, tzinfo=UTC)
