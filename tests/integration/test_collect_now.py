"""The web app's "collect now" (Container.collect_now) offline: every dataset job records a
failed run with reasons, the graph still builds, progress reaches its total, nothing stored
is lost."""

from __future__ import annotations

from pathlib import Path

from app.container import Container
from app.db.repositories import list_runs, load_bars, upsert_prices
from app.records import PriceBar
from app.settings import Settings


def test_collect_now_offline_tells_the_truth_and_keeps_data(tmp_path: Path) -> None:
    from datetime import date

    settings = Settings(data_dir=tmp_path, watchlist=["AAPL", "005930.KS"],  # type: ignore[call-arg]
                        _env_file=None)
    c = Container(settings)
    try:
        c.migrate()
        kept = PriceBar("AAPL", date(2024, 5, 1), 1.0, 2.0, 0.5, 1.5, 10, None, "csv")
        with c.session_factory() as s:
            upsert_prices(session=s, bars=[kept])
            s.commit()
        seen: list[tuple[int, int, str]] = []
        result = c.collect_now(on_progress=lambda done, total, label: seen.append(
            (done, total, label)))
        assert set(result) == {"prices", "news", "profiles", "graph"}
        assert all(result[j]["status"] == "failed" for j in ("prices", "news", "profiles"))
        assert result["graph"]["status"] in ("success", "partial")
        assert seen[-1][0] == seen[-1][1] == 2 * 3 + 1
        assert [d for d, _, _ in seen] == list(range(1, len(seen) + 1))
        with c.read_session_factory() as s:
            runs = list_runs(session=s, limit=10)
            bars = load_bars(session=s)
        assert {r.job for r in runs} == {"prices", "news", "profiles", "graph"}
        failed = [r for r in runs if r.status == "failed"]
        assert all(r.errors for r in failed)  # every failed run says why, per ticker
        assert bars["close"].tolist() == [1.5]  # the stored bar survived the failed run
    finally:
        c.close()
