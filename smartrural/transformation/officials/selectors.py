"""Reads of programme officials and training events, always from a scoped queryset.

The "trained in digital transformation" rule (the same as the KPI's): an official counts as
trained in a period when they are active and have a participant row marked attended in an event
with ``digital_transformation=True`` whose ``date`` lies in the period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level, path_upper_bound

from ..access import in_scope, object_in_scope
from ..models import Attendance, Official, TrainingEvent, TrainingParticipant

OFFICIAL_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})
# How many candidate officials the "add participants" list shows at once.
CANDIDATE_LIMIT = 50


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def trained_exists(*, start: dt.date, end: dt.date) -> Exists:
    """True for an official (the outer row) who attended a DT event dated in [start, end]."""
    return Exists(
        TrainingParticipant.objects.filter(
            official=OuterRef("pk"),
            attendance=Attendance.ATTENDED,
            event__digital_transformation=True,
            event__date__gte=start,
            event__date__lte=end,
        )
    )


def trained_q(*, start: dt.date, end: dt.date) -> Q:
    """Officials trained in digital transformation in [start, end] (active ones only)."""
    return Q(active=True) & Q(trained_exists(start=start, end=end))


# Officials ------------------------------------------------------------------------------------


def officials_for_user(user: Actor) -> QuerySet[Official]:
    """Officials of units in ``user``'s scope."""
    return in_scope(Official.objects.all(), user)


def official_for_user(user: Actor, official_id: Any, *, write: bool = False) -> Official:
    """One official of the user's units: 404 outside, 403 on writes for read-only users."""
    qs = Official.objects.select_related("unit__parent")
    return object_in_scope(qs, user, official_id, write=write)


def with_training_facts(qs: QuerySet[Official], *, year: int) -> QuerySet[Official]:
    """Annotate ``dt_attended`` (DT events attended, all years) and ``attended_in_year`` (a DT
    event attended in ``year``); ``trained`` in the template is ``active and attended_in_year``.
    """
    start, end = year_bounds(year)
    ordered = qs.select_related("unit__parent").order_by("unit__path", "full_name", "pk")
    return ordered.annotate(
        dt_attended=Count(
            "trainings",
            filter=Q(
                trainings__attendance=Attendance.ATTENDED,
                trainings__event__digital_transformation=True,
            ),
        ),
        attended_in_year=trained_exists(start=start, end=end),
    )


def unit_q(text: str, prefix: str = "unit__") -> Q:
    """Units whose code starts with ``text`` or whose name contains it (without diacritics),
    and the units directly under them."""
    text = text.strip()
    folded = fold(text)
    return (
        Q(**{f"{prefix}code__startswith": text})
        | Q(**{f"{prefix}search_name__icontains": folded})
        | Q(**{f"{prefix}parent__code": text})
        | Q(**{f"{prefix}parent__search_name__icontains": folded})
    )


def name_matches(qs: QuerySet[Official], text: str) -> QuerySet[Official]:
    """Officials whose name contains ``text``, ignoring case and diacritics.

    Names are folded here rather than in the database (the model keeps no folded copy): a
    province has a few thousand officials, one column of which is cheap to read."""
    needle = fold(text)
    if not needle:
        return qs
    ids = [pk for pk, name in qs.values_list("pk", "full_name") if needle in fold(name)]
    return qs.filter(pk__in=ids)


def filter_officials(
    qs: QuerySet[Official],
    *,
    unit: str = "",
    level: str = "",
    active: str = "",
    name: str = "",
    trained: str = "",
    year: int,
) -> QuerySet[Official]:
    if unit.strip():
        qs = qs.filter(unit_q(unit))
    if level:
        qs = qs.filter(unit__level=level)
    if active:
        qs = qs.filter(active=active == "yes")
    if name.strip():
        qs = name_matches(qs, name)
    if trained:
        start, end = year_bounds(year)
        condition = trained_q(start=start, end=end)
        qs = qs.filter(condition) if trained == "yes" else qs.exclude(condition)
    return qs


def trained_summary(qs: QuerySet[Official], *, year: int) -> tuple[int, int]:
    """(active officials, of whom trained in DT in ``year``) among ``qs``."""
    start, end = year_bounds(year)
    totals = qs.filter(active=True).aggregate(
        active=Count("pk"),
        trained=Count("pk", filter=Q(trained_exists(start=start, end=end))),
    )
    return int(totals["active"] or 0), int(totals["trained"] or 0)


def official_participations(official: Official) -> QuerySet[TrainingParticipant]:
    return (
        TrainingParticipant.objects.filter(official=official)
        .select_related("event__unit")
        .order_by("-event__date", "-event__pk")
    )


def units_for_officials(user: Actor) -> QuerySet[AdministrativeUnit]:
    """Province, district and commune units in ``user``'s scope (suggestions for forms)."""
    scope = scope_for_user(user)
    return AdministrativeUnit.objects.filter(scope.unit_q(), level__in=OFFICIAL_LEVELS).order_by(
        "path", "valid_from"
    )


# Trainings ------------------------------------------------------------------------------------


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


def eligible_officials(event: TrainingEvent, user: Actor) -> QuerySet[Official]:
    """Officials who may take part in ``event`` as ``user`` records it: of units in the
    organising unit's subtree and in the user's scope."""
    qs = Official.objects.filter(
        unit__path__gte=event.unit.path, unit__path__lt=path_upper_bound(event.unit.path)
    )
    return in_scope(qs, user)


def candidate_officials(
    event: TrainingEvent, user: Actor, *, search: str = ""
) -> QuerySet[Official]:
    """Eligible officials not yet participants, active first, filtered by name or unit."""
    qs = eligible_officials(event, user).exclude(trainings__event=event)
    text = search.strip()
    if text:
        by_unit = qs.filter(unit_q(text)).values_list("pk", flat=True)
        by_name = name_matches(qs, text).values_list("pk", flat=True)
        qs = qs.filter(Q(pk__in=list(by_unit)) | Q(pk__in=list(by_name)))
    return qs.select_related("unit").order_by("-active", "unit__path", "full_name", "pk")


def units_for_event(event: TrainingEvent, user: Actor) -> QuerySet[AdministrativeUnit]:
    """Units in the organising unit's subtree and the user's scope that have officials."""
    scope = scope_for_user(user)
    return (
        AdministrativeUnit.objects.under(event.unit.path)
        .filter(scope.unit_q(), level__in=OFFICIAL_LEVELS)
        .filter(Exists(Official.objects.filter(unit=OuterRef("pk"))))
        .order_by("path")
    )
