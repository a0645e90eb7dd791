"""Periodic jobs: cron schedules for django-tasks ``Task`` objects.

Register a task with a five-field cron string (minute hour day-of-month month day-of-week),
evaluated in Asia/Ho_Chi_Minh::

    @periodic("0 3 * * *", name="core.prune_task_results")
    @task()
    def prune_task_results() -> None: ...

The ``worker`` command calls :func:`run_due` about every 30 seconds. For each job it enqueues the
latest slot (a matching minute) that is newer than the job's last claimed slot, so slots missed
while no worker ran are coalesced into one run. A job seen for the first time only runs a slot
from the last ``NEW_JOB_LOOKBACK`` (cron does not replay history either).

Exactly once across workers: a slot is claimed by inserting ``ScheduledRun(name, slot)``, which
has a unique constraint; the insert and the enqueue share one transaction, so the worker whose
insert fails with ``IntegrityError`` leaves the slot to the one that won.

Cron syntax supported: ``*``, numbers, lists ``1,15``, ranges ``1-5``, steps ``*/5``,
``1-10/2`` and ``5/15`` (= ``5-max/15``); day-of-week 0-7 with 0 and 7 both Sunday. No names.
As in Vixie cron, when both day-of-month and day-of-week are restricted (their field does not
start with ``*``) a day matches if *either* matches; otherwise both must.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

logger = logging.getLogger(__name__)

SCHEDULE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TICK_SECONDS = 30
NEW_JOB_LOOKBACK = dt.timedelta(minutes=5)
# A schedule that matches at all matches at least once in 8 years (29 February, 2096 -> 2104).
_SEARCH_DAYS = 366 * 9

_FIELDS: tuple[tuple[str, int, int], ...] = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)
_MAX_MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30}


def _parse_number(text: str, *, field: str, low: int, high: int, expr: str) -> int:
    if not text.isdigit():
        raise ValueError(f"Cron expression {expr!r}: {field} value {text!r} is not a number.")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(
            f"Cron expression {expr!r}: {field} value {value} is outside {low}-{high}."
        )
    return value


def _parse_field(text: str, *, field: str, low: int, high: int, expr: str) -> frozenset[int]:
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise ValueError(f"Cron expression {expr!r}: empty item in the {field} field.")
        base, slash, step_text = item.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(
                    f"Cron expression {expr!r}: step {step_text!r} in the {field} field "
                    "must be a positive number."
                )
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start = _parse_number(first, field=field, low=low, high=high, expr=expr)
            end = _parse_number(last, field=field, low=low, high=high, expr=expr)
            if start > end:
                raise ValueError(
                    f"Cron expression {expr!r}: range {base!r} in the {field} field runs backwards."
                )
        else:
            start = _parse_number(base, field=field, low=low, high=high, expr=expr)
            end = high if slash else start
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Schedule:
    """A parsed cron expression. Times are matched as wall-clock time in ``tz``."""

    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday ... 6 = Saturday
    days_restricted: bool
    weekdays_restricted: bool
    tz: ZoneInfo = SCHEDULE_TZ

    @classmethod
    def parse(cls, expression: str, *, tz: ZoneInfo = SCHEDULE_TZ) -> Schedule:
        if not isinstance(expression, str):
            raise ValueError(f"A cron expression is a string, not {type(expression).__name__}.")
        parts = expression.split()
        if len(parts) != 5:
            raise ValueError(
                f"Cron expression {expression!r} has {len(parts)} fields; five are needed: "
                "minute hour day-of-month month day-of-week."
            )
        parsed = [
            _parse_field(part, field=name, low=low, high=high, expr=expression)
            for part, (name, low, high) in zip(parts, _FIELDS, strict=True)
        ]
        minutes, hours, days, months, weekdays = parsed
        schedule = cls(
            expression=expression,
            minutes=minutes,
            hours=hours,
            days=days,
            months=months,
            weekdays=frozenset(d % 7 for d in weekdays),
            days_restricted=not parts[2].startswith("*"),
            weekdays_restricted=not parts[4].startswith("*"),
            tz=tz,
        )
        if not schedule._can_match():
            raise ValueError(
                f"Cron expression {expression!r} never matches: none of its days of the month "
                "exist in its months."
            )
        return schedule

    def _can_match(self) -> bool:
        if self.weekdays_restricted:
            return True  # every month has every weekday (and OR semantics if days are set too)
        return any(
            day <= _MAX_MONTH_DAYS.get(month, 31) for month in self.months for day in self.days
        )

    def matches_day(self, day: dt.date) -> bool:
        if day.month not in self.months:
            return False
        day_ok = day.day in self.days
        weekday_ok = (day.weekday() + 1) % 7 in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return day_ok or weekday_ok
        return day_ok and weekday_ok

    def matches(self, moment: dt.datetime) -> bool:
        local = _local(moment, self.tz)
        return (
            local.minute in self.minutes
            and local.hour in self.hours
            and self.matches_day(local.date())
        )

    def previous(self, moment: dt.datetime) -> dt.datetime:
        """The latest matching minute at or before ``moment`` (aware, in ``self.tz``)."""
        local = _local(moment, self.tz).replace(second=0, microsecond=0)
        day = local.date()
        for offset in range(_SEARCH_DAYS):
            if self.matches_day(day):
                found = self._last_time(day, limit=local.time() if offset == 0 else None)
                if found is not None:
                    return found
            day -= dt.timedelta(days=1)
        raise AssertionError(f"{self.expression!r} did not match in {_SEARCH_DAYS} days")

    def next(self, moment: dt.datetime) -> dt.datetime:
        """The earliest matching minute strictly after ``moment`` (aware, in ``self.tz``)."""
        local = _local(moment, self.tz).replace(second=0, microsecond=0)
        day = local.date()
        for offset in range(_SEARCH_DAYS):
            if self.matches_day(day):
                found = self._first_time(day, after=local.time() if offset == 0 else None)
                if found is not None:
                    return found
            day += dt.timedelta(days=1)
        raise AssertionError(f"{self.expression!r} did not match in {_SEARCH_DAYS} days")

    def _at(self, day: dt.date, hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def _last_time(self, day: dt.date, *, limit: dt.time | None) -> dt.datetime | None:
        for hour in sorted(self.hours, reverse=True):
            if limit is not None and hour > limit.hour:
                continue
            for minute in sorted(self.minutes, reverse=True):
                if limit is not None and hour == limit.hour and minute > limit.minute:
                    continue
                return self._at(day, hour, minute)
        return None

    def _first_time(self, day: dt.date, *, after: dt.time | None) -> dt.datetime | None:
        for hour in sorted(self.hours):
            if after is not None and hour < after.hour:
                continue
            for minute in sorted(self.minutes):
                if after is not None and hour == after.hour and minute <= after.minute:
                    continue
                return self._at(day, hour, minute)
        return None


def _local(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("Schedules work with time-zone-aware datetimes only.")
    return moment.astimezone(tz)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    schedule: Schedule
    task: Task[..., Any]


_registry: dict[str, PeriodicJob] = {}

TaskT = TypeVar("TaskT", bound=Task[..., Any])


def periodic(cron: str, *, name: str) -> Callable[[TaskT], TaskT]:
    """Register a django-tasks ``Task`` (taking no arguments) to be enqueued on ``cron``.

    Put it above ``@task()``. A bad cron string raises ``ValueError`` here, at import time.
    """
    schedule = Schedule.parse(cron)
    if not name or len(name) > 200:
        raise ValueError("A periodic job needs a name of 1 to 200 characters.")

    def register(task: TaskT) -> TaskT:
        if not isinstance(task, Task):
            raise TypeError(f"@periodic({cron!r}) must decorate a Task: put it above @task().")
        signature = inspect.signature(task.func)
        try:
            if task.takes_context:
                signature.bind(None)
            else:
                signature.bind()
        except TypeError as exc:
            raise ValueError(
                f"Periodic job {name!r}: its task must run without arguments ({exc})."
            ) from exc
        existing = _registry.get(name)
        if existing is not None and existing.task.module_path != task.module_path:
            raise ValueError(
                f"Periodic job name {name!r} is already used by {existing.task.module_path}."
            )
        _registry[name] = PeriodicJob(name=name, schedule=schedule, task=task)
        return task

    return register


def unregister(name: str) -> None:
    _registry.pop(name, None)


_discovered = False


def jobs() -> dict[str, PeriodicJob]:
    """Every registered job; imports each installed app's ``tasks`` module the first time."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return dict(_registry)


def _claim_and_enqueue(job: PeriodicJob, slot: dt.datetime) -> bool:
    """Claim ``slot`` for ``job`` and enqueue it, atomically. False if already claimed."""
    from .models import ScheduledRun

    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=job.name, slot=slot)
            result = job.task.enqueue()
            ScheduledRun.objects.filter(pk=run.pk).update(result_id=str(result.id)[:64])
    except IntegrityError:
        logger.debug("Periodic job %s slot %s was taken by another worker", job.name, slot)
        return False
    logger.info("Periodic job %s enqueued for %s", job.name, slot.isoformat())
    return True


def last_slots(names: list[str]) -> dict[str, dt.datetime]:
    from .models import ScheduledRun

    rows = (
        ScheduledRun.objects.filter(name__in=names)
        .values("name")
        .annotate(last=Max("slot"))
        .values_list("name", "last")
    )
    return dict(rows)


def due_slots(
    now: dt.datetime, last: dict[str, dt.datetime]
) -> Iterator[tuple[PeriodicJob, dt.datetime]]:
    for job in jobs().values():
        slot = job.schedule.previous(now)
        previous = last.get(job.name)
        if previous is None:
            if slot > now - NEW_JOB_LOOKBACK:
                yield job, slot
        elif slot > previous:
            yield job, slot


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose schedule matched since its last run. Returns their names."""
    now = now or timezone.now()
    registered = jobs()
    last = last_slots(list(registered))
    return [job.name for job, slot in due_slots(now, last) if _claim_and_enqueue(job, slot)]
