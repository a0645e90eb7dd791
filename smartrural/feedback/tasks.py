"""Feedback's background work (``core.scheduler``; times in Asia/Ho_Chi_Minh): the deadline jobs,
each only calling its idempotent service in ``services.deadlines`` (a slot run twice changes
nothing), and the retries of the reporters' e-mails (``feedback.notify``; the task that sends one
as its event commits is ``notify.send_notification``)."""

from __future__ import annotations

from django_tasks import task

from smartrural.core.dates import today
from smartrural.core.scheduler import periodic

from .notify import retry_due
from .services.deadlines import (
    photos_prune,
    report_close_resolved,
    report_escalate_overdue,
    reports_rehome,
)


@periodic("5 * * * *", name="feedback.escalate_overdue")
@task()
def escalate_overdue() -> int:
    """Open reports of dissolved units to the units taking them over, then overdue reports to
    the level above; the number moved."""
    day = today()
    return len(reports_rehome(today=day)) + len(report_escalate_overdue(today=day))


@periodic("20 0 * * *", name="feedback.close_resolved")
@task()
def close_resolved() -> int:
    """Resolved reports not reopened in time, closed; the number closed."""
    return len(report_close_resolved(today=today()))


@periodic("40 3 * * *", name="feedback.prune_photos")
@task()
def prune_photos() -> int:
    """Photo files no report names, deleted; the number deleted."""
    return len(photos_prune())


@periodic("*/5 * * * *", name="feedback.retry_notifications")
@task()
def retry_notifications() -> int:
    """Send the notifications whose next try has come (after an SMTP error)."""
    return retry_due()
