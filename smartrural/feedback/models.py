"""Residents' and businesses' feedback (phản ánh, kiến nghị).

- ``Category``: the province's configurable tree of what may be reported (roads and bridges,
  irrigation, …), each with the level and role that handle it, its deadline in working days and
  the extra questions it asks (Open311 attributes).
- ``Report``: one piece of feedback, from the form, an officer entering it on a resident's
  behalf, or an Open311 client. Its public number is its primary key (Open311
  ``service_request_id``); its tracking code is a secret given to the reporter only (stored as a
  hash). Personal data (name, phone, e-mail) never leaves the officers' pages.
- ``ReportEvent``: everything that happens to a report, in order — status changes with their
  public reply, internal notes (never public), reassignments, escalations, moderation, ratings,
  reopenings, "me too". The public timeline is the public part of it; officers see all of it.
- ``ReportPhoto``: photos of the report or of a reply, stored only after the EXIF data was
  stripped; a moderator may redact (a blurred public copy, the original for officers only) or
  remove one.
- ``Supporter``: one "me too" per person (a keyed hash of their address or phone).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

# Registered with this app (its own module keeps the API's parts together).
from .open311.models import Open311Client as Open311Client

DESCRIPTION_MAX_CHARS = 5000
REPLY_MAX_CHARS = 5000
MAX_PHOTOS = 5
MAX_RATING = 5


class Level(models.TextChoices):
    """The level of the unit that handles a category (the place's ancestor at that level)."""

    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Category(Versioned):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Open311 service code; letters, digits and hyphens."),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_name])
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[validate_free_text]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(
        _("handled at level"), max_length=10, choices=Level.choices, default=Level.COMMUNE
    )
    role = models.CharField(
        _("handled by role"), max_length=20, default="commune_officer"
    )  # an ``accounts.Role`` value; checked by the category form (accounts is a layer up)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=10)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    # Open311 attributes: [{"code", "datatype", "required", "description", "order", "values"}]
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# Statuses in which the report still waits for the administration (Open311 "open").
OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED}
)
# Statuses after which the deadline no longer runs.
DONE_STATUSES = frozenset({Status.REFUSED, Status.RESOLVED, Status.CLOSED})


class Refusal(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another report")
    NOT_COMPETENT = "not_competent", _("Not within our competence")
    SPAM = "spam", _("Spam or abuse")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    OPEN311 = "open311", _("Open311 application")
    PHONE = "phone", _("Telephone")
    PAPER = "paper", _("Paper letter")
    MEETING = "meeting", _("Meeting with residents")
    ZALO = "zalo", _("Zalo message")
    FACEBOOK = "facebook", _("Facebook message")
    EMAIL = "email", _("E-mail")


# Channels an officer records when entering feedback on a resident's behalf.
OFFICER_CHANNELS = (
    Channel.PHONE,
    Channel.PAPER,
    Channel.MEETING,
    Channel.ZALO,
    Channel.FACEBOOK,
    Channel.EMAIL,
)


class Report(Versioned):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_CHARS, validators=[validate_free_text]
    )
    # The moderator's redacted wording shown to the public instead (empty: the description).
    public_description = models.TextField(
        _("public wording"), blank=True, max_length=DESCRIPTION_MAX_CHARS
    )
    # Where: the hamlet or commune chosen (or the province, for a position alone), valid on the
    # day it was submitted; its commune-level unit and province are kept for fast public lists.
    place = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="feedback_reports",
    )
    commune = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    # Answers to the category's extra questions (Open311 attributes), by attribute code.
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    # Routing: who handles it now.
    responsible_unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_role = models.CharField(_("responsible role"), max_length=20)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    submitted_at = models.DateTimeField(_("submitted at"))
    # The working-day deadline, counted from the local day of submission.
    deadline = models.DateField(_("deadline"))
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    escalated_on = models.DateField(_("last escalated on"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    refusal = models.CharField(
        _("refusal reason"), max_length=15, choices=Refusal.choices, blank=True
    )
    # For "not within our competence": where the reporter should go instead.
    refer_to = models.CharField(_("where to go instead"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    # Who: the channel, the officer who entered it, the resident account, the contact given.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_reports",
    )
    reporter_name = models.CharField(
        _("reporter's name"), max_length=150, blank=True, validators=[validate_name]
    )
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    hide_name = models.BooleanField(_("do not publish my name"), default=False)
    # Keyed hashes (never the values) of the sender's address and phone, for the rate limits.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    # sha256 of the tracking code: the code itself is shown to the reporter once, never stored.
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)

    # Moderation: a hidden report is not public at all.
    hidden = models.BooleanField(_("hidden from the public"), default=False)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(
        _("rating comment"), max_length=500, blank=True, validators=[validate_free_text]
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    supporters = models.PositiveIntegerField(_("me too"), default=0)

    history = HistoricalRecords(excluded_fields=["supporters", "client_hash", "phone_hash"])

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["commune", "-submitted_at"], name="feedback_commune_recent"),
            models.Index(fields=["province", "-submitted_at"], name="feedback_province_recent"),
            # The published lists read these alone (no table row): the page's ids in date
            # order and the counts per status of a commune or a province.
            models.Index(
                fields=["commune", "hidden", "status", "submitted_at"],
                name="feedback_commune_public",
            ),
            models.Index(
                fields=["province", "hidden", "status", "submitted_at"],
                name="feedback_province_public",
            ),
            models.Index(fields=["responsible_unit", "status"], name="feedback_queue"),
            models.Index(fields=["status", "deadline"], name="feedback_overdue"),
            models.Index(fields=["client_hash", "submitted_at"], name="feedback_client_rate"),
            models.Index(fields=["phone_hash", "submitted_at"], name="feedback_phone_rate"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=MAX_RATING),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


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


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One e-mail to a reporter about one event of their report (the outbox: ``feedback.notify``
    writes it with the event, a task sends it). ``body`` is emptied once sent: the first one
    carries the tracking code, which is otherwise never stored."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, related_name="notifications")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "to"], name="feedback_one_notice_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="feedback_notice_due")]

    def __str__(self) -> str:
        return f"#{self.report_id} → {self.to}"


class TrackingMiss(models.Model):
    """A wrong tracking code typed from an address (keyed hash), for the guessing limit."""

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"], name="feedback_miss_rate")]

    def __str__(self) -> str:
        return f"miss {self.at:%Y-%m-%d %H:%M}"
