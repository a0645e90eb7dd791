"""Digital transformation under /api/v1: monthly work record counts, and every KPI per level.

Not open data: a login or a Bearer token is needed, and everything is scoped to the caller's
units (outside: 404; read-only roles writing: 403).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field, StrictStr, TypeAdapter, ValidationError

from smartrural.accounts.access import out_of_scope, require_writer, scope_for_user, unit_on
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import (
    BODY_ERRORS,
    JSON_INTEGER,
    ErrorOut,
    errors,
    parse_json,
    publish_schema,
)
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.etag import EditConflictOut, FieldConflictOut
from smartrural.geo.models import AdministrativeUnit

from .kpis import IndicatorKpis, Period, kpi_report
from .models import Source
from .work_records.services import (
    ImportSummary,
    RowConflict,
    WorkRecordRow,
    parse_month,
    work_record_submit,
    work_records_import,
)

router = Router(tags=["transformation"])

MAX_COUNT = 10_000_000  # as the entry form
MAX_RECORDS = 50_000
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), JSON_INTEGER]
YEAR = Query(..., ge=2000, le=2100, description="The year, e.g. 2023.", examples=[2023])
PARENT = Query(..., max_length=10, description="GSO code of the unit.", examples=["849"])
MONTH_FROM = Query(1, ge=1, le=12, description="First month (1–12), not after month_to.")
MONTH_TO = Query(12, ge=1, le=12, description="Last month (1–12), not before month_from.")


class WorkRecordIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: Annotated[StrictStr, Field(max_length=10, examples=["29479"])]
    month: Annotated[
        StrictStr,
        Field(pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", examples=["2023-05"]),
    ]
    total: Count = Field(examples=[120])
    online: Count = Field(examples=[40])
    source: Literal[Source.API, Source.ENTERED, Source.IMPORTED] = Source.API
    version: Annotated[int, Field(ge=0, le=2_147_483_647), JSON_INTEGER] | None = Field(
        None,
        description="The version of the stored figure this one was made from (`version` of an "
        "earlier reply; 0: none was stored). Optional: without it the figure is written over "
        "whatever is stored.",
    )


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


class KpiIndicatorOut(Schema):
    indicator: str
    name: str
    levels: list[KpiOut]


class KpiUnitOut(Schema):
    code: str
    name: str
    level: str


class ChildOut(KpiUnitOut):
    kpis: list[KpiIndicatorOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class PlatformOut(Schema):
    level: str
    records: int


class KpisOut(Schema):
    year: int
    period: PeriodOut
    parent: KpiUnitOut
    kpis: list[KpiIndicatorOut]
    children: list[ChildOut]
    platform: list[PlatformOut]


def _unit_in_scope(user: Any, code: str, as_of: dt.date) -> AdministrativeUnit:
    unit = unit_on(code, as_of=as_of)
    if not scope_for_user(user).contains(unit):
        raise out_of_scope(code, as_of=as_of)
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


class RowConflictOut(Schema):
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
    conflicts: list[RowConflictOut]


_RECORDS: TypeAdapter[WorkRecordIn | list[WorkRecordIn]] = TypeAdapter(
    WorkRecordIn | Annotated[list[WorkRecordIn], Field(max_length=MAX_RECORDS)]
)
publish_schema(WorkRecordIn)
_BODY_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/WorkRecordIn"},
                        {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/WorkRecordIn"},
                            "maxItems": MAX_RECORDS,
                        },
                    ]
                }
            }
        },
        "required": True,
    }
}


def _records(request: HttpRequest) -> WorkRecordIn | list[WorkRecordIn]:
    data = parse_json(request)
    try:
        return _RECORDS.validate_python(data)
    except ValidationError as exc:
        # One object or a list: report the failed checks of the shape the client chose.
        shape = "list" if isinstance(data, list) else "WorkRecordIn"
        items: list[dict[str, Any]] = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc and shape in str(loc[0]):
                items.append({**error, "loc": ("body", *loc[1:])})
        raise NinjaValidationError(
            items or [{**e, "loc": ("body",)} for e in exc.errors()]
        ) from exc


def _post_one(request: HttpRequest, payload: WorkRecordIn) -> Status[dict[str, Any]]:
    month = parse_month(payload.month)
    unit = _unit_in_scope(request.user, payload.unit, month)
    require_writer(request.user)
    try:
        stat = work_record_submit(
            unit=unit,
            month=month,
            total=payload.total,
            online=payload.online,
            source=payload.source,
            version=payload.version,
            by=request.user,
        )
    except ValidationFailed as exc:
        # The record is well formed (checked above); it does not fit: online above the total,
        # a month not begun, a unit that does not count work records (as a list's conflicts).
        raise Conflict(exc.message, field=exc.field) from exc
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


def _batch_out(summary: ImportSummary) -> dict[str, Any]:
    return {
        "status": "SUCCESS" if summary.ok else "ERROR",
        "imported": summary.imported,
        "updated": summary.updated,
        "conflicts": [_conflict_out(c) for c in summary.conflicts],
    }


def _post_many(request: HttpRequest, payload: list[WorkRecordIn]) -> Status[dict[str, Any]]:
    require_writer(request.user)
    source = payload[0].source if payload else Source.API
    mixed = ImportSummary(
        conflicts=[
            RowConflict(
                row=number,
                unit=record.unit,
                message=_("All records of one request must have the same source (%(source)s).")
                % {"source": source},
            )
            for number, record in enumerate(payload, start=1)
            if record.source != source
        ]
    )
    if mixed.conflicts:
        return Status(409, _batch_out(mixed))
    summary = work_records_import(
        rows=[WorkRecordRow(r.unit, r.month, r.total, r.online, r.version) for r in payload],
        by=request.user,
        source=source,
    )
    return Status(201 if summary.ok else 409, _batch_out(summary))


@router.post(
    "/work-records",
    auth=AUTH,
    exclude_none=True,  # a row conflict carries fields and current_version only when stale
    response={
        201: WorkRecordOut | BatchOut,
        409: BatchOut | EditConflictOut | ErrorOut,
        **errors(401, 403, 404, 413, *BODY_ERRORS),
    },
    summary="Enter work record counts (processed online): one unit and month, or a list",
    description="One object: that unit's month is entered or corrected (201 with the stored "
    "figure; 404 for a unit outside the caller's units that month; 409 when the figure does "
    "not fit: online above the total, a month not begun yet, a hamlet). A list: every row is "
    "checked first (unit valid that month and among the caller's units, online ≤ total, no "
    "unit and month twice, one source); with any conflict nothing is written and the reply is "
    '409 with `"status": "ERROR"` and every conflict by row. `source` is `api` unless given '
    "(`entered`, `imported`). `version` (optional, per record): the version of the stored "
    "figure the record was made from (the `version` of an earlier reply; 0: none); a figure "
    "changed since is a conflict with, per field, the value stored now and the value sent "
    "(one record: 409 with `conflicts` and `current_version`). Without `version` the figure is "
    "written over whatever is stored. A list of more than `IMPORT_MAX_ROWS` rows (10,000 by "
    "default) is refused with 413: split it.",
    openapi_extra=_BODY_DOC,
)
def post_work_records(request: HttpRequest) -> Status[dict[str, Any]]:
    payload = _records(request)
    if isinstance(payload, list):
        return _post_many(request, payload)
    return _post_one(request, payload)


@router.get(
    "/transformation/kpis",
    auth=AUTH,
    response={200: KpisOut, **errors(401, 404, 422)},
    summary="Every digital transformation KPI per level and per child unit, against the targets",
)
def get_kpis(
    request: HttpRequest,
    year: int = YEAR,
    parent: str = PARENT,
    month_from: int = MONTH_FROM,
    month_to: int = MONTH_TO,
) -> dict[str, Any]:
    """``{value, numerator, denominator, target, met}`` of each KPI at each of its levels under
    ``parent`` and the same for each child unit, over the caller's units, for ``year`` (or the
    months ``month_from``–``month_to`` of it). Units are taken as they were on 1 July of the
    year, or on the last day of the months asked (404 naming when ``parent`` was valid and what
    it became when it names no unit then). ``value`` is a percentage with two decimals,
    ``null`` when the denominator is 0; ``met`` is ``null`` without a value or a target."""
    period = Period.for_months(year, month_from, month_to)
    unit = _unit_in_scope(request.user, parent, period.as_of)
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
