"""`import-prices`: validation with line numbers, partial-bad files, idempotent re-runs."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import load_bars, upsert_prices
from app.prices_csv import CsvFormatError, import_prices_csv
from app.records import PriceBar

GOOD = """Date,Ticker,Open,High,Low,Close,Volume,Adj_Close
2024-01-02,aapl,185.0,188.4,183.9,185.6,82488700,184.7
2024-01-03,AAPL,184.2,185.9,183.4,184.3,58414500,183.4
2024-01-02,005930.KS,78200,79800,78200,79600,17142847,
"""

BAD_ROWS = """date,ticker,open,high,low,close,volume
2024-01-02,MSFT,373.9,375.9,366.8,370.9,25258600
2024-13-40,MSFT,1,2,0.5,1.5,100
2024-01-04,MSFT,abc,2,1,1.5,100
2024-01-05,MSFT,10,9,11,10,100
2024-01-08,MSFT,10,12,9,13,100
2024-01-09,,10,12,9,11,100
2024-01-10,MSFT,10,12,9,11,-5
2999-01-01,MSFT,10,12,9,11,100
2024-01-11,MSFT,10,12,9,11
2024-01-12,MSFT,0,12,9,11,100
2024-01-16,MSFT,nan,12,9,11,100
2024-01-17,MSFT,370,375,366,371,1.5
2024-01-18,MSFT,390.9,393.0,386.5,390.3,23143000
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_file_imports_and_reimport_changes_nothing(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    path = write(tmp_path, "good.csv.gz", GOOD)
    first = import_prices_csv(path=path, session_factory=session_factory)
    second = import_prices_csv(path=path, session_factory=session_factory)
    assert (first.accepted, first.inserted, first.rejected_count) == (3, 3, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 3)
    with session_factory() as s:
        frame = load_bars(session=s)
    assert sorted(frame["ticker"].unique()) == ["005930.KS", "AAPL"]  # upper-cased
    aapl = frame[frame["ticker"] == "AAPL"].iloc[0]
    assert aapl["adj_close"] == 184.7 and aapl["volume"] == 82488700
    assert frame[frame["ticker"] == "005930.KS"]["adj_close"].isna().all()


def test_partial_bad_file_keeps_good_rows_reports_bad_and_touches_nothing_else(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    existing = PriceBar("NVDA", date(2024, 1, 2), 10, 12, 9, 11, 5, None, "other")
    with session_factory() as s:
        upsert_prices(session=s, bars=[existing])
        s.commit()
    report = import_prices_csv(path=write(tmp_path, "bad.csv", BAD_ROWS),
                               session_factory=session_factory, today=date(2025, 1, 1))
    reasons = {r.line: r.reason for r in report.rejected}
    assert report.accepted == 2
    assert sorted(reasons) == list(range(3, 14))
    assert "YYYY-MM-DD" in reasons[3]
    assert "open is not a number" in reasons[4]
    assert "below low" in reasons[5]
    assert "outside the day's range" in reasons[6]
    assert "ticker" in reasons[7]
    assert "volume" in reasons[8]
    assert "future" in reasons[9]
    assert "expected 7 fields" in reasons[10]
    assert "positive" in reasons[11]
    assert "finite" in reasons[12]
    assert "whole number" in reasons[13]
    with session_factory() as s:
        frame = load_bars(session=s)
    assert sorted(zip(frame["ticker"], frame["date"], strict=True)) == [
        ("MSFT", date(2024, 1, 2)), ("MSFT", date(2024, 1, 18)), ("NVDA", date(2024, 1, 2)),
    ]
    assert frame[frame["ticker"] == "NVDA"]["source"].item() == "other"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("date,ticker,open,high,low,close\n2024-01-02,A,1,2,1,1\n", "missing column(s) volume"),
        ("just some text\nwithout a header\n", "missing column(s)"),
    ],
)
def test_unreadable_files_raise_clear_errors(
    tmp_path: Path, session_factory: sessionmaker[Session], content: str, message: str
) -> None:
    with pytest.raises(CsvFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_prices_csv(path=write(tmp_path, "x.csv", content), session_factory=session_factory)


def test_corrupt_gzip_and_missing_file(tmp_path: Path,
                                       session_factory: sessionmaker[Session]) -> None:
    corrupt = tmp_path / "corrupt.csv.gz"
    corrupt.write_bytes(b"not gzip at all")
    with pytest.raises(CsvFormatError, match="not a readable CSV"):
        import_prices_csv(path=corrupt, session_factory=session_factory)
    with pytest.raises(CsvFormatError, match="no such file"):
        import_prices_csv(path=tmp_path / "absent.csv", session_factory=session_factory)
