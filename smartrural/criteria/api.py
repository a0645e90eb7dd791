"""Indicator values (DHIS2 ``dataValueSets`` shape), evaluations and summaries, under /api/v1.

Criteria data is not open data: every operation needs a login or a Bearer token and is scoped to
the caller's units (outside: 404; read-only roles writing: 403). Query parameters are read as
text and checked here so that every error is one readable ``{"detail": ...}`` sentence.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import BaseModel, Field, ValidationError

from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import csv_writer, unescape
from smartrural.geo.models import AdministrativeUnit

from . import selectors
from .access import access_criteria_set, access_unit_data_for_user
from .models import IndicatorValue
from .values import ImportSummary, ValueRow, data_value_set_import

router = Router(tags=["criteria"])

from config.api import AUTH  # noqa: E402

CSV_TYPE = "text/csv"


class Detail(Schema):
    detail: str


class DataValueIn(BaseModel):
    indicator: str
    value: str | int | float | bool | None = None
    comment: str | None = ""
    version: int | None = Field(None, ge=0)


class DataValueSetIn(BaseModel):
    criteriaSet: str
    period: str | int
    orgUnit: str
    dataValues: list[DataValueIn]


class ConflictOut(Schema):
    indicator: str
    value: str
    message: str
    current: str | None = Field(
        None, description="A value changed since it was read: the value stored now."
    )
    currentVersion: int | None = Field(
        None, description="A value changed since it was read: its version now (0: none)."
    )


class ImportOut(Schema):
    status: str
    imported: int
    updated: int
    ignored: int
    conflicts: list[ConflictOut]


class DataValueOut(Schema):
    orgUnit: str
    period: str
    indicator: str
    value: str
    comment: str
    status: str
    lastUpdated: str
    version: int


class DataValueSetOut(Schema):
    criteriaSet: str
    period: str
    orgUnit: str
    dataValues: list[DataValueOut]


class IndicatorOut(Schema):
    code: str
    name: str
    value: str | None
    unit: str
    threshold: str | None
    comparator: str
    status: str
    met: bool | None
    explanation: str
    provenance: str
    placeholder: bool


class CriterionOut(Schema):
    number: int
    name: str
    group: str
    met: bool
    minMet: int | None
    indicators: list[IndicatorOut]


class EvaluationOut(Schema):
    unit: str
    unitName: str
    criteriaSet: str
    setVersion: int
    year: int
    level: str | None
    criteriaMet: int
    criteriaTotal: int
    criteria: list[CriterionOut]
    missing: list[str]


class CountsOut(Schema):
    code: str
    name: str
    total: int
    meetingAll: int
    notMeeting: int
    recognised: dict[str, int]
    meetingNotRecognised: int


class HeatOut(Schema):
    number: int
    name: str
    met: int
    share: float


class SummaryOut(Schema):
    criteriaSet: str
    setVersion: int | None
    year: int
    asOf: str
    parent: dict[str, str]
    total: int
    meetingAll: int
    notMeeting: int
    recognised: dict[str, int]
    meetingNotRecognised: int
    dossiersInProgress: dict[str, int]
    children: list[CountsOut]
    criteria: list[HeatOut]


def _required(value: str | None, name: str) -> str:
    if value is None or not value.strip():
        raise ValidationFailed(
            _("The parameter %(name)s is required.") % {"name": name}, field=name
        )
    return value.strip()


def _year(value: str | int | None, name: str) -> int:
    text = _required(None if value is None else str(value), name)
    if not (len(text) == 4 and text.isdigit()):
        raise ValidationFailed(
            _("“%(value)s” is not a year; write it like 2023.") % {"value": text}, field=name
        )
    return int(text)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


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


def _payload_from_json(body: bytes) -> DataValueSetIn:
    try:
        return DataValueSetIn.model_validate_json(body or b"{}")
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(x) for x in error.get("loc", ())) or "body"
        raise ValidationFailed(
            _("Malformed data value set: %(problem)s (at %(where)s).")
            % {"problem": error.get("msg", ""), "where": where},
            field=where,
        ) from exc


def _rows_from_csv(body: bytes, *, org_unit: str, period: str) -> list[ValueRow]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(_("The CSV file must be UTF-8 text.")) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip() for h in reader.fieldnames or []}
    if not {"indicator", "value"} <= header:
        raise ValidationFailed(
            _("The CSV header must name the columns indicator,value (and optionally comment).")
        )
    rows = []
    for line in reader:
        clean = {(k or "").strip(): (v or "").strip() for k, v in line.items()}
        # A file exported with orgUnit/period columns may come back: they must match the query.
        for column, expected in (("orgUnit", org_unit), ("period", period)):
            if clean.get(column) and clean[column] != expected:
                raise ValidationFailed(
                    _("Row of indicator %(code)s has %(column)s %(value)s, not %(expected)s.")
                    % {
                        "code": clean.get("indicator", ""),
                        "column": column,
                        "value": clean[column],
                        "expected": expected,
                    }
                )
        # A file we exported comes back with its escaped texts ('=x): read them as they were.
        version = clean.get("version", "")
        if version and not version.isdigit():
            raise ValidationFailed(
                _("Row of indicator %(code)s: the version must be a whole number, not %(value)s.")
                % {"code": clean.get("indicator", ""), "value": version[:20]},
                field="version",
            )
        rows.append(
            ValueRow(
                clean["indicator"],
                unescape(clean["value"]),
                unescape(clean.get("comment", "")),
                int(version) if version else None,
            )
        )
    return rows


_BODY_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["criteriaSet", "period", "orgUnit", "dataValues"],
                    "properties": {
                        "criteriaSet": {"type": "string", "example": "QD318-XA"},
                        "period": {"type": "string", "example": "2023"},
                        "orgUnit": {"type": "string", "example": "29479"},
                        "dataValues": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["indicator", "value"],
                                "properties": {
                                    "indicator": {"type": "string", "example": "3.1"},
                                    "value": {"type": "string", "example": "85,2"},
                                    "comment": {"type": "string"},
                                    "version": {
                                        "type": "integer",
                                        "description": "The version of the stored value this "
                                        "change was made from (`version` of the GET; 0: none "
                                        "was stored). Optional: without it the value is written "
                                        "over whatever is stored.",
                                    },
                                },
                            },
                        },
                    },
                }
            },
            CSV_TYPE: {
                "schema": {"type": "string", "example": "indicator,value,comment\n3.1,85.2,"}
            },
        }
    }
}


@router.post(
    "/dataValueSets",
    auth=AUTH,
    response={
        200: ImportOut,
        401: Detail,
        403: Detail,
        404: Detail,
        409: ImportOut,
        413: Detail,
        422: Detail,
    },
    summary="Import indicator values of one unit and year (all or nothing)",
    description="DHIS2-shaped data value set. JSON body, or `Content-Type: text/csv` with the "
    "header `indicator,value,comment` and the query parameters `criteriaSet`, `period`, "
    "`orgUnit` (an optional `version` column too). Every row is validated first: with any "
    "conflict (unknown indicator, malformed value, an indicator twice, a locked value, a value "
    "changed since it was read at the row's `version`, a period outside the set) nothing is "
    'written and the reply is 409 with `"status": "ERROR"` and every conflict (for a value '
    "changed meanwhile: `current` and `currentVersion`). A row without `version` is written "
    "over whatever is stored. 422: malformed payload. 413: more than `IMPORT_MAX_ROWS` values "
    "(10,000 by default).",
    openapi_extra=_BODY_DOC,
)
def post_data_value_set(
    request: HttpRequest,
    criteriaSet: str | None = None,
    period: str | None = None,
    orgUnit: str | None = None,
) -> Status[dict[str, Any]]:
    if request.content_type == CSV_TYPE:
        set_code, org = _required(criteriaSet, "criteriaSet"), _required(orgUnit, "orgUnit")
        year = _year(period, "period")
        rows = _rows_from_csv(request.body, org_unit=org, period=str(year))
    else:
        payload = _payload_from_json(request.body)
        set_code, org, year = payload.criteriaSet, payload.orgUnit, _year(payload.period, "period")
        rows = [
            ValueRow(
                v.indicator, "" if v.value is None else str(v.value), v.comment or "", v.version
            )
            for v in payload.dataValues
        ]
    criteria_set = access_criteria_set(set_code)
    unit = access_unit_data_for_user(request.user, org, year=year, write=True)
    summary = data_value_set_import(
        criteria_set=criteria_set, year=year, unit=unit, rows=rows, by=request.user
    )
    return Status(200 if summary.ok else 409, _import_out(summary))


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
    auth=AUTH,
    response={200: DataValueSetOut, 401: Detail, 404: Detail, 422: Detail},
    summary="Export indicator values of a unit (and the units under it) for a year",
    description="`children=true`: the unit and every unit under it valid on 1 July of the year, "
    "as one flat `dataValues` list whose items carry `orgUnit` and `period` (as DHIS2 does). "
    "`format=csv`: CSV with the header `orgUnit,period,indicator,value,comment`, which the "
    "POST operation accepts back for one unit.",
    openapi_extra={"responses": {"200": {"content": {CSV_TYPE: {"schema": {"type": "string"}}}}}},
)
def get_data_value_set(
    request: HttpRequest,
    criteriaSet: str | None = None,
    period: str | None = None,
    orgUnit: str | None = None,
    children: str | None = None,
    format: str | None = None,
) -> Any:
    year = _year(period, "period")
    criteria_set = access_criteria_set(_required(criteriaSet, "criteriaSet"))
    unit = access_unit_data_for_user(request.user, _required(orgUnit, "orgUnit"), year=year)
    if _flag(children):
        units = AdministrativeUnit.objects.valid_on(selectors.as_of_for_year(year)).under(unit.path)
        unit_filter: dict[str, Any] = {"unit__in": units}
    else:
        unit_filter = {"unit": unit}
    values = (
        IndicatorValue.objects.filter(
            criteria_set_id=selectors.root_id(criteria_set), year=year, **unit_filter
        )
        .select_related("unit")
        .order_by("unit__path", "indicator_code")
    )
    items = [_value_out(v, v.unit.code, str(year)) for v in values]
    if (format or "").lower() == "csv":
        out = io.StringIO()
        writer = csv_writer(out)  # comments and values from users never become formulas
        writer.writerow(["orgUnit", "period", "indicator", "value", "comment"])
        for item in items:
            writer.writerow(
                [item[k] for k in ("orgUnit", "period", "indicator", "value", "comment")]
            )
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


@router.get(
    "/units/{code}/evaluation",
    auth=AUTH,
    response={200: EvaluationOut, 401: Detail, 404: Detail, 422: Detail},
    summary="A unit's evaluation against a criteria set for a year, explained",
    description="Computed from the stored values with the set's current version; every "
    "indicator carries its threshold (the most specific for the unit's region, commune group "
    "and the year), its provenance and a one-sentence explanation in the request's language. "
    "`missing`: indicators without a value. Readable inside the caller's scope (else 404).",
)
def unit_evaluation(
    request: HttpRequest, code: str, criteriaSet: str | None = None, year: str | None = None
) -> dict[str, Any]:
    y = _year(year, "year")
    criteria_set = access_criteria_set(_required(criteriaSet, "criteriaSet"))
    unit = access_unit_data_for_user(request.user, code, year=y)
    found = selectors.evaluation_detail(unit, criteria_set, y)
    if found is None:
        raise ValidationFailed(
            _("The criteria set %(code)s has no version yet.") % {"code": criteria_set.code}
        )
    result, version = found
    return {"unit": unit.code, "unitName": unit.name, "setVersion": version.number} | (
        result.as_json()
    )


@router.get(
    "/summary",
    auth=AUTH,
    response={200: SummaryOut, 401: Detail, 404: Detail, 422: Detail},
    summary="Counts of units meeting a criteria set under a parent unit",
    description="Units of the set's level under `parent`, as they were on 1 July of `year`: "
    "total, meeting every criterion, not meeting; `recognised`: units holding each level by a "
    "decision of `year` or earlier (not revoked); `meetingNotRecognised`: meeting every "
    "criterion without the level the set awards; `dossiersInProgress`: the year's dossiers by "
    "stage; the counts again per child unit of `parent`; and per criterion the number and "
    "share of units meeting it (heat-map data). Commune sets count rural communes (xã) only. "
    "The parent must be inside the caller's scope (else 404).",
)
def summary(
    request: HttpRequest,
    criteriaSet: str | None = None,
    year: str | None = None,
    parent: str | None = None,
) -> dict[str, Any]:
    y = _year(year, "year")
    criteria_set = access_criteria_set(_required(criteriaSet, "criteriaSet"))
    parent_unit = access_unit_data_for_user(request.user, _required(parent, "parent"), year=y)
    data = selectors.summary(
        criteria_set=criteria_set, year=y, parent=parent_unit, user=request.user
    )
    data["asOf"] = data["asOf"].isoformat()
    return data
