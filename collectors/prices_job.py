"""The prices job: incremental daily bars for a list of tickers.

Per ticker the start date is `--since` if given, else the newest stored real bar minus a
look-back (late corrections), else `initial_days` ago. Tickers sharing a start date are
fetched in batches of the source's `max_batch`; a batch that fails after retries is retried
ticker by ticker, so one bad ticker never fails the others. Valid bars are upserted and
committed per batch: a crash keeps what earlier batches stored, and the next run resumes
from the watermark. Demo rows of a ticker are dropped when its first real bars arrive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories import upsert_prices
from app.db.repositories.collection import (
    DEMO_SOURCE,
    delete_prices_from_source,
    latest_real_dates,
    stored_closes,
    tickers_with_source,
)
from app.records import PriceBar
from app.tracing_port import NoTracing, Tracing
from collectors.ledger import JobReport, ProgressHook, RunBook, recorded_run
from collectors.ports import PriceSource, TransientSourceError
from collectors.resilience import Resilience
from collectors.validation import check_bars, history_changes

LOOKBACK_DAYS = 7  # calendar days: covers a long weekend plus a holiday
INITIAL_DAYS = 365 * 5


def plan_starts(
    *, tickers: Sequence[str], watermarks: Mapping[str, date], today: date,
    since: date | None, lookback_days: int = LOOKBACK_DAYS, initial_days: int = INITIAL_DAYS,
) -> dict[str, date]:
    """The first date to fetch for each ticker."""
    starts: dict[str, date] = {}
    for ticker in tickers:
        if since is not None:
            starts[ticker] = since
        elif ticker in watermarks:
            starts[ticker] = watermarks[ticker] - timedelta(days=lookback_days)
        else:
            starts[ticker] = today - timedelta(days=initial_days)
    return starts


def _batches(starts: Mapping[str, date], size: int) -> list[tuple[date, list[str]]]:
    by_start: dict[date, list[str]] = defaultdict(list)
    for ticker, start in starts.items():
        by_start[start].append(ticker)
    out: list[tuple[date, list[str]]] = []
    for start in sorted(by_start):
        group = by_start[start]
        out.extend((start, group[i : i + size]) for i in range(0, len(group), max(size, 1)))
    return out


def collect_prices(
    *,
    session_factory: sessionmaker[Session],
    source: PriceSource,
    tickers: Sequence[str],
    since: date | None = None,
    today: date | None = None,
    tracing: Tracing | None = None,
    resilience: Resilience | None = None,
    on_progress: ProgressHook | None = None,
    lookback_days: int = LOOKBACK_DAYS,
    initial_days: int = INITIAL_DAYS,
) -> JobReport:
    """Collect daily bars for `tickers` and record the run in the ledger."""
    tracing = tracing or NoTracing()
    resilience = resilience or Resilience()
    today = today or datetime.now(UTC).date()
    params = {"tickers": list(tickers), "since": since.isoformat() if since else None,
              "source": source.name}
    with recorded_run(job="prices", params=params, session_factory=session_factory,
                      tracing=tracing, on_progress=on_progress) as book:
        with session_factory() as session:
            watermarks = latest_real_dates(session=session, tickers=tickers)
        starts = plan_starts(tickers=tickers, watermarks=watermarks, today=today,
                             since=since, lookback_days=lookback_days,
                             initial_days=initial_days)
        for start, batch in _batches(starts, source.max_batch):
            if resilience.is_open(source.name):
                for ticker in batch:
                    book.fail(ticker, "not attempted: source unreachable "
                                      "(too many consecutive transient failures)")
                continue
            with tracing.span("prices.batch", input={"tickers": batch, "start": str(start)}):
                fetched, failed = _fetch(source, batch, start, today, resilience, book)
                answered = {t: fetched.get(t, ()) for t in batch if t not in failed}
                _store(session_factory, answered, starts, watermarks, today, book)
    assert book.report is not None
    return book.report


def _fetch(
    source: PriceSource, batch: list[str], start: date, today: date,
    resilience: Resilience, book: RunBook,
) -> tuple[dict[str, Sequence[PriceBar]], set[str]]:
    """Bars per ticker for the batch, and the tickers whose fetch failed (recorded)."""
    def call(tickers: list[str]) -> Mapping[str, Sequence[PriceBar]]:
        return source.fetch_prices(tickers=tickers, start=start, end=today)

    try:
        return dict(resilience.call(source.name, lambda: call(batch))), set()
    except Exception as exc:  # noqa: BLE001 - any source failure is isolated per ticker
        if len(batch) == 1:
            book.fail(batch[0], _reason(exc))
            return {}, {batch[0]}
    # Isolate: one attempt per ticker, so one poisoned ticker cannot sink the others.
    out: dict[str, Sequence[PriceBar]] = {}
    failed: set[str] = set()
    for ticker in batch:
        if resilience.is_open(source.name):
            book.fail(ticker, "not attempted: source unreachable after the batch failed")
            failed.add(ticker)
            continue
        try:
            out.update(resilience.call(source.name, partial(call, [ticker]), attempts=1))
        except Exception as exc:  # noqa: BLE001 - any source failure is isolated per ticker
            book.fail(ticker, _reason(exc))
            failed.add(ticker)
    return out, failed


def _reason(exc: BaseException) -> str:
    kind = "transient" if isinstance(exc, TransientSourceError) else "error"
    return f"{kind}: {exc}"[:300]


def _store(
    session_factory: sessionmaker[Session], fetched: Mapping[str, Sequence[PriceBar]],
    starts: Mapping[str, date], watermarks: Mapping[str, date], today: date, book: RunBook,
) -> None:
    good: dict[str, list[PriceBar]] = {}
    for ticker, bars in fetched.items():
        window = [b for b in bars if b.date >= starts[ticker]]
        if not window:
            book.fail(ticker, "empty download: the source returned no bars")
            continue
        check = check_bars(window, today=today)
        for note in check.warnings:
            book.warn(ticker, note)
        if check.rejected:
            first_bar, first_problem = check.rejected[0]
            book.warn(ticker, f"{len(check.rejected)} bar(s) rejected, e.g. "
                              f"{first_bar.date}: {first_problem}")
            book.add("bars_rejected", len(check.rejected))
        if not check.valid:
            book.fail(ticker, f"all {len(window)} bars rejected ({check.rejected[0][1]})")
            continue
        good[ticker] = check.valid
    if not good:
        return
    try:
        with session_factory() as session:
            _note_history_changes(session, good, watermarks, book)
            # demo rows can only sit under tickers with no real watermark yet (the first
            # real bars drop them; demo loading skips tickers that have real rows)
            first_real = [t for t in good if t not in watermarks]
            demo = tickers_with_source(session=session, tickers=first_real,
                                       source=DEMO_SOURCE) if first_real else set()
            if demo:
                book.add("demo_rows_replaced", delete_prices_from_source(
                    session=session, tickers=sorted(demo), source=DEMO_SOURCE))
            result = upsert_prices(session=session, bars=[b for v in good.values() for b in v])
            session.commit()
    except SQLAlchemyError as exc:
        for ticker in good:
            book.fail(ticker, f"store error: {type(exc).__name__}")
        return
    book.add("bars_received", result.received)
    book.add("inserted", result.inserted)
    book.add("updated", result.updated)
    for ticker, bars in good.items():
        book.succeed(ticker, rows=len(bars))


def _note_history_changes(
    session: Session, good: Mapping[str, list[PriceBar]], watermarks: Mapping[str, date],
    book: RunBook,
) -> None:
    known = [t for t in good if t in watermarks]
    if not known:
        return
    start = min(good[t][0].date for t in known)
    end = max(watermarks[t] for t in known)
    if start > end:
        return
    stored = stored_closes(session=session, tickers=known, start=start, end=end)
    for ticker in known:
        note = history_changes(stored.get(ticker, {}), good[ticker])
        if note:
            book.warn(ticker, note)
