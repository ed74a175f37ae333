"""The production wiring: a Backend built from a real Container over a fixture store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import get_settings
from ui.ports import Backend


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    from app.db.engine import make_engine, make_session_factory
    from app.db.migrate import upgrade
    from tests.ui.conftest import seed_store
    from ui.wiring import build_backend

    url = f"sqlite:///{(tmp_path / 'stockelper.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    seed_store(make_session_factory(engine))
    engine.dispose()
    monkeypatch.chdir(tmp_path)  # no project .env
    for name in ("STOCKELPER_DATABASE_URL", "STOCKELPER_LANGFUSE_PUBLIC_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STOCKELPER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STOCKELPER_LLM_PROVIDER", "none")
    monkeypatch.setenv("STOCKELPER_UI_LANGUAGE", "ko")
    get_settings.cache_clear()
    yield build_backend()
    get_settings.cache_clear()


def test_backend_from_the_container(built: Backend) -> None:
    assert built.ui_language == "ko"
    status = built.chat.status()
    assert status["llm"] is None and status.get("sql") == "sqlite"
    assert built.ops is not None and built.ops.watchlist() == ["AAPL", "MSFT"]
    assert {d.name for d in built.ops.freshness()} == {"prices", "news", "profiles"}
    assert built.symbols is not None
    assert built.symbols.resolve("삼성전자").company is not None
    if built.forecasts is not None:  # no model trained in this store: the empty state
        assert built.forecasts.track_record() is None
