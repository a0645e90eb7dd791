"""Writes of training events (participants and materials: ``participants.py``; the rules that
need the day or the writer: ``event_rules.py``).

An event is organised by a province, district or commune unit of the writer's scope that exists
on the event's first day. Its participants are officials of units in the organising unit's
subtree (and in the writer's scope). Before the event has begun a participant can only be
invited; attended and absent are recorded from its first day on. The event's fields come
checked by ``forms.TrainingForm``."""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any, Required, TypedDict, Unpack

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, path_upper_bound

from ...authored import delete_as, save_as
from ...models import Attendance, TrainingEvent, TrainingFormat
from .event_rules import _check_dates, _check_unit, _delete_files, _has_begun, _require_event_writer


class EventFields(TypedDict, total=False):
    """What a training event records, as ``TrainingForm`` checked it."""

    unit: Required[AdministrativeUnit]
    kind: Required[str]
    title: Required[str]
    date: Required[dt.date]
    end_date: dt.date | None
    topic: str
    digital_transformation: bool
    place: str
    organiser: str
    format: str
    residents: int


DEFAULTS: dict[str, Any] = {
    "end_date": None,
    "topic": "",
    "digital_transformation": True,
    "place": "",
    "organiser": "",
    "format": TrainingFormat.IN_PERSON,
    "residents": 0,
}


def _with_defaults(given: EventFields) -> dict[str, Any]:
    return DEFAULTS | dict(given)


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
def training_create(*, by: Actor, **given: Unpack[EventFields]) -> TrainingEvent:
    """Record a conference, workshop or training course (``ValidationFailed`` on bad input)."""
    require_writer(by)
    fields = _with_defaults(given)
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
    version: int | None = None,
    by: Actor,
    **given: Unpack[EventFields],
) -> TrainingEvent:
    """Correct an event (nothing saved when nothing changed; ``EditConflict`` when it changed
    since the writer read it at ``version``)."""
    _require_event_writer(event, by)
    fields = _with_defaults(given)
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


@transaction.atomic
def training_delete(*, event: TrainingEvent, by: Actor) -> None:
    """Delete an event with its participants and materials (their files once committed)."""
    _require_event_writer(event, by)
    names = [m.file.name for m in event.materials.all() if m.file]
    for participant in event.participants.all():
        delete_as(participant, by)
    delete_as(event, by)
    transaction.on_commit(lambda: _delete_files(names))
