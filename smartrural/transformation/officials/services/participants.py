"""Writes of a training event's participants, their attendance, and its materials.

Participants are officials of units in the organising unit's subtree (and in the writer's
scope). Before the event has begun a participant can only be invited; attended and absent are
recorded from its first day on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.uploads import check_document
from smartrural.core.versioning import EditConflict, row_conflicts
from smartrural.geo.models import AdministrativeUnit

from ...authored import delete_as, save_as
from ...models import (
    Attendance,
    Official,
    TrainingEvent,
    TrainingMaterial,
    TrainingParticipant,
)
from .trainings import _delete_files, _has_begun, _require_event_writer, _under

# Participants ---------------------------------------------------------------------------------


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
def participants_set_attendance(
    *,
    event: TrainingEvent,
    attendance: Mapping[int, str],
    versions: Mapping[int, int | None] | None = None,
    by: Actor,
) -> int:
    """Set the attendance of participants of ``event`` (participant id -> value); returns how
    many changed. ``versions``: participant id -> the version the writer read (``EditConflict``
    naming every participant changed since; all or nothing)."""
    _require_event_writer(event, by)
    for value in set(attendance.values()):
        _check_attendance(event, value)
    participants = {
        p.pk: p
        for p in event.participants.select_for_update(of=("self",))
        .select_related("official")
        .filter(pk__in=list(attendance))
    }
    unknown = set(attendance) - set(participants)
    if unknown:
        raise ValidationFailed(
            _("These participants are not in this event: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(unknown))},
            field="attendance",
        )
    meanwhile = [
        conflict
        for pk, value in attendance.items()
        for conflict in row_conflicts(
            TrainingParticipant,
            participants[pk],
            (versions or {}).get(pk),
            sent={"attendance": value},
            row=str(pk),
            row_label=participants[pk].official.full_name,
        )
    ]
    if meanwhile:
        raise EditConflict(meanwhile)
    changed = 0
    for pk, value in attendance.items():
        participant = participants[pk]
        if participant.attendance == value:
            continue
        participant.attendance = value
        save_as(participant, by)
        changed += 1
    return changed


@transaction.atomic
def participant_remove(*, participant: TrainingParticipant, by: Actor) -> None:
    _require_event_writer(participant.event, by)
    delete_as(participant, by)


# Materials ------------------------------------------------------------------------------------


@transaction.atomic
def material_add(*, event: TrainingEvent, title: str, upload: Any, by: Actor) -> TrainingMaterial:
    """Keep a document of the event (slides, programme, list of attendance) under ``title``
    (``forms.MaterialForm`` makes a blank one the file's name). The file is checked by its
    content (``ValidationFailed``)."""
    _require_event_writer(event, by)
    kind = check_document(upload)
    return TrainingMaterial.objects.create(
        event=event,
        title=title,
        file=upload,
        content_type=kind.content_type,
        uploaded_by=by,
    )


@transaction.atomic
def material_delete(*, material: TrainingMaterial, by: Actor) -> None:
    _require_event_writer(material.event, by)
    name = material.file.name
    material.delete()
    transaction.on_commit(lambda: _delete_files([name]))
