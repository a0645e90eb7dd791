"""What the dashboard page shows of a unit and period: the KPI report, the monthly trend and the
ranking of its child units."""

from __future__ import annotations

from dataclasses import dataclass

from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit

from ..kpis import Kpi, KpiReport, Period, kpi_report
from ..work_records.trend import MonthPoint
from ..work_records.trend import work_record_trend as trend_of
from . import level_label
from .ranking import Column, RankRow, columns_of, ranking_of, sort_column_of


@dataclass(frozen=True)
class DashboardData:
    report: KpiReport
    trend: list[MonthPoint]
    columns: list[Column]
    sort: Column | None
    ranking: list[RankRow]

    @property
    def unit(self) -> AdministrativeUnit:
        return self.report.parent

    @property
    def period(self) -> Period:
        return self.report.period

    @property
    def trend_levels(self) -> list[str]:
        """The levels the monthly trend has (those at and below the unit's)."""
        return list(self.trend[0].levels) if self.trend else []

    @property
    def below_target(self) -> list[tuple[str, str, Kpi]]:
        """(KPI label, level label, KPI) of every level below its target."""
        return [
            (str(item.label), level_label(level), kpi)
            for item in self.report.indicators
            for level, kpi in item.levels.items()
            if kpi.met is False
        ]


def dashboard_data(
    *, unit: AdministrativeUnit, period: Period, user: Actor, sort: str = ""
) -> DashboardData:
    report = kpi_report(parent=unit, period=period, user=user)
    columns = columns_of(report)
    sort_column = sort_column_of(sort, columns, report)
    return DashboardData(
        report=report,
        trend=trend_of(parent=unit, period=period, user=user),
        columns=columns,
        sort=sort_column,
        ranking=ranking_of(report, columns, sort_column),
    )
