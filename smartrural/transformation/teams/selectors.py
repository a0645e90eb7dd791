"""Reads of community technology teams: the scoped list, hamlet coverage, activity totals.

Coverage rule (the KPI uses the same): a hamlet is covered when it has an active team attached
to the hamlet itself (a commune-level team covers no hamlet). Hamlets counted for a year are
those valid on 1 July of that year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from smartrural.accounts.access import scope_for_user
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.access import in_scope
from smartrural.transformation.models import (
    ActivityKind,
    CommunityTechTeam,
    TeamActivity,
    TeamMember,
)

MIN_YEAR, MAX_YEAR = 2015, 2100


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(100 * self.covered) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    activities: int
    households: int


def reference_day(year: int) -> dt.date:
    """The day on which the units of ``year`` are taken: 1 July."""
    return dt.date(year, 7, 1)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def teams_for_user(*, user: Any) -> QuerySet[CommunityTechTeam]:
    return in_scope(CommunityTechTeam.objects.all(), user)


def team_list(
    *, user: Any, year: int, commune: AdministrativeUnit | None = None, active: bool | None = None
) -> QuerySet[CommunityTechTeam]:
    """Teams in ``user``'s scope with ``members_count`` (active members) and
    ``households_year`` (households helped in ``year``); optionally in one commune (the commune's
    own teams and its hamlets') and by status."""
    start, end = year_bounds(year)
    members = (
        TeamMember.objects.filter(team=OuterRef("pk"), active=True)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    households = (
        TeamActivity.objects.filter(team=OuterRef("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("team")
        .annotate(n=Sum("households"))
        .values("n")
    )
    qs = teams_for_user(user=user)
    if commune is not None:
        qs = qs.filter(unit__in=AdministrativeUnit.objects.under(commune.path))
    if active is not None:
        qs = qs.filter(active=active)
    return qs.select_related("unit__parent").annotate(
        members_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        households_year=Coalesce(Subquery(households, output_field=IntegerField()), 0),
    )


def communes_in_scope(*, user: Any, on: dt.date) -> list[AdministrativeUnit]:
    """Communes valid ``on`` whose data ``user`` sees (for filters)."""
    return list(
        AdministrativeUnit.objects.valid_on(on)
        .filter(level=Level.COMMUNE)
        .filter(scope_for_user(user).unit_q())
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def active_teams(on: dt.date) -> QuerySet[CommunityTechTeam]:
    """Teams at work on ``on`` (the coverage KPI's rule): established by then and not yet
    inactive on that day."""
    return CommunityTechTeam.objects.filter(established__lte=on).filter(
        Q(inactive_since__isnull=True) | Q(inactive_since__gt=on)
    )


def active_team_q(on: dt.date) -> Q:
    """Hamlets (or any units) with a team of their own at work on ``on``."""
    return Q(Exists(active_teams(on).filter(unit=OuterRef("pk"))))


def hamlet_coverage(*, hamlets: QuerySet[AdministrativeUnit], on: dt.date) -> Coverage:
    """How many of ``hamlets`` have a team of their own at work on ``on``."""
    counts = hamlets.aggregate(total=Count("pk"), covered=Count("pk", filter=active_team_q(on)))
    return Coverage(covered=counts["covered"], total=counts["total"])


def team_coverage(*, user: Any, year: int, commune: AdministrativeUnit | None = None) -> Coverage:
    """Hamlets in ``user``'s scope (in ``commune`` if given) valid on 1 July of ``year`` with a
    team at work on 31 December of ``year`` (as the dashboard counts a whole year)."""
    hamlets = (
        AdministrativeUnit.objects.valid_on(reference_day(year))
        .filter(level=Level.HAMLET)
        .filter(scope_for_user(user).unit_q())
    )
    if commune is not None:
        hamlets = hamlets.under(commune.path)
    return hamlet_coverage(hamlets=hamlets, on=year_bounds(year)[1])


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


def team_members(*, team: CommunityTechTeam) -> list[TeamMember]:
    """Active members first, then the former ones."""
    return list(team.members.order_by("-active", "full_name", "pk"))
