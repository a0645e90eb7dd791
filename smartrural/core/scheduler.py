"""Periodic jobs: django-tasks tasks enqueued on cron schedules (see docs/operations.md).

cronsim evaluates five-field cron strings in Asia/Ho_Chi_Minh (no daylight saving). A job is due
when its latest slot (a matching minute at or before now) is newer than its last claimed slot, so
missed slots coalesce into one run; a unique ``ScheduledRun(name, slot)`` row inserted in the
enqueueing transaction makes two workers enqueue a slot once. Backend-neutral: it only enqueues.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

from .models import ScheduledRun

logger = logging.getLogger(__name__)

SCHEDULE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NEW_JOB_LOOKBACK = dt.timedelta(minutes=5)  # how far back a job never run takes a slot
TaskT = TypeVar("TaskT", bound=Task[..., Any])


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str
    task: Task[..., Any]

    def latest_slot(self, now: dt.datetime) -> dt.datetime | None:
        """The latest minute matching ``cron`` at or before ``now`` (aware, in Vietnam time)."""
        minute = timezone.localtime(now, SCHEDULE_TZ).replace(second=0, microsecond=0)
        # Going backwards, cronsim steps back one second before it looks: start just after.
        return next(CronSim(self.cron, minute + dt.timedelta(seconds=1), reverse=True), None)


_registry: dict[str, PeriodicJob] = {}
_discovered = False


def periodic(cron: str, *, name: str) -> Callable[[TaskT], TaskT]:
    """Enqueue the decorated ``Task`` (no arguments) at each minute ``cron`` matches; put it
    above ``@task()``. A bad cron string or name raises ``ValueError`` at import time."""
    try:
        if len(cron.split()) != 5:
            raise CronSimError("five fields are needed: minute hour day-of-month month day-of-week")
        CronSim(cron, dt.datetime(2000, 1, 1, tzinfo=SCHEDULE_TZ))
    except CronSimError as exc:
        raise ValueError(f"Cron expression {cron!r}: {exc}.") from exc
    if not 0 < len(name) <= 200:
        raise ValueError("A periodic job needs a name of 1 to 200 characters.")

    def register(task: TaskT) -> TaskT:
        if not isinstance(task, Task):
            raise TypeError(f"@periodic({cron!r}) must decorate a Task: put it above @task().")
        try:
            inspect.signature(task.func).bind(*([None] if task.takes_context else []))
        except TypeError as exc:
            raise ValueError(f"Periodic job {name!r} must run without arguments.") from exc
        clash = _registry.get(name)
        if clash and clash.task.module_path != task.module_path:
            raise ValueError(f"Periodic job {name!r} is also declared in {clash.task.module_path}.")
        _registry[name] = PeriodicJob(name=name, cron=cron, task=task)
        return task

    return register


def jobs() -> dict[str, PeriodicJob]:
    """Every declared job; imports each installed app's ``tasks`` module the first time."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return dict(_registry)


def claim_and_enqueue(job: PeriodicJob, slot: dt.datetime) -> bool:
    """Claim ``slot`` and enqueue the job in one transaction; False if the slot was taken."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=job.name, slot=slot)
            run.result_id = str(job.task.enqueue().id)[:64]
            run.save(update_fields=["result_id"])
    except IntegrityError:  # another worker claimed it first
        return False
    logger.info("Periodic job %s enqueued for %s", job.name, slot.isoformat())
    return True


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose schedule matched since its last run; return their names. A job
    that cannot be enqueued is logged (one line) and tried again next tick; the others go on."""
    now = now or timezone.now()
    registered = jobs()
    rows = ScheduledRun.objects.filter(name__in=registered).values("name").annotate(Max("slot"))
    last = {row["name"]: row["slot__max"] for row in rows}
    enqueued = []
    for job in registered.values():
        slot = job.latest_slot(now)
        if slot is None or slot <= last.get(job.name, now - NEW_JOB_LOOKBACK):
            continue
        try:
            if claim_and_enqueue(job, slot):
                enqueued.append(job.name)
        except Exception as exc:  # one broken job must not stop the others
            logger.error("Periodic job %s not enqueued: %r", job.name, exc)  # repr: one line
    return enqueued
