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
from pydantic import Field, TypeAdapter, ValidationError

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.core.errors import ValidationFailed
from smartrural.core.etag import EditConflictOut, FieldConflictOut
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit

from .kpis import IndicatorKpis, Period, kpi_report, parse_year
from .models import Source
from .services import (
    RowConflict,
    WorkRecordRow,
    parse_month,
    work_record_submit,
    work_records_import,
)

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
    version: int | None = Field(None, ge=0)


class WorkRecordOut(Schema):
    unit: str
    month: str
    total: int
    online: int
    source: str
    version: int


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


class ConflictOut(Schema):
    row: int
    unit: str
    message: str
    fields: list[FieldConflictOut] | None = Field(
        None, description="A figure changed since it was read: per field, stored now and sent."
    )
    current_version: int | None = Field(
        None, description="A figure changed since it was read: its version now (0: none)."
    )


class BatchOut(Schema):
    status: str
    imported: int
    updated: int
    conflicts: list[ConflictOut]


_RECORDS: TypeAdapter[WorkRecordIn | list[WorkRecordIn]] = TypeAdapter(
    WorkRecordIn | list[WorkRecordIn]
)
_RECORD_SCHEMA = {
    "type": "object",
    "required": ["unit", "month", "total", "online"],
    "properties": {
        "unit": {"type": "string", "example": "29479"},
        "month": {"type": "string", "example": "2023-05"},
        "total": {"type": "integer", "example": 120},
        "online": {"type": "integer", "example": 40},
        "source": {"type": "string", "enum": list(Source.values), "default": Source.API},
        "version": {
            "type": "integer",
            "minimum": 0,
            "description": "The version of the stored figure this one was made from (`version` "
            "of an earlier reply; 0: none was stored). Optional: without it the figure is "
            "written over whatever is stored.",
        },
    },
}
_BODY_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {"oneOf": [_RECORD_SCHEMA, {"type": "array", "items": _RECORD_SCHEMA}]}
            }
        },
        "required": True,
    }
}


def _records(body: bytes) -> WorkRecordIn | list[WorkRecordIn]:
    try:
        return _RECORDS.validate_json(body or b"null")
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(x) for x in error.get("loc", ())) or "body"
        raise ValidationFailed(
            _("Malformed work records: %(problem)s (at %(where)s).")
            % {"problem": error.get("msg", ""), "where": where},
            field=where,
        ) from exc


def _post_one(request: HttpRequest, payload: WorkRecordIn) -> Status[dict[str, Any]]:
    month = parse_month(payload.month)
    unit = _unit_in_scope(request.user, payload.unit, month)
    require_writer(request.user)
    stat = work_record_submit(
        unit=unit,
        month=month,
        total=payload.total,
        online=payload.online,
        source=payload.source,
        version=payload.version,
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
            "version": stat.version,
        },
    )


def _conflict_out(conflict: RowConflict) -> dict[str, Any]:
    out: dict[str, Any] = {"row": conflict.row, "unit": conflict.unit, "message": conflict.message}
    if conflict.current_version is not None:
        out["current_version"] = conflict.current_version
        out["fields"] = [
            {"field": f.field, "current": f.current, "sent": f.sent, "row": f.row}
            for f in conflict.fields
        ]
    return out


def _post_many(request: HttpRequest, payload: list[WorkRecordIn]) -> Status[dict[str, Any]]:
    require_writer(request.user)
    sources = {record.source for record in payload}
    if len(sources) > 1:
        raise ValidationFailed(
            _("All records of one request must have the same source."), field="source"
        )
    summary = work_records_import(
        rows=[WorkRecordRow(r.unit, r.month, r.total, r.online, r.version) for r in payload],
        by=request.user,
        source=sources.pop() if sources else Source.API,
    )
    return Status(
        201 if summary.ok else 409,
        {
            "status": "SUCCESS" if summary.ok else "ERROR",
            "imported": summary.imported,
            "updated": summary.updated,
            "conflicts": [_conflict_out(c) for c in summary.conflicts],
        },
    )


@router.post(
    "/work-records",
    auth=AUTH,
    response={
        201: WorkRecordOut | BatchOut,
        401: Detail,
        403: Detail,
        404: Detail,
        409: BatchOut | EditConflictOut,
        413: Detail,
        422: Detail,
    },
    summary="Enter work record counts (processed online): one unit and month, or a list",
    description="One object: that unit's month is entered or corrected (201 with the stored "
    "figure). A list: every row is checked first (unit valid that month and among the caller's "
    "units, whole non-negative numbers, online ≤ total, no unit and month twice); with any "
    'conflict nothing is written and the reply is 409 with `"status": "ERROR"` and every '
    "conflict by row. `source` is `api` unless given (`entered`, `imported`). `version` "
    "(optional, per record): the version of the stored figure the record was made from (the "
    "`version` of an earlier reply; 0: none); a figure changed since is a conflict with, per "
    "field, the value stored now and the value sent (one record: 409 with `conflicts` and "
    "`current_version`). Without `version` the figure is written over whatever is stored. "
    "A list of more than `IMPORT_MAX_ROWS` rows (10,000 by default) is refused with 413: "
    "split it.",
    openapi_extra=_BODY_DOC,
)
def post_work_records(request: HttpRequest) -> Status[dict[str, Any]]:
    payload = _records(request.body)
    if isinstance(payload, list):
        return _post_many(request, payload)
    return _post_one(request, payload)


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
