"""Hamlet coverage: a hamlet is covered on a day when a team attached to the hamlet itself is
active then (the KPI uses the same rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import (
    CommunityTechTeam,
)
from smartrural.transformation.shares import Share

from .teams import reference_day, year_bounds


@dataclass(frozen=True)
class Coverage(Share):
    covered: int
    total: int


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


def team_coverage(*, user: Actor, year: int, commune: AdministrativeUnit | None = None) -> Coverage:
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
