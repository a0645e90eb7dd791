"""Reads of administrative units, always "as of" a date (a code names a unit only with a date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class CodeUse:
    """One unit that carried a code, with the units it became and the units it came from."""

    unit: AdministrativeUnit
    successors: list[AdministrativeUnit]
    predecessors: list[AdministrativeUnit]


def code_uses(*, code: str) -> list[CodeUse]:
    """Every unit that ever carried ``code`` (oldest first) with its direct successors and
    predecessors: three queries whatever the number of units."""
    units = units_with_code(code=code)
    if not units:
        return []
    ids = [u.pk for u in units]
    links = (
        Succession.objects.filter(Q(predecessor_id__in=ids) | Q(successor_id__in=ids))
        .select_related("predecessor", "successor")
        .order_by("effective_date", "successor__code", "predecessor__code")
    )
    after: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in ids}
    before: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in ids}
    for link in links:
        if link.predecessor_id in after:
            after[link.predecessor_id].append(link.successor)
        if link.successor_id in before:
            before[link.successor_id].append(link.predecessor)
    return [CodeUse(u, after[u.pk], before[u.pk]) for u in units]


def _named(units: Iterable[AdministrativeUnit]) -> str:
    return ", ".join(f"{u.name} ({u.code})" for u in units)


def _use_sentence(use: CodeUse) -> str:
    unit = use.unit
    names = {"unit": unit.name, "code": unit.code}
    start = unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else ""
    end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else ""
    if start and end:
        text = _("%(unit)s (%(code)s) was valid from %(start)s to %(end)s") % {
            **names,
            "start": start,
            "end": end,
        }
    elif end:
        text = _("%(unit)s (%(code)s) was valid until %(end)s") % {**names, "end": end}
    elif start:
        text = _("%(unit)s (%(code)s) is valid from %(start)s") % {**names, "start": start}
    else:
        text = _("%(unit)s (%(code)s) has no end of validity") % names
    if use.successors:
        text += _("; successor units: %(units)s") % {"units": _named(use.successors)}
    elif use.predecessors and unit.valid_from:
        text += _("; predecessor units: %(units)s") % {"units": _named(use.predecessors)}
    return text + "."


def code_not_valid_message(*, code: str, as_of: dt.date, uses: list[CodeUse] | None = None) -> str:
    """Why ``code`` names no unit on ``as_of``: the units that carried it, when they were valid
    and what they became ("… Xã Ngãi Xuyên (29479) was valid until 30/06/2025; successor units:
    Xã Trà Cú (29476).")."""
    found = code_uses(code=code) if uses is None else uses
    if not found:
        return _("No administrative unit has code %(code)s.") % {"code": code}
    head = _("Code %(code)s names no unit on %(date)s.") % {
        "code": code,
        "date": as_of.strftime("%d/%m/%Y"),
    }
    return " ".join([head, *(_use_sentence(use) for use in found)])


def province_name_on(day: dt.date, *, code: str) -> str | None:
    """The name of the installation's province on ``day``: the province-level unit with ``code``
    valid then, else one that succeeded it (e.g. Tỉnh Vĩnh Long for Trà Vinh from 01/07/2025).
    One query; None when the database has neither."""
    row = (
        AdministrativeUnit.objects.valid_on(day)
        .filter(level=Level.PROVINCE)
        .filter(Q(code=code) | Q(successions_in__predecessor__code=code))
        .annotate(other=Case(When(code=code, then=Value(0)), default=Value(1)))
        .order_by("other", "path")
        .values_list("name", flat=True)
        .first()
    )
    return row
