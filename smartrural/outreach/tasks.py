"""Background work of outreach: sending what is queued.

``deliver`` drains the queue until it is empty (or for ``OUTREACH_TASK_SECONDS``); it is asked for
after each commit that queues messages, and every minute by the scheduler for retries that
became due and for rows a killed worker left half-sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tasks import task

from smartrural.core.scheduler import periodic

from . import delivery


@periodic("* * * * *", name="outreach.deliver")
@task()
def deliver() -> int:
    """Send everything due; the number of answers recorded."""
    return delivery.drain_until_idle(seconds=settings.OUTREACH_TASK_SECONDS).handled


def deliver_soon() -> None:
    """Ask for a ``deliver`` run once the current transaction commits."""
    transaction.on_commit(deliver.enqueue)
