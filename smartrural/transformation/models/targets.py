"""Digital transformation (QĐ 924/QĐ-TTg): targets per year, indicator and level, and monthly
counts of work records (hồ sơ công việc) processed online per unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned


class Indicator(models.TextChoices):
    WORK_RECORDS_ONLINE = "work_records_online", _("Work records processed online")
    OFFICIALS_TRAINED = "officials_trained", _("Officials trained in digital transformation")
    UNITS_WITH_SERVICE = "units_with_service", _("Units with an essential digital service")
    COMMUNES_INDICATOR_8_4 = "communes_indicator_8_4", _("Communes meeting indicator 8.4")
    HAMLETS_WITH_TEAM = "hamlets_with_team", _("Hamlets with an active community technology team")


class TargetLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    HAMLET = "hamlet", _("Hamlet")


class Source(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    API = "api", _("API")


class Target(Versioned):
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    level = models.CharField(_("level"), max_length=10, choices=TargetLevel.choices)
    value_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, validators=[validate_name]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("digital transformation target")
        verbose_name_plural = _("digital transformation targets")
        ordering = ["year", "indicator", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "indicator", "level"], name="transformation_target_uniq"
            ),
            models.CheckConstraint(
                condition=Q(value_percent__gte=0) & Q(value_percent__lte=100),
                name="transformation_target_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.level} ≥ {self.value_percent}%"


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
