"""Who took part in a training event (officials, with their attendance) and its materials."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned

from .officials import Official
from .trainings import TrainingEvent


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class TrainingParticipant(Versioned):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, related_name="trainings"
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ATTENDED
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "official"], name="transformation_participant_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} @ {self.event_id}: {self.attendance}"


class TrainingMaterial(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    file = models.FileField(_("file"), upload_to="trainings/%Y/%m/")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
