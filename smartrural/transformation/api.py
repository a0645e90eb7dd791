"""Digital transformation under /api/v1: monthly work record counts and their KPI per level.

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
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from .models import Source
from .selectors import Kpi, as_of_for_year, work_record_kpis
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


class LevelKpiOut(Schema):
    level: str
    value: Decimal | None
    numerator: int
    denominator: int
    target: Decimal | None
    met: bool | None


class UnitKpiOut(LevelKpiOut):
    unit: str
    name: str


class PlatformOut(Schema):
    levels: list[LevelKpiOut]


class KpisOut(Schema):
    year: int
    parent: str
    levels: list[LevelKpiOut]
    children: list[UnitKpiOut]
    platform: PlatformOut


def _unit_in_scope(user: Any, code: str, as_of: dt.date) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.valid_on(as_of).filter(code=code).first()
    if unit is None or not scope_for_user(user).contains(unit):
        raise Http404(
            _("No administrative unit has code %(code)s on %(date)s.")
            % {"code": code, "date": as_of.strftime("%d/%m/%Y")}
        )
    return unit


def _kpi_out(level: str, kpi: Kpi) -> dict[str, Any]:
    return {
        "level": level,
        "value": kpi.value,
        "numerator": kpi.numerator,
        "denominator": kpi.denominator,
        "target": kpi.target,
        "met": kpi.met,
    }


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
    summary="Work records processed online per level and per child unit, against the targets",
)
def get_kpis(request: HttpRequest, year: str, parent: str) -> dict[str, Any]:
    try:
        year_n = int(year)
    except ValueError as exc:
        raise ValidationFailed(
            _("The year must be a number, not “%(value)s”.") % {"value": year}, field="year"
        ) from exc
    unit = _unit_in_scope(request.user, parent, as_of_for_year(year_n))
    kpis = work_record_kpis(parent=unit, year=year_n, user=request.user)
    return {
        "year": kpis.year,
        "parent": unit.code,
        "levels": [_kpi_out(item.level, item.kpi) for item in kpis.levels],
        "children": [
            {**_kpi_out(c.unit.level, c.kpi), "unit": c.unit.code, "name": c.unit.name}
            for c in kpis.children
        ],
        "platform": {"levels": [_kpi_out(item.level, item.kpi) for item in kpis.platform]},
    }
