"""Community technology teams (Tổ công nghệ số cộng đồng) and their members."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
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
