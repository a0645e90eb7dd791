"""The periodic report (Excel and PDF): its title, file name and tables."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from smartrural.core.exports import Table, TableCell
from smartrural.core.numbers import format_number

from ..kpis import Kpi
from . import level_label
from .data import DashboardData


def percent_text(value: Decimal | None) -> TableCell:
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
                percent_text(kpi.value),
                percent_text(kpi.target),
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
                    else f"{percent_text(cell.value)} ({cell.numerator}/{cell.denominator})"
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
                *[percent_text(point.levels[level].value) for level in levels],
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
