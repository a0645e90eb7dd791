"""Writes of training events (participants and materials: ``participants.py``).

An event is organised by a province, district or commune unit of the writer's scope that exists
on the event's first day. Its participants are officials of units in the organising unit's
subtree (and in the writer's scope). Before the event has begun a participant can only be
invited; attended and absent are recorded from its first day on. The event's fields come
checked by ``forms.TrainingForm``.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, path_upper_bound

from ...authored import delete_as, save_as
from ...models import Attendance, TrainingEvent, TrainingFormat
from ..selectors import OFFICIAL_LEVELS

EARLIEST = dt.date(2000, 1, 1)
MAX_DAYS_AHEAD = 366
MAX_LENGTH_DAYS = 366


def _require_event_writer(event: TrainingEvent, by: Actor) -> None:
    require_writer(by)
    if not scope_for_user(by).contains(event.unit):
        raise PermissionDenied(_("This training is not organised by one of your units."))


def _under(unit: AdministrativeUnit) -> Q:
    return Q(unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path))


def _has_begun(event: TrainingEvent) -> bool:
    return event.date <= today()


def _check_dates(date: dt.date, end_date: dt.date | None) -> None:
    if date < EARLIEST:
        raise ValidationFailed(
            _("Trainings before %(date)s are not recorded.")
            % {"date": EARLIEST.strftime("%d/%m/%Y")},
            field="date",
        )
    if date > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationFailed(
            _("%(date)s is more than a year ahead.") % {"date": date.strftime("%d/%m/%Y")},
            field="date",
        )
    if end_date is None:
        return
    if end_date < date:
        raise ValidationFailed(
            _("The last day (%(end)s) cannot be before the first day (%(start)s).")
            % {"end": end_date.strftime("%d/%m/%Y"), "start": date.strftime("%d/%m/%Y")},
            field="end_date",
        )
    if (end_date - date).days > MAX_LENGTH_DAYS:
        raise ValidationFailed(_("An event cannot last more than a year."), field="end_date")


def _check_unit(unit: AdministrativeUnit, date: dt.date, by: Actor) -> None:
    if unit.level not in OFFICIAL_LEVELS:
        raise ValidationFailed(
            _("Trainings are organised by a province, district or commune; %(unit)s is not one.")
            % {"unit": unit.name},
            field="unit",
        )
    if not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(unit)s is not among your units.") % {"unit": unit.name}, field="unit"
        )
    if not unit.is_valid_on(date):
        raise ValidationFailed(
            _("%(unit)s did not exist on %(date)s.")
            % {"unit": unit.name, "date": date.strftime("%d/%m/%Y")},
            field="unit",
        )


def _fill(event: TrainingEvent, fields: dict[str, Any], by: Actor) -> None:
    """Check the dates and the unit (against today and ``by``'s scope) and set every field on
    ``event`` (not saved)."""
    unit: AdministrativeUnit = fields["unit"]
    date: dt.date = fields["date"]
    end_date: dt.date | None = fields.get("end_date")
    _check_dates(date, end_date)
    _check_unit(unit, date, by)
    event.unit = unit
    event.date, event.end_date = date, end_date
    event.kind, event.format = fields["kind"], fields["format"]
    for name in ("title", "topic", "place", "organiser", "digital_transformation", "residents"):
        setattr(event, name, fields[name])


@transaction.atomic
def training_create(
    *,
    unit: AdministrativeUnit,
    kind: str,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    topic: str = "",
    digital_transformation: bool = True,
    place: str = "",
    organiser: str = "",
    format: str = TrainingFormat.IN_PERSON,
    residents: int = 0,
    by: Actor,
) -> TrainingEvent:
    """Record a conference, workshop or training course (``ValidationFailed`` on bad input)."""
    require_writer(by)
    fields = {
        "unit": unit,
        "kind": kind,
        "title": title,
        "date": date,
        "end_date": end_date,
        "topic": topic,
        "digital_transformation": digital_transformation,
        "place": place,
        "organiser": organiser,
        "format": format,
        "residents": residents,
    }
    event = TrainingEvent(created_by=by)
    _fill(event, fields, by)
    return save_as(event, by)


def _check_participants_fit(event: TrainingEvent) -> None:
    """After a change of unit or date, the participants must still be possible."""
    outside = event.participants.exclude(
        Q(official__unit__path__gte=event.unit.path)
        & Q(official__unit__path__lt=path_upper_bound(event.unit.path))
    ).count()
    if outside:
        raise ValidationFailed(
            _(
                "%(n)s participant(s) are officials of units outside %(unit)s: remove them "
                "before moving the event."
            )
            % {"n": outside, "unit": event.unit.name},
            field="unit",
        )
    if not _has_begun(event):
        recorded = event.participants.exclude(attendance=Attendance.INVITED).count()
        if recorded:
            raise ValidationFailed(
                _(
                    "%(n)s participant(s) are marked attended or absent: an event that has not "
                    "begun can only have invited participants."
                )
                % {"n": recorded},
                field="date",
            )


@transaction.atomic
def training_update(
    *,
    event: TrainingEvent,
    unit: AdministrativeUnit,
    kind: str,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    topic: str = "",
    digital_transformation: bool = True,
    place: str = "",
    organiser: str = "",
    format: str = TrainingFormat.IN_PERSON,
    residents: int = 0,
    version: int | None = None,
    by: Actor,
) -> TrainingEvent:
    """Correct an event (nothing saved when nothing changed; ``EditConflict`` when it changed
    since the writer read it at ``version``)."""
    _require_event_writer(event, by)
    fields = {
        "unit": unit,
        "kind": kind,
        "title": title,
        "date": date,
        "end_date": end_date,
        "topic": topic,
        "digital_transformation": digital_transformation,
        "place": place,
        "organiser": organiser,
        "format": format,
        "residents": residents,
    }
    draft = copy(event)
    _fill(draft, fields, by)
    check_version(event, version, sent={name: getattr(draft, name) for name in fields})
    draft = copy(event)  # the caller's object stays as stored when a rule refuses the change
    _fill(draft, fields, by)
    names = [f.attname for f in TrainingEvent._meta.concrete_fields]
    if all(getattr(event, n) == getattr(draft, n) for n in names):
        return event
    _check_participants_fit(draft)
    return save_as(draft, by)


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


@transaction.atomic
def training_delete(*, event: TrainingEvent, by: Actor) -> None:
    """Delete an event with its participants and materials (their files once committed)."""
    _require_event_writer(event, by)
    names = [m.file.name for m in event.materials.all() if m.file]
    for participant in event.participants.all():
        delete_as(participant, by)
    delete_as(event, by)
    transaction.on_commit(lambda: _delete_files(names))
