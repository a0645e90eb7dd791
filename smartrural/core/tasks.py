"""Housekeeping jobs that every installation runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend

from .models import ScheduledRun
from .scheduler import periodic


@periodic("0 3 * * *", name="core.prune_task_results")
@task()
def prune_task_results() -> int:
    """Delete finished task results and claimed scheduler slots older than the keep period.

    The latest slot of each periodic job is kept: it is what the scheduler compares with.
    Returns the number of scheduler slots deleted (django-tasks-db logs its own count).
    """
    days = settings.TASK_RESULTS_KEEP_DAYS
    for alias in task_backends.settings:
        if isinstance(task_backends[alias], DatabaseBackend):
            call_command(
                "prune_db_task_results",
                f"--backend={alias}",
                "--queue-name=*",
                f"--min-age-days={days}",
                verbosity=0,
            )
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted = 0
    latest = ScheduledRun.objects.values("name").annotate(last=Max("slot"))
    for row in latest:
        count, _ = ScheduledRun.objects.filter(
            name=row["name"], slot__lt=min(cutoff, row["last"])
        ).delete()
        deleted += count
    return deleted
