from __future__ import annotations

import datetime as dt
import logging
import threading
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from smartrural.core import scheduler
from smartrural.core.management.commands import worker as worker_command
from smartrural.core.models import ScheduledRun
from smartrural.core.scheduler import periodic
from smartrural.core.tasks import prune_task_results

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def broken_housekeeping() -> None:
    raise RuntimeError("the job broke")


@pytest.fixture(autouse=True)
def database_task_backend(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    settings.TASK_RESULTS_KEEP_DAYS = 14


@pytest.mark.django_db(transaction=True)
class WorkerTests:
    def test_batch_runs_what_is_queued_and_exits(self) -> None:
        result = add.enqueue(2, 3)
        assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY

        call_command("worker", "--batch", "--no-scheduler", stdout=StringIO())

        row = DBTaskResult.objects.get(id=result.id)
        assert row.status == TaskResultStatus.SUCCESSFUL
        assert row.return_value == 5

    def test_batch_with_the_scheduler_enqueues_due_jobs_first(self, settings: Any) -> None:
        # The housekeeping job is due at 03:00 Vietnam time; pretend the worker starts then.
        three_am = dt.datetime(2025, 1, 2, 3, 0, 20, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        settings.SCHEDULER_ENABLED = True
        with mock.patch("smartrural.core.scheduler.timezone.now", return_value=three_am):
            call_command("worker", "--batch", stdout=StringIO())
        run = ScheduledRun.objects.get(name="core.prune_task_results")
        assert DBTaskResult.objects.get(id=run.result_id).status == TaskResultStatus.SUCCESSFUL

    def test_a_job_that_fails_does_not_stop_the_worker_or_the_other_jobs(
        self, settings: Any
    ) -> None:
        three_am = dt.datetime(2025, 1, 2, 3, 0, 20, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        settings.SCHEDULER_ENABLED = True
        scheduler.jobs()  # the project's jobs first, then one more at the same minute
        periodic("0 3 * * *", name="test.broken")(broken_housekeeping)
        try:
            with mock.patch("smartrural.core.scheduler.timezone.now", return_value=three_am):
                call_command("worker", "--batch", stdout=StringIO())
            # The next day both are enqueued again.
            next_day = three_am + dt.timedelta(days=1)
            with mock.patch("smartrural.core.scheduler.timezone.now", return_value=next_day):
                call_command("worker", "--batch", stdout=StringIO())
        finally:
            scheduler._registry.pop("test.broken")
        status = {
            (run.name, run.slot.day): DBTaskResult.objects.get(id=run.result_id).status
            for run in ScheduledRun.objects.all()
        }
        broken = {key: value for key, value in status.items() if key[0] == "test.broken"}
        others = {key: value for key, value in status.items() if key[0] != "test.broken"}
        assert broken == {
            ("test.broken", 1): TaskResultStatus.FAILED,
            ("test.broken", 2): TaskResultStatus.FAILED,
        }
        # Every other job due at 03:00 (the daily prune, and any job of a shorter period) ran.
        assert {("core.prune_task_results", 1), ("core.prune_task_results", 2)} <= set(others)
        assert set(others.values()) == {TaskResultStatus.SUCCESSFUL}

    def test_a_locked_database_is_retried_not_fatal(self, caplog: Any) -> None:
        result = add.enqueue(4, 5)
        real = db_worker.exclusive_transaction
        failures = [OperationalError("database is locked"), InterfaceError("connection lost")]

        def flaky(*args: Any, **kwargs: Any) -> Any:
            if failures:
                raise failures.pop(0)
            return real(*args, **kwargs)

        with (
            mock.patch.object(db_worker, "exclusive_transaction", flaky),
            mock.patch.object(worker_command, "RETRY_FIRST_SECONDS", 0.01),
            caplog.at_level(logging.WARNING, logger="smartrural.worker"),
        ):
            call_command("worker", "--batch", "--no-scheduler", stdout=StringIO())

        assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL
        retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
        assert len(retries) == 2
        assert "database is locked" in retries[0] and "connection lost" in retries[1]
        assert all(r.exc_info is None for r in caplog.records)  # one line each, no traceback

    def test_other_errors_still_stop_it(self) -> None:
        with (
            mock.patch.object(db_worker, "exclusive_transaction", side_effect=RuntimeError("bug")),
            pytest.raises(RuntimeError),
        ):
            call_command("worker", "--batch", "--no-scheduler", stdout=StringIO())


class SchedulerThreadTests:
    def test_a_failing_tick_is_one_log_line_and_the_thread_ticks_on(self, caplog: Any) -> None:
        ticked = threading.Semaphore(0)

        def run_due() -> list[str]:
            ticked.release()
            raise OperationalError("database is locked\nDETAIL: more")

        with (
            mock.patch.object(scheduler, "run_due", run_due),
            caplog.at_level(logging.INFO, logger="smartrural.worker"),
            worker_command.scheduler_running(enabled=True, interval=0.01),
        ):
            assert ticked.acquire(timeout=5) and ticked.acquire(timeout=5)
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) >= 2
        assert errors[0].getMessage() == (
            "Scheduler tick failed: OperationalError('database is locked\\nDETAIL: more')"
        )
        assert all(r.exc_info is None for r in errors)
        assert not [t for t in threading.enumerate() if t.name == "smartrural-scheduler"]


@pytest.mark.django_db(transaction=True)
class PruneTaskResultsTests:
    def test_it_deletes_old_finished_results_and_keeps_recent_and_pending(self) -> None:
        old = add.enqueue(1, 1)
        recent = add.enqueue(1, 2)
        pending = add.enqueue(1, 3)
        call_command("worker", "--batch", "--no-scheduler", "--max-tasks=2", stdout=StringIO())
        DBTaskResult.objects.filter(id=old.id).update(
            finished_at=timezone.now() - dt.timedelta(days=30)
        )

        prune_task_results.call()

        remaining = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
        assert remaining == {str(recent.id), str(pending.id)}
        assert DBTaskResult.objects.get(id=pending.id).status == TaskResultStatus.READY

    def test_it_keeps_the_latest_slot_of_each_job(self) -> None:
        long_ago = timezone.now() - dt.timedelta(days=100)
        for days in (0, 1, 2):
            ScheduledRun.objects.create(name="a", slot=long_ago + dt.timedelta(days=days))
        ScheduledRun.objects.create(name="b", slot=timezone.now())

        assert prune_task_results.call() == 2

        assert set(ScheduledRun.objects.values_list("name", flat=True)) == {"a", "b"}
        assert ScheduledRun.objects.get(name="a").slot == long_ago + dt.timedelta(days=2)
