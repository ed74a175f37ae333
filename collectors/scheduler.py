"""The nightly scheduler: APScheduler 3 with its job store in the SQL store.

Jobs are data: a list of `JobSpec`. Adding a job (forecast retrain, graph rebuild) is one
more `JobSpec` in the list the CLI passes in. Every job is stored as a call to one runner
(a module-level "module:function" reference, so APScheduler can persist it) with
`job_id`, `target` and `kwargs`; the runner takes the job's lock and calls the target.

On start, stored jobs are reconciled with the specs WITHOUT resetting `next_run_time` when
the trigger is unchanged: a machine that slept through 18:30 still has the missed run
stored, and APScheduler runs it once (coalesce) if it is within the misfire grace time.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import BaseJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from collectors.locks import job_lock

log = logging.getLogger(__name__)

JOBSTORE_TABLE = "scheduler_jobs"
MISFIRE_GRACE_S = 6 * 3600
WEEKDAYS = "mon-fri"


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One scheduled job. `target` is "module:function", called by the runner as
    `function(container=..., **kwargs)` while it holds the lock `lock` (default: `id`)."""

    id: str
    target: str
    cron: Mapping[str, str | int]
    timezone: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    misfire_grace_s: int = MISFIRE_GRACE_S
    description: str = ""
    lock: str | None = None

    def trigger(self) -> CronTrigger:
        return CronTrigger(timezone=self.timezone, **dict(self.cron))


def collection_lock(job: str) -> str:
    """One lock per collection job type, shared by the scheduler and `stockelper collect`."""
    return f"collect-{job}"


def collection_specs(*, target: str, us_timezone: str, kr_timezone: str) -> list[JobSpec]:
    """The nightly collection: after each market's close, on weekdays; profiles weekly."""
    def spec(job_id: str, job: str, market: str | None, tz: str, cron: dict[str, str | int],
             text: str) -> JobSpec:
        return JobSpec(job_id, target, cron, tz, {"job": job, "market": market},
                       description=text, lock=collection_lock(job))

    return [
        spec("prices-us", "prices", "US", us_timezone,
             {"day_of_week": WEEKDAYS, "hour": 18, "minute": 30}, "US prices after the close"),
        spec("news-us", "news", "US", us_timezone,
             {"day_of_week": WEEKDAYS, "hour": 18, "minute": 45}, "US news"),
        spec("prices-kr", "prices", "KR", kr_timezone,
             {"day_of_week": WEEKDAYS, "hour": 16, "minute": 30}, "KR prices after the close"),
        spec("news-kr", "news", "KR", kr_timezone,
             {"day_of_week": WEEKDAYS, "hour": 16, "minute": 45}, "KR news"),
        spec("profiles", "profiles", None, kr_timezone,
             {"day_of_week": "sun", "hour": 6, "minute": 0}, "all company profiles, weekly"),
    ]


def _job_kwargs(spec: JobSpec) -> dict[str, Any]:
    return {"job_id": spec.id, "target": spec.target, "kwargs": dict(spec.kwargs),
            "lock": spec.lock or spec.id}


def sync_jobs(scheduler: BaseScheduler, specs: Sequence[JobSpec], *, runner: str) -> None:
    """Make the stored jobs match the specs, keeping pending runs of unchanged triggers."""
    wanted = {spec.id for spec in specs}
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            scheduler.remove_job(job.id)
    for spec in specs:
        trigger = spec.trigger()
        options: dict[str, Any] = {
            "func": runner, "kwargs": _job_kwargs(spec), "name": spec.description or spec.id,
            "coalesce": True, "max_instances": 1, "misfire_grace_time": spec.misfire_grace_s,
        }
        existing = scheduler.get_job(spec.id)
        if existing is None:
            scheduler.add_job(id=spec.id, trigger=trigger, **options)
            continue
        if str(existing.trigger) != str(trigger):
            scheduler.reschedule_job(spec.id, trigger=trigger)
        scheduler.modify_job(spec.id, **options)


def build_scheduler(
    *, specs: Sequence[JobSpec], runner: str, engine: Engine | None = None,
    jobstore: BaseJobStore | None = None, blocking: bool = True, tablename: str = JOBSTORE_TABLE,
) -> BaseScheduler:
    """A scheduler whose job store is the SQL store (its own table); jobs are reconciled
    with `specs` as soon as it starts."""
    if jobstore is None:
        if engine is None:
            raise ValueError("build_scheduler needs an engine or a jobstore")
        jobstore = SQLAlchemyJobStore(engine=engine, tablename=tablename)
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler: BaseScheduler = cls(
        jobstores={"default": jobstore},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE_S},
        timezone="UTC",
    )

    def on_start(_event: SchedulerEvent) -> None:
        sync_jobs(scheduler, specs, runner=runner)

    scheduler.add_listener(on_start, EVENT_SCHEDULER_STARTED)
    return scheduler


def run_locked(
    *, engine: Engine, lock_dir: Path, name: str, fn: Callable[[], object]
) -> bool:
    """Run `fn` under the job lock `name`; False (and nothing run) if someone holds it."""
    with job_lock(engine=engine, lock_dir=lock_dir, name=name) as acquired:
        if not acquired:
            log.warning("job %s is already running elsewhere; this run is skipped", name)
            return False
        fn()
        return True


def stop_scheduler(scheduler: BaseScheduler, *, wait: bool = True) -> None:
    """Shut down without losing a due run.

    APScheduler's loop makes one last pass after `shutdown()`; a job due at that moment is
    submitted to the stopped executor, fails, and its `next_run_time` is advanced in the
    store: the run would be lost. Detaching the job stores first (jobs stay stored) leaves
    that pass nothing to touch, so the next start still sees the run as due.
    """
    if not scheduler.running:
        return
    scheduler.pause()
    for alias in list(scheduler._jobstores):  # noqa: SLF001 - no public listing exists
        scheduler.remove_jobstore(alias, shutdown=False)
    scheduler.shutdown(wait=wait)


def install_shutdown_handlers(scheduler: BaseScheduler) -> None:
    """SIGINT/SIGTERM stop the scheduler; running jobs finish before the process exits."""
    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: shutting the scheduler down", signum)
        stop_scheduler(scheduler, wait=False)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
