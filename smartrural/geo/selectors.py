"""Reads of administrative units, always "as of" a date (a code names a unit only with a date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from smartrural.core.text import fold

from .models import AdministrativeUnit, Level, Succession, UnitQuerySet, path_ids

MAX_SUCCESSION_STEPS = 10


def units_on(
    *,
    as_of: dt.date,
    parent: AdministrativeUnit | None = None,
    level: str | None = None,
    q: str | None = None,
) -> UnitQuerySet:
    """Units valid on ``as_of``; ``parent`` limits to its direct children; ``q`` matches the name
    with or without diacritics, or a code prefix."""
    qs = AdministrativeUnit.objects.valid_on(as_of).select_related("parent")
    if parent is not None:
        qs = qs.filter(parent=parent)
    if level:
        qs = qs.filter(level=level)
    text = (q or "").strip()
    if text:
        qs = qs.filter(Q(search_name__icontains=fold(text)) | Q(code__startswith=text))
    return qs.order_by("path")


def unit_by_code(*, code: str, as_of: dt.date) -> AdministrativeUnit | None:
    return units_on(as_of=as_of).filter(code=code).first()


def units_with_code(*, code: str) -> list[AdministrativeUnit]:
    """Every row that ever carried ``code``, oldest first (open start first)."""
    rows = AdministrativeUnit.objects.filter(code=code).select_related("parent")
    return sorted(rows, key=lambda u: u.valid_from or dt.date.min)


def children(*, unit: AdministrativeUnit, as_of: dt.date) -> UnitQuerySet:
    return AdministrativeUnit.objects.valid_on(as_of).filter(parent=unit).order_by("code")


def descendants(*, unit: AdministrativeUnit, as_of: dt.date) -> UnitQuerySet:
    return AdministrativeUnit.objects.valid_on(as_of).under(unit.path, include_self=False)


def ancestors(*, unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """From the root down to the unit's parent (one query)."""
    ids = path_ids(unit.path)[:-1]
    if not ids:
        return []
    return list(AdministrativeUnit.objects.filter(pk__in=ids).order_by("path"))


@dataclass
class TreeNode:
    unit: AdministrativeUnit
    children: list[TreeNode] = field(default_factory=list)
    hamlet_count: int = 0

    @property
    def commune_count(self) -> int:
        return sum(1 if c.unit.level == Level.COMMUNE else c.commune_count for c in self.children)


def unit_tree(*, as_of: dt.date) -> list[TreeNode]:
    """Provinces -> districts -> communes valid on ``as_of``, with hamlet counts (two queries)."""
    rows = list(
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE])
        .order_by("path")
    )
    hamlets = dict(
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(level=Level.HAMLET)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in rows:  # ordered by path: parents come first
        node = TreeNode(unit=unit, hamlet_count=hamlets.get(unit.pk, 0))
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


@dataclass(frozen=True)
class Link:
    """A succession seen from one unit: ``unit`` is the other side."""

    unit: AdministrativeUnit
    succession: Succession
    step: int


def predecessors(*, unit: AdministrativeUnit) -> list[Link]:
    return _follow([unit.pk], backwards=True, max_steps=1)


def successors(*, unit: AdministrativeUnit) -> list[Link]:
    return _follow([unit.pk], backwards=False, max_steps=1)


def all_predecessors(
    *, unit: AdministrativeUnit, max_steps: int = MAX_SUCCESSION_STEPS
) -> list[Link]:
    """Predecessors, their predecessors and so on (one query per step, bounded)."""
    return _follow([unit.pk], backwards=True, max_steps=max_steps)


def all_successors(
    *, unit: AdministrativeUnit, max_steps: int = MAX_SUCCESSION_STEPS
) -> list[Link]:
    return _follow([unit.pk], backwards=False, max_steps=max_steps)


def _follow(start: Iterable[int], *, backwards: bool, max_steps: int) -> list[Link]:
    seen = set(start)
    frontier = list(seen)
    links: list[Link] = []
    near, far = ("successor", "predecessor") if backwards else ("predecessor", "successor")
    for step in range(1, max_steps + 1):
        if not frontier:
            break
        found = (
            Succession.objects.filter(**{f"{near}_id__in": frontier})
            .select_related(f"{far}__parent")
            .order_by(f"{far}__code", "effective_date")
        )
        frontier = []
        for succession in found:
            other: AdministrativeUnit = getattr(succession, far)
            if other.pk in seen:
                continue
            seen.add(other.pk)
            frontier.append(other.pk)
            links.append(Link(unit=other, succession=succession, step=step))
    return links
