"""Module-level callables the scheduler tests register (APScheduler stores references)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from collectors.scheduler import run_locked


class Probe:
    """Shared state of one test: what ran, what was skipped, and events to wait on."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.lock_dir: Path | None = None
        self.ran: list[str] = []
        self.skipped: list[str] = []
        self.calls: list[dict[str, Any]] = []
        self.first_holds = threading.Event()
        self.release = threading.Event()
        self.done = threading.Semaphore(0)
        self.guard = threading.Lock()


PROBE = Probe()


def reset() -> Probe:
    global PROBE
    PROBE = Probe()
    return PROBE


def record(**kwargs: Any) -> None:
    """A target that only records that it was called."""
    PROBE.calls.append(kwargs)
    PROBE.done.release()


def runner(*, job_id: str, target: str, kwargs: dict[str, Any], lock: str) -> None:
    """Like the real runner: take the job lock, then run; the holder waits until the other
    scheduler has tried (and failed) to get the lock, so the overlap is certain."""
    probe = PROBE
    assert probe.engine is not None and probe.lock_dir is not None

    def body() -> None:
        with probe.guard:
            probe.ran.append(job_id)
        probe.first_holds.set()
        probe.release.wait(timeout=20)

    try:
        acquired = run_locked(engine=probe.engine, lock_dir=probe.lock_dir, name=lock,
                              fn=body)
        if not acquired:
            with probe.guard:
                probe.skipped.append(job_id)
            probe.release.set()
    finally:
        probe.done.release()


def plain_runner(*, job_id: str, target: str, kwargs: dict[str, Any], lock: str) -> None:
    from apscheduler.util import ref_to_obj

    ref_to_obj(target)(job_id=job_id, **kwargs)
