"""Outreach (truyền thông): telling residents, over their phones and the commune loudspeakers.

Messages to people:
- ``Subscriber``: a resident who agreed to receive notices: the addresses sending needs (a
  Vietnamese mobile number, an e-mail, a Zalo follower id), their hamlet, the topics they chose
  and their channels in order of preference, with the consent's date and source. Unsubscribing
  (a link, an SMS "STOP", an officer) keeps the row, marked, so the address is never written to
  again by mistake.
- ``Template``: a notice's wording with ``{{ placeholders }}``, checked against every channel's
  limits (``outreach.limits``): e-mail subject and body, SMS text (an unaccented variant where the
  gateway needs it), the pre-approved Zalo ZNS template (its id and its text, ≤ 400 characters).
- ``Campaign``: a notice from a unit to an audience (hamlets and communes as of a date, topics,
  channels), sent at once or at a time; a province-wide one waits for a second officer's approval.
- ``Message``: one notice to one address over one channel. Every message is a row before it is
  sent (``outreach.delivery``); its ``uid`` is the idempotency key the providers see.

Commune radio (Thông tư 39/2020/TT-BTTTT):
- ``Station`` (a commune's radio station) and its ``Cluster`` s (IP/4G loudspeaker clusters, one
  or more per hamlet), each cluster a device with its own token, last contact and status;
  ``Heartbeat`` keeps one row per cluster and 5-minute bucket it was heard in (uptime).
- ``Bulletin``: audio (uploaded, or spoken from text by ``outreach.speech``) with its duration and
  checksum, a priority (normal, priority, emergency), a validity window and its targets.
- ``ProgrammeItem``: a station's programme for a day, item by item; ``PlayLog``: what a cluster
  reported it did with an item (played, failed, skipped).
- ``CapAlert``: a CAP 1.2 alert received (and what it became) or sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

# ---------------------------------------------------------------------------------------------
# Vocabulary


class Topic(models.TextChoices):
    """What a notice is about; a subscriber chooses theirs. Stored as bits (``topic_bit``)."""

    NTM = "ntm", _("New rural development news")
    AGRICULTURE = "agriculture", _("Agriculture")
    WEATHER = "weather", _("Weather and salinity")
    HEALTH = "health", _("Health")
    FEEDBACK = "feedback", _("Replies to my reports")
    SURVEYS = "surveys", _("Surveys and consultations")
    MARKET = "ocop", _("Market and OCOP products")
    EMERGENCY = "emergency", _("Emergencies and disasters")


TOPIC_ORDER: tuple[str, ...] = tuple(Topic.values)


def topic_bit(topic: str) -> int:
    """The bit of ``topic`` in ``Subscriber.topics`` (ValueError for an unknown topic)."""
    return 1 << TOPIC_ORDER.index(topic)


def topics_mask(topics: list[str] | tuple[str, ...] | set[str]) -> int:
    mask = 0
    for topic in topics:
        mask |= topic_bit(topic)
    return mask


def topics_of(mask: int) -> list[str]:
    return [topic for index, topic in enumerate(TOPIC_ORDER) if mask & (1 << index)]


class Channel(models.TextChoices):
    """How a message travels. The first four reach one person; a Facebook post reaches a page."""

    ZNS = "zns", _("Zalo ZNS (to a phone number)")
    ZALO_OA = "zalo_oa", _("Zalo Official Account (to a follower)")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    FACEBOOK = "facebook", _("Facebook page post")


PERSONAL_CHANNELS: tuple[str, ...] = (Channel.ZNS, Channel.ZALO_OA, Channel.SMS, Channel.EMAIL)


def channels_label(value: str) -> str:
    """ "zns,sms" as people read it: "Zalo ZNS (to a phone number) → SMS"."""
    labels = {code: str(label) for code, label in Channel.choices}
    return " → ".join(labels.get(name, name) for name in value.split(",") if name)


def topics_label(mask: int) -> str:
    labels = {code: str(label) for code, label in Topic.choices}
    return ", ".join(labels[topic] for topic in topics_of(mask))


def validate_channel_list(value: str) -> None:
    """A comma-separated list of personal channels, each at most once (order kept)."""
    from django.core.exceptions import ValidationError

    names = [name for name in value.split(",") if name]
    unknown = [name for name in names if name not in PERSONAL_CHANNELS]
    if unknown:
        raise ValidationError(
            _("Unknown channel: %(names)s.") % {"names": ", ".join(unknown)}, code="channel"
        )
    if len(set(names)) != len(names):
        raise ValidationError(_("A channel is listed twice."), code="channel_twice")


class ConsentSource(models.TextChoices):
    PAPER = "paper", _("Signed form (in person)")
    WEB = "web", _("Subscription form on the portal")
    IMPORT = "import", _("Imported list with consent on file")
    ZALO = "zalo", _("Followed the commune's Zalo account")
    SMS = "sms", _("SMS keyword")


class UnsubscribeReason(models.TextChoices):
    LINK = "link", _("Unsubscribe link")
    STOP = "stop", _("STOP reply")
    OFFICER = "officer", _("Recorded by an officer")


# ---------------------------------------------------------------------------------------------
# Messages


class Subscriber(Versioned):
    hamlet = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("hamlet"),
        on_delete=models.PROTECT,
        related_name="subscribers",
    )
    name = models.CharField(
        _("name to address them by"), max_length=100, blank=True, validators=[validate_name]
    )
    # The name folded (no diacritics, lower case) for the officers' search.
    search_name = models.CharField(max_length=100, blank=True, editable=False)
    # E.164 digits without "+": 84 then nine digits (outreach.phones.phone_normalise).
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    zalo_user_id = models.CharField(_("Zalo follower id"), max_length=64, blank=True)
    topics = models.PositiveIntegerField(_("topics"), default=0)
    channels = models.CharField(
        _("channels in order of preference"),
        max_length=60,
        validators=[validate_channel_list],
    )
    consent_at = models.DateTimeField(_("consent given"))
    consent_source = models.CharField(
        _("consent given through"), max_length=10, choices=ConsentSource.choices
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    unsubscribe_reason = models.CharField(
        _("unsubscribed through"), max_length=10, choices=UnsubscribeReason.choices, blank=True
    )
    # The one-click unsubscribe link's secret (RFC 8058 List-Unsubscribe-Post).
    token = models.CharField(max_length=43, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["token", "search_name"])

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["hamlet__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="outreach_subscriber_phone"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="outreach_subscriber_email"
            ),
        ]
        indexes = [models.Index(fields=["hamlet", "unsubscribed_at"], name="outreach_sub_hamlet")]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    @property
    def channel_list(self) -> list[str]:
        return [name for name in self.channels.split(",") if name]

    @property
    def topic_list(self) -> list[str]:
        return topics_of(self.topics)

    @property
    def active(self) -> bool:
        return self.unsubscribed_at is None


class Template(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="outreach_templates",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(
        _("e-mail subject"), max_length=200, blank=True, validators=[validate_free_text]
    )
    body = models.TextField(_("text"), max_length=4000, validators=[validate_free_text])
    sms_body = models.TextField(
        _("SMS text (empty: the text above)"),
        max_length=1000,
        blank=True,
        validators=[validate_free_text],
    )
    sms_unaccented = models.BooleanField(
        _("send the SMS without diacritics (gateways without Unicode)"), default=False
    )
    zns_template_id = models.CharField(_("approved ZNS template id"), max_length=32, blank=True)
    zns_text = models.TextField(
        _("approved ZNS template text"),
        max_length=1000,
        blank=True,
        validators=[validate_free_text],
    )
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["unit__code", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("campaign", "Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("sent by (unit)"),
        on_delete=models.PROTECT,
        related_name="outreach_campaigns",
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_name])
    template = models.ForeignKey(
        Template, verbose_name=_("template"), on_delete=models.PROTECT, related_name="campaigns"
    )
    # Values of the template's placeholders that are the same for everyone ({"ngay": "05/12"}).
    values = models.JSONField(_("placeholder values"), default=dict, blank=True)
    audience_units = models.ManyToManyField(
        "geo.AdministrativeUnit", verbose_name=_("to (units)"), related_name="+"
    )
    audience_as_of = models.DateField(_("units as of"))
    topics = models.PositiveIntegerField(_("topics"), default=0)
    channels = models.CharField(_("channels"), max_length=60, validators=[validate_channel_list])
    post_to_facebook = models.BooleanField(
        _("also post on the unit's Facebook page"), default=False
    )
    send_at = models.DateTimeField(_("send at (empty: at once)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    enqueued_at = models.DateTimeField(_("messages written"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_at"], name="outreach_campaign_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def channels_display(self) -> str:
        return channels_label(self.channels)


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    ACCEPTED = "accepted", _("Accepted by the provider")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINAL_STATUSES = (MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.CANCELLED)


class Message(models.Model):
    # What the providers see as our message's id: ZNS tracking_id, SMTP Message-ID, SMS request id.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # The unit whose officers may read it: the subscriber's hamlet, or the sender's unit.
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="outreach_messages"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("to"), max_length=254)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    # ZNS: the approved template's id and its parameters; other channels: empty.
    template_ref = models.CharField(max_length=32, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # The channels still to try, in order, if this one fails for good (fallback), and, for a
    # message to someone who is not a subscriber, their addresses for those channels.
    fallback_channels = models.CharField(max_length=60, blank=True)
    contacts = models.JSONField(default=dict, blank=True)
    # Single messages from other capabilities: who asked ("feedback") and their idempotency key.
    source = models.CharField(_("asked by"), max_length=30, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    provider_code = models.CharField(_("provider's code"), max_length=50, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    # A message sent on the subscriber's next channel after this one failed for good.
    fallback_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallback"
    )
    cost = models.DecimalField(_("cost (VND)"), max_digits=10, decimal_places=0, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="outreach_message_idempotency",
            ),
            # One message per subscriber, channel and campaign: enqueueing twice adds nothing.
            models.UniqueConstraint(
                fields=["campaign", "subscriber", "channel"],
                condition=Q(campaign__isnull=False, subscriber__isnull=False),
                name="outreach_message_campaign_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="outreach_message_due"),
            models.Index(fields=["campaign", "status"], name="outreach_message_campaign"),
            models.Index(fields=["channel", "status"], name="outreach_message_channel"),
            models.Index(fields=["channel", "provider_id"], name="outreach_message_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


# ---------------------------------------------------------------------------------------------
# Commune radio


class Station(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="radio_stations",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    active = models.BooleanField(_("in service"), default=True)
    # When it was last put out of service (None while in service): uptime expects nothing after.
    out_of_service_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("radio station")
        verbose_name_plural = _("radio stations")
        ordering = ["unit__code", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ClusterStatus(models.TextChoices):
    OK = "ok", _("Working")
    FAULT = "fault", _("Fault reported")
    OFFLINE = "offline", _("No contact")


class Cluster(Versioned):
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="clusters"
    )
    hamlet = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("hamlet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loudspeaker_clusters",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    speakers = models.PositiveSmallIntegerField(_("loudspeakers"), default=1)
    # The device token: only its SHA-256 is stored; the prefix identifies it to people.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(max_length=8, editable=False)
    token_revoked_at = models.DateTimeField(_("token revoked"), null=True, blank=True)
    reported_status = models.CharField(
        _("reported status"), max_length=10, choices=ClusterStatus.choices, blank=True
    )
    reported_detail = models.CharField(_("reported detail"), max_length=200, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    active = models.BooleanField(_("in service"), default=True)
    # When it was last put out of service (None while in service): uptime expects nothing after.
    out_of_service_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    unversioned_fields = frozenset({"reported_status", "reported_detail", "last_contact_at"})
    history = HistoricalRecords(
        excluded_fields=["token_hash", "reported_status", "reported_detail", "last_contact_at"]
    )

    class Meta:
        verbose_name = _("loudspeaker cluster")
        verbose_name_plural = _("loudspeaker clusters")
        ordering = ["station", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Heartbeat(models.Model):
    """A cluster was heard from in the 5-minute bucket starting at ``bucket`` (uptime)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="heartbeats")
    bucket = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "bucket"], name="outreach_heartbeat_once")
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id} @ {self.bucket:%Y-%m-%d %H:%M}"


class Priority(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    PRIORITY = 1, pgettext_lazy("bulletin", "Priority")
    EMERGENCY = 2, _("Emergency")


class BulletinSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded audio")
    SPEECH = "speech", _("Spoken from text")
    CAP = "cap", _("CAP alert")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("bulletin", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Bulletin(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("issued by (unit)"),
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_name])
    text = models.TextField(_("text"), max_length=5000, blank=True, validators=[validate_free_text])
    source = models.CharField(_("source"), max_length=10, choices=BulletinSource.choices)
    audio = models.FileField(_("audio"), upload_to="bulletins/%Y/%m/", blank=True)
    audio_mime = models.CharField(max_length=40, blank=True)
    duration = models.DecimalField(
        _("duration (seconds)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    # Normal bulletins play in the station's slots from ``plays_from``; none plays after expiry.
    plays_from = models.DateTimeField(_("plays from"))
    expires_at = models.DateTimeField(_("expires"))
    # Targets: stations listed, and every station of the units listed (a zone).
    stations = models.ManyToManyField(
        Station, verbose_name=_("stations"), blank=True, related_name="bulletins"
    )
    zones = models.ManyToManyField(
        "geo.AdministrativeUnit", verbose_name=_("zones"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(models.Model):
    """One bulletin in a station's programme of a day, at a time and a place in the order."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="programme")
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("starts"))
    position = models.PositiveIntegerField(_("order"))
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["station", "day", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "day", "bulletin"], name="outreach_item_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["station", "day", "position"], name="outreach_item_order")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} #{self.position}"


class PlayStatus(models.TextChoices):
    PLAYED = "played", _("Played")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class PlayLog(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="plays")
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="plays")
    status = models.CharField(_("status"), max_length=10, choices=PlayStatus.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    played_at = models.DateTimeField(_("at (device)"))
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("play log")
        verbose_name_plural = _("play logs")
        ordering = ["-played_at", "-pk"]
        constraints = [
            # An acknowledgement sent twice (a retry after a lost answer) is recorded once.
            models.UniqueConstraint(fields=["cluster", "item"], name="outreach_play_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.cluster_id})"


class CapDirection(models.TextChoices):
    RECEIVED = "received", _("Received")
    SENT = "sent", pgettext_lazy("cap", "Sent")


class CapAlert(models.Model):
    direction = models.CharField(max_length=10, choices=CapDirection.choices)
    identifier = models.CharField(_("identifier"), max_length=200)
    sender = models.CharField(_("sender"), max_length=200)
    sent = models.DateTimeField(_("sent"))
    xml = models.TextField()
    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.SET_NULL, null=True, blank=True, related_name="cap_alerts"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="cap_alerts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("CAP alert")
        verbose_name_plural = _("CAP alerts")
        ordering = ["-sent", "-pk"]
        constraints = [
            # CAP: sender + identifier names an alert; receiving it again changes nothing.
            models.UniqueConstraint(
                fields=["direction", "sender", "identifier"], name="outreach_cap_once"
            )
        ]

    def __str__(self) -> str:
        return self.identifier
