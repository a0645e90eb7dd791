"""Which units a user's dashboards open on (the NTM dashboard, the digital transformation one,
the evaluation report): the gate of a dashboard's unit and its drill-up trail.

Here, below every app that draws a dashboard, so none of them imports another for it.
"""

from __future__ import annotations

import datetime as dt

from smartrural.geo.models import AdministrativeUnit, Level

from .access import Visitor, out_of_scope, scope_for_user, unit_on
from .models import User

DASHBOARD_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def top_unit_for_user(user: Visitor, *, as_of: dt.date) -> AdministrativeUnit | None:
    """The unit a user's dashboard opens on: the province for the province office, otherwise
    the highest of their assigned units."""
    if not isinstance(user, User):
        return None
    scope = scope_for_user(user)
    units = AdministrativeUnit.objects.valid_on(as_of).filter(level__in=DASHBOARD_LEVELS)
    if scope.everything:
        return units.filter(level=Level.PROVINCE).order_by("path").first()
    mine = [u for u in units.filter(assignments__user=user) if scope.contains(u)]
    return min(mine, key=lambda u: (len(u.path), u.path), default=None)


def access_dashboard_unit(user: Visitor, code: str, *, as_of: dt.date) -> AdministrativeUnit:
    """The unit ``code`` on ``as_of`` if it lies in the user's scope; 404 otherwise."""
    unit = unit_on(code, as_of=as_of)
    if unit.level not in DASHBOARD_LEVELS:
        raise out_of_scope(code, as_of=as_of)
    if not scope_for_user(user).contains(unit):
        raise out_of_scope(code, as_of=as_of)
    return unit


def ancestors_of(unit: AdministrativeUnit, user: Visitor) -> list[AdministrativeUnit]:
    """The unit's ancestors that the user may open, top first (for the drill-up trail)."""
    scope = scope_for_user(user)
    rows = AdministrativeUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("path")
    return [u for u in rows if scope.contains(u)]
