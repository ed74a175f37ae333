"""`stockelper ui`: serve the Streamlit web app on 127.0.0.1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli.context import fail


def streamlit_command(*, port: int) -> list[str]:
    import ui

    script = Path(ui.__file__).resolve().parent / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
    ]


def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1", min=1, max=65535)] = 8501,
) -> None:
    """Serve the web app on http://127.0.0.1:PORT (Ctrl+C stops it)."""
    command = streamlit_command(port=port)
    print(f"Stockelper web app: http://127.0.0.1:{port}", flush=True)
    try:
        # Replace this process, so signals (Ctrl+C, a supervisor's SIGTERM) reach streamlit.
        os.execv(sys.executable, command)
    except OSError as exc:
        fail(f"could not start streamlit: {exc}")


def register(app: typer.Typer) -> None:
    app.command("ui")(serve)
