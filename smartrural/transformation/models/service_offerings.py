"""Which units offer which essential digital service, since when, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text
from smartrural.core.versioning import Versioned

from .digital_services import DigitalService


class ServiceOffering(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="service_offerings",
    )
    service = models.ForeignKey(
        DigitalService,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    since = models.DateField(_("offered since"))
    until = models.DateField(_("offered until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_free_text])
    evidence = models.FileField(_("evidence"), upload_to="services/%Y/%m/", blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        ordering = ["unit__path", "service__order", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "service", "since"], name="transformation_offering_uniq"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="transformation_offering_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.service_id} {self.since:%d/%m/%Y}"
