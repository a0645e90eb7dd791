"""Where a report goes: the place's ancestor at the category's level, on the submission day.

The place is the hamlet or commune the reporter chose (or the province, for a position alone).
A category handled at district level goes to the place's district; after 01/07/2025 there are
no districts, so it goes to the province (the next level up that exists on that day). A place
above the category's level (a position alone, routed to the province) stays where it is: the
province office triages it and reassigns it.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def level_above(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """Where an overdue report escalates: the unit's parent (None for a province)."""
    return unit.parent
