"""The training events a reader sees, the list's filters, an event's participants and counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from smartrural.accounts.actor import Actor

from ...access import in_scope, object_in_scope
from ...models import Attendance, TrainingEvent, TrainingParticipant
from .officials import unit_q


def events_for_user(user: Actor) -> QuerySet[TrainingEvent]:
    """Training events organised by units in ``user``'s scope."""
    return in_scope(TrainingEvent.objects.all(), user)


def event_for_user(user: Actor, event_id: Any, *, write: bool = False) -> TrainingEvent:
    qs = TrainingEvent.objects.select_related("unit__parent", "created_by")
    return object_in_scope(qs, user, event_id, write=write)


def with_attendance_counts(qs: QuerySet[TrainingEvent]) -> QuerySet[TrainingEvent]:
    return (
        qs.select_related("unit")
        .order_by("-date", "-pk")
        .annotate(
            attended=Count("participants", filter=Q(participants__attendance=Attendance.ATTENDED)),
            participant_count=Count("participants"),
        )
    )


def filter_events(
    qs: QuerySet[TrainingEvent],
    *,
    year: int | None = None,
    kind: str = "",
    digital: str = "",
    unit: str = "",
    format: str = "",
) -> QuerySet[TrainingEvent]:
    if year:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if digital:
        qs = qs.filter(digital_transformation=digital == "yes")
    if unit.strip():
        qs = qs.filter(unit_q(unit))
    if format:
        qs = qs.filter(format=format)
    return qs


def event_participants(event: TrainingEvent) -> QuerySet[TrainingParticipant]:
    return event.participants.select_related("official__unit").order_by(
        "official__unit__path", "official__full_name", "pk"
    )


def attendance_counts(event: TrainingEvent) -> dict[str, int]:
    counts = dict.fromkeys(Attendance.values, 0)
    for attendance, n in (
        event.participants.values("attendance")
        .annotate(n=Count("pk"))
        .values_list("attendance", "n")
    ):
        counts[attendance] = n
    return counts
