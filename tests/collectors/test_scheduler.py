"""Scheduler: triggers and time zones, misfire/coalesce after a sleep, restart with the
persisted job store, and the single-run lock (two schedulers, one run) on both stores."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_MISSED, JobEvent
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import Engine, inspect

from collectors.locks import job_lock
from collectors.scheduler import (
    JOBSTORE_TABLE,
    JobSpec,
    build_scheduler,
    collection_specs,
    stop_scheduler,
)
from tests.collectors import scheduler_probe

PROBE_TARGET = "tests.collectors.scheduler_probe:record"
PLAIN = "tests.collectors.scheduler_probe:plain_runner"


def specs() -> list[JobSpec]:
    return collection_specs(target=PROBE_TARGET, us_timezone="America/New_York",
                            kr_timezone="Asia/Seoul")


@pytest.fixture
def probe() -> Iterator[scheduler_probe.Probe]:
    yield scheduler_probe.reset()


def stop(*schedulers: BaseScheduler) -> None:
    for s in schedulers:
        stop_scheduler(s, wait=True)


def test_nightly_jobs_fire_after_each_markets_close_in_its_time_zone() -> None:
    by_id = {s.id: s.trigger() for s in specs()}
    friday_1800_ny = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
    fire = by_id["prices-us"].get_next_fire_time(None, friday_1800_ny)
    assert fire is not None
    assert fire.astimezone(UTC) == datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 18:30 EST
    summer = by_id["prices-us"].get_next_fire_time(None, datetime(2026, 7, 1, tzinfo=UTC))
    assert summer is not None and summer.astimezone(UTC).hour == 22  # 18:30 EDT
    friday_1700_seoul = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    kr = by_id["prices-kr"].get_next_fire_time(None, friday_1700_seoul)
    assert kr is not None and str(kr.tzinfo) == "Asia/Seoul"
    assert (kr.weekday(), kr.hour, kr.minute) == (0, 16, 30)  # skips the weekend
    assert {s.kwargs["market"] for s in specs() if s.kwargs["job"] == "prices"} == {"US", "KR"}
    # one lock per job type: US and KR prices (and a manual `collect prices`) exclude each other
    assert {s.lock for s in specs() if s.kwargs["job"] == "prices"} == {"collect-prices"}


def test_jobs_are_stored_in_their_own_table_and_survive_a_restart(engine: Engine) -> None:
    first = build_scheduler(specs=specs(), runner=PLAIN, engine=engine, blocking=False)
    first.start(paused=True)
    stored = {j.id: j.next_run_time for j in first.get_jobs()}
    job = first.get_job("prices-kr")
    assert job is not None and job.coalesce and job.max_instances == 1
    assert job.misfire_grace_time == 6 * 3600 and str(job.trigger.timezone) == "Asia/Seoul"
    stop(first)
    assert JOBSTORE_TABLE in inspect(engine).get_table_names()

    changed = [s for s in specs() if s.id != "news-kr"]
    changed[0] = JobSpec("prices-us", PROBE_TARGET, {"day_of_week": "mon-fri", "hour": 19},
                         "America/New_York", {"job": "prices", "market": "US"})
    second = build_scheduler(specs=changed, runner=PLAIN, engine=engine, blocking=False)
    second.start(paused=True)
    after = {j.id: j.next_run_time for j in second.get_jobs()}
    stop(second)
    assert set(after) == set(stored) - {"news-kr"}  # dropped from the specs: removed
    assert after["prices-kr"] == stored["prices-kr"]  # unchanged trigger: pending run kept
    assert after["prices-us"] is not None and after["prices-us"].hour == 19


def _persist_with_next_run(engine: Engine, spec: JobSpec, next_run: datetime) -> None:
    """A scheduler that ran once, stored the job, and then the machine slept."""
    s = build_scheduler(specs=[spec], runner=PLAIN, engine=engine, blocking=False)
    s.start(paused=True)
    s.modify_job(spec.id, next_run_time=next_run)
    stop(s)


def test_a_missed_run_after_sleep_runs_once_on_restart(
    engine: Engine, probe: scheduler_probe.Probe,
) -> None:
    hourly = JobSpec("hourly", PROBE_TARGET, {"minute": 0}, "Asia/Seoul", {"n": 1})
    now = datetime.now(UTC)
    _persist_with_next_run(engine, hourly, now - timedelta(hours=5, minutes=1))
    restarted = build_scheduler(specs=[hourly], runner=PLAIN, engine=engine, blocking=False)
    restarted.start()
    try:
        assert probe.done.acquire(timeout=20)  # the five missed runs, coalesced into one
        job = restarted.get_job("hourly")
        assert job is not None and job.next_run_time > now
    finally:
        stop(restarted)
    assert probe.calls == [{"job_id": "hourly", "n": 1}]


def test_a_run_missed_by_more_than_the_grace_time_is_skipped(
    engine: Engine, probe: scheduler_probe.Probe,
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    due = now - timedelta(hours=8)
    daily = JobSpec("daily", PROBE_TARGET, {"hour": due.hour, "minute": due.minute}, "UTC")
    _persist_with_next_run(engine, daily, due)
    missed = threading.Event()
    restarted = build_scheduler(specs=[daily], runner=PLAIN, engine=engine, blocking=False)

    def on_missed(event: JobEvent) -> None:
        if event.job_id == "daily":
            missed.set()

    restarted.add_listener(on_missed, EVENT_JOB_MISSED)
    restarted.start()
    try:
        assert missed.wait(timeout=20)
    finally:
        stop(restarted)
    assert probe.calls == []


def test_two_schedulers_one_run(
    engine: Engine, tmp_path: Path, probe: scheduler_probe.Probe,
) -> None:
    probe.engine, probe.lock_dir = engine, tmp_path / "locks"
    spec = JobSpec("prices-us", PROBE_TARGET, {"minute": "*"}, "UTC")
    now = datetime.now(UTC)
    # two scheduler processes that both think the job is due right now
    pair = [build_scheduler(specs=[spec], runner="tests.collectors.scheduler_probe:runner",
                            jobstore=MemoryJobStore(), blocking=False) for _ in range(2)]
    for s in pair:
        s.start(paused=True)
        s.modify_job("prices-us", next_run_time=now)
    for s in pair:
        s.resume()
    try:
        assert probe.done.acquire(timeout=30) and probe.done.acquire(timeout=30)
    finally:
        stop(*pair)
    assert probe.ran == ["prices-us"] and probe.skipped == ["prices-us"]


def test_lock_is_exclusive_across_threads_and_released_after_use(
    engine: Engine, tmp_path: Path,
) -> None:
    results: list[bool] = []
    holding, tried = threading.Event(), threading.Event()

    def holder() -> None:
        with job_lock(engine=engine, lock_dir=tmp_path, name="news-kr") as got:
            results.append(got)
            holding.set()
            tried.wait(timeout=20)

    thread = threading.Thread(target=holder)
    thread.start()
    assert holding.wait(timeout=20)
    with job_lock(engine=engine, lock_dir=tmp_path, name="news-kr") as second:
        with job_lock(engine=engine, lock_dir=tmp_path, name="news-us") as other:
            results.extend([second, other])
    tried.set()
    thread.join(timeout=20)
    with job_lock(engine=engine, lock_dir=tmp_path, name="news-kr") as again:
        results.append(again)
    assert results == [True, False, True, True]
