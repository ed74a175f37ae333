"""`stockelper ui`: serve the Streamlit web app on 127.0.0.1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli.context import fail


def streamlit_command(*, port: int, host: str = "127.0.0.1") -> list[str]:
    import ui

    script = Path(ui.__file__).resolve().parent / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
    ]


def serve(
    port: Annotated[int, typer.Option(help="Port to listen on", min=1, max=65535)] = 8501,
    host: Annotated[str, typer.Option(
        help="Address to bind; keep 127.0.0.1 outside a container")] = "127.0.0.1",
) -> None:
    """Serve the web app on http://127.0.0.1:PORT (Ctrl+C stops it)."""
    command = streamlit_command(port=port, host=host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"Stockelper web app: http://{shown}:{port}", flush=True)
    try:
        # Replace this process, so signals (Ctrl+C, a supervisor's SIGTERM) reach streamlit.
        os.execv(sys.executable, command)
    except OSError as exc:
        fail(f"could not start streamlit: {exc}")


def register(app: typer.Typer) -> None:
    app.command("ui")(serve)
