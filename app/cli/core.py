"""Core commands: init, import-prices, symbols resolve/refresh, db status."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.cli.context import container, fail

console = Console()
symbols_app = typer.Typer(help="Resolve and refresh the symbol directory.", no_args_is_help=True)
db_app = typer.Typer(help="Inspect the SQL store.", no_args_is_help=True)


def init() -> None:
    """Create or migrate the SQL store, store the company seed and seed the watchlist."""
    from app.db.repositories import ensure_watchlist, upsert_companies
    from app.symbols import SymbolDirectory

    c = container()
    try:
        c.migrate()
        with c.session_factory() as session:
            companies = upsert_companies(
                session=session, companies=SymbolDirectory.from_seed().companies(), source="seed"
            )
            session.commit()
            watchlist = ensure_watchlist(session=session, default=c.settings.watchlist)
    except (OperationalError, SQLAlchemyError) as exc:
        fail(f"could not initialise the SQL store at {_safe_url(c.settings.sql_url)}: {exc}")
    console.print(f"[green]SQL store ready[/green] at {_safe_url(c.settings.sql_url)}")
    console.print(f"Companies: {companies} in the symbol directory seed")
    console.print(f"Watchlist: {len(watchlist)} tickers")


def import_prices(
    file: Annotated[Path, typer.Argument(help="Long-format CSV (.csv or .csv.gz)")],
    source: Annotated[str, typer.Option(help="Source label stored with each bar")] = "csv",
    show: Annotated[int, typer.Option(help="How many rejected rows to list")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report")] = False,
) -> None:
    """Import daily prices; bad rows are reported with their line numbers, good rows kept."""
    from app.prices_csv import CsvFormatError, import_prices_csv

    c = container()
    c.migrate()
    progress = Progress(
        TextColumn("[bold]importing[/bold]"), BarColumn(), TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        disable=as_json or not sys.stderr.isatty(),
    )
    try:
        with progress:
            task = progress.add_task("import", total=None)
            report = import_prices_csv(
                path=file, session_factory=c.session_factory, source=source,
                on_progress=lambda n: progress.advance(task, n),
            )
    except CsvFormatError as exc:
        fail(f"{file}: {exc}")
    if as_json:
        print(json.dumps({
            "file": report.path, "rows_read": report.rows_read, "accepted": report.accepted,
            "rejected": report.rejected_count, "inserted": report.inserted,
            "updated": report.updated, "unchanged": report.unchanged,
            "tickers": len(report.tickers),
            "first_date": report.first_date.isoformat() if report.first_date else None,
            "last_date": report.last_date.isoformat() if report.last_date else None,
            "rejected_rows": [{"line": r.line, "reason": r.reason} for r in report.rejected],
        }, ensure_ascii=False))
    else:
        table = Table(title=f"Imported {file.name}", show_header=False)
        for label, value in (
            ("rows read", report.rows_read), ("accepted", report.accepted),
            ("rejected", report.rejected_count), ("inserted", report.inserted),
            ("updated", report.updated), ("unchanged", report.unchanged),
            ("duplicates in file", report.duplicates_in_file),
            ("tickers", len(report.tickers)),
            ("dates", f"{report.first_date} .. {report.last_date}"),
        ):
            table.add_row(label, f"{value:,}" if isinstance(value, int) else str(value))
        console.print(table)
        for row in report.rejected[:show]:
            console.print(f"[yellow]line {row.line}[/yellow]: {row.reason}")
        if report.rejected_count > show:
            console.print(f"... and {report.rejected_count - show:,} more rejected rows")
    if report.accepted == 0 and report.rejected_count > 0:
        raise typer.Exit(1)


@symbols_app.command("resolve")
def symbols_resolve(
    text: Annotated[str, typer.Argument(help="A ticker, code or name in English or Korean")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Resolve what a person typed to a listed company (or say it is ambiguous)."""
    resolution = container().symbols.resolve(text)
    matches = [
        {"ticker": m.ticker, "name_en": m.name_en, "name_ko": m.name_ko, "exchange": m.exchange}
        for m in resolution.matches
    ]
    if as_json:
        print(json.dumps({"query": text, "status": resolution.status,
                          "method": resolution.method, "matches": matches}, ensure_ascii=False))
    elif resolution.status == "not_found":
        console.print(f"No listed company matches {text!r}.")
    else:
        head = "Found" if resolution.status == "found" else "Ambiguous, did you mean one of"
        console.print(f"{head} ({resolution.method}):")
        for m in matches:
            console.print(f"  {m['ticker']:<10} {m['name_en']} / {m['name_ko']} ({m['exchange']})")
    if resolution.status == "not_found":
        raise typer.Exit(1)


@symbols_app.command("refresh")
def symbols_refresh() -> None:
    """Add US listings from NASDAQ Trader's symbol directory (needs the network)."""
    from app.db.repositories import upsert_companies
    from app.symbols import ListingUnavailable, NasdaqTraderListings, refresh_directory

    c = container()
    c.migrate()
    try:
        directory, added = refresh_directory(source=NasdaqTraderListings(), directory=c.symbols)
    except ListingUnavailable as exc:
        fail(f"listings unavailable, the shipped seed stays in use: {exc}")
    seed = {co.ticker for co in type(c.symbols).from_seed().companies()}
    new = [co for co in directory.companies() if co.ticker not in seed]
    with c.session_factory() as session:
        upsert_companies(session=session, companies=new, source="listing")
        session.commit()
    console.print(f"Added {added:,} listed companies ({len(new):,} stored beside the seed).")


@db_app.command("status")
def db_status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Row counts, date ranges and the last collection runs."""
    from app.db.status import store_status

    c = container()
    try:
        status = store_status(session_factory=c.read_session_factory)
    except SQLAlchemyError as exc:
        fail(f"cannot read the SQL store at {_safe_url(c.settings.sql_url)} "
             f"(run `stockelper init` first?): {exc.__class__.__name__}")
    if as_json:
        print(json.dumps(status, default=str, ensure_ascii=False))
        return
    table = Table(title=f"SQL store {_safe_url(c.settings.sql_url)}")
    for column in ("dataset", "rows", "from", "to"):
        table.add_column(column)
    for name, info in status["datasets"].items():
        table.add_row(name, f"{info['rows']:,}", str(info.get("first") or "-"),
                      str(info.get("last") or "-"))
    console.print(table)
    runs = Table(title="Last collection runs")
    for column in ("id", "job", "started", "status", "counts", "errors"):
        runs.add_column(column)
    for r in status["runs"]:
        runs.add_row(str(r["id"]), r["job"], str(r["started_at"])[:19], r["status"],
                     json.dumps(r["counts"]), str(len(r["errors"])))
    console.print(runs if status["runs"] else "No collection runs yet.")
    if status["synthetic"]:
        console.print("[bold yellow]Note:[/bold yellow] the store holds SYNTHETIC demo data "
                      "(source=demo); `stockelper collect all` replaces it with real data.")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("import-prices")(import_prices)
    app.add_typer(symbols_app, name="symbols")
    app.add_typer(db_app, name="db")
