from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django_tasks import task

from smartrural.core import scheduler
from smartrural.core.models import ScheduledRun
from smartrural.core.scheduler import Schedule, periodic, run_due

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC

calls: list[str] = []


@task()
def record_call() -> None:
    calls.append("ran")


@task()
def needs_a_unit(unit_id: int) -> None:
    calls.append(f"unit {unit_id}")


@pytest.fixture
def only_job() -> Iterator[str]:
    """A registry holding just one test job (every five minutes)."""
    calls.clear()
    saved = dict(scheduler._registry)
    scheduler._registry.clear()
    with mock.patch.object(scheduler, "_discovered", True):
        periodic("*/5 * * * *", name="test.every_five")(record_call)
        yield "test.every_five"
    scheduler._registry.clear()
    scheduler._registry.update(saved)


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


class CronParserTests:
    def test_it_expands_stars_lists_ranges_and_steps(self) -> None:
        s = Schedule.parse("*/15 8-10,14 1-10/3 */4 *")
        assert s.minutes == {0, 15, 30, 45}
        assert s.hours == {8, 9, 10, 14}
        assert s.days == {1, 4, 7, 10}
        assert s.months == {1, 5, 9}
        assert s.weekdays == set(range(7))

    def test_a_start_with_a_step_runs_to_the_end_of_the_field(self) -> None:
        assert Schedule.parse("50/5 * * * *").minutes == {50, 55}

    def test_seven_is_sunday(self) -> None:
        assert Schedule.parse("0 0 * * 7").weekdays == {0}
        assert Schedule.parse("0 0 * * 5-7").weekdays == {5, 6, 0}

    @pytest.mark.parametrize(
        ("expression", "message"),
        [
            ("* * * *", "five are needed"),
            ("* * * * * *", "five are needed"),
            ("60 * * * *", "minute value 60 is outside 0-59"),
            ("* 24 * * *", "hour value 24 is outside 0-23"),
            ("* * 0 * *", "day of month value 0 is outside 1-31"),
            ("* * * 13 *", "month value 13 is outside 1-12"),
            ("* * * * 8", "day of week value 8 is outside 0-7"),
            ("*/0 * * * *", "must be a positive number"),
            ("5-1 * * * *", "runs backwards"),
            ("a * * * *", "is not a number"),
            ("1,,2 * * * *", "empty item"),
            ("* * * * mon", "is not a number"),
            ("0 0 30 2 *", "never matches"),
            ("", "five are needed"),
        ],
    )
    def test_it_rejects_bad_expressions_with_a_readable_message(
        self, expression: str, message: str
    ) -> None:
        with pytest.raises(ValueError, match=message):
            Schedule.parse(expression)

    def test_february_29th_is_a_valid_if_rare_schedule(self) -> None:
        s = Schedule.parse("0 0 29 2 *")
        assert s.next(vn(2025, 3, 1)) == vn(2028, 2, 29, 0, 0)


class NextMatchTests:
    def test_next_is_strictly_after_and_previous_is_at_or_before(self) -> None:
        s = Schedule.parse("*/5 * * * *")
        assert s.next(vn(2025, 1, 1, 10, 5, 0)) == vn(2025, 1, 1, 10, 10)
        assert s.previous(vn(2025, 1, 1, 10, 5, 59)) == vn(2025, 1, 1, 10, 5)
        assert s.previous(vn(2025, 1, 1, 10, 9, 59)) == vn(2025, 1, 1, 10, 5)

    def test_it_rolls_over_days_months_and_years(self) -> None:
        s = Schedule.parse("30 2 1 1 *")
        assert s.next(vn(2025, 1, 1, 2, 30)) == vn(2026, 1, 1, 2, 30)
        assert s.previous(vn(2025, 1, 1, 2, 29)) == vn(2024, 1, 1, 2, 30)

    def test_day_of_month_or_day_of_week_when_both_are_restricted(self) -> None:
        # The 13th, or any Friday. 01/01/2025 was a Wednesday; Friday 03/01.
        s = Schedule.parse("0 0 13 * 5")
        assert s.next(vn(2025, 1, 1)) == vn(2025, 1, 3, 0, 0)
        assert s.next(vn(2025, 1, 10, 1)) == vn(2025, 1, 13, 0, 0)

    def test_day_of_month_and_day_of_week_when_one_is_a_star_step(self) -> None:
        # Vixie cron: a field starting with "*" is unrestricted, so both must hold.
        s = Schedule.parse("0 0 */2 * 1")  # Mondays that are odd days of the month
        assert s.next(vn(2025, 1, 1)) == vn(2025, 1, 13, 0, 0)

    def test_weekday_ranges(self) -> None:
        s = Schedule.parse("0 7 * * 1-5")  # 07:00 on working days
        assert s.next(vn(2025, 1, 3, 8)) == vn(2025, 1, 6, 7, 0)  # Friday -> Monday

    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(ValueError, match="time-zone-aware"):
            Schedule.parse("* * * * *").next(dt.datetime(2025, 1, 1))


class TimeZoneTests:
    def test_schedules_are_read_in_vietnam_time(self) -> None:
        s = Schedule.parse("0 3 * * *")
        # 03:00 in Hà Nội is 20:00 UTC the day before.
        nxt = s.next(dt.datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
        assert nxt.astimezone(UTC) == dt.datetime(2025, 6, 1, 20, 0, tzinfo=UTC)
        assert s.matches(dt.datetime(2025, 6, 1, 20, 0, tzinfo=UTC))
        assert not s.matches(dt.datetime(2025, 6, 2, 3, 0, tzinfo=UTC))

    def test_day_of_week_uses_the_local_date(self) -> None:
        # Sunday 00:30 in Vietnam is still Saturday 17:30 UTC.
        s = Schedule.parse("30 0 * * 0")
        assert s.matches(dt.datetime(2025, 6, 7, 17, 30, tzinfo=UTC))


class PeriodicRegistryTests:
    def test_a_bad_cron_string_fails_at_registration(self) -> None:
        with pytest.raises(ValueError, match="minute value 99"):
            periodic("99 * * * *", name="test.bad")

    def test_it_only_decorates_tasks(self) -> None:
        with pytest.raises(TypeError, match="above @task"):
            periodic("* * * * *", name="test.plain")(lambda: None)  # type: ignore[type-var]

    def test_it_refuses_tasks_that_need_arguments(self) -> None:
        with pytest.raises(ValueError, match="without arguments"):
            periodic("* * * * *", name="test.args")(needs_a_unit)

    def test_the_housekeeping_job_is_registered(self) -> None:
        job = scheduler.jobs()["core.prune_task_results"]
        assert job.schedule.expression == "0 3 * * *"


@pytest.mark.django_db
class RunDueTests:
    def test_it_enqueues_a_due_job_once_per_slot(self, only_job: str) -> None:
        assert run_due(vn(2025, 1, 1, 10, 5, 10)) == [only_job]
        assert run_due(vn(2025, 1, 1, 10, 5, 40)) == []
        assert run_due(vn(2025, 1, 1, 10, 9, 59)) == []
        assert run_due(vn(2025, 1, 1, 10, 10, 0)) == [only_job]
        assert calls == ["ran", "ran"]
        slots = list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True))
        assert slots == [vn(2025, 1, 1, 10, 5), vn(2025, 1, 1, 10, 10)]

    def test_a_second_worker_with_a_stale_view_does_not_enqueue_again(self, only_job: str) -> None:
        now = vn(2025, 1, 1, 10, 5, 10)
        assert run_due(now) == [only_job]
        # The second worker read "no run yet" before the first one inserted its claim.
        with mock.patch.object(scheduler, "last_slots", return_value={}):
            assert run_due(now) == []
        assert calls == ["ran"]
        assert ScheduledRun.objects.count() == 1

    def test_missed_slots_are_coalesced_into_one_run(self, only_job: str) -> None:
        run_due(vn(2025, 1, 1, 10, 5))
        assert run_due(vn(2025, 1, 1, 13, 2)) == [only_job]
        assert ScheduledRun.objects.latest("slot").slot == vn(2025, 1, 1, 13, 0)
        assert calls == ["ran", "ran"]

    def test_a_new_job_does_not_replay_old_slots(self) -> None:
        calls.clear()
        saved = dict(scheduler._registry)
        scheduler._registry.clear()
        try:
            with mock.patch.object(scheduler, "_discovered", True):
                periodic("0 3 * * *", name="test.daily")(record_call)
                assert run_due(vn(2025, 1, 1, 10, 0)) == []
                assert run_due(vn(2025, 1, 2, 3, 0, 20)) == ["test.daily"]
        finally:
            scheduler._registry.clear()
            scheduler._registry.update(saved)

    def test_the_slot_is_recorded_in_utc_for_the_vietnamese_minute(self, only_job: str) -> None:
        run_due(dt.datetime(2025, 1, 1, 3, 7, tzinfo=UTC))  # 10:07 in Vietnam
        run = ScheduledRun.objects.get()
        assert run.slot == dt.datetime(2025, 1, 1, 3, 5, tzinfo=UTC)
