"""The `stockelper` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import typer

from app.cli import ask, collect, core, ui
from app.cli import eval as eval_cli
from app.cli import forecast as forecast_cli

app = typer.Typer(
    name="stockelper",
    help="Stockelper: a bilingual stock assistant grounded in data it collects itself.",
    no_args_is_help=True,
    add_completion=False,
)

core.register(app)
ui.register(app)
ask.register(app)
collect.register(app)
eval_cli.register(app)
forecast_cli.register(app)


def main() -> None:
    app()
