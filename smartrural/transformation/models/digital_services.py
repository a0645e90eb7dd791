"""Essential digital services (dịch vụ thiết yếu ứng dụng chuyển đổi số): the editable catalogue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class ServiceCategory(models.TextChoices):
    GOVERNMENT = "government", _("Digital government")
    ECONOMY = "economy", _("Digital economy")
    SOCIETY = "society", _("Digital society")


class DigitalService(Versioned):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    category = models.CharField(_("pillar"), max_length=12, choices=ServiceCategory.choices)
    description = models.TextField(_("description"), blank=True, validators=[validate_free_text])
    active = models.BooleanField(_("in the catalogue"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("essential digital service")
        verbose_name_plural = _("essential digital services")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
