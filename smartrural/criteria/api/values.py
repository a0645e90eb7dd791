"""Indicator values in DHIS2's ``dataValueSets`` shape: imported all or nothing (JSON or CSV),
exported (JSON or CSV)."""

from __future__ import annotations

import io
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, UnsupportedMediaType, errors
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.exports import csv_writer
from smartrural.core.imports import TooManyRows

from .. import selectors
from ..access import access_criteria_set, access_unit_data_for_user
from ..models import IndicatorValue
from ..services import ImportSummary, ValueRow, data_value_set_import
from .csv_rows import CSV_EXPORT_COLUMNS, CSV_PATTERN, CSV_TYPE, rows_from_csv
from .fields import CRITERIA_SET, ORG_UNIT, PERIOD, CriteriaSetCode, UnitCode, Year
from .value_schemas import DataValueSetIn, DataValueSetOut, ImportOut

router = Router()


def _import_out(summary: ImportSummary) -> dict[str, Any]:
    return {
        "status": "SUCCESS" if summary.ok else "ERROR",
        "imported": summary.imported,
        "updated": summary.updated,
        "ignored": summary.ignored,
        "conflicts": [
            {"indicator": c.indicator, "value": c.value, "message": c.message}
            | (
                {"current": c.current, "currentVersion": c.current_version}
                if c.current_version is not None
                else {}
            )
            for c in summary.conflicts
        ],
    }


def _import(
    request: ActorRequest, *, set_code: str, org_unit: str, year: int, rows: list[ValueRow]
) -> Status[dict[str, Any]]:
    criteria_set = access_criteria_set(set_code)
    unit = access_unit_data_for_user(request.user, org_unit, year=year, write=True)
    try:
        summary = data_value_set_import(
            criteria_set=criteria_set, year=year, unit=unit, rows=rows, by=request.user
        )
    except TooManyRows:
        raise  # 413, as it is
    except ValidationFailed as exc:
        # A well-formed set the stored data cannot take (a set without a version yet).
        raise Conflict(exc.message, field=exc.field) from exc
    return Status(200 if summary.ok else 409, _import_out(summary))


_IMPORT_DOC = (
    "Every row is validated first: with any conflict (unknown indicator, malformed value, an "
    "indicator twice, a locked value, a value changed since it was read at the row's "
    "`version`, a comment with control characters, a period outside the set) nothing is "
    'written and the reply is 409 with `"status": "ERROR"` and every conflict (for a value '
    "changed meanwhile: `current` and `currentVersion`). A row without `version` is written "
    "over whatever is stored. 413: more than `IMPORT_MAX_ROWS` values (10,000 by default)."
)


@router.post(
    "/dataValueSets",
    operation_id="smartrural_criteria_api_post_data_value_set",
    auth=AUTH,
    response={200: ImportOut, 409: ImportOut, **errors(401, 403, 404, 413, *BODY_ERRORS)},
    summary="Import indicator values of one unit and year (all or nothing)",
    description="DHIS2-shaped data value set, as JSON. " + _IMPORT_DOC + " The same as CSV: "
    "`POST /api/v1/dataValueSets.csv`.",
)
def post_data_value_set(request: ActorRequest, payload: DataValueSetIn) -> Status[dict[str, Any]]:
    rows = [
        ValueRow(v.indicator, v.value or "", v.comment or "", v.version) for v in payload.dataValues
    ]
    return _import(
        request,
        set_code=payload.criteriaSet,
        org_unit=payload.orgUnit,
        year=int(payload.period),
        rows=rows,
    )


_CSV_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            CSV_TYPE: {
                "schema": {
                    "type": "string",
                    "pattern": CSV_PATTERN,
                    "example": 'indicator,value,comment\n3.1,"85,2",đo đạc 2023\n3.2,Đạt,\n',
                }
            }
        },
    }
}


@router.post(
    "/dataValueSets.csv",
    operation_id="smartrural_criteria_api_post_data_value_set_csv",
    auth=AUTH,
    response={200: ImportOut, 409: ImportOut, **errors(401, 403, 404, 413, *BODY_ERRORS)},
    summary="Import indicator values of one unit and year from CSV (all or nothing)",
    description="`Content-Type: text/csv` (UTF-8), the header `indicator,value,comment` "
    "(optionally `,version`) and one row per value; a CSV exported by "
    "`GET /api/v1/dataValueSets?format=csv` (`orgUnit,period,indicator,value,comment,version`) "
    "is accepted back when its rows are of the "
    "unit and period given. " + _IMPORT_DOC + " 422: not such a CSV.",
    openapi_extra=_CSV_BODY_DOC,
)
def post_data_value_set_csv(
    request: ActorRequest,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    period: Year = PERIOD,
    orgUnit: UnitCode = ORG_UNIT,
) -> Status[dict[str, Any]]:
    if request.content_type != CSV_TYPE:
        raise UnsupportedMediaType(
            _("Send the body as CSV, with the header Content-Type: text/csv (not %(type)s).")
            % {"type": request.content_type or _("none")}
        )
    rows, conflicts = rows_from_csv(request.body, org_unit=orgUnit, period=str(period))
    if conflicts:
        return Status(
            409,
            {"status": "ERROR", "imported": 0, "updated": 0, "ignored": 0, "conflicts": conflicts},
        )
    return _import(request, set_code=criteriaSet, org_unit=orgUnit, year=period, rows=rows)


def _value_out(value: IndicatorValue, code: str, period: str) -> dict[str, Any]:
    return {
        "orgUnit": code,
        "period": period,
        "indicator": value.indicator_code,
        "value": value.value,
        "comment": value.comment,
        "status": value.status,
        "lastUpdated": value.entered_at.isoformat(),
        "version": value.version,
    }


@router.get(
    "/dataValueSets",
    operation_id="smartrural_criteria_api_get_data_value_set",
    auth=AUTH,
    response={200: DataValueSetOut, **errors(401, 404, 422)},
    summary="Export indicator values of a unit (and the units under it) for a year",
    description="`children=true`: the unit and every unit under it valid on 1 July of the year, "
    "as one flat `dataValues` list whose items carry `orgUnit` and `period` (as DHIS2 does). "
    "`format=csv`: CSV with the header `orgUnit,period,indicator,value,comment,version`, which "
    "`POST /api/v1/dataValueSets.csv` accepts back for one unit.",
    # The int key merges into ninja's own 200 (a string key would publish "200" twice).
    openapi_extra={"responses": {200: {"content": {CSV_TYPE: {"schema": {"type": "string"}}}}}},
)
def get_data_value_set(
    request: ActorRequest,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    period: Year = PERIOD,
    orgUnit: UnitCode = ORG_UNIT,
    children: bool = Query(False, description="Also the units under it."),
    format: Literal["json", "csv"] = Query("json", description="json (default) or csv."),
) -> Any:
    year = period
    criteria_set = access_criteria_set(criteriaSet)
    unit = access_unit_data_for_user(request.user, orgUnit, year=year)
    values = selectors.values_of_unit(
        criteria_set=criteria_set, year=year, unit=unit, children=children
    )
    items = [_value_out(v, v.unit.code, str(year)) for v in values]
    if format == "csv":
        out = io.StringIO()
        writer = csv_writer(out)  # comments and values from users never become formulas
        columns = (*CSV_EXPORT_COLUMNS, "version")
        writer.writerow(columns)
        for item in items:
            writer.writerow([item[k] for k in columns])
        response = HttpResponse(out.getvalue(), content_type=f"{CSV_TYPE}; charset=utf-8")
        filename = f"{criteria_set.code}-{unit.code}-{year}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return {
        "criteriaSet": criteria_set.code,
        "period": str(year),
        "orgUnit": unit.code,
        "dataValues": items,
    }
