"""Monthly counts of administrative work records (total and online) per unit, with their source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.versioning import Versioned


class Source(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    API = "api", _("API")


class WorkRecordStat(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="work_record_stats",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    total = models.PositiveIntegerField(_("work records"))
    online = models.PositiveIntegerField(_("processed online"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work record count")
        verbose_name_plural = _("work record counts")
        ordering = ["unit", "month"]
        constraints = [
            # One figure per unit and month: a later entry or import corrects it (with
            # history), so an entered and an imported copy of a month are never both counted.
            models.UniqueConstraint(
                fields=["unit", "month"], name="transformation_workrecord_unit_month"
            ),
            models.CheckConstraint(
                condition=Q(online__lte=F("total")),
                name="transformation_workrecord_online_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.online}/{self.total} ({self.source})"
