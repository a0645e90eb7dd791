"""Reads of the work records pages: a unit's twelve months, its children's year, the targets.

Figures entered, imported or posted by API are summed (as the KPIs of ``kpis`` do); the
platform's own count (``platform.platform_counts``) is read apart and never added to them.
Units are those valid on 1 July of the year (``as_of_for_year``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level

from ..kpis import Kpi, targets_for_year
from ..models import Indicator, Target, TargetLevel, WorkRecordStat
from .platform import platform_counts

STAT_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def stat_units_for_user(*, user: Actor, as_of: dt.date) -> QuerySet[AdministrativeUnit]:
    """Provinces, districts and communes valid ``as_of`` inside ``user``'s scope."""
    return (
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(level__in=STAT_LEVELS)
        .filter(scope_for_user(user).unit_q())
        .order_by("path")
    )


def default_unit(user: Actor, units: list[AdministrativeUnit]) -> AdministrativeUnit | None:
    """The user's own unit among ``units``: the province for the province office, else the
    first unit assigned to the user; else the first unit listed."""
    if not units:
        return None
    scope = scope_for_user(user)
    if scope.everything:
        preferred = [u for u in units if u.level == Level.PROVINCE]
    else:
        preferred = [u for u in units if u.path in scope.paths]
    return (preferred or units)[0]


@dataclass
class MonthRow:
    month: dt.date
    stats: list[WorkRecordStat] = field(default_factory=list)
    platform: int = 0

    @property
    def total(self) -> int:
        return sum(s.total for s in self.stats)

    @property
    def online(self) -> int:
        return sum(s.online for s in self.stats)

    @property
    def percent(self) -> Decimal | None:
        return Kpi(self.online, self.total, None).value

    @property
    def is_future(self) -> bool:
        return self.month > today()


@dataclass(frozen=True)
class ChildRow:
    unit: AdministrativeUnit
    kpi: Kpi
    platform: int


@dataclass(frozen=True)
class UnitYear:
    unit: AdministrativeUnit
    year: int
    months: list[MonthRow]
    kpi: Kpi
    platform: int
    children: list[ChildRow]


def unit_year(*, unit: AdministrativeUnit, year: int, user: Actor) -> UnitYear:
    """``unit``'s twelve months of ``year``, its year against the target of its level, and
    (for a district or a province) each of its direct children in ``user``'s scope."""
    stats = WorkRecordStat.objects.filter(unit=unit, month__year=year).select_related("entered_by")
    months = [MonthRow(dt.date(year, m, 1)) for m in range(1, 13)]
    for stat in stats.order_by("month", "source"):
        months[stat.month.month - 1].stats.append(stat)
    children = list(
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(parent=unit, level__in=STAT_LEVELS)
        .filter(scope_for_user(user).unit_q())
        .order_by("code")
    )
    platform = platform_counts(
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 1),
        unit_ids=[unit.pk, *(c.pk for c in children)],
    )
    for row in months:
        row.platform = platform.get((unit.pk, row.month), 0)
    targets = {
        level: value
        for (indicator, level), value in targets_for_year(year).items()
        if indicator == Indicator.WORK_RECORDS_ONLINE
    }
    sums = {
        row["unit_id"]: (int(row["online"] or 0), int(row["total"] or 0))
        for row in WorkRecordStat.objects.filter(unit__in=children, month__year=year)
        .values("unit_id")
        .annotate(online=Sum("online"), total=Sum("total"))
        .order_by()
    }
    platform_by_unit: dict[int, int] = {}
    for (unit_id, _month), n in platform.items():
        platform_by_unit[unit_id] = platform_by_unit.get(unit_id, 0) + n
    return UnitYear(
        unit=unit,
        year=year,
        months=months,
        kpi=Kpi(
            sum(m.online for m in months), sum(m.total for m in months), targets.get(unit.level)
        ),
        platform=platform_by_unit.get(unit.pk, 0),
        children=[
            ChildRow(
                unit=child,
                kpi=Kpi(*sums.get(child.pk, (0, 0)), targets.get(child.level)),
                platform=platform_by_unit.get(child.pk, 0),
            )
            for child in children
        ],
    )


def month_stat(*, unit: AdministrativeUnit, month: dt.date) -> WorkRecordStat | None:
    return WorkRecordStat.objects.filter(unit=unit, month=month).first()


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    label: str
    cells: list[tuple[str, Target | None]]
    legal_bases: list[str]


@dataclass(frozen=True)
class TargetTable:
    year: int
    levels: list[tuple[str, str]]
    rows: list[TargetRow]
    count: int


def target_years() -> list[int]:
    return sorted(set(Target.objects.values_list("year", flat=True)), reverse=True)


def target_table(*, year: int) -> TargetTable:
    """Every indicator (rows) by the levels that have a target in ``year`` (columns)."""
    targets = list(Target.objects.filter(year=year))
    by_key = {(t.indicator, t.level): t for t in targets}
    present = {t.level for t in targets}
    levels = [(value, str(label)) for value, label in TargetLevel.choices if value in present]
    rows = []
    for indicator, label in Indicator.choices:
        cells = [(level, by_key.get((indicator, level))) for level, _label in levels]
        bases = sorted({t.legal_basis for _level, t in cells if t is not None and t.legal_basis})
        rows.append(TargetRow(indicator, str(label), cells, bases))
    return TargetTable(year=year, levels=levels, rows=rows, count=len(targets))
