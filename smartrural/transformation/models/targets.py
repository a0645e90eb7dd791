"""The digital transformation indicators and their yearly targets per level."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
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
