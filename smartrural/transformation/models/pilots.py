"""Smart commune and smart hamlet candidates: proposed by units with their outstanding field,
scored on the province's sheet, selected or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

from .pilot_scoring import PilotKind, ScoringCriterion


class OutstandingField(models.TextChoices):
    PRODUCTION = "production", _("Production")
    TOURISM = "tourism", _("Tourism")
    EDUCATION = "education", _("Education")
    CULTURE = "culture", _("Culture")
    LANDSCAPE = "landscape", _("Landscape")
    ENVIRONMENT = "environment", _("Environment")
    SECURITY = "security", _("Security and order")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Digital transformation")
    ECOMMERCE = "ecommerce", _("E-commerce")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PilotCandidate(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("commune or hamlet"),
        on_delete=models.PROTECT,
        related_name="pilot_candidates",
    )
    kind = models.CharField(_("pilot kind"), max_length=15, choices=PilotKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    field = models.CharField(
        _("outstanding field"), max_length=25, choices=OutstandingField.choices
    )
    description = models.TextField(_("why this unit"), blank=True, validators=[validate_free_text])
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PROPOSED,
    )
    decision = models.CharField(
        _("selection decision"), max_length=200, blank=True, validators=[validate_name]
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot candidate")
        verbose_name_plural = _("pilot candidates")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year"], name="transformation_candidate_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_kind_display()} {self.year}"


class CandidateScore(Versioned):
    candidate = models.ForeignKey(PilotCandidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(
        _("comment"), max_length=500, blank=True, validators=[validate_free_text]
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate score")
        verbose_name_plural = _("candidate scores")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion"], name="transformation_score_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.criterion_id}: {self.score}"
