"""Public consultations (lấy ý kiến): an officer opens one on a commune's published
self-assessment (a recognition dossier at its stage "self-assessed, published for opinions") or
on another subject of a unit; residents agree, disagree or comment during its period (both days
included), within the rate limits; officers publish, reject (with an internal reason) or answer
each opinion.

An opinion with neither text nor name is a bare stance: there is nothing in it to moderate, so
it is published at once and counted. One with words waits for an officer. Counts shown to the
public are of published opinions only. A commune's draft plan is consulted on its portal page
(``portal.PlanComment``), not here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, DomainError, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.feedback.ratelimit import DAY, HOUR, check_client_rate
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.recognition.models import Dossier, Stage

from ..models import Consultation, ConsultationSubject, Opinion, OpinionStatus, Stance

CONSULTED_LEVELS = (Level.COMMUNE, Level.DISTRICT)
# The period proposed for a self-assessment's consultation: ten days, both included (the
# workflow's time at the stage "self-assessed, published for opinions").
DEFAULT_LENGTH = dt.timedelta(days=9)


class ConsultationClosed(DomainError):
    """The consultation takes no opinion today (before or after its period)."""

    status_code = 400


@dataclass(frozen=True)
class Counts:
    """Opinions of a consultation by stance (published ones), and how many await an officer."""

    agree: int = 0
    disagree: int = 0
    comment: int = 0
    pending: int = 0

    @property
    def published(self) -> int:
        return self.agree + self.disagree + self.comment


def counts_by_consultation(consultations: QuerySet[Consultation]) -> dict[int, Counts]:
    """Consultation id -> its ``Counts``, in one query (consultations without opinions are
    left out: read them as ``Counts()``)."""
    published = Q(opinions__status=OpinionStatus.PUBLISHED)
    rows = consultations.order_by().annotate(
        n_agree=Count("opinions", filter=published & Q(opinions__stance=Stance.AGREE)),
        n_disagree=Count("opinions", filter=published & Q(opinions__stance=Stance.DISAGREE)),
        n_comment=Count("opinions", filter=published & Q(opinions__stance=Stance.COMMENT)),
        n_pending=Count("opinions", filter=Q(opinions__status=OpinionStatus.PENDING)),
    )
    return {
        row.pk: Counts(row.n_agree, row.n_disagree, row.n_comment, row.n_pending) for row in rows
    }


def counts_of(consultation: Consultation) -> Counts:
    found = counts_by_consultation(Consultation.objects.filter(pk=consultation.pk))
    return found.get(consultation.pk, Counts())


# -- where a consultation stands on a day -----------------------------------------------------


def is_open(consultation: Consultation, on: dt.date) -> bool:
    return consultation.opens_on <= on <= consultation.closes_on


def closed_message(consultation: Consultation, on: dt.date) -> str:
    """Why the consultation takes no opinion on ``on`` (empty while it does)."""
    if on < consultation.opens_on:
        return _("Opinions are taken from %(day)s.") % {
            "day": date_format(consultation.opens_on, "SHORT_DATE_FORMAT")
        }
    if on > consultation.closes_on:
        return _("This consultation closed on %(day)s; opinions are no longer taken.") % {
            "day": date_format(consultation.closes_on, "SHORT_DATE_FORMAT")
        }
    return ""


# -- officers' writes ---------------------------------------------------------------------------


def _check_period(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationFailed(
            _("The consultation closes on %(closes)s, before it opens on %(opens)s.")
            % {
                "closes": date_format(closes_on, "SHORT_DATE_FORMAT"),
                "opens": date_format(opens_on, "SHORT_DATE_FORMAT"),
            },
            field="closes_on",
        )


@transaction.atomic
def consultation_create(
    *,
    unit: AdministrativeUnit | None = None,
    dossier: Dossier | None = None,
    title: str,
    summary: str = "",
    opens_on: dt.date,
    closes_on: dt.date,
    by: User | None,
) -> Consultation:
    """Open a consultation: with ``dossier``, on that dossier's published self-assessment (its
    unit's; the dossier must be at the stage "self-assessed, published for opinions" and have no
    consultation yet); else on another subject of ``unit`` (a commune or a district)."""
    if dossier is not None:
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        if dossier.stage != Stage.SELF_ASSESSED:
            raise Conflict(
                _(
                    "The self-assessment is consulted once it is published: the dossier is at "
                    "the stage “%(stage)s”."
                )
                % {"stage": dossier.get_stage_display()}
            )
        if Consultation.objects.filter(dossier=dossier).exists():
            raise Conflict(_("This dossier's self-assessment already has a consultation."))
        unit = dossier.unit
        subject = ConsultationSubject.SELF_ASSESSMENT
    else:
        subject = ConsultationSubject.OTHER
    if unit is None or unit.level not in CONSULTED_LEVELS:
        raise ValidationFailed(
            _("A consultation is held by a commune or a district."), field="unit"
        )
    _check_period(opens_on, closes_on)
    consultation = Consultation(
        unit=unit,
        subject=subject,
        dossier=dossier,
        title=title,
        summary=summary,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    consultation.full_clean()
    consultation._history_user = by  # type: ignore[attr-defined]
    consultation.save()
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, version: int | None, by: User | None, **fields: Any
) -> Consultation:
    """Change a consultation's title, summary or period. ``EditConflict`` when it changed since
    ``version``."""
    allowed = {"title", "summary", "opens_on", "closes_on"}
    if set(fields) - allowed:
        raise ValueError(f"Not changed here: {sorted(set(fields) - allowed)}")
    check_version(consultation, version, sent=fields)
    for name, value in fields.items():
        setattr(consultation, name, value)
    _check_period(consultation.opens_on, consultation.closes_on)
    consultation.full_clean()
    consultation._history_user = by  # type: ignore[attr-defined]
    consultation.save()
    return consultation


# -- residents' opinions ------------------------------------------------------------------------


def check_opinion_rate(*, client: str, now: dt.datetime) -> None:
    """``RateLimited`` (429) when this address (a keyed hash) already sent the most opinions
    allowed in the last hour or day, on any consultation."""
    check_client_rate(
        Opinion.objects.all(),
        client=client,
        at_field="created_at",
        now=now,
        limits=[
            (
                HOUR,
                int(settings.SURVEY_OPINION_RATE_PER_HOUR),
                _(
                    "Too many opinions from this connection: at most %(n)d an hour. You can "
                    "send another from %(at)s."
                ),
            ),
            (
                DAY,
                int(settings.SURVEY_OPINION_RATE_PER_DAY),
                _(
                    "Too many opinions from this connection: at most %(n)d a day. You can "
                    "send another from %(at)s."
                ),
            ),
        ],
    )


@transaction.atomic
def opinion_submit(
    *,
    consultation: Consultation,
    stance: str,
    text: str = "",
    name: str = "",
    phone: str = "",
    client_hash: str = "",
    on: dt.date | None = None,
) -> Opinion:
    """A resident's opinion. Refused with ``ConsultationClosed`` (400) outside the period (both
    days included), ``RateLimited`` (429) when this address sent too many, ``ValidationFailed``
    for a comment without words. A bare stance (no text, no name) is published at once; any
    other opinion awaits moderation."""
    day = on or today()
    if not is_open(consultation, day):
        raise ConsultationClosed(closed_message(consultation, day))
    if stance == Stance.COMMENT and not text.strip():
        raise ValidationFailed(_("Write your comment."), field="text")
    if client_hash:
        check_opinion_rate(client=client_hash, now=timezone.now())
    bare = not text.strip() and not name.strip()
    opinion = Opinion(
        consultation=consultation,
        stance=stance,
        text=text,
        name=name,
        phone=phone,
        status=OpinionStatus.PUBLISHED if bare else OpinionStatus.PENDING,
        client_hash=client_hash,
    )
    opinion.full_clean(exclude=["client_hash"])
    opinion.save()
    return opinion


def _save(opinion: Opinion, by: User) -> Opinion:
    opinion._history_user = by  # type: ignore[attr-defined]
    opinion.save()
    return opinion


@transaction.atomic
def opinion_publish(*, opinion: Opinion, version: int | None, by: User) -> Opinion:
    """Show the opinion (and its answer, if any) on the consultation's page and count it."""
    check_version(opinion, version, sent={"status": OpinionStatus.PUBLISHED})
    if opinion.status == OpinionStatus.PUBLISHED:
        raise Conflict(_("This opinion is already published."))
    opinion.status = OpinionStatus.PUBLISHED
    opinion.rejection_reason = ""
    return _save(opinion, by)


@transaction.atomic
def opinion_reject(*, opinion: Opinion, version: int | None, reason: str, by: User) -> Opinion:
    """Keep the opinion off the page and out of the counts (taken down if it was published);
    ``reason`` is for officers only."""
    if not reason.strip():
        raise ValidationFailed(_("Give the reason (only officers read it)."), field="reason")
    check_version(
        opinion, version, sent={"status": OpinionStatus.REJECTED, "rejection_reason": reason}
    )
    if opinion.status == OpinionStatus.REJECTED:
        raise Conflict(_("This opinion is already rejected."))
    opinion.status = OpinionStatus.REJECTED
    opinion.rejection_reason = reason
    return _save(opinion, by)


@transaction.atomic
def opinion_answer(*, opinion: Opinion, version: int | None, answer: str, by: User) -> Opinion:
    """The unit's answer, shown under the opinion once it is published (a new answer replaces
    the old one, which stays in the history)."""
    if not answer.strip():
        raise ValidationFailed(_("Write the answer."), field="answer")
    check_version(opinion, version, sent={"reply": answer})
    if opinion.status == OpinionStatus.REJECTED:
        raise Conflict(_("A rejected opinion is not answered: publish it first."))
    opinion.reply = answer
    opinion.answered_by = by
    opinion.answered_at = timezone.now()
    return _save(opinion, by)
