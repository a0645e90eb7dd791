"""The dashboard's trend: work records processed online per month and level, against the
targets, with the national platform's count beside."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit

from ..kpis import LEVELS, Kpi, Period, levels_under, targets_for_year, units_in_view
from ..models import Indicator, WorkRecordStat
from .platform import platform_counts


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    levels: dict[str, Kpi]
    platform: int


def work_record_trend(
    *, parent: AdministrativeUnit, period: Period, user: Actor
) -> list[MonthPoint]:
    """Work records processed online per month and level (the dashboard's trend), in one grouped
    query plus the platform's count."""
    levels = levels_under(parent.level, LEVELS[Indicator.WORK_RECORDS_ONLINE])
    units = units_in_view(parent, user, period.as_of).filter(level__in=levels)
    targets = targets_for_year(period.year)
    sums: dict[tuple[dt.date, str], tuple[int, int]] = {}
    for month, level, online, total in (
        WorkRecordStat.objects.filter(
            unit__in=units, month__gte=period.start, month__lte=period.end
        )
        .values("month", "unit__level")
        .annotate(online=Sum("online"), total=Sum("total"))
        .values_list("month", "unit__level", "online", "total")
    ):
        sums[(month, level)] = (int(online or 0), int(total or 0))
    platform: dict[dt.date, int] = defaultdict(int)
    ids = list(units.values_list("pk", flat=True))
    for (_unit_id, month), count in platform_counts(
        start=period.start, end=period.end, unit_ids=ids
    ).items():
        platform[month] += count
    return [
        MonthPoint(
            month,
            {
                level: Kpi(
                    *sums.get((month, level), (0, 0)),
                    targets.get((Indicator.WORK_RECORDS_ONLINE, level)),
                )
                for level in levels
            },
            platform[month],
        )
        for month in period.months
    ]
