"""Officials of the NTM programme (cán bộ, công chức, viên chức) and the trainings, conferences
and workshops they attend. The "officials trained" KPI counts active officials who attended a
digital transformation training in the period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned


class Official(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="programme_officials",
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    position = models.CharField(_("position"), max_length=200, validators=[validate_name])
    # A key that tells two officials of the same name apart in imports (e.g. an e-mail or a
    # staff number); empty when the unit has no such key.
    identifier = models.CharField(
        _("identifier"), max_length=100, blank=True, validators=[validate_name]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme official")
        verbose_name_plural = _("programme officials")
        ordering = ["unit__path", "full_name", "pk"]
        indexes = [models.Index(fields=["unit", "active"], name="transformation_official_unit")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})"


class TrainingKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "course", _("Training course")


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class TrainingEvent(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="training_events",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    topic = models.CharField(_("topic"), max_length=300, blank=True, validators=[validate_name])
    digital_transformation = models.BooleanField(
        _("digital transformation training"),
        default=True,
        help_text=_("Counts towards the share of officials trained in digital transformation."),
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True, validators=[validate_name])
    organiser = models.CharField(
        _("organiser"), max_length=300, blank=True, validators=[validate_name]
    )
    format = models.CharField(
        _("format"), max_length=10, choices=TrainingFormat.choices, default=TrainingFormat.IN_PERSON
    )
    residents = models.PositiveIntegerField(_("residents attending"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="transformation_training_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


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
