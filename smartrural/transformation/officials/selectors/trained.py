"""The "trained in digital transformation" rule: active, and marked attended in a digital
transformation event dated in the period (the KPI uses the same)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ...models import Attendance, Official, TrainingParticipant


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


def trained_summary(qs: QuerySet[Official], *, year: int) -> tuple[int, int]:
    """(active officials, of whom trained in DT in ``year``) among ``qs``."""
    start, end = year_bounds(year)
    totals = qs.filter(active=True).aggregate(
        active=Count("pk"),
        trained=Count("pk", filter=Q(trained_exists(start=start, end=end))),
    )
    return int(totals["active"] or 0), int(totals["trained"] or 0)
