"""The real web app over the scripted service: `streamlit run tests/ui/fake_app.py -- DB_URL`.

Used by the scripted browser test and for screenshots while the real ChatService is absent.
DB_URL is a migrated SQLite store (seeded here on first use).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.db.engine import make_engine, make_session_factory  # noqa: E402
from tests.ui.conftest import seed_store  # noqa: E402
from tests.ui.fake_ports import (  # noqa: E402
    FakeForecasts,
    FakeGraph,
    FakeSymbols,
    sample_track_record,
)
from tests.ui.fake_service import FakeChatService  # noqa: E402
from ui.backend import FACTORY_KEY  # noqa: E402
from ui.ports import Backend  # noqa: E402
from ui.readmodel import SqlReadModel  # noqa: E402


@st.cache_resource
def demo_backend(url: str) -> Backend:
    engine = make_engine(url)
    seed_store(make_session_factory(engine))
    ops = SqlReadModel(read_sessions=make_session_factory(make_engine(url, read_only=True)),
                       write_sessions=make_session_factory(engine))

    def collect(progress: object) -> dict[str, int]:
        for i in range(1, 4):
            progress(i, 3, f"step {i}/3")  # type: ignore[operator]
        return {"bars": 6, "news": 2}

    return Backend(chat=FakeChatService(synthetic=True), ops=ops, symbols=FakeSymbols(),
                   graph=FakeGraph(), forecasts=FakeForecasts(sample_track_record()),
                   collect=collect)


backend = demo_backend(sys.argv[1])
st.session_state[FACTORY_KEY] = lambda: backend

from ui.shell import main  # noqa: E402

main()
