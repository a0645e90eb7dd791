"""The trainings, conferences and workshops officials attend."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned


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
