"""An event's participants: officials (of units under the organising unit and in the writer's
scope) added one by one or a unit's at once, and removed. Before the event has begun a
participant can only be invited; attended and absent are recorded from its first day on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from ...authored import delete_as, save_as
from ...models import (
    Attendance,
    Official,
    TrainingEvent,
    TrainingParticipant,
)
from .event_rules import _has_begun, _require_event_writer, _under


def _check_attendance(event: TrainingEvent, attendance: str) -> str:
    if attendance not in Attendance.values:
        raise ValidationFailed(
            _("“%(value)s” is not an attendance.") % {"value": attendance}, field="attendance"
        )
    if attendance != Attendance.INVITED and not _has_begun(event):
        raise ValidationFailed(
            _("The event begins on %(date)s: until then participants can only be invited.")
            % {"date": event.date.strftime("%d/%m/%Y")},
            field="attendance",
        )
    return attendance


def _add(event: TrainingEvent, officials: list[Official], attendance: str, by: Actor) -> int:
    present = set(
        event.participants.filter(official__in=officials).values_list("official_id", flat=True)
    )
    added = 0
    for official in officials:
        if official.pk in present:
            continue
        save_as(TrainingParticipant(event=event, official=official, attendance=attendance), by)
        present.add(official.pk)
        added += 1
    return added


def _eligible(event: TrainingEvent, by: Actor) -> Any:
    return Official.objects.filter(_under(event.unit), scope_for_user(by).unit_q("unit__"))


@transaction.atomic
def participants_add(
    *, event: TrainingEvent, officials: Iterable[Official], attendance: str, by: Actor
) -> int:
    """Add officials (of units under the organising unit and in ``by``'s scope) to ``event``.
    Officials already taking part are left as they are. Returns how many were added."""
    _require_event_writer(event, by)
    _check_attendance(event, attendance)
    chosen = list(officials)
    if not chosen:
        raise ValidationFailed(_("Choose at least one official."), field="officials")
    eligible = set(
        _eligible(event, by).filter(pk__in=[o.pk for o in chosen]).values_list("pk", flat=True)
    )
    strangers = [o.full_name for o in chosen if o.pk not in eligible]
    if strangers:
        raise ValidationFailed(
            _("%(names)s cannot take part: not officials of %(unit)s or the units under it.")
            % {"names": ", ".join(strangers), "unit": event.unit.name},
            field="officials",
        )
    return _add(event, chosen, attendance, by)


@transaction.atomic
def participants_add_unit(
    *,
    event: TrainingEvent,
    unit: AdministrativeUnit,
    attendance: str,
    include_subunits: bool = False,
    by: Actor,
) -> int:
    """Add every active official of ``unit`` (and, with ``include_subunits``, of the units
    under it) to ``event``. Returns how many were added."""
    _require_event_writer(event, by)
    _check_attendance(event, attendance)
    scope = scope_for_user(by)
    if not (unit.path.startswith(event.unit.path) and scope.contains(unit)):
        raise ValidationFailed(
            _("%(unit)s is not %(organiser)s or a unit under it among your units.")
            % {"unit": unit.name, "organiser": event.unit.name},
            field="unit",
        )
    officials = _eligible(event, by).filter(active=True)
    officials = officials.filter(_under(unit)) if include_subunits else officials.filter(unit=unit)
    chosen = list(officials.order_by("unit__path", "full_name", "pk"))
    if not chosen:
        raise ValidationFailed(
            _("%(unit)s has no active official to add.") % {"unit": unit.name}, field="unit"
        )
    return _add(event, chosen, attendance, by)


@transaction.atomic
def participant_remove(*, participant: TrainingParticipant, by: Actor) -> None:
    _require_event_writer(participant.event, by)
    delete_as(participant, by)
