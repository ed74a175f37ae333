"""First run: try real collection, fall back to the synthetic demo data only when the
network is unreachable, and say which happened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from app.db.repositories.collection import has_any_prices
from collectors.demo import DEMO_EXTRA_TICKERS, DemoReport, is_demo_data, load_demo_data
from collectors.jobs import JOB_NAMES, CollectDeps, run_job
from collectors.ledger import JobReport

BootstrapMode = Literal["existing", "collected", "demo"]


@dataclass(frozen=True, slots=True)
class BootstrapResult:
    mode: BootstrapMode
    message: str
    synthetic: bool
    reports: tuple[JobReport, ...] = ()
    demo: DemoReport | None = None


def probe_network(deps: CollectDeps, *, ticker: str, today: date) -> str | None:
    """None if one quick real request works; otherwise why it did not."""
    try:
        got = deps.price_source.fetch_prices(
            tickers=[ticker], start=today - timedelta(days=10), end=today)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable now"
        return f"{type(exc).__name__}: {exc}"[:200]
    return None if got.get(ticker) else "the price source returned no data"


def bootstrap_data(
    *, deps: CollectDeps, tickers: Sequence[str], probe_ticker: str | None = None,
    today: date | None = None, demo_extra: Sequence[str] = DEMO_EXTRA_TICKERS,
    build_graph: Callable[[], JobReport | None] | None = None,
) -> BootstrapResult:
    """Make sure the store has something to show.

    - store already has prices: nothing to do (`existing`; `synthetic` tells if demo);
    - a quick probe of one ticker works: collect prices, news and profiles (`collected`);
    - the probe fails: load the labelled synthetic dataset (`demo`) and say so.

    Then, in every mode, `build_graph` (the composition root's graph run: curated
    relations, profiles, news co-mentions) brings the company graph up to date; it returns
    None when another graph run holds the job lock.
    """
    result = _fill_store(deps=deps, tickers=tickers, probe_ticker=probe_ticker, today=today,
                         demo_extra=demo_extra)
    if build_graph is None:
        return result
    graph = build_graph()
    if graph is None:
        return replace(result, message=result.message + " Company graph: skipped, another "
                       "graph run is in progress.")
    note = (f" Company graph: {graph.status} ({graph.counts.get('Company', 0)} companies, "
            f"{graph.counts.get('relations', 0)} curated relations)")
    if graph.failures:
        note += f"; {graph.failures[0]['ticker']}: {graph.failures[0]['reason']}"[:300]
    return replace(result, message=result.message + note + ".",
                   reports=(*result.reports, graph))


def _fill_store(
    *, deps: CollectDeps, tickers: Sequence[str], probe_ticker: str | None,
    today: date | None, demo_extra: Sequence[str],
) -> BootstrapResult:
    today = today or datetime.now(UTC).date()
    with deps.session_factory() as session:
        if has_any_prices(session=session):
            synthetic = is_demo_data(session=session)
            note = (" It is SYNTHETIC demo data (source=demo); run `stockelper collect all` "
                    "when online to replace it.") if synthetic else ""
            return BootstrapResult("existing", "The store already has data." + note, synthetic)
    if not tickers:
        return BootstrapResult("existing", "Empty watchlist: nothing to collect.", False)
    problem = probe_network(deps, ticker=probe_ticker or tickers[0], today=today)
    if problem is None:
        reports = tuple(run_job(deps=deps, job=job, tickers=tickers) for job in JOB_NAMES)
        summary = ", ".join(f"{r.job}: {r.status}" for r in reports)
        return BootstrapResult("collected", f"Collected real data ({summary}).", False,
                               reports=reports)
    demo = load_demo_data(session_factory=deps.session_factory, symbols=deps.symbols,
                          tickers=[*tickers, *demo_extra], end=today)
    message = (f"Network unreachable ({problem}). Loaded SYNTHETIC demo data instead: "
               f"{demo.bars:,} price bars, {demo.news} news items, {demo.profiles} profiles, "
               "all marked source=demo and [DEMO]. Run `stockelper collect all` when online; "
               "real data replaces the demo rows.")
    return BootstrapResult("demo", message, True, demo=demo)
