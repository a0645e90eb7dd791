"""A report (phản ánh, kiến nghị): what, where, who handles it, its status and deadline, who sent
it; its statuses, refusal reasons and channels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.accounts.models import Role
from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

from .categories import Category

DESCRIPTION_MAX_CHARS = 5000
REPLY_MAX_CHARS = 5000
MAX_PHOTOS = 5
MAX_RATING = 5


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
    responsible_role = models.CharField(_("responsible role"), max_length=20, choices=Role.choices)
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
            # Work handled per unit and month (``selectors.platform_work``), from the index alone.
            models.Index(
                fields=["status", "resolved_at", "responsible_unit"], name="feedback_handled"
            ),
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
