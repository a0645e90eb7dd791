"""What a community technology team helped households with, on which day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text

from .teams import CommunityTechTeam


class ActivityKind(models.TextChoices):
    NATIONAL_ID_APP = "national_id_app", _("Installing the national ID app (VNeID)")
    ONLINE_PUBLIC_SERVICES = "online_public_services", _("Using online public services")
    CASHLESS_PAYMENT = "cashless_payment", _("Cashless payment")
    ECOMMERCE_LISTING = "ecommerce_listing", _("Listing products for e-commerce")
    DIGITAL_SKILLS = "digital_skills", _("Basic digital skills")
    OTHER = "other", _("Other")


class TeamActivity(models.Model):
    team = models.ForeignKey(CommunityTechTeam, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    kind = models.CharField(_("helped with"), max_length=30, choices=ActivityKind.choices)
    households = models.PositiveIntegerField(_("households helped"))
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_free_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team activity")
        verbose_name_plural = _("team activities")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(households__gte=0), name="transformation_activity_households"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.date:%d/%m/%Y} {self.kind}"
