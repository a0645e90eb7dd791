"""The pilot kinds (smart commune, smart hamlet) and the scoring sheet the province configures
for each."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned


class PilotKind(models.TextChoices):
    SMART_COMMUNE = "smart_commune", _("Smart commune")
    SMART_HAMLET = "smart_hamlet", _("Smart hamlet")


class ScoringCriterion(Versioned):
    """One line of the province's scoring sheet for pilot candidates."""

    kind = models.CharField(_("pilot kind"), max_length=15, choices=PilotKind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300, validators=[validate_name])
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="transformation_scoring_uniq"),
            models.CheckConstraint(
                condition=Q(max_score__gt=0), name="transformation_scoring_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
