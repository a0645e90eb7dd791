"""Smart commune and smart hamlet pilots: candidates proposed by units with their outstanding
field, scored on a sheet the province configures, selected, and followed through a plan with
milestones; and the smart-hamlet checklist the province configures, assessed per hamlet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class PilotKind(models.TextChoices):
    SMART_COMMUNE = "smart_commune", _("Smart commune")
    SMART_HAMLET = "smart_hamlet", _("Smart hamlet")


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
