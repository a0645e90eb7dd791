"""What happens to a report (its events), its photos and its "me too"s."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text

from .reports import REPLY_MAX_CHARS, Report, Status


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("feedback event", "Submitted")
    STATUS = "status", _("Status changed")
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")
    REASSIGNED = "reassigned", _("Reassigned")
    ESCALATED = "escalated", _("Escalated")
    MODERATED = "moderated", _("Moderated")
    RATED = "rated", _("Rated")
    REOPENED = "reopened", _("Reopened")
    SUPPORTED = "supported", _("Me too")


class ReportEvent(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    from_unit = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What residents read (a public reply, the reason given with a status change).
    public_text = models.TextField(
        _("public reply"), blank=True, max_length=REPLY_MAX_CHARS, validators=[validate_free_text]
    )
    # What only officers read (an internal note, the reason of a reassignment or moderation).
    internal_text = models.TextField(
        _("internal note"),
        blank=True,
        max_length=REPLY_MAX_CHARS,
        validators=[validate_free_text],
    )
    # A public text a moderator has taken down (kept for officers, with the reason).
    public_text_hidden = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="feedback_event_report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.report_id}"


class PhotoState(models.TextChoices):
    SHOWN = "shown", _("Shown")
    REDACTED = "redacted", _("Redacted")
    REMOVED = "removed", _("Removed")


def photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"feedback/{instance.report_id}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    # A photo attached to a reply (e.g. the repaired road); None for the reporter's photos.
    event = models.ForeignKey(
        ReportEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    # The blurred copy shown to the public once a moderator redacted the photo.
    public_image = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("size (bytes)"))
    state = models.CharField(max_length=10, choices=PhotoState.choices, default=PhotoState.SHOWN)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"#{self.report_id} photo {self.position + 1}"


class Supporter(models.Model):
    """One "me too" on a report, per person (keyed hash of their phone, account or address)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supporter_rows")
    who_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "who_hash"], name="feedback_one_me_too")
        ]

    def __str__(self) -> str:
        return f"#{self.report_id} me too"
