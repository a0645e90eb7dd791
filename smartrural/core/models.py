"""Core tables: the claimed slots of periodic jobs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One slot of one periodic job, claimed by the worker that enqueued it.

    The unique constraint is the lock: two workers ticking at the same time both try to insert
    the row, and only one succeeds (see ``smartrural.core.scheduler``).
    """

    name = models.CharField(_("job"), max_length=200)
    slot = models.DateTimeField(_("scheduled for"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    result_id = models.CharField(_("task result id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="core_scheduledrun_slot_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot.isoformat()}"
