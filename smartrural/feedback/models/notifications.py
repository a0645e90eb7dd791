"""The reporters' e-mail outbox and the wrong tracking codes typed (for the guessing limit)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import ReportEvent
from .reports import Report


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One e-mail to a reporter about one event of their report (the outbox: ``feedback.notify``
    writes it with the event, a task sends it). ``body`` is emptied once sent: the first one
    carries the tracking code, which is otherwise never stored."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, related_name="notifications")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "to"], name="feedback_one_notice_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="feedback_notice_due")]

    def __str__(self) -> str:
        return f"#{self.report_id} → {self.to}"


class TrackingMiss(models.Model):
    """A wrong tracking code typed from an address (keyed hash), for the guessing limit."""

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"], name="feedback_miss_rate")]

    def __str__(self) -> str:
        return f"miss {self.at:%Y-%m-%d %H:%M}"
