"""Collection commands: collect, runs, scheduler, demo-data, bootstrap.

This module is composition: it builds the sources and wires them into the collectors.
`run_scheduled` and `scheduled_collect` are the module-level callables the scheduler stores.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from app.cli.context import container, fail
from app.collection import GRAPH, CollectionBusy, run_collection, run_graph_locked
from app.container import Container
from collectors.jobs import JOB_NAMES, JobName, Market, run_job, tickers_for_market
from collectors.ledger import JobReport, TickerOutcome, close_abandoned_runs
from collectors.scheduler import WEEKDAYS, JobSpec, collection_lock, collection_specs

console = Console()
log = logging.getLogger("stockelper.scheduler")
RUNNER = f"{__name__}:run_scheduled"
DEMO_NOTE = "[bold yellow]SYNTHETIC DEMO DATA[/bold yellow] (source=demo) is in the store"


def scheduled_jobs(c: Container) -> list[JobSpec]:
    """Every scheduled job (one more line adds one). The graph and the forecast retrain
    follow the last collection of the day, US news at 18:45 New York (KR news is at 16:45
    Seoul, i.e. 02:45-03:45 New York the same day), so they run in New York time and stay
    after it through both daylight-saving switches (07:00 Seoul would be before it)."""
    s = c.settings
    return [
        *collection_specs(target=f"{__name__}:scheduled_collect",
                          us_timezone=s.us_timezone, kr_timezone=s.kr_timezone),
        JobSpec(GRAPH, "app.cli.graph_job:scheduled_graph",
                {"day_of_week": WEEKDAYS, "hour": 19, "minute": 30}, s.us_timezone,
                description="company graph: relations, profiles, news co-mentions",
                lock=collection_lock("graph")),
        JobSpec("forecast-retrain", "app.cli.forecast:scheduled_retrain",
                {"day_of_week": WEEKDAYS, "hour": 20, "minute": 0}, s.us_timezone,
                description="forecast models retrained on every stored ticker",
                lock="forecast-retrain"),
    ]


def _watchlist(c: Container) -> list[str]:
    from app.db.repositories import ensure_watchlist

    with c.session_factory() as session:
        return ensure_watchlist(session=session, default=c.settings.watchlist)


def _lock_dir(c: Container) -> Any:
    return c.settings.data_dir / "locks"


def run_scheduled(*, job_id: str, target: str, kwargs: dict[str, Any], lock: str) -> None:
    """What the scheduler calls: a fresh Container, the job's lock, then the target."""
    from apscheduler.util import ref_to_obj

    from app.settings import get_settings
    from collectors.scheduler import run_locked

    c = Container(get_settings())
    try:
        ran = run_locked(engine=c.engine, lock_dir=_lock_dir(c), name=lock,
                         fn=lambda: ref_to_obj(target)(container=c, **kwargs))
        log.info("job %s %s", job_id, "finished" if ran else "skipped: lock held elsewhere")
    finally:
        c.tracing.flush()
        c.close()


def scheduled_collect(*, container: Container, job: JobName, market: Market | None) -> None:
    tickers = tickers_for_market(_watchlist(container), market)
    close_abandoned_runs(session_factory=container.session_factory, job=job)  # lock is held
    report = run_job(deps=container.collection_deps, job=job, tickers=tickers)
    log.info("%s (%s): %s, %d ok, %d failed", job, market or "all", report.status,
             len(report.tickers_ok), len(report.tickers_failed))


def _split(values: Sequence[str] | None) -> list[str]:
    return [v.strip() for raw in values or () for v in raw.split(",") if v.strip()]


def collect(
    job: Annotated[str, typer.Argument(help="prices | news | profiles | graph | all")] = "all",
    tickers: Annotated[list[str] | None, typer.Option(
        "--tickers", "-t", help="Tickers (repeat or comma-separate); default: watchlist")] = None,
    since: Annotated[str | None, typer.Option(help="Fetch prices from this date (YYYY-MM-DD)")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON reports")] = False,
) -> None:
    """Collect prices, news, profiles and/or update the company graph now (incremental from
    the stored watermarks; `--tickers` and `--since` do not apply to the graph)."""
    from collectors.demo import is_demo_data

    if job not in (*JOB_NAMES, GRAPH, "all"):
        fail(f"unknown job {job!r}: choose prices, news, profiles, graph or all")
    try:
        start = date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since must be YYYY-MM-DD, got {since!r}")
    c = container()
    c.migrate()
    wanted = _split(tickers) or _watchlist(c)
    jobs: list[str] = [*JOB_NAMES, GRAPH] if job == "all" else [job]
    progress = Progress(TextColumn("[bold]{task.description:<9}"), BarColumn(),
                        MofNCompleteColumn(), TextColumn("{task.fields[last]}"),
                        TimeElapsedColumn(), console=Console(stderr=True), transient=False,
                        disable=as_json or not sys.stderr.isatty())
    tasks: dict[str, TaskID] = {}

    def start_job(name: str, total: int) -> None:
        tasks[name] = progress.add_task(name, total=total, last="")

    try:
        with progress:
            reports = run_collection(
                container=c, jobs=jobs, tickers=wanted, since=start, on_start=start_job,
                on_item=lambda name, outcome: _advance(progress, tasks[name], outcome))
    except CollectionBusy as exc:
        fail(str(exc))
    with c.read_session_factory() as session:
        synthetic = is_demo_data(session=session)
    if as_json:
        print(json.dumps({"reports": [_report_dict(r) for r in reports],
                          "synthetic_data_present": synthetic}, ensure_ascii=False))
    else:
        console.print(_summary(reports))
        if synthetic:
            console.print(DEMO_NOTE)
    if reports and all(r.status == "failed" for r in reports):
        raise typer.Exit(1)


def _advance(progress: Progress, task: TaskID, outcome: TickerOutcome) -> None:
    state = "ok" if outcome.ok else "FAILED"
    progress.update(task, advance=1, last=f"{outcome.ticker} {state}")


def _report_dict(r: JobReport) -> dict[str, Any]:
    return {"job": r.job, "run_id": r.run_id, "status": r.status,
            "tickers_ok": list(r.tickers_ok), "tickers_failed": list(r.tickers_failed),
            "counts": r.counts, "errors": list(r.errors), "trace_id": r.trace_id}


def _summary(reports: Sequence[JobReport]) -> Table:
    table = Table(title="Collection summary")
    for column in ("job", "run", "status", "ok", "failed", "inserted", "updated", "reasons"):
        table.add_column(column)
    colours = {"success": "green", "partial": "yellow", "failed": "red"}
    for r in reports:
        reasons = [f"{e['ticker']}: {e['reason']}" for e in r.failures[:3]]
        if len(r.failures) > 3:
            reasons.append(f"... {len(r.failures) - 3} more (stockelper runs --job {r.job})")
        if r.warnings:
            reasons.append(f"{len(r.warnings)} warning(s)")
        inserted, updated = (f"{r.counts.get('inserted', 0):,}", f"{r.counts.get('updated', 0):,}")
        if r.job == GRAPH:  # ok / failed count steps; rows are MERGEs, not inserts
            inserted, updated = f"{r.counts.get('written', 0):,} merged", "-"
            if "nodes" in r.counts:  # absent when the store could not be opened
                reasons.insert(0, f"{r.counts['nodes']:,} nodes, "
                                  f"{r.counts.get('edges', 0):,} edges in the graph")
        table.add_row(r.job, str(r.run_id), f"[{colours[r.status]}]{r.status}[/]",
                      str(len(r.tickers_ok)), str(len(r.tickers_failed)), inserted, updated,
                      "\n".join(reasons) or "-")
    return table


def runs(
    job: Annotated[str | None, typer.Option(help="Only this job")] = None,
    limit: Annotated[int, typer.Option(help="How many runs")] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the collection run ledger, newest first."""
    from app.db.repositories import list_runs

    c = container()
    c.migrate()
    with c.read_session_factory() as session:
        records = list_runs(session=session, job=job, limit=limit)
    if as_json:
        print(json.dumps([_run_dict(r) for r in records], default=str, ensure_ascii=False))
        return
    table = Table(title="Collection runs")
    for column in ("id", "job", "started (UTC)", "took", "status", "ok/failed", "ins/upd",
                   "first problem"):
        table.add_column(column)
    for r in records:
        took = f"{(r.finished_at - r.started_at).total_seconds():.1f}s" if r.finished_at else "-"
        errors = [e for e in r.errors if e.get("kind") == "error"]
        status = r.status if r.finished_at or r.status != "running" else "running (or crashed)"
        table.add_row(str(r.id), r.job, str(r.started_at)[:19], took, status,
                      f"{r.counts.get('tickers_ok', '-')}/{r.counts.get('tickers_failed', '-')}",
                      f"{r.counts.get('inserted', 0)}/{r.counts.get('updated', 0)}",
                      f"{errors[0]['ticker']}: {errors[0]['reason']}"[:80] if errors else "-")
    console.print(table if records else "No collection runs yet.")


def _run_dict(r: Any) -> dict[str, Any]:
    fields = ("id", "job", "started_at", "finished_at", "status", "counts", "errors", "params",
              "trace_id")
    return {f: getattr(r, f) for f in fields}


def scheduler() -> None:
    """Run the nightly scheduler in the foreground (Ctrl-C or SIGTERM stops it cleanly)."""
    from collectors.scheduler import build_scheduler, install_shutdown_handlers

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    c = container()
    c.migrate()
    specs = scheduled_jobs(c)
    table = Table(title="Scheduled jobs")
    for column in ("id", "when", "time zone", "does"):
        table.add_column(column)
    for s in specs:
        when = " ".join(f"{k}={v}" for k, v in s.cron.items())
        table.add_row(s.id, when, s.timezone, s.description or s.target)
    console.print(table)
    sched = build_scheduler(specs=specs, runner=RUNNER, engine=c.engine, blocking=True)
    install_shutdown_handlers(sched)
    sched.start()
    console.print("Scheduler stopped.")


def demo_data(
    years: Annotated[float, typer.Option(help="Years of daily prices")] = 5.0,
    news: Annotated[int, typer.Option(help="How many demo news items")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed")] = 7,
) -> None:
    """Fill the store with a labelled SYNTHETIC dataset (no network needed)."""
    from collectors.demo import DEMO_EXTRA_TICKERS, load_demo_data

    c = container()
    c.migrate()
    report = load_demo_data(session_factory=c.session_factory, symbols=c.symbols,
                            tickers=[*_watchlist(c), *DEMO_EXTRA_TICKERS], years=years,
                            seed=seed, news_count=news)
    console.print(f"Loaded SYNTHETIC demo data for {len(report.tickers)} tickers: "
                  f"{report.bars:,} bars, {report.news} news items, {report.profiles} profiles.")
    if report.skipped_real:
        console.print(f"Kept real data for: {', '.join(report.skipped_real)}")
    console.print(DEMO_NOTE + "; real collection replaces it.")


def bootstrap(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """First run: collect real data, or load demo data if the network is unreachable; then
    build the company graph and train the forecast models."""
    from collectors.bootstrap import bootstrap_data

    c = container()
    c.migrate()
    result = bootstrap_data(deps=c.collection_deps, tickers=_watchlist(c),
                            build_graph=partial(run_graph_locked, c))
    mode: Literal["existing", "collected", "demo"] = result.mode
    if not as_json:
        console.print(("[yellow]" if result.synthetic else "[green]") + result.message + "[/]")
        console.print("Training forecast models (walk-forward evaluation, about a minute)...")
    from app.cli.forecast import ensure_trained

    forecasts = ensure_trained(c)
    if as_json:
        print(json.dumps({"mode": mode, "synthetic": result.synthetic,
                          "message": result.message, "forecasts": forecasts},
                         ensure_ascii=False))
    else:
        console.print(forecasts)


def register(app: typer.Typer) -> None:
    app.command("collect")(collect)
    app.command("runs")(runs)
    app.command("scheduler")(scheduler)
    app.command("demo-data")(demo_data)
    app.command("bootstrap")(bootstrap)
