"""Where a report goes: the place's ancestor at the category's level, on the submission day.

The place is the hamlet or commune the reporter chose (or the province, for a position alone).
A category handled at district level goes to the place's district; after 01/07/2025 there are
no districts, so it goes to the province (the next level up that exists on that day). A place
above the category's level (a position alone, routed to the province) stays where it is: the
province office triages it and reassigns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartrural.accounts.models import Role
from smartrural.geo.models import AdministrativeUnit, Level, path_ids

from .models import Category
from .models import Level as HandlingLevel

_ORDER = [Level.HAMLET, Level.COMMUNE, Level.DISTRICT, Level.PROVINCE]
_HANDLING = {
    HandlingLevel.COMMUNE: Level.COMMUNE,
    HandlingLevel.DISTRICT: Level.DISTRICT,
    HandlingLevel.PROVINCE: Level.PROVINCE,
}


@dataclass(frozen=True)
class Route:
    commune: AdministrativeUnit | None  # the place's commune-level unit (None above it)
    province: AdministrativeUnit
    responsible: AdministrativeUnit


def ancestors(place: AdministrativeUnit) -> dict[str, AdministrativeUnit]:
    """The place and its ancestors by level (one query)."""
    units = AdministrativeUnit.objects.filter(pk__in=path_ids(place.path))
    return {unit.level: unit for unit in units}


def route(place: AdministrativeUnit, category: Category) -> Route:
    """The route of a report about ``place`` (a unit valid on the submission day: its path
    holds its ancestors of that day)."""
    by_level = ancestors(place)
    province = by_level[Level.PROVINCE]
    wanted = _HANDLING[HandlingLevel(category.level)]
    start = max(_ORDER.index(wanted), _ORDER.index(Level(place.level)))
    responsible = next(by_level[lv] for lv in _ORDER[start:] if lv in by_level)
    return Route(commune=by_level.get(Level.COMMUNE), province=province, responsible=responsible)


# The officers who handle a report at its responsible unit's level.
_ROLE_AT = {
    Level.COMMUNE: Role.COMMUNE_OFFICER,
    Level.DISTRICT: Role.DISTRICT_OFFICER,
    Level.PROVINCE: Role.PROVINCE_OFFICE,
}


def role_for(unit: AdministrativeUnit, category: Category | None = None) -> str:
    """The role that handles a report at ``unit``: the category's role when the report is at
    the category's own level, else (routed above it, reassigned, escalated) that level's
    officers."""
    if category is not None and _HANDLING[HandlingLevel(category.level)] == unit.level:
        return str(category.role)
    return _ROLE_AT.get(Level(unit.level), Role.COMMUNE_OFFICER)
