"""Forecast commands: `forecast TICKER`, `forecast evaluate`, `forecast train`.

`scheduled_retrain` is the callable the scheduler stores (nightly retrain).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from app.cli.context import container, fail
from app.container import Container

console = Console()
log = logging.getLogger("stockelper.forecast")


class _DefaultToShow(TyperGroup):
    """`stockelper forecast TSLA` means `stockelper forecast show TSLA`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


forecast_app = typer.Typer(
    cls=_DefaultToShow, no_args_is_help=True,
    help="Volatility and direction forecasts with their measured track record. "
         "`stockelper forecast TICKER` shows a forecast.",
)

Tickers = Annotated[list[str] | None, typer.Option("--tickers", help="Tickers (repeat or "
                    "comma-separate); default: every ticker with stored bars")]
MinTrain = Annotated[int, typer.Option(help="Trading days before the first test fold")]
RefitEvery = Annotated[int, typer.Option(help="Trading days between refits")]
Garch = Annotated[bool, typer.Option("--garch/--no-garch", help="Evaluate the GARCH baseline")]


def _config(min_train: int, refit_every: int, garch: bool) -> Any:
    from forecast.evaluation import ForecastConfig

    return replace(ForecastConfig(), min_train=min_train, refit_every=refit_every, garch=garch)


def _bars(c: Container, tickers: list[str] | None) -> Any:
    from forecast.bars import SqlBarsLoader
    from forecast.features import US_INDEX, country_of

    loader = SqlBarsLoader(session_factory=c.read_session_factory)
    wanted = [t.strip() for raw in tickers or [] for t in raw.split(",") if t.strip()]
    if wanted:
        stored = set(loader.tickers())
        # the market index of each requested country rides along (SPY, or the KR proxy)
        extra = {US_INDEX} if any(country_of(t) == "US" for t in wanted) else set()
        extra |= {t for t in stored if country_of(t) == "KR"} if any(
            country_of(t) == "KR" for t in wanted) else set()
        wanted = sorted(set(wanted) | (extra & stored))
    else:
        wanted = loader.tickers()
    bars = loader(tickers=wanted, start=None) if wanted else None
    if bars is None or bars.empty:
        fail("no stored prices: run `stockelper collect prices` or `stockelper import-prices`")
    return bars


def show(
    ticker: Annotated[str, typer.Argument(help="Ticker, e.g. TSLA or 005930.KS")],
    horizon: Annotated[int, typer.Option("--horizon", "-h", help="Trading days: 1, 5 or 20")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    language: Annotated[str, typer.Option("--lang", help="en or ko")] = "en",
) -> None:
    """Forecast one ticker with its interval and the model's track record."""
    from forecast.service import ForecastUnavailable

    c = container()
    c.migrate()
    try:
        fc = c.forecast_service.forecast(ticker.upper() if "." not in ticker else ticker, horizon)
    except ForecastUnavailable as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(fc.to_dict(), default=str, ensure_ascii=False))
        return
    console.print(fc.summary(language))


def _run(c: Container, tickers: list[str] | None, report: Path | None, config: Any,
         save: bool) -> None:
    from forecast.evaluation import walk_forward
    from forecast.report import metrics_table, write_report
    from forecast.scoring import score
    from forecast.training import fit_final, new_version

    bars = _bars(c, tickers)
    wall, cpu = time.perf_counter(), time.process_time()
    if bars.empty:
        fail("no stored prices to learn from: run `stockelper collect prices` (or "
             "`stockelper demo-data` offline) first")
    try:
        predictions = walk_forward(bars, config=config)
    except ValueError as exc:
        sessions = int(bars.groupby("ticker").size().max())
        fail(f"{exc}: the longest stored history is {sessions} sessions and the first fold "
             f"trains on {config.min_train}; collect more history or lower --min-train")
    evaluation = score(predictions, level=config.level)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    typer.echo(metrics_table(evaluation))
    console.print(f"walk-forward + scoring: {wall:.1f}s wall, {cpu:.1f}s CPU, "
                  f"{bars['ticker'].nunique()} tickers")
    version = new_version()
    if report is not None:
        write_report(path=report, predictions=predictions, evaluation=evaluation,
                     title=f"Forecast evaluation {version}",
                     notes=[f"Tickers: {', '.join(sorted(bars['ticker'].unique()))}.",
                            f"Runtime: {wall:.1f}s wall, {cpu:.1f}s CPU."])
        console.print(f"report written to {report}")
    if save:
        models = fit_final(bars, config=config)
        c.forecast_registry.save(version=version, models=models, evaluation=evaluation)
        console.print(f"[green]stored model version {version}[/green]")


def evaluate(tickers: Tickers = None,
             report: Annotated[Path | None, typer.Option(help="Markdown report path")] = None,
             min_train: MinTrain = 756, refit_every: RefitEvery = 63, garch: Garch = True,
             ) -> None:
    """Walk-forward evaluation of the models against every baseline (nothing is stored)."""
    c = container()
    c.migrate()
    _run(c, tickers, report, _config(min_train, refit_every, garch), save=False)


def train(tickers: Tickers = None,
          report: Annotated[Path | None, typer.Option(help="Markdown report path")] = None,
          min_train: MinTrain = 756, refit_every: RefitEvery = 63, garch: Garch = True,
          ) -> None:
    """Evaluate walk-forward, fit on all history, store a new model version."""
    c = container()
    c.migrate()
    _run(c, tickers, report, _config(min_train, refit_every, garch), save=True)


def versions() -> None:
    """List stored model versions."""
    c = container()
    c.migrate()
    table = Table("version", "horizon", "trained on", "rows", "tickers")
    for card in c.forecast_registry.versions():
        table.add_row(card.version, str(card.horizon), f"{card.train_start}..{card.train_end}",
                      f"{card.n_train:,}", str(len(card.tickers)))
    console.print(table)


def _retrain_all(c: Container) -> str:
    """Evaluate walk-forward and store a new version trained on every stored ticker."""
    from forecast.bars import SqlBarsLoader
    from forecast.training import retrain_job

    loader = SqlBarsLoader(session_factory=c.read_session_factory)
    return retrain_job(load_bars=loader, registry=c.forecast_registry, tickers=loader.tickers())


def scheduled_retrain(*, container: Container) -> None:
    """Nightly retrain on every ticker with stored bars (called by the scheduler)."""
    log.info("forecast retrain stored %s", _retrain_all(container))


def ensure_trained(c: Container) -> str:
    """Train once when no model is stored (first run); a plain-words status line."""
    if c.forecast_registry.latest(5) is not None:
        return "Forecast models: already trained."
    try:
        version = _retrain_all(c)
    except ValueError as exc:
        return f"Forecast models: not trained yet ({exc}); the nightly retrain will try again."
    return f"Forecast models: trained and evaluated walk-forward (version {version})."


def register(app: typer.Typer) -> None:
    forecast_app.command("show")(show)
    forecast_app.command("evaluate")(evaluate)
    forecast_app.command("train")(train)
    forecast_app.command("versions")(versions)
    app.add_typer(forecast_app, name="forecast")
