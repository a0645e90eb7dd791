"""Residents' satisfaction surveys (khảo sát sự hài lòng) and public consultations.

- ``Survey``: one unit's survey of a year, organised by a named body (the Fatherland Front
  committee, MTTQ), open for a period (both days included), with its questions grouped by NTM
  content (the criterion numbers of the criteria set it asks about) and its rules (coverage,
  overall and per-content satisfaction). Draft → open → closed.
- ``Question`` and ``Choice``: the form; a satisfaction-scale question's choices say which count
  as satisfied. The same form is read from and written to an XLSForm workbook.
- ``Household``: a household of a hamlet, with no more personal data than finding its door
  needs (number, head's name, address); kept with its history.
- ``SampleFrame`` and ``SampleMember``: the households of each hamlet when the sample was drawn,
  and the households drawn, each with its one-time code. A member records *that* its household
  answered (the day, the channel, the idempotency key of the device that sent it), never *what*.
- ``Response`` and ``Answer``: what was answered, with no link to a household: a response knows
  its survey, hamlet, channel and day only, and its id is random (no order to match against the
  members'). Answers repeat the survey and hamlet so results are one grouped query.
- ``Consultation`` and ``Opinion``: a period in which residents agree, disagree or comment on a
  subject (a commune's published self-assessment, a draft plan).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", _("Closed")


class Survey(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    organiser = models.CharField(_("organised by"), max_length=200, validators=[validate_name])
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("criteria set asked about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    sample_share = models.DecimalField(
        _("households drawn per hamlet (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=PERCENT,
    )
    coverage_min = models.DecimalField(
        _("households answering, at least (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=PERCENT,
    )
    overall_min = models.DecimalField(
        _("satisfied overall, at least (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    content_min = models.DecimalField(
        _("satisfied on each content, at least (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    sample_seed = models.PositiveIntegerField(_("sample seed"))
    sampled_at = models.DateTimeField(_("sample drawn"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
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
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "unit__code", "pk"]
        indexes = [models.Index(fields=["unit", "year"], name="surveys_survey_unit_year")]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Satisfaction scale")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)
TEXT_ANSWER_MAX_CHARS = 2000


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    # The XLSForm ``name``: a letter, then letters, digits and underscores.
    name = models.CharField(_("name"), max_length=64)
    label = models.CharField(_("question"), max_length=500, validators=[validate_free_text])
    hint = models.CharField(_("hint"), max_length=500, blank=True, validators=[validate_free_text])
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    # The NTM content asked about: a criterion number of the survey's criteria set.
    content = models.PositiveSmallIntegerField(_("NTM content (criterion)"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="surveys_question_name_uniq")
        ]

    def __str__(self) -> str:
        return self.label


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=64)
    label = models.CharField(_("label"), max_length=200, validators=[validate_free_text])
    # For a satisfaction scale: whether this answer counts as satisfied.
    satisfied = models.BooleanField(_("counts as satisfied"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "name"], name="surveys_choice_name_uniq")
        ]

    def __str__(self) -> str:
        return self.label


class Household(Versioned):
    hamlet = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("hamlet"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    number = models.CharField(_("household number"), max_length=30, validators=[validate_name])
    head_name = models.CharField(_("head of household"), max_length=200, validators=[validate_name])
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[validate_name])
    active = models.BooleanField(_("active"), default=True)
    # The head's name folded (``core.text.fold``): searched with or without diacritics.
    search_name = models.CharField(max_length=200, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["hamlet__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hamlet", "number"], name="surveys_household_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.head_name}"


class SampleFrame(models.Model):
    """A hamlet's households when the sample was drawn, and how many were drawn."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="frames")
    hamlet = models.ForeignKey("geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField()
    sampled = models.PositiveIntegerField()

    class Meta:
        ordering = ["survey", "hamlet__code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "hamlet"], name="surveys_frame_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.hamlet_id}: {self.sampled}/{self.households}"


class Channel(models.TextChoices):
    WEB = "web", _("On the web, with the household's code")
    DOOR = "door", _("Door to door, on an officer's phone")
    PAPER = "paper", _("Paper sheet entered by an officer")


class SampleMember(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="members")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    hamlet = models.ForeignKey("geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    # The one-time code printed on the household's sheet (and in its QR code).
    code = models.CharField(_("code"), max_length=16, unique=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    # The key the sending device gave its answer: the same key again is the same answer.
    idempotency_key = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["survey", "hamlet__code", "household__number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "household"], name="surveys_member_uniq")
        ]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One household's answers, on purpose without its household (see the module's text)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    hamlet = models.ForeignKey("geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_on = models.DateField()

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    hamlet = models.ForeignKey("geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["survey", "question", "choice", "hamlet"], name="surveys_answer_tally"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.number or self.text[:20]}"


class ConsultationSubject(models.TextChoices):
    """What a consultation asks about. A commune's draft rural construction plan is consulted on
    its portal page (``portal.PlanComment``, with the same stances), not here."""

    SELF_ASSESSMENT = "self_assessment", _("The commune's self-assessment")
    OTHER = "other", _("Another subject")


class Consultation(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    subject = models.CharField(_("subject"), max_length=20, choices=ConsultationSubject.choices)
    dossier = models.ForeignKey(
        "recognition.Dossier",
        verbose_name=_("recognition dossier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    summary = models.TextField(_("what is consulted"), blank=True, validators=[validate_free_text])
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
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
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    AGREE = "agree", _("I agree")
    DISAGREE = "disagree", _("I disagree")
    COMMENT = "comment", _("A comment only")


class OpinionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class Opinion(Versioned):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="opinions"
    )
    stance = models.CharField(_("your opinion"), max_length=10, choices=Stance.choices)
    text = models.TextField(
        pgettext_lazy("opinion", "comment"), blank=True, validators=[validate_free_text]
    )
    # Shown beside a published comment only if given; the phone never leaves officers' pages.
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_name])
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.PENDING
    )
    reply = models.TextField(_("answer"), blank=True, validators=[validate_free_text])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason (internal)"), blank=True, validators=[validate_free_text]
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # A keyed hash of the sender's address, for the rate limit (never the address itself).
    client_hash = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["client_hash"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="surveys_opinion_status"),
            models.Index(fields=["client_hash", "created_at"], name="surveys_opinion_client"),
        ]

    def __str__(self) -> str:
        return _("Opinion #%(pk)s") % {"pk": self.pk}
