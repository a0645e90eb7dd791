"""A selected pilot's plan and its milestones."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

from .pilots import PilotCandidate


class PilotPlan(Versioned):
    candidate = models.OneToOneField(PilotCandidate, on_delete=models.CASCADE, related_name="plan")
    goal = models.TextField(_("goal"), validators=[validate_free_text])
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot plan")
        verbose_name_plural = _("pilot plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="transformation_plan_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class PilotMilestone(Versioned):
    plan = models.ForeignKey(PilotPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300, validators=[validate_name])
    due = models.DateField(_("due"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_free_text])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="transformation_milestone_progress"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.progress}%)"
