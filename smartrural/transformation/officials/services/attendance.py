"""The attendance of an event's participants: all or nothing, never over a change made since
the writer read it."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import EditConflict, row_conflicts

from ...authored import save_as
from ...models import (
    TrainingEvent,
    TrainingParticipant,
)
from .event_rules import _require_event_writer
from .participants import _check_attendance


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
