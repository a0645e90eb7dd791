"""Reads of community technology teams: the scoped list, hamlet coverage, activity totals.

Coverage rule (the KPI uses the same): a hamlet is covered when it has an active team attached
to the hamlet itself (a commune-level team covers no hamlet). Hamlets counted for a year are
those valid on 1 July of that year."""

from __future__ import annotations

from .activities import KindTotal, activity_totals, team_activities
from .coverage import Coverage, active_team_q, active_teams, hamlet_coverage, team_coverage
from .teams import (
    MAX_YEAR,
    MIN_YEAR,
    communes_in_scope,
    reference_day,
    team_list,
    team_members,
    teams_for_user,
    year_bounds,
)

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Coverage",
    "KindTotal",
    "active_team_q",
    "active_teams",
    "activity_totals",
    "communes_in_scope",
    "hamlet_coverage",
    "reference_day",
    "team_activities",
    "team_coverage",
    "team_list",
    "team_members",
    "teams_for_user",
    "year_bounds",
]
