from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Iterator
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django_tasks import task
from django_tasks.base import Task

from smartrural.core import scheduler
from smartrural.core.models import ScheduledRun
from smartrural.core.scheduler import PeriodicJob, claim_and_enqueue, periodic, run_due
from smartrural.core.tasks import prune_task_results

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC

calls: list[str] = []


@task()
def record_call() -> None:
    calls.append("ran")


@task()
def record_other() -> None:
    calls.append("other")


@task()
def explode() -> None:
    calls.append("exploded")
    raise RuntimeError("the job broke")


@task()
def needs_a_unit(unit_id: int) -> None:
    calls.append(f"unit {unit_id}")


@pytest.fixture
def registry() -> Iterator[None]:
    """An empty job registry for the test (the project's jobs are put back afterwards)."""
    calls.clear()
    saved = dict(scheduler._registry)
    scheduler._registry.clear()
    with mock.patch.object(scheduler, "_discovered", True):
        yield
    scheduler._registry.clear()
    scheduler._registry.update(saved)


@pytest.fixture
def every_five(registry: None) -> str:
    periodic("*/5 * * * *", name="test.every_five")(record_call)
    return "test.every_five"


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


def slot(cron: str, now: dt.datetime) -> dt.datetime | None:
    return PeriodicJob(name="t", cron=cron, task=record_call).latest_slot(now)


class CronBoundaryTests:
    def test_the_exact_minute_is_its_own_slot_and_one_second_before_is_not(self) -> None:
        assert slot("*/5 * * * *", vn(2025, 1, 1, 10, 5, 0)) == vn(2025, 1, 1, 10, 5)
        assert slot("*/5 * * * *", vn(2025, 1, 1, 10, 4, 59)) == vn(2025, 1, 1, 10, 0)
        end_of_minute = vn(2025, 1, 1, 10, 5, 59) + dt.timedelta(microseconds=999_999)
        assert slot("*/5 * * * *", end_of_minute) == vn(2025, 1, 1, 10, 5)

    def test_a_daily_job_at_three_and_one_second_before(self) -> None:
        assert slot("0 3 * * *", vn(2025, 1, 2, 3, 0, 0)) == vn(2025, 1, 2, 3, 0)
        assert slot("0 3 * * *", vn(2025, 1, 2, 2, 59, 59)) == vn(2025, 1, 1, 3, 0)

    def test_it_rolls_back_over_months_and_years(self) -> None:
        assert slot("30 2 1 1 *", vn(2025, 1, 1, 2, 29, 59)) == vn(2024, 1, 1, 2, 30)
        assert slot("0 0 29 2 *", vn(2025, 3, 1)) == vn(2024, 2, 29)

    def test_day_of_month_or_day_of_week_when_both_are_restricted(self) -> None:
        # The 13th, or any Friday (as in cron). Friday 03/01/2025; Monday 13/01/2025.
        assert slot("0 0 13 * 5", vn(2025, 1, 12, 23, 59)) == vn(2025, 1, 10)
        assert slot("0 0 13 * 5", vn(2025, 1, 13)) == vn(2025, 1, 13)

    def test_working_days(self) -> None:
        assert slot("0 7 * * 1-5", vn(2025, 1, 6, 6, 59)) == vn(2025, 1, 3, 7, 0)  # Mon -> Fri

    @pytest.mark.parametrize(
        ("expression", "message"),
        [
            ("* * * *", "five fields are needed: minute hour day-of-month month day-of-week"),
            ("0 * * * * *", "five fields are needed: minute hour day-of-month month day-of-week"),
            ("", "five fields are needed: minute hour day-of-month month day-of-week"),
            ("60 * * * *", "Bad minute"),
            ("* 24 * * *", "Bad hour"),
            ("* * 0 * *", "Bad day-of-month"),
            ("* * * 13 *", "Bad month"),
            ("* * * * 8", "Bad day-of-week"),
            ("*/0 * * * *", "Bad minute"),
            ("5-1 * * * *", "Bad minute"),
            ("0 0 30 2 *", "Bad day-of-month"),
        ],
    )
    def test_bad_expressions_are_refused_when_declared(self, expression: str, message: str) -> None:
        with pytest.raises(
            ValueError, match=re.escape(f"Cron expression {expression!r}: {message}.")
        ):
            periodic(expression, name="test.bad")

    def test_the_last_minute_of_each_field_is_accepted(self) -> None:
        periodic("59 23 31 12 7", name="test.edges")  # no error: 59, 23, 31, 12 and 7 (Sunday)


class VietnamTimeTests:
    def test_schedules_are_read_in_vietnam_time_and_stored_as_instants(self) -> None:
        # 03:00 in Hà Nội is 20:00 UTC the day before.
        found = slot("0 3 * * *", dt.datetime(2025, 6, 1, 20, 0, tzinfo=UTC))
        assert found is not None
        assert found.astimezone(UTC) == dt.datetime(2025, 6, 1, 20, 0, tzinfo=UTC)
        before = slot("0 3 * * *", dt.datetime(2025, 6, 1, 19, 59, 59, tzinfo=UTC))
        assert before == dt.datetime(2025, 5, 31, 20, 0, tzinfo=UTC)

    def test_day_of_week_uses_the_vietnamese_date(self) -> None:
        # Sunday 00:30 in Vietnam is still Saturday 17:30 UTC.
        assert slot("30 0 * * 0", dt.datetime(2025, 6, 7, 17, 30, tzinfo=UTC)) == vn(
            2025, 6, 8, 0, 30
        )

    def test_no_daylight_saving_a_daily_job_is_at_the_same_instant_all_year(self) -> None:
        # Europe changes its clocks on 30/03 and 26/10/2025; Vietnam does not.
        instants = {
            found.astimezone(UTC).time()
            for day in range(365)
            if (
                found := slot(
                    "0 2 * * *", dt.datetime(2025, 1, 1, 20, tzinfo=UTC) + dt.timedelta(days=day)
                )
            )
        }
        assert instants == {dt.time(19, 0)}

    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(ValueError):
            slot("* * * * *", dt.datetime(2025, 1, 1))


class DeclarationTests:
    def test_it_only_decorates_tasks(self) -> None:
        with pytest.raises(TypeError, match="above @task"):
            periodic("* * * * *", name="test.plain")(lambda: None)  # type: ignore[type-var]

    def test_it_refuses_tasks_that_need_arguments(self) -> None:
        with pytest.raises(ValueError, match="must run without arguments"):
            periodic("* * * * *", name="test.args")(needs_a_unit)

    def test_a_name_of_200_characters_and_not_201(self, registry: None) -> None:
        periodic("* * * * *", name="j" * 200)(record_call)
        with pytest.raises(ValueError, match="1 to 200 characters"):
            periodic("* * * * *", name="j" * 201)
        with pytest.raises(ValueError, match="1 to 200 characters"):
            periodic("* * * * *", name="")

    def test_one_name_is_one_job(self, registry: None) -> None:
        periodic("* * * * *", name="test.once")(record_call)
        periodic("*/2 * * * *", name="test.once")(record_call)  # the same module re-imported
        assert scheduler.jobs()["test.once"].cron == "*/2 * * * *"
        with pytest.raises(ValueError, match=r"also declared in smartrural\.core\.tests"):
            periodic("* * * * *", name="test.once")(prune_task_results)

    def test_the_housekeeping_job_is_declared(self) -> None:
        assert scheduler.jobs()["core.prune_task_results"].cron == "0 3 * * *"


@pytest.mark.django_db
class RunDueTests:
    def test_it_enqueues_a_due_job_once_per_slot(self, every_five: str) -> None:
        assert run_due(vn(2025, 1, 1, 10, 5, 10)) == [every_five]
        assert run_due(vn(2025, 1, 1, 10, 5, 40)) == []
        assert run_due(vn(2025, 1, 1, 10, 9, 59)) == []
        assert run_due(vn(2025, 1, 1, 10, 10, 0)) == [every_five]
        assert calls == ["ran", "ran"]
        slots = list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True))
        assert slots == [vn(2025, 1, 1, 10, 5), vn(2025, 1, 1, 10, 10)]

    def test_missed_slots_after_downtime_coalesce_into_one_run(self, every_five: str) -> None:
        run_due(vn(2025, 1, 1, 10, 5))
        # No worker from 10:05 to 13:02: 35 slots missed, one run for the latest.
        assert run_due(vn(2025, 1, 1, 13, 2)) == [every_five]
        assert run_due(vn(2025, 1, 1, 13, 2, 30)) == []
        assert calls == ["ran", "ran"]
        assert list(ScheduledRun.objects.values_list("slot", flat=True)) == [
            vn(2025, 1, 1, 13, 0),
            vn(2025, 1, 1, 10, 5),
        ]

    def test_a_month_of_downtime_is_one_run_too(self, registry: None) -> None:
        periodic("* * * * *", name="test.every_minute")(record_call)
        run_due(vn(2025, 1, 1, 10, 0))
        assert run_due(vn(2025, 2, 1, 10, 0, 30)) == ["test.every_minute"]
        assert ScheduledRun.objects.latest("slot").slot == vn(2025, 2, 1, 10, 0)
        assert calls == ["ran", "ran"]

    def test_a_new_job_takes_a_slot_of_the_last_five_minutes_only(self, registry: None) -> None:
        periodic("0 3 * * *", name="test.daily")(record_call)
        assert run_due(vn(2025, 1, 2, 3, 5, 0)) == []  # exactly five minutes late: history
        assert run_due(vn(2025, 1, 3, 3, 4, 59)) == ["test.daily"]  # one second less: due
        assert ScheduledRun.objects.get().slot == vn(2025, 1, 3, 3, 0)

    def test_the_slot_is_recorded_as_the_instant_of_the_vietnamese_minute(
        self, every_five: str
    ) -> None:
        run_due(dt.datetime(2025, 1, 1, 3, 7, tzinfo=UTC))  # 10:07 in Vietnam
        assert ScheduledRun.objects.get().slot == dt.datetime(2025, 1, 1, 3, 5, tzinfo=UTC)


@pytest.mark.django_db
class FailingJobTests:
    def test_a_job_that_cannot_be_enqueued_is_logged_once_and_the_others_go_on(
        self, registry: None, caplog: Any
    ) -> None:
        periodic("*/5 * * * *", name="test.broken")(explode)
        periodic("*/5 * * * *", name="test.healthy")(record_call)
        real = Task.enqueue

        def enqueue(self: Task[..., Any], *args: Any, **kwargs: Any) -> Any:
            if self.func is explode.func:
                raise ConnectionError("queue unreachable\nsecond line")
            return real(self, *args, **kwargs)

        with (
            mock.patch.object(Task, "enqueue", enqueue),
            caplog.at_level(logging.ERROR, logger="smartrural.core.scheduler"),
        ):
            assert run_due(vn(2025, 1, 1, 10, 5)) == ["test.healthy"]
        [record] = caplog.records
        assert record.getMessage() == (
            "Periodic job test.broken not enqueued: "
            "ConnectionError('queue unreachable\\nsecond line')"
        )
        assert record.exc_info is None and "\n" not in record.getMessage()
        # Its slot was not claimed: the next tick tries again.
        assert list(ScheduledRun.objects.values_list("name", flat=True)) == ["test.healthy"]
        assert run_due(vn(2025, 1, 1, 10, 5, 30)) == ["test.broken"]

    def test_a_job_that_fails_while_running_keeps_its_schedule(self, registry: None) -> None:
        periodic("*/5 * * * *", name="test.broken")(explode)
        periodic("*/5 * * * *", name="test.healthy")(record_call)
        assert run_due(vn(2025, 1, 1, 10, 5)) == ["test.broken", "test.healthy"]
        assert run_due(vn(2025, 1, 1, 10, 10)) == ["test.broken", "test.healthy"]
        assert calls == ["exploded", "ran", "exploded", "ran"]


@pytest.mark.django_db
class TwoWorkersTests:
    def test_the_second_claim_of_a_slot_loses_on_the_unique_constraint(
        self, every_five: str
    ) -> None:
        # Both workers found 10:05 due before either had claimed it.
        job = scheduler.jobs()[every_five]
        assert claim_and_enqueue(job, vn(2025, 1, 1, 10, 5)) is True
        assert claim_and_enqueue(job, vn(2025, 1, 1, 10, 5)) is False
        assert calls == ["ran"]
        assert ScheduledRun.objects.count() == 1
        # The losing worker's transaction is still usable, and its next tick sees the claim.
        assert run_due(vn(2025, 1, 1, 10, 5, 30)) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_the_same_moment_enqueue_the_slot_once(
    every_five: str, caplog: Any
) -> None:
    """Two threads, each with its own database connection, both find the slot due and race to
    claim it; the unique constraint lets exactly one through."""
    if connection.vendor != "postgresql":
        # Threads on the in-memory test database meet a shared-cache table lock, not the file
        # lock and busy timeout of a real SQLite file; the constraint path is tested above.
        pytest.skip("workers race for real on PostgreSQL only")
    both_found_it_due = threading.Barrier(2)
    real = scheduler.claim_and_enqueue
    outcomes: list[list[str]] = []

    def claim(job: PeriodicJob, slot: dt.datetime) -> bool:
        both_found_it_due.wait(timeout=10)
        return real(job, slot)

    def worker() -> None:
        try:
            outcomes.append(run_due(vn(2025, 1, 1, 10, 5, 3)))
        finally:
            connection.close()

    with mock.patch.object(scheduler, "claim_and_enqueue", claim):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes) == [[], [every_five]]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # the loser just lost
    assert calls == ["ran"]
    assert ScheduledRun.objects.count() == 1
