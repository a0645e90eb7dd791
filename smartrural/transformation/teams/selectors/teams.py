"""The teams a reader sees, the list's filters (year, commune) and a team's members."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.access import in_scope
from smartrural.transformation.models import (
    CommunityTechTeam,
    TeamActivity,
    TeamMember,
)

MIN_YEAR = 2015


MAX_YEAR = 2100


def reference_day(year: int) -> dt.date:
    """The day on which the units of ``year`` are taken: 1 July."""
    return dt.date(year, 7, 1)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def teams_for_user(*, user: Actor) -> QuerySet[CommunityTechTeam]:
    return in_scope(CommunityTechTeam.objects.all(), user)


def team_list(
    *, user: Actor, year: int, commune: AdministrativeUnit | None = None, active: bool | None = None
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


def communes_in_scope(*, user: Actor, on: dt.date) -> list[AdministrativeUnit]:
    """Communes valid ``on`` whose data ``user`` sees (for filters)."""
    return list(
        AdministrativeUnit.objects.valid_on(on)
        .filter(level=Level.COMMUNE)
        .filter(scope_for_user(user).unit_q())
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def team_members(*, team: CommunityTechTeam) -> list[TeamMember]:
    """Active members first, then the former ones."""
    return list(team.members.order_by("-active", "full_name", "pk"))
