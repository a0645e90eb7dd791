"""Background work of feedback: sending the reporters' e-mails (``feedback.notify``; the task
that sends one as its event commits is ``notify.send_notification``)."""

from __future__ import annotations

from django_tasks import task

from smartrural.core.scheduler import periodic

from .notify import retry_due


@periodic("*/5 * * * *", name="feedback.retry_notifications")
@task()
def retry_notifications() -> int:
    """Send the notifications whose next try has come (after an SMTP error)."""
    return retry_due()
