"""The places a resident may report about: the communes and hamlets of the province valid on
the day (after 01/07/2025: Vĩnh Long's), and the active categories as groups of leaves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from smartrural.geo.models import AdministrativeUnit, Level, path_ids

from ..models import Category


def province_on(day: dt.date) -> AdministrativeUnit | None:
    """The installation's province on ``day``: the one with ``PROVINCE_CODE``, else one that
    succeeded it, else the only province in the database valid that day."""
    provinces = AdministrativeUnit.objects.valid_on(day).filter(level=Level.PROVINCE)
    code = str(settings.PROVINCE_CODE)
    found = (
        provinces.filter(Q(code=code) | Q(successions_in__predecessor__code=code))
        .order_by("path")
        .first()
    )
    if found is not None:
        return found
    only = list(provinces[:2])
    return only[0] if len(only) == 1 else None


@dataclass(frozen=True)
class CommuneGroup:
    commune: AdministrativeUnit
    hamlets: list[AdministrativeUnit]


def place_groups(province: AdministrativeUnit | None, day: dt.date) -> list[CommuneGroup]:
    """Each commune valid on ``day`` with its hamlets (two queries, ordered by path)."""
    if province is None:
        return []
    units = list(
        AdministrativeUnit.objects.valid_on(day)
        .under(province.path, include_self=False)
        .filter(level__in=[Level.COMMUNE, Level.HAMLET])
        .order_by("path")
    )
    groups: dict[int, CommuneGroup] = {}
    for unit in units:
        if unit.level == Level.COMMUNE:
            groups[unit.pk] = CommuneGroup(unit, [])
        elif unit.parent_id in groups:
            groups[unit.parent_id].hamlets.append(unit)
    return sorted(groups.values(), key=lambda g: g.commune.name)


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        pk__in=path_ids(unit.path), level=Level.PROVINCE
    ).first()


@dataclass(frozen=True)
class CategoryGroup:
    name: str
    leaves: list[Category]


def category_groups() -> list[CategoryGroup]:
    """Active categories that take reports (leaves), under their active group's name."""
    active = list(Category.objects.filter(active=True).order_by("position", "name"))
    parents = {c.parent_id for c in active if c.parent_id}
    by_id = {c.pk: c for c in active}
    groups: dict[int | None, CategoryGroup] = {}
    for cat in active:
        if cat.pk in parents:
            continue
        if cat.parent_id is not None and cat.parent_id not in by_id:
            continue  # its group was switched off
        key = cat.parent_id
        if key not in groups:
            groups[key] = CategoryGroup(by_id[key].name if key else "", [])
        groups[key].leaves.append(cat)
    return list(groups.values())
