"""The prices job against fixture sources, on real SQLite and PostgreSQL stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import get_watermarks, latest_dates, list_runs, load_bars, upsert_prices
from collectors.ports import SourceError, TransientSourceError
from collectors.prices_job import collect_prices
from collectors.resilience import Resilience
from tests.collectors.fixtures import Crash, FakePriceSource, history

TODAY = date(2024, 3, 29)  # a Friday
TICKERS = ["AAPL", "MSFT", "NVDA", "005930.KS", "000660.KS", "TSLA", "AMD", "META", "V", "JPM"]


def full(tickers: list[str] = TICKERS, end: date = TODAY) -> dict[str, list]:  # type: ignore[type-arg]
    return {t: history(t, date(2024, 1, 1), end) for t in tickers}


def run(sf: sessionmaker[Session], source: FakePriceSource, tickers: list[str] = TICKERS,
        **kw: object):  # type: ignore[no-untyped-def]
    return collect_prices(session_factory=sf, source=source, tickers=tickers, today=TODAY,
                          resilience=Resilience.immediate(), initial_days=120, **kw)  # type: ignore[arg-type]


def stored(sf: sessionmaker[Session]) -> pd.DataFrame:
    with sf() as s:
        return load_bars(session=s)


def test_first_run_stores_everything_and_the_rerun_changes_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    source = FakePriceSource(full(), max_batch=4)
    report = run(session_factory, source)
    assert report.status == "success"
    assert set(report.tickers_ok) == set(TICKERS)
    expected = sum(len(v) for v in source.data.values())
    assert report.counts["inserted"] == expected
    assert len(stored(session_factory)) == expected
    assert len(source.calls) == 3  # batched: 4 + 4 + 2 tickers

    again = run(session_factory, FakePriceSource(full(), max_batch=4))
    assert again.status == "success"
    assert again.counts["inserted"] == 0 and again.counts["updated"] == 0
    assert len(stored(session_factory)) == expected


def test_incremental_run_resumes_from_the_watermark_with_a_look_back(
    session_factory: sessionmaker[Session],
) -> None:
    run(session_factory, FakePriceSource(full(end=date(2024, 3, 15))))
    source = FakePriceSource(full())
    report = run(session_factory, source)
    assert {start for _, start, _ in source.calls} == {date(2024, 3, 8)}  # 15th - 7 days
    assert report.counts["inserted"] == len(TICKERS) * 10  # two new weeks of weekdays
    with session_factory() as s:
        assert set(latest_dates(session=s).values()) == {TODAY}


def test_late_correction_inside_the_look_back_is_applied(
    session_factory: sessionmaker[Session],
) -> None:
    run(session_factory, FakePriceSource(full(["AAPL"])), ["AAPL"])
    data = full(["AAPL"])
    data["AAPL"][-2] = replace(data["AAPL"][-2], close=data["AAPL"][-2].close * 1.001)
    report = run(session_factory, FakePriceSource(data), ["AAPL"])
    assert report.counts["updated"] == 1 and report.counts["inserted"] == 0


def test_since_overrides_the_watermark(session_factory: sessionmaker[Session]) -> None:
    run(session_factory, FakePriceSource(full(["AAPL"])), ["AAPL"])
    source = FakePriceSource(full(["AAPL"]))
    run(session_factory, source, ["AAPL"], since=date(2024, 2, 1))
    assert source.calls[0][1] == date(2024, 2, 1)


def test_thirty_percent_failing_is_partial_with_reasons_and_keeps_the_rest(
    session_factory: sessionmaker[Session],
) -> None:
    bad = {"MSFT": SourceError("delisted"), "AMD": TransientSourceError("timed out"),
           "V": ValueError("vendor bug")}
    report = run(session_factory, FakePriceSource(full(), max_batch=5, fail=bad))
    assert report.status == "partial"
    assert set(report.tickers_failed) == set(bad)
    reasons = {e["ticker"]: e["reason"] for e in report.failures}
    assert "delisted" in reasons["MSFT"] and "timed out" in reasons["AMD"]
    assert "vendor bug" in reasons["V"]
    assert set(stored(session_factory)["ticker"]) == set(TICKERS) - set(bad)
    with session_factory() as s:
        ledger = list_runs(session=s, job="prices")[0]
    assert ledger.status == "partial" and ledger.counts["tickers_failed"] == 3
    assert {e["ticker"] for e in ledger.errors if e["kind"] == "error"} == set(bad)


class BreaksMidway(FakePriceSource):
    """Answers the first request, then raises on every later one (a vendor API change)."""

    def fetch_prices(self, *, tickers, start, end):  # type: ignore[no-untyped-def]
        if self.calls:
            self.calls.append((tuple(tickers), start, end))
            raise RuntimeError("KeyError: 'chart' (unexpected payload)")
        return super().fetch_prices(tickers=tickers, start=start, end=end)


def test_a_source_that_breaks_midway_keeps_the_first_batch_and_reports_the_rest(
    session_factory: sessionmaker[Session],
) -> None:
    report = run(session_factory, BreaksMidway(full(), max_batch=4))
    assert report.status == "partial"
    assert report.tickers_ok == tuple(TICKERS[:4])
    assert set(report.tickers_failed) == set(TICKERS[4:])
    assert all("unexpected payload" in e["reason"] for e in report.failures)
    assert set(stored(session_factory)["ticker"]) == set(TICKERS[:4])


def test_network_down_fails_the_run_and_leaves_stored_data_untouched(
    session_factory: sessionmaker[Session],
) -> None:
    run(session_factory, FakePriceSource(full(end=date(2024, 3, 15))))
    before = stored(session_factory)
    report = run(session_factory, FakePriceSource(full(), down=True))
    assert report.status == "failed" and not report.tickers_ok
    assert all("name resolution" in e["reason"] or "unreachable" in e["reason"]
               for e in report.failures)
    pd.testing.assert_frame_equal(stored(session_factory), before)
    # the next run, back online, catches up from the watermark
    healed = run(session_factory, FakePriceSource(full()))
    assert healed.status == "success"
    assert healed.counts["inserted"] == len(TICKERS) * 10


def test_network_down_trips_the_breaker_instead_of_retrying_every_ticker(
    session_factory: sessionmaker[Session],
) -> None:
    source = FakePriceSource(full(), max_batch=2, down=True)
    report = run(session_factory, source)
    assert report.status == "failed"
    assert len(source.calls) <= 6  # not 10 tickers x 3 attempts
    assert any("not attempted" in e["reason"] for e in report.failures)


def test_malformed_bars_are_rejected_and_good_ones_kept(
    session_factory: sessionmaker[Session],
) -> None:
    data = full(["AAPL", "MSFT"])
    a = data["AAPL"]
    a[3] = replace(a[3], high=a[3].low * 0.9)  # high < low
    a[4] = replace(a[4], close=-1.0)
    a.append(replace(a[-1], date=TODAY + timedelta(days=10)))  # in the future
    data["MSFT"] = [replace(b, open=float("nan")) for b in data["MSFT"]]
    report = run(session_factory, FakePriceSource(data), ["AAPL", "MSFT"])
    assert report.status == "partial"
    assert report.tickers_failed == ("MSFT",)
    assert report.counts["bars_rejected"] == 3 + len(data["MSFT"])
    frame = stored(session_factory)
    assert set(frame["ticker"]) == {"AAPL"}
    assert len(frame) == len(a) - 3
    assert frame["date"].max() == TODAY


def test_empty_answer_is_a_failure_not_success(session_factory: sessionmaker[Session]) -> None:
    data = full(["AAPL"])
    data["MSFT"] = []
    report = run(session_factory, FakePriceSource(data), ["AAPL", "MSFT", "NVDA"])
    assert report.status == "partial"
    assert set(report.tickers_failed) == {"MSFT", "NVDA"}
    assert all("empty download" in e["reason"] for e in report.failures)


def test_crash_between_tickers_keeps_earlier_batches_and_the_ledger_says_so(
    session_factory: sessionmaker[Session],
) -> None:
    source = FakePriceSource(full(), max_batch=3, crash_on="005930.KS")
    with pytest.raises(Crash):
        run(session_factory, source)
    frame = stored(session_factory)
    assert set(frame["ticker"]) == {"AAPL", "MSFT", "NVDA"}  # the first batch was committed
    with session_factory() as s:
        ledger = list_runs(session=s, job="prices")[0]
    assert ledger.status == "failed" and ledger.finished_at is not None
    assert any("run aborted: Crash" in e["reason"] for e in ledger.errors)
    assert ledger.counts["tickers_ok"] == 3
    healed = run(session_factory, FakePriceSource(full(), max_batch=3))
    assert healed.status == "success"
    assert set(stored(session_factory)["ticker"]) == set(TICKERS)


def test_split_sized_jump_is_stored_and_flagged(session_factory: sessionmaker[Session]) -> None:
    data = full(["NVDA"])
    bars = data["NVDA"]
    cut = len(bars) - 5
    data["NVDA"] = bars[:cut] + [
        replace(b, open=b.open / 10, high=b.high / 10, low=b.low / 10, close=b.close / 10)
        for b in bars[cut:]
    ]
    report = run(session_factory, FakePriceSource(data), ["NVDA"])
    assert report.status == "success"
    assert len(report.warnings) == 1
    assert "possible split" in report.warnings[0]["reason"]
    assert "adj close x" in report.warnings[0]["reason"]  # adj close did not move alike
    assert len(stored(session_factory)) == len(bars)


def test_demo_rows_are_replaced_by_the_first_real_bars(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        upsert_prices(session=s, bars=history("AAPL", date(2021, 1, 1), TODAY, source="demo"))
        s.commit()
    source = FakePriceSource(full(["AAPL"]))
    report = run(session_factory, source, ["AAPL"])
    assert source.calls[0][1] == TODAY - timedelta(days=120)  # demo rows are no watermark
    assert report.counts["demo_rows_replaced"] > 0
    assert set(stored(session_factory)["source"]) == {"fixture"}


def test_prices_watermark_table_is_not_needed(session_factory: sessionmaker[Session]) -> None:
    # the watermark of prices is the newest stored bar itself: nothing else to drift
    run(session_factory, FakePriceSource(full(["AAPL"])), ["AAPL"])
    with session_factory() as s:
        assert get_watermarks(session=s, job="prices") == {}
