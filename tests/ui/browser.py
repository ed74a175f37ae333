"""Helpers for the browser tests: a served app on a free 127.0.0.1 port and Debian Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(
    command: Sequence[str], *, env: Mapping[str, str], cwd: Path, ready: str = "URL:"
) -> Iterator[subprocess.Popen[str]]:
    """Start the server, wait until it prints its URL line, stop it at the end."""
    proc = subprocess.Popen(
        list(command), cwd=cwd, env={**os.environ, **env}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )
    seen: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # blocks until the next line; EOF if the server died
            seen.append(line)
            if ready in line:
                break
        else:
            raise RuntimeError("the web app exited before serving:\n" + "".join(seen))
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def ask(page: Any, question: str) -> Any:
    """Type a question, submit it and return the locator of the new assistant message."""
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    message = page.get_by_test_id("stChatMessage").nth(before + 1)
    message.wait_for(timeout=120_000)
    return message


def wait_idle(page: Any) -> None:
    """Wait until the script run is over (Streamlit's running indicator is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
