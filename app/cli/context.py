"""The CLI's one Container, built on first use from the process settings."""

from __future__ import annotations

from functools import lru_cache
from typing import NoReturn

import typer
from rich.console import Console

from app.container import Container
from app.settings import get_settings

_err = Console(stderr=True)


@lru_cache(maxsize=1)
def container() -> Container:
    return Container(get_settings())


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a clear error (no traceback) and exit."""
    _err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)
