"""Digital transformation under /api/v1: monthly work record counts, and every KPI per level.

Not open data: a login or a Bearer token is needed, and everything is scoped to the caller's
units (outside: 404; read-only roles writing: 403).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit

from .kpis import IndicatorKpis, Period, kpi_report, parse_year
from .models import Source
from .services import parse_month, work_record_submit

router = Router(tags=["transformation"])

from config.api import AUTH  # noqa: E402


class Detail(Schema):
    detail: str


class WorkRecordIn(Schema):
    unit: str
    month: str
    total: int
    online: int
    source: str = Source.API


class WorkRecordOut(Schema):
    unit: str
    month: str
    total: int
    online: int
    source: str


class KpiOut(Schema):
    level: str
    value: Decimal | None
    numerator: int
    denominator: int
    target: Decimal | None
    met: bool | None


class IndicatorOut(Schema):
    indicator: str
    name: str
    levels: list[KpiOut]


class UnitOut(Schema):
    code: str
    name: str
    level: str


class ChildOut(UnitOut):
    kpis: list[IndicatorOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class PlatformOut(Schema):
    level: str
    records: int


class KpisOut(Schema):
    year: int
    period: PeriodOut
    parent: UnitOut
    kpis: list[IndicatorOut]
    children: list[ChildOut]
    platform: list[PlatformOut]


def _unit_in_scope(user: Any, code: str, as_of: dt.date) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.valid_on(as_of).filter(code=code).first()
    if unit is None or not scope_for_user(user).contains(unit):
        raise Http404(
            _("No administrative unit has code %(code)s on %(date)s.")
            % {"code": code, "date": as_of.strftime("%d/%m/%Y")}
        )
    return unit


def _indicators_out(items: list[IndicatorKpis]) -> list[dict[str, Any]]:
    return [
        {
            "indicator": item.indicator,
            "name": item.label,
            "levels": [kpi.as_json(level) for level, kpi in item.levels.items()],
        }
        for item in items
    ]


def _unit_out(unit: AdministrativeUnit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name, "level": unit.level}


@router.post(
    "/work-records",
    auth=AUTH,
    response={201: WorkRecordOut, 401: Detail, 403: Detail, 404: Detail, 422: Detail},
    summary="Enter one unit's count of work records (processed online) for one month",
)
def post_work_record(request: HttpRequest, payload: WorkRecordIn) -> Status[dict[str, Any]]:
    month = parse_month(payload.month)
    unit = _unit_in_scope(request.user, payload.unit, month)
    require_writer(request.user)
    stat = work_record_submit(
        unit=unit,
        month=month,
        total=payload.total,
        online=payload.online,
        source=payload.source,
        by=request.user,
    )
    return Status(
        201,
        {
            "unit": unit.code,
            "month": stat.month.strftime("%Y-%m"),
            "total": stat.total,
            "online": stat.online,
            "source": stat.source,
        },
    )


@router.get(
    "/transformation/kpis",
    auth=AUTH,
    response={200: KpisOut, 401: Detail, 404: Detail, 422: Detail},
    summary="Every digital transformation KPI per level and per child unit, against the targets",
)
def get_kpis(
    request: HttpRequest, year: str, parent: str, month_from: int = 1, month_to: int = 12
) -> dict[str, Any]:
    """``{value, numerator, denominator, target, met}`` of each KPI at each of its levels under
    ``parent`` and the same for each child unit, over the caller's units, for ``year`` (or the
    months ``month_from``–``month_to`` of it). ``value`` is a percentage with two decimals,
    ``null`` when the denominator is 0; ``met`` is ``null`` without a value or a target."""
    period = Period.for_months(parse_year(year), month_from, month_to)
    unit = _unit_in_scope(request.user, parent, as_of_for_year(period.year))
    report = kpi_report(parent=unit, period=period, user=request.user)
    return {
        "year": period.year,
        "period": {"start": period.start, "end": period.end},
        "parent": _unit_out(unit),
        "kpis": _indicators_out(report.indicators),
        "children": [
            {**_unit_out(child.unit), "kpis": _indicators_out(child.indicators)}
            for child in report.children
        ],
        "platform": [
            {"level": level, "records": count} for level, count in report.platform.items()
        ],
    }
