"""The smart-hamlet checklist the province configures, and each hamlet's yearly assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class SmartHamletItem(Versioned):
    """One line of the province's smart-hamlet checklist (e.g. fibre to households)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[validate_name])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("smart-hamlet checklist item")
        verbose_name_plural = _("smart-hamlet checklist items")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HamletAssessment(Versioned):
    hamlet = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("hamlet"),
        on_delete=models.PROTECT,
        related_name="smart_assessments",
    )
    item = models.ForeignKey(SmartHamletItem, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    met = models.BooleanField(_("met"))
    comment = models.CharField(
        _("comment"), max_length=500, blank=True, validators=[validate_free_text]
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("smart-hamlet assessment")
        verbose_name_plural = _("smart-hamlet assessments")
        ordering = ["hamlet__path", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["hamlet", "item", "year"], name="transformation_assessment_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hamlet_id} {self.item_id} {self.year}: {self.met}"
