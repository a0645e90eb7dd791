"""Recognition dossiers (hồ sơ xét công nhận) and the recognitions they lead to.

A dossier moves registered → self-assessed (published for residents' opinions) → submitted →
inspected (by the district, while districts exist) → appraised (by the province) → decided →
announced; any stage after submission can return it with reasons, and a decided recognition
can later be revoked. Every move is a ``DossierTransition`` row (and simple_history keeps the
dossier's own fields).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class TargetLevel(models.TextChoices):
    """The levels a unit is recognised at (QĐ 18/2022/QĐ-TTg, Điều 3); what each one asks of
    the unit and who decides it: ``workflow.LEVEL_RULES``."""

    NTM = "ntm", _("New rural commune (NTM)")
    ADVANCED = "advanced", _("Advanced NTM commune")
    MODEL = "model", _("Model NTM commune")
    DISTRICT_NTM = "district_ntm", _("NTM district")
    DISTRICT_ADVANCED = "district_advanced", _("Advanced NTM district")
    TOWN_COMPLETED = "town_completed", _("Town or provincial city that completed the NTM task")


class Authority(models.TextChoices):
    """Who decides a recognition (and its revocation)."""

    PROVINCIAL_CHAIR = "provincial_chair", _("Chairman of the provincial People's Committee")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")


class Stage(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SELF_ASSESSED = "self_assessed", _("Self-assessed, published for opinions")
    SUBMITTED = "submitted", _("Submitted")
    INSPECTED = "inspected", _("Inspected by the district")
    APPRAISED = "appraised", _("Appraised by the province")
    DECIDED = "decided", _("Recognised by decision")
    ANNOUNCED = "announced", _("Announced")
    RETURNED = "returned", _("Returned with reasons")
    REVOKED = "revoked", _("Recognition revoked")


# Stages in which a dossier is "in progress" (counted on dashboards by stage).
IN_PROGRESS = (
    Stage.REGISTERED,
    Stage.SELF_ASSESSED,
    Stage.SUBMITTED,
    Stage.INSPECTED,
    Stage.APPRAISED,
    Stage.RETURNED,
)


class Dossier(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    target_level = models.CharField(_("target level"), max_length=20, choices=TargetLevel.choices)
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED
    )
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    satisfaction_rate = models.DecimalField(
        _("residents' satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The satisfaction survey was held outside SmartRural: the typed-in rate counts, with the
    # minutes attached (otherwise a closed survey on SmartRural must meet its rules).
    surveyed_outside = models.BooleanField(
        _("satisfaction survey held outside SmartRural"), default=False
    )
    return_reason = models.TextField(
        _("reasons for return"), blank=True, validators=[validate_free_text]
    )
    decision_number = models.CharField(
        _("decision number"), max_length=50, blank=True, validators=[validate_name]
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(
        _("signed by"), max_length=200, blank=True, validators=[validate_name]
    )
    # Set by the decide step from the target level (``workflow.LEVEL_RULES``), never typed.
    decision_authority = models.CharField(
        _("deciding authority"), max_length=20, choices=Authority.choices, blank=True
    )
    revocation_reason = models.TextField(
        _("reason for revocation"), blank=True, validators=[validate_free_text]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition dossier")
        verbose_name_plural = _("recognition dossiers")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "target_level", "year"], name="recognition_dossier_uniq"
            )
        ]
        indexes = [models.Index(fields=["stage", "year"], name="recognition_dossier_stage")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_target_level_display()} {self.year}"


class DossierTransition(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    comment = models.TextField(blank=True, validators=[validate_free_text])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_stage} → {self.to_stage}"


class DocumentKind(models.TextChoices):
    SUBMISSION_LETTER = "submission_letter", _("Submission letter (tờ trình)")
    CRITERION_REPORT = "criterion_report", _("Report on each criterion")
    OPINION_SUMMARY = "opinion_summary", _("Summary of residents' opinions")
    SATISFACTION_RESULT = "satisfaction_result", _("Satisfaction survey result")
    MEETING_MINUTES = "meeting_minutes", _("Meeting minutes")
    DECISION_SCAN = "decision_scan", _("Signed decision (scan)")
    OTHER = "other", _("Other document")


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Recognition(models.Model):
    """A unit recognised at a level by a decision; revocation keeps the row."""

    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    level = models.CharField(_("level"), max_length=20, choices=TargetLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    decision_number = models.CharField(
        _("decision number"), max_length=50, validators=[validate_name]
    )
    decision_date = models.DateField(_("decision date"))
    signer = models.CharField(
        _("signed by"), max_length=200, blank=True, validators=[validate_name]
    )
    # Who decided: derived from the level by the decide step (``workflow.LEVEL_RULES``).
    authority = models.CharField(_("deciding authority"), max_length=20, choices=Authority.choices)
    dossier = models.OneToOneField(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="recognition"
    )
    revoked_at = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(
        _("reason for revocation"), blank=True, validators=[validate_free_text]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level", "year"], name="recognition_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_level_display()} {self.year}"
