"""The digital transformation dashboard and periodic report: what the page, the Excel workbook
and the PDF show, built once from ``kpis.kpi_report`` so the three (and the API) agree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from smartrural.accounts.dashboards import access_dashboard_unit, top_unit_for_user
from smartrural.accounts.reference import months_reference
from smartrural.core.dates import Reference
from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import Table, TableCell
from smartrural.core.numbers import format_number
from smartrural.geo.models import AdministrativeUnit, Level

from .kpis import LEVELS, Kpi, KpiReport, Period, kpi_report
from .models import Indicator, WorkRecordStat
from .work_records.trend import MonthPoint
from .work_records.trend import work_record_trend as trend_of


def level_label(level: str) -> str:
    return str(Level(level).label)


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


def _month(raw: str, default: int, name: str) -> int:
    raw = raw.strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValidationFailed(
            _("The month must be a number from 1 to 12, not “%(value)s”.") % {"value": raw},
            field=name,
        )
    return int(raw)


def period_from(query: QueryDict, user: Any) -> Period:
    """The period asked for: ``year`` (default: the year of the latest work records among
    ``user``'s units, by the reference-date rule) and optionally ``month_from`` / ``month_to``."""
    first = _month(query.get("month_from", ""), 1, "month_from")
    last = _month(query.get("month_to", ""), 12, "month_to")
    reference = months_reference(
        user=user,
        asked_year=query.get("year"),
        first=first,
        last=last,
        data=WorkRecordStat.objects.all(),
        field="month",
    )
    return Period(reference.start, reference.end)


def reference_of(period: Period, query: QueryDict) -> Reference:
    """The page's reference (for its header) of a ``period`` read by ``period_from``."""
    asked = bool(query.get("year", "").strip())
    return Reference.for_months(period.year, period.start.month, period.end.month, asked=asked)


def unit_from(query: QueryDict, user: Any, period: Period) -> AdministrativeUnit | None:
    """The unit asked for (404 outside the scope) or the user's top unit, as of the period's
    reference date."""
    as_of = period.as_of
    code = query.get("unit", "").strip()
    if code:
        return access_dashboard_unit(user, code, as_of=as_of)
    return top_unit_for_user(user, as_of=as_of)


def _columns(report: KpiReport) -> list[Column]:
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


def _ranking(report: KpiReport, columns: list[Column], sort: Column | None) -> list[RankRow]:
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


def _sort_column(raw: str, columns: list[Column], report: KpiReport) -> Column | None:
    by_key = {c.key: c for c in columns}
    if raw in by_key:
        return by_key[raw]
    if not columns:
        return None
    # Default: work records online at the children's own level, else the first column.
    child_level = report.children[0].unit.level if report.children else ""
    preferred = f"{Indicator.WORK_RECORDS_ONLINE}:{child_level}"
    return by_key.get(preferred, columns[0])


def dashboard_data(
    *, unit: AdministrativeUnit, period: Period, user: Any, sort: str = ""
) -> DashboardData:
    report = kpi_report(parent=unit, period=period, user=user)
    columns = _columns(report)
    sort_column = _sort_column(sort, columns, report)
    return DashboardData(
        report=report,
        trend=trend_of(parent=unit, period=period, user=user),
        columns=columns,
        sort=sort_column,
        ranking=_ranking(report, columns, sort_column),
    )


# --- the periodic report (Excel and PDF) ---------------------------------------------------


def _percent(value: Decimal | None) -> TableCell:
    return "—" if value is None else format_number(value, 2)


def _met(kpi: Kpi) -> str:
    if kpi.met is None:
        return _("no target") if kpi.target is None else "—"
    return _("met") if kpi.met else _("not met")


def report_title(data: DashboardData) -> str:
    period = data.period
    if period.whole_year:
        when = str(period.year)
    else:
        when = _("months %(first)s–%(last)s/%(year)s") % {
            "first": period.start.month,
            "last": period.end.month,
            "year": period.year,
        }
    return _("Digital transformation in the NTM programme — %(unit)s, %(when)s") % {
        "unit": data.unit.name,
        "when": when,
    }


def report_filename(data: DashboardData, extension: str) -> str:
    period = data.period
    months = "" if period.whole_year else f"-{period.start.month:02}-{period.end.month:02}"
    return f"smartrural-chuyen-doi-so-{data.unit.code}-{period.year}{months}.{extension}"


def report_tables(data: DashboardData) -> list[Table]:
    kpis = Table(
        _("KPIs by level against target"),
        [
            _("KPI"),
            _("Level"),
            _("Numerator"),
            _("Denominator"),
            _("Value (%)"),
            _("Target (%)"),
            _("Result"),
        ],
        [
            [
                str(item.label),
                level_label(level),
                kpi.numerator,
                kpi.denominator,
                _percent(kpi.value),
                _percent(kpi.target),
                _met(kpi),
            ]
            for item in data.report.indicators
            for level, kpi in item.levels.items()
        ],
    )
    by_unit = Table(
        _("By unit (value %, numerator/denominator)"),
        [_("Code"), _("Unit"), *[c.label for c in data.columns]],
        [
            [
                row.unit.code,
                row.unit.name,
                *[
                    "—"
                    if cell is None or cell.value is None
                    else f"{_percent(cell.value)} ({cell.numerator}/{cell.denominator})"
                    for cell in row.cells
                ],
            ]
            for row in data.ranking
        ],
    )
    levels = data.trend_levels
    months = Table(
        _("Work records processed online by month (%)"),
        [_("Month"), *[level_label(level) for level in levels], _("Handled on SmartRural")],
        [
            [
                point.month.strftime("%m/%Y"),
                *[_percent(point.levels[level].value) for level in levels],
                point.platform,
            ]
            for point in data.trend
        ],
    )
    platform = Table(
        _("Work records handled on SmartRural (counted automatically)"),
        [_("Level"), _("Records")],
        [[level_label(level), count] for level, count in data.report.platform.items()],
    )
    return [kpis, by_unit, months, platform]


# --- the monthly trend as an inline SVG line chart ---------------------------------------

CHART_W, CHART_H, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 560, 230, 40, 12, 30


@dataclass(frozen=True)
class Series:
    level: str
    label: str
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[float, float, str]]  # x, y, "05/2023: 27,50%"
    target_y: float | None


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    baseline: float


def _y(percent: Decimal | float) -> float:
    plot = CHART_H - CHART_TOP - CHART_BOTTOM
    return round(CHART_TOP + (100 - float(percent)) / 100 * plot, 1)


def trend_chart(trend: list[MonthPoint]) -> TrendChart:
    """Work records processed online per month, one line per level, the target dashed."""
    count = max(len(trend) - 1, 1)
    step = (CHART_W - CHART_LEFT - 16) / count
    xs = [round(CHART_LEFT + 8 + i * step, 1) for i in range(len(trend))]
    series = []
    for level in trend[0].levels if trend else ():
        dots = [
            (x, _y(point.levels[level].value or 0), f"{point.month:%m/%Y}: {_percent(v)}%")
            for x, point in zip(xs, trend, strict=True)
            if (v := point.levels[level].value) is not None
        ]
        if not dots:
            continue
        target = trend[0].levels[level].target if trend else None
        series.append(
            Series(
                level,
                level_label(level),
                " ".join(f"{x},{y}" for x, y, _label in dots),
                dots,
                None if target is None else _y(target),
            )
        )
    return TrendChart(
        width=CHART_W,
        height=CHART_H,
        series=series,
        x_labels=[(x, f"{p.month:%m}") for x, p in zip(xs, trend, strict=True)],
        y_ticks=[(_y(v), v) for v in (0, 25, 50, 75, 100)],
        baseline=_y(0),
    )
