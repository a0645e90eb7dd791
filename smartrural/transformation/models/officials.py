"""Officials of the NTM programme (cán bộ, công chức, viên chức). The "officials trained" KPI
counts active officials who attended a digital transformation training in the period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned


class Official(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="programme_officials",
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    position = models.CharField(_("position"), max_length=200, validators=[validate_name])
    # A key that tells two officials of the same name apart in imports (e.g. an e-mail or a
    # staff number); empty when the unit has no such key.
    identifier = models.CharField(
        _("identifier"), max_length=100, blank=True, validators=[validate_name]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme official")
        verbose_name_plural = _("programme officials")
        ordering = ["unit__path", "full_name", "pk"]
        indexes = [models.Index(fields=["unit", "active"], name="transformation_official_unit")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})"
