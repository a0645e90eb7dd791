"""What the public sees of a report: the one place that decides it.

Every public page (lists, a report's page, the reporter's status page) and Open311 read a report
through these values, never the model: a template given a ``PublicReport`` cannot reach the
reporter's phone or e-mail, an internal note or an officer's name, because they are not in it.

- A report is public unless a moderator hid it.
- Its text is the moderator's ``public_description`` when there is one, else the description.
- The reporter's name only when they did not ask to hide it (else "A resident"); phone and
  e-mail never; the officer who acts never (the unit's name instead).
- The timeline: the public kinds of events only (no notes, no moderation, no "me too"), each
  with its public text unless a moderator took it down; internal texts never.
- Photos in state ``shown`` (the original) or ``redacted`` (its blurred copy), never
  ``removed``; a reply's photos only on a public event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from .models import (
    OPEN_STATUSES,
    EventKind,
    PhotoState,
    Refusal,
    Report,
    ReportEvent,
    ReportPhoto,
    Status,
)

# Events residents read; notes, moderation and "me too" stay with the officers.
PUBLIC_EVENT_KINDS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.STATUS,
        EventKind.REPLY,
        EventKind.REASSIGNED,
        EventKind.ESCALATED,
        EventKind.RATED,
        EventKind.REOPENED,
    }
)
PUBLIC_PHOTO_STATES = frozenset({PhotoState.SHOWN, PhotoState.REDACTED})


def public_reports_q(prefix: str = "") -> Q:
    """The reports the public may see (for querysets)."""
    return Q(**{f"{prefix}hidden": False})


def is_public(report: Report) -> bool:
    return not report.hidden


def public_photo_q() -> Q:
    """The photos the public may see: not removed, not on a non-public event."""
    return Q(state__in=PUBLIC_PHOTO_STATES) & (
        Q(event__isnull=True) | Q(event__kind__in=PUBLIC_EVENT_KINDS)
    )


@dataclass(frozen=True)
class PublicPhoto:
    pk: int
    report_id: int
    width: int
    height: int
    redacted: bool


@dataclass(frozen=True)
class PublicEvent:
    at: dt.datetime
    kind: str
    label: str
    status_label: str  # the status it moved to ("" when none)
    unit_name: str  # the unit it went to (reassigned, escalated), "" otherwise
    text: str  # the public text, "" when none or taken down
    photos: tuple[PublicPhoto, ...] = ()


@dataclass(frozen=True)
class PublicReport:
    pk: int
    category: str
    category_code: str
    place: str
    commune: str
    submitted_at: dt.datetime
    status: str
    status_label: str
    is_open: bool
    deadline: dt.date
    overdue: bool
    text: str
    sent_by: str  # the reporter's name, or "A resident"
    handled_by: str  # the responsible unit's name, never an officer's
    supporters: int
    latitude: float | None
    longitude: float | None
    refusal: str = ""
    refer_to: str = ""
    photos: tuple[PublicPhoto, ...] = field(default=())


def reporter_name(report: Report) -> str:
    if report.hide_name or not report.reporter_name.strip():
        return _("A resident")
    return report.reporter_name


def public_text(report: Report) -> str:
    return report.public_description or report.description


def is_overdue(report: Report, *, today: dt.date) -> bool:
    return report.status in OPEN_STATUSES and report.deadline < today


def public_report(
    report: Report, *, today: dt.date, photos: Iterable[ReportPhoto] = ()
) -> PublicReport:
    """The public view of ``report`` (which must be public: callers filter hidden ones out).
    Reads ``category``, ``place``, ``commune`` and ``responsible_unit``: select them."""
    refused = report.status == Status.REFUSED
    return PublicReport(
        pk=report.pk,
        category=report.category.name,
        category_code=report.category.code,
        place=report.place.name,
        commune=report.commune.name if report.commune else "",
        submitted_at=report.submitted_at,
        status=report.status,
        status_label=str(Status(report.status).label),
        is_open=report.is_open,
        deadline=report.deadline,
        overdue=is_overdue(report, today=today),
        text=public_text(report),
        sent_by=reporter_name(report),
        handled_by=report.responsible_unit.name,
        supporters=report.supporters,
        latitude=float(report.latitude) if report.latitude is not None else None,
        longitude=float(report.longitude) if report.longitude is not None else None,
        refusal=str(Refusal(report.refusal).label) if refused and report.refusal else "",
        refer_to=report.refer_to if refused else "",
        photos=tuple(public_photos(photos)),
    )


def public_photos(photos: Iterable[ReportPhoto]) -> list[PublicPhoto]:
    """The public ones among ``photos`` (in their order)."""
    return [
        PublicPhoto(
            pk=p.pk,
            report_id=p.report_id,
            width=p.width,
            height=p.height,
            redacted=p.state == PhotoState.REDACTED,
        )
        for p in photos
        if p.state in PUBLIC_PHOTO_STATES
    ]


def photo_file(photo: ReportPhoto) -> FieldFile | None:
    """The file the public gets for ``photo``: the original when shown, the blurred copy when
    redacted, nothing when removed (or redacted without a copy yet)."""
    if photo.state == PhotoState.SHOWN:
        return photo.image
    if photo.state == PhotoState.REDACTED and photo.public_image:
        return photo.public_image
    return None


def public_event(event: ReportEvent, photos: Iterable[ReportPhoto] = ()) -> PublicEvent | None:
    """The public view of ``event``, None for an event the public does not see. Reads
    ``to_unit``: select it."""
    if event.kind not in PUBLIC_EVENT_KINDS:
        return None
    moved = event.kind in (EventKind.REASSIGNED, EventKind.ESCALATED)
    return PublicEvent(
        at=event.at,
        kind=event.kind,
        label=str(EventKind(event.kind).label),
        status_label=str(Status(event.to_status).label) if event.to_status else "",
        unit_name=event.to_unit.name if moved and event.to_unit else "",
        text="" if event.public_text_hidden else event.public_text,
        photos=tuple(public_photos(photos)),
    )
