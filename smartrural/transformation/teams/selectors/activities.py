"""A team's activities of a year and their totals per kind of help."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from smartrural.transformation.models import (
    ActivityKind,
    CommunityTechTeam,
    TeamActivity,
)

from .teams import year_bounds


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    activities: int
    households: int


def team_activities(*, team: CommunityTechTeam, year: int) -> QuerySet[TeamActivity]:
    start, end = year_bounds(year)
    return (
        team.activities.filter(date__gte=start, date__lte=end)
        .select_related("recorded_by")
        .order_by("-date", "-pk")
    )


def activity_totals(*, team: CommunityTechTeam, year: int) -> list[KindTotal]:
    """Activities and households per kind of help in ``year``, in the order of the kinds; kinds
    without activity are left out."""
    start, end = year_bounds(year)
    rows = (
        team.activities.filter(date__gte=start, date__lte=end)
        .order_by()
        .values("kind")
        .annotate(activities=Count("pk"), households=Sum("households"))
    )
    by_kind = {row["kind"]: row for row in rows}
    return [
        KindTotal(
            kind=kind,
            label=str(label),
            activities=by_kind[kind]["activities"],
            households=by_kind[kind]["households"] or 0,
        )
        for kind, label in ActivityKind.choices
        if kind in by_kind
    ]
