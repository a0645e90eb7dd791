"""The dashboard's heat map (criteria met per child unit) and its schematic map's communes, from
the evaluation rows ``criteria.selectors.summary`` has just cached (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import cached_summaries, compiled, units_for_set
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit
from smartrural.recognition.selectors import recognised_levels

from .headlines import reached


@dataclass(frozen=True)
class HeatCell:
    met: int  # units meeting the criterion
    no_data: int  # units with none of the criterion's indicators entered (not judged)
    shade: int  # 0–4: the share of the row's units meeting it
    total: int  # the row's units

    @property
    def all_without_data(self) -> bool:
        """No unit of the row has data for the criterion: nothing to judge, nothing unmet."""
        return self.total > 0 and self.no_data == self.total


@dataclass(frozen=True)
class HeatRow:
    code: str
    name: str
    level: str
    total: int
    cells: list[int]  # per criterion (in column order): units meeting it
    # per criterion: units with no data for it (none of its indicators entered)
    no_data: list[int] = field(default_factory=list)

    @property
    def shaded(self) -> list[tuple[int, int]]:
        """(count, shade 0–4): the share of the row's units meeting each criterion."""
        return [(n, round(4 * n / self.total) if self.total else 0) for n in self.cells]

    @property
    def heat_cells(self) -> list[HeatCell]:
        no_data = self.no_data or [0] * len(self.cells)
        return [
            HeatCell(n, missing, shade, self.total)
            for (n, shade), missing in zip(self.shaded, no_data, strict=True)
        ]


@dataclass(frozen=True)
class HeatMap:
    criteria: list[dict[str, Any]]  # number, name, met, share (summary's "criteria")
    rows: list[HeatRow]
    total: int

    @property
    def no_data(self) -> list[int]:
        """Per criterion: the units without data for it, over every row."""
        columns = [row.no_data for row in self.rows if row.no_data]
        return [sum(c) for c in zip(*columns, strict=True)] if columns else []

    @property
    def has_no_data(self) -> bool:
        return any(self.no_data)


@dataclass(frozen=True)
class MapUnit:
    code: str
    name: str
    level: str  # reached: model, advanced, ntm, none
    parent_code: str


def heat_and_map(
    *,
    unit: AdministrativeUnit,
    year: int,
    ntm: CriteriaSet,
    data: dict[str, Any],
    children: dict[str, AdministrativeUnit],
    user: Actor,
) -> tuple[HeatMap, list[MapUnit]]:
    """Heat map rows (``children``, or the communes themselves) and the map's communes under
    ``unit`` in ``user``'s scope; ``data``: the NTM set's summary of ``unit`` and ``year``."""
    scope = scope_for_user(user)
    communes = [
        u for u in units_for_set(criteria_set=ntm, year=year, parent=unit) if scope.contains(u)
    ]
    version, summaries = cached_summaries(criteria_set=ntm, year=year, units=communes)
    # A criterion none of whose indicators a commune entered is "no data", not "not met".
    codes = (
        {
            str(c.number): [i.code for i in c.indicators]
            for c in compiled(version).definition.criteria
        }
        if version is not None
        else {}
    )
    held = recognised_levels(unit_ids=[u.pk for u in communes], year=year)
    depth = len(unit.path) + PATH_SEGMENT
    groups: dict[str, list[AdministrativeUnit]] = {}
    map_units = []
    for commune in communes:
        child = children.get(commune.path[:depth])
        key = child.path if child is not None else commune.path
        groups.setdefault(key, []).append(commune)
        map_units.append(
            MapUnit(
                code=commune.code,
                name=commune.name,
                level=reached(held.get(commune.pk, set())),
                parent_code=child.code if child is not None else unit.code,
            )
        )
    numbers = [str(c["number"]) for c in data["criteria"]]
    rows = []
    for key, members in groups.items():
        head = children.get(key) or members[0]
        cells = [sum(bool(summaries[m.pk].criteria.get(n)) for m in members) for n in numbers]
        missing = [set(summaries[m.pk].missing) for m in members]
        no_data = [
            sum(bool(codes.get(n)) and all(c in gone for c in codes[n]) for gone in missing)
            for n in numbers
        ]
        rows.append(HeatRow(head.code, head.name, head.level, len(members), cells, no_data))
    return HeatMap(criteria=data["criteria"], rows=rows, total=data["total"]), map_units
