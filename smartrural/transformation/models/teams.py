"""Community technology teams (Tổ công nghệ số cộng đồng), their members and what they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class CommunityTechTeam(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("hamlet or commune"),
        on_delete=models.PROTECT,
        related_name="tech_teams",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    established = models.DateField(_("established"))
    active = models.BooleanField(_("active"), default=True)
    # The day the team stopped working (empty while active), so past years' coverage holds.
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community technology team")
        verbose_name_plural = _("community technology teams")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(Versioned):
    team = models.ForeignKey(CommunityTechTeam, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    role = models.CharField(
        _("role in the team"), max_length=100, blank=True, validators=[validate_name]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


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
