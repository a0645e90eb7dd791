"""The dashboard's table of child units: one column per KPI level that has figures, ranked by
the column chosen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from smartrural.geo.models import AdministrativeUnit

from ..kpis import LEVELS, Kpi, KpiReport
from ..models import Indicator
from . import level_label


@dataclass(frozen=True)
class Column:
    """One (KPI, level) column of the ranking."""

    indicator: str
    level: str

    @property
    def key(self) -> str:
        return f"{self.indicator}:{self.level}"

    @property
    def label(self) -> str:
        return f"{Indicator(self.indicator).label} — {level_label(self.level)}"


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    unit: AdministrativeUnit
    cells: list[Kpi | None]
    below_target: bool


def columns_of(report: KpiReport) -> list[Column]:
    """The ranking's columns: every KPI level that some child has figures for."""
    columns = []
    for indicator, levels in LEVELS.items():
        for level in levels:
            for child in report.children:
                kpi = child.get(indicator, level)
                if kpi is not None and kpi.denominator:
                    columns.append(Column(indicator, level))
                    break
    return columns


def _sort_value(kpi: Kpi | None) -> tuple[int, Decimal]:
    if kpi is None or kpi.value is None:
        return (1, Decimal(0))
    return (0, -kpi.value)


def ranking_of(report: KpiReport, columns: list[Column], sort: Column | None) -> list[RankRow]:
    rows = []
    for child in report.children:
        cells = [child.get(c.indicator, c.level) for c in columns]
        below = any(cell is not None and cell.met is False for cell in cells)
        rows.append((child, cells, below))
    if sort is None:
        return [RankRow(None, child.unit, cells, below) for child, cells, below in rows]
    rows.sort(key=lambda r: (_sort_value(r[0].get(sort.indicator, sort.level)), r[0].unit.code))
    ranked = []
    position = 0
    for child, cells, below in rows:
        kpi = child.get(sort.indicator, sort.level)
        rank = None
        if kpi is not None and kpi.value is not None:
            position += 1
            rank = position
        ranked.append(RankRow(rank, child.unit, cells, below))
    return ranked


def sort_column_of(raw: str, columns: list[Column], report: KpiReport) -> Column | None:
    by_key = {c.key: c for c in columns}
    if raw in by_key:
        return by_key[raw]
    if not columns:
        return None
    # Default: work records online at the children's own level, else the first column.
    child_level = report.children[0].unit.level if report.children else ""
    preferred = f"{Indicator.WORK_RECORDS_ONLINE}:{child_level}"
    return by_key.get(preferred, columns[0])
