"""A new report: from the public form, an officer on a resident's behalf, or an Open311 client.

Whatever the transport, ``report_submit`` routes it (``feedback.routing``), sets its deadline in
working days from the local day of submission (``core.workdays``), records the ``submitted``
event and returns the report with its tracking code (shown once, stored only as a hash).
Photos are stored by ``feedback.photos`` in the same transaction, so a refused photo leaves
nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.workdays import add_working_days
from smartrural.geo.models import AdministrativeUnit, Level

from .. import tracking
from ..models import Category, Channel, EventKind, Report, Status
from ..photos import store_photos
from ..routing import Route, role_for, route
from .events import record

# How long after an officer may record feedback received on an earlier day (a paper letter
# opened late, a meeting's minutes typed up).
RECEIVED_MAX_DAYS_AGO = 30


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    hide_name: bool = False


@dataclass(frozen=True)
class Submitted:
    report: Report
    tracking_code: str  # shown to the reporter once; only its hash is stored


def _check_place(place: AdministrativeUnit, on: dt.date) -> None:
    if not place.is_valid_on(on):
        raise ValidationFailed(
            _("%(unit)s is no longer an administrative unit on %(day)s; choose the current one.")
            % {"unit": place.name, "day": on.strftime("%d/%m/%Y")},
            field="place",
        )
    if place.level == Level.DISTRICT:
        raise ValidationFailed(_("Choose a commune or a hamlet."), field="place")


def _check_category(category: Category) -> None:
    if not category.active:
        raise ValidationFailed(_("This category no longer takes new reports."), field="category")


def _received_at(received_on: dt.date | None, now: dt.datetime) -> dt.datetime:
    """When the feedback was received: now, or the start of an earlier local day (at most
    ``RECEIVED_MAX_DAYS_AGO`` days ago) that an officer gives."""
    today = timezone.localdate(now)
    if received_on is None or received_on == today:
        return now
    if received_on > today:
        raise ValidationFailed(_("The day received cannot be in the future."), field="received_on")
    if (today - received_on).days > RECEIVED_MAX_DAYS_AGO:
        raise ValidationFailed(
            _("The day received can be at most %(n)d days ago.") % {"n": RECEIVED_MAX_DAYS_AGO},
            field="received_on",
        )
    return timezone.make_aware(dt.datetime.combine(received_on, dt.time.min))


@transaction.atomic
def report_submit(
    *,
    category: Category,
    description: str,
    place: AdministrativeUnit,
    channel: str = Channel.WEB,
    contact: Contact = Contact(),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    address: str = "",
    answers: dict[str, Any] | None = None,
    photos: Sequence[Any] = (),
    client_hash: str = "",
    reporter: Actor | None = None,
    by: Actor | None = None,
    received_on: dt.date | None = None,
    where: Route | None = None,
) -> Submitted:
    """File a report. ``by`` is the officer entering it on a resident's behalf (with the
    ``channel`` it came through); ``reporter`` a logged-in resident; both None for the public.
    ``description`` and the contact are validated values (the form or the API schema checked
    them); photos are uploaded files, checked and stripped here (``feedback.photos``).
    ``received_on``: an officer's earlier day of receipt (the deadline runs from it).
    ``where``: the route of ``place`` and ``category`` today when the caller already has it
    (Open311 keeps it a few seconds per process), so the write lock is not held for it."""
    now = _received_at(received_on, timezone.now())
    today = timezone.localdate(now)
    _check_place(place, today)
    _check_category(category)
    where = where or route(place, category)
    code = tracking.new_code()
    report = Report.objects.create(
        category=category,
        description=description,
        place=place,
        commune=where.commune,
        province=where.province,
        latitude=latitude,
        longitude=longitude,
        address=address,
        answers=answers or {},
        responsible_unit=where.responsible,
        responsible_role=role_for(where.responsible, category),
        status=Status.RECEIVED,
        status_changed_at=now,
        submitted_at=now,
        deadline=add_working_days(today, category.deadline_days),
        channel=channel,
        entered_by=by,
        reporter=reporter,
        reporter_name=contact.name,
        reporter_phone=contact.phone,
        reporter_email=contact.email,
        hide_name=contact.hide_name,
        client_hash=client_hash,
        phone_hash=tracking.keyed_hash(contact.phone) if contact.phone else "",
        tracking_hash=tracking.code_hash(code),
    )
    store_photos(report, photos)
    record(
        report,
        EventKind.SUBMITTED,
        by=by,
        to_status=Status.RECEIVED,
        to_unit=where.responsible,
        at=now,
    )
    return Submitted(report=report, tracking_code=code)
