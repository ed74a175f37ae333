"""Long-format price CSV import: validate every row, keep the good ones, report the bad ones.

Format (header in any case, any column order): date,ticker,open,high,low,close,volume
plus an optional adj_close. Files may be gzip-compressed (`.gz`).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories.prices import upsert_prices
from app.records import PriceBar

REQUIRED = ("date", "ticker", "open", "high", "low", "close", "volume")
OPTIONAL = ("adj_close",)
TICKER_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=]{0,23}$")
# Vendors round open/close independently of high/low; allow this much slack before rejecting.
RANGE_TOLERANCE = 1e-6
CHUNK_ROWS = 100_000
MAX_REPORTED = 1_000


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (missing columns, not CSV, not gzip ...)."""


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    path: str
    rows_read: int = 0
    accepted: int = 0
    rejected_count: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    duplicates_in_file: int = 0
    tickers: set[str] = field(default_factory=set)
    first_date: date | None = None
    last_date: date | None = None

    @property
    def unchanged(self) -> int:
        return self.accepted - self.duplicates_in_file - self.inserted - self.updated

    def reject(self, line: int, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_REPORTED:
            self.rejected.append(RejectedRow(line, reason))


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open("r", encoding="utf-8-sig", newline="")


def _number(raw: str, name: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} is not a number: {raw!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} is not finite: {raw!r}")
    return value


def parse_row(row: dict[str, str], *, today: date, source: str) -> PriceBar:
    """One validated bar, or ValueError with a reason a person can act on."""
    raw_date = (row.get("date") or "").strip()
    try:
        day = date.fromisoformat(raw_date[:10])
    except ValueError:
        raise ValueError(f"date is not YYYY-MM-DD: {raw_date!r}") from None
    if day > today:
        raise ValueError(f"date {day} is in the future")
    ticker = (row.get("ticker") or "").strip().upper()
    if not TICKER_RE.match(ticker):
        raise ValueError(f"ticker is empty or malformed: {ticker!r}")
    o, h, lo, c = (_number((row.get(k) or "").strip(), k) for k in ("open", "high", "low", "close"))
    if min(o, h, lo, c) <= 0:
        raise ValueError("prices must be positive")
    if h < lo:
        raise ValueError(f"high {h} is below low {lo}")
    slack = RANGE_TOLERANCE * h
    if not (lo - slack <= o <= h + slack and lo - slack <= c <= h + slack):
        raise ValueError(f"open {o} or close {c} outside the day's range [{lo}, {h}]")
    volume_raw = (row.get("volume") or "").strip()
    volume = _number(volume_raw, "volume")
    if volume < 0 or volume != int(volume):
        raise ValueError(f"volume must be a whole number >= 0: {volume_raw!r}")
    adj_raw = (row.get("adj_close") or "").strip()
    adj = _number(adj_raw, "adj_close") if adj_raw else None
    if adj is not None and adj <= 0:
        raise ValueError("adj_close must be positive")
    return PriceBar(ticker, day, o, h, lo, c, int(volume), adj, source)


def _rows(handle: IO[str], report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFormatError("the file is empty: expected a header line") from None
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise CsvFormatError(f"not a readable CSV file: {exc}") from None
    names = [h.strip().lower().replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise CsvFormatError(
            f"missing column(s) {', '.join(missing)}; the header must contain "
            f"{','.join(REQUIRED)} (+ optional adj_close), found: {','.join(names)}"
        )
    index = {n: i for i, n in enumerate(names) if n in REQUIRED + OPTIONAL}
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not values or all(not v.strip() for v in values):
                continue
            report.rows_read += 1
            if len(values) != len(names):
                report.reject(line, f"expected {len(names)} fields, found {len(values)}")
                continue
            yield line, {n: values[i] for n, i in index.items()}
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise CsvFormatError(f"unreadable content after line {line}: {exc}") from None


def import_prices_csv(
    *,
    path: Path,
    session_factory: sessionmaker[Session],
    source: str = "csv",
    today: date | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a long-format price CSV in chunks; each chunk commits on its own, so a re-run
    after an interruption finishes the job (upserts are idempotent)."""
    if not path.exists():
        raise CsvFormatError(f"no such file: {path}")
    today = today or (datetime.now(UTC) + timedelta(days=1)).date()
    report = ImportReport(path=str(path))
    seen: set[tuple[str, date]] = set()
    chunk: list[PriceBar] = []

    def flush() -> None:
        if not chunk:
            return
        with session_factory() as session:
            result = upsert_prices(session=session, bars=chunk)
            session.commit()
        report.inserted += result.inserted
        report.updated += result.updated
        if on_progress is not None:
            on_progress(len(chunk))
        chunk.clear()

    with _open_text(path) as handle:
        for line, row in _rows(handle, report):
            try:
                bar = parse_row(row, today=today, source=source)
            except ValueError as exc:
                report.reject(line, str(exc))
                continue
            key = (bar.ticker, bar.date)
            if key in seen:
                report.duplicates_in_file += 1
            seen.add(key)
            report.accepted += 1
            report.tickers.add(bar.ticker)
            if report.first_date is None or bar.date < report.first_date:
                report.first_date = bar.date
            if report.last_date is None or bar.date > report.last_date:
                report.last_date = bar.date
            chunk.append(bar)
            if len(chunk) >= CHUNK_ROWS:
                flush()
    flush()
    return report
