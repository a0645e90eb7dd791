"""Reads of digital transformation data: targets and the work-records-online KPI per level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum

from smartrural.accounts.access import scope_for_user
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level

from .models import Indicator, Source, Target, WorkRecordStat

KPI_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Kpi:
    numerator: int
    denominator: int
    target: Decimal | None

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def met(self) -> bool | None:
        value = self.value
        if value is None or self.target is None:
            return None
        return value >= self.target


@dataclass(frozen=True)
class LevelKpi:
    level: str
    kpi: Kpi


@dataclass(frozen=True)
class UnitKpi:
    unit: AdministrativeUnit
    kpi: Kpi


@dataclass(frozen=True)
class WorkRecordKpis:
    year: int
    parent: AdministrativeUnit
    levels: list[LevelKpi]
    children: list[UnitKpi]
    platform: list[LevelKpi]


def targets_for_year(
    year: int, indicator: str = Indicator.WORK_RECORDS_ONLINE
) -> dict[str, Decimal]:
    return dict(
        Target.objects.filter(year=year, indicator=indicator).values_list("level", "value_percent")
    )


def _sums(unit_ids: list[int], year: int, *, platform: bool) -> tuple[int, int]:
    source_q = Q(source=Source.PLATFORM) if platform else ~Q(source=Source.PLATFORM)
    totals = WorkRecordStat.objects.filter(
        source_q, unit_id__in=unit_ids, month__year=year
    ).aggregate(online=Sum("online"), total=Sum("total"))
    return int(totals["online"] or 0), int(totals["total"] or 0)


def work_record_kpis(*, parent: AdministrativeUnit, year: int, user: Any) -> WorkRecordKpis:
    """Work records processed online in ``year`` per level under ``parent`` (itself included)
    and per child of ``parent``, over the units valid on 1 July and in ``user``'s scope.

    Entered, imported and API figures are summed; digital platform figures are reported apart
    (``platform``) and never added to them."""
    as_of = as_of_for_year(year)
    units = (
        AdministrativeUnit.objects.valid_on(as_of)
        .under(parent.path)
        .filter(scope_for_user(user).unit_q())
    )
    targets = targets_for_year(year)
    levels: list[LevelKpi] = []
    platform: list[LevelKpi] = []
    for level in KPI_LEVELS:
        ids = list(units.filter(level=level).values_list("pk", flat=True))
        target = targets.get(level)
        levels.append(LevelKpi(level, Kpi(*_sums(ids, year, platform=False), target)))
        platform.append(LevelKpi(level, Kpi(*_sums(ids, year, platform=True), target)))
    children = [
        UnitKpi(child, Kpi(*_sums([child.pk], year, platform=False), targets.get(child.level)))
        for child in units.filter(parent=parent, level__in=KPI_LEVELS).order_by("code")
    ]
    return WorkRecordKpis(
        year=year, parent=parent, levels=levels, children=children, platform=platform
    )
