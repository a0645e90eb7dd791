"""Indicator values (DHIS2 ``dataValueSets`` shape), evaluations and summaries, under /api/v1.

Criteria data is not open data: every operation but the summary needs a login or a Bearer token
and is scoped to the caller's units (outside, and for residents: 404; read-only roles writing:
403). The summary's counts are the published figures, readable without a token. Parameters and
bodies are checked against the published schema (422 with every failed check); a well-formed
request that does not fit the stored data (a set without a version, a conflicting value) is 409.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import BeforeValidator, ConfigDict, Field, StrictStr, WithJsonSchema
from pydantic_core import PydanticCustomError

from smartrural.accounts.access import access_unit_for_user, is_resident, scope_for_user
from smartrural.accounts.actor import acting_user
from smartrural.accounts.api_auth import AUTH, PUBLIC, PUBLIC_DOC
from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, UnsupportedMediaType, errors
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.exports import csv_writer, unescape
from smartrural.core.imports import TooManyRows
from smartrural.core.textcheck import free_text_type
from smartrural.geo.models import AdministrativeUnit

from . import selectors
from .access import access_criteria_set, access_unit_data_for_user
from .models import IndicatorValue
from .services import ImportSummary, ValueRow, data_value_set_import

router = Router(tags=["criteria"])

CSV_TYPE = "text/csv"
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_VALUES = 1000  # a set has well under a hundred indicators
MAX_VALUE_CHARS = 200  # IndicatorValue.value
YEAR_PATTERN = r"^(20[0-9]{2}|2100)$"
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, examples=[2023])]
CriteriaSetCode = Annotated[str, Field(max_length=40, examples=["QD318-XA"])]
UnitCode = Annotated[str, Field(max_length=10, examples=["29479"])]
Comment = free_text_type()


def _period(value: Any) -> Any:
    # One check for "2023" and 2023: a union would report each alternative's failure apart.
    if isinstance(value, str) and re.fullmatch(YEAR_PATTERN, value):
        return int(value)
    number = not isinstance(value, bool) and isinstance(value, int | float)
    if number and FIRST_YEAR <= value <= LAST_YEAR and value == int(value):
        return int(value)
    raise PydanticCustomError(
        "period", "{reason}", {"reason": _("must be a year from 2000 to 2100, e.g. 2023")}
    )


Period = Annotated[
    int,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": YEAR_PATTERN},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            ]
        }
    ),
]


def _value_text(value: Any) -> Any:
    # Text, a number or a boolean, as the text the indicator's parser reads.
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            raise PydanticCustomError(
                "string_too_long", "{reason}", {"reason": _("must be at most 200 characters long")}
            )
        return value
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    raise PydanticCustomError(
        "value_type", "{reason}", {"reason": _("must be text, a number, true or false")}
    )


DataValue = Annotated[
    str | None,
    BeforeValidator(_value_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": MAX_VALUE_CHARS, "examples": ["85,2"]},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "null"},
            ]
        }
    ),
]

CRITERIA_SET = Query(..., description="Code of the criteria set, e.g. QD318-XA.")
PERIOD = Query(..., description="The year, e.g. 2023.")
ORG_UNIT = Query(..., description="GSO code of the unit, as it was on 1 July of the year.")
YEAR = Query(..., description="The year, e.g. 2023.")
PARENT = Query(..., description="GSO code of the parent unit, as it was on 1 July of the year.")
CODE = Path(..., description="GSO code of the unit.", examples=["29479"])


class DataValueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator: Annotated[StrictStr, Field(max_length=20, examples=["3.1"])]
    value: DataValue = Field(description="The value as text (85,2; Đạt), a number or true/false.")
    comment: Comment | None = ""  # type: ignore[valid-type]
    version: Annotated[int, Field(ge=0, le=2_147_483_647), JSON_INTEGER] | None = Field(
        None,
        description="The version of the stored value this change was made from (`version` of "
        "the GET; 0: none was stored). Optional: without it the value is written over whatever "
        "is stored.",
    )


class DataValueSetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    criteriaSet: Annotated[StrictStr, Field(max_length=40, examples=["QD318-XA"])]
    period: Period = Field(description="The year, as text or a number.", examples=["2023"])
    orgUnit: Annotated[StrictStr, Field(max_length=10, examples=["29479"])]
    dataValues: list[DataValueIn] = Field(max_length=MAX_VALUES)


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
    level: str | None = Field(
        description="The level reached when every criterion and every condition is met "
        "(a thị xã or thành phố meeting the district set: `town_completed`), else null."
    )
    criteriaMet: int = Field(description="Criteria met, conditions not counted (9/9 huyện).")
    criteriaTotal: int
    criteria: list[CriterionOut]
    conditions: list[CriterionOut] = Field(
        description="The recognition conditions checked beside the criteria (QĐ 320 for a "
        "district: all communes NTM, ≥ 10% advanced, townships civilised, satisfaction); "
        "empty for sets without conditions."
    )
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
    dossiersInProgress: dict[str, int] | None = Field(
        description="Dossiers of the year by stage: for callers whose units include `parent`; "
        "null for everyone else."
    )
    children: list[CountsOut]
    criteria: list[HeatOut]


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


# The CSV a client sends: a header naming indicator,value,comment (an export's
# orgUnit,period,indicator,value,comment comes back as it is), each optionally followed by a
# version column, then one row per value; fields may be quoted ("85,2"). Each row is checked
# like a JSON value (409 with every conflict).
_FIELD = r'(?:[^,"\r\n]*|"(?:[^"]|"")*")'


_VERSION_FIELD = r'(?:[0-9]{0,10}|"[0-9]{0,10}")'
_VERSION_TEXT = re.compile(r"[0-9]{1,10}")


def _rows(header: str) -> str:
    fields = [_VERSION_FIELD if name == "version" else _FIELD for name in header.split(",")]
    return r"(?:\r?\n" + ",".join(fields) + ")*"


CSV_PATTERN = (
    r"^\ufeff?(?:"
    + "|".join(
        header + _rows(header)
        for header in (
            "indicator,value,comment",
            "indicator,value,comment,version",
            "orgUnit,period,indicator,value,comment",
            "orgUnit,period,indicator,value,comment,version",
        )
    )
    + r")(?:\r?\n)?$"
)
_CSV_COLUMNS = ("indicator", "value", "comment")
_CSV_EXPORT_COLUMNS = ("orgUnit", "period", *_CSV_COLUMNS)
_CSV_HEADERS = (
    _CSV_COLUMNS,
    (*_CSV_COLUMNS, "version"),
    _CSV_EXPORT_COLUMNS,
    (*_CSV_EXPORT_COLUMNS, "version"),
)


def _csv_refused(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="body")


def _rows_from_csv(
    body: bytes, *, org_unit: str, period: str
) -> tuple[list[ValueRow], list[dict[str, str]]]:
    """The rows of a CSV body, and the conflicts of rows naming another unit or period.
    ``ValidationFailed`` when the file is not such a CSV."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _csv_refused(_("The CSV file must be UTF-8 text.")) from exc
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _csv_refused(_("The CSV file cannot be read: %(reason)s.") % {"reason": exc}) from exc
    header = tuple(lines[0]) if lines else ()
    if header not in _CSV_HEADERS:
        raise _csv_refused(
            _(
                "The CSV header must be indicator,value,comment (or an export's "
                "orgUnit,period,indicator,value,comment), optionally followed by version."
            )
        )
    rows: list[ValueRow] = []
    conflicts: list[dict[str, str]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) != len(header):
            raise _csv_refused(
                _("Row %(row)s has %(found)s fields, not %(expected)s.")
                % {"row": number, "found": len(cells), "expected": len(header)}
            )
        line = dict(zip(header, cells, strict=True))
        # A file exported with orgUnit/period columns may come back: they must match the query.
        for column, expected in (("orgUnit", org_unit), ("period", period)):
            if column in line and line[column].strip() != expected:
                conflicts.append(
                    {
                        "indicator": line["indicator"].strip(),
                        "value": line["value"],
                        "message": _(
                            "Row of indicator %(code)s has %(column)s %(value)s, not %(expected)s."
                        )
                        % {
                            "code": line["indicator"].strip(),
                            "column": column,
                            "value": line[column].strip(),
                            "expected": expected,
                        },
                    }
                )
        version = line.get("version", "").strip()
        if version and not _VERSION_TEXT.fullmatch(version):
            raise _csv_refused(
                _("Row of indicator %(code)s: the version must be a whole number, not %(value)s.")
                % {"code": line["indicator"].strip(), "value": version[:20]}
            )
        # A file we exported comes back with its escaped texts ('=x): read them as they were.
        rows.append(
            ValueRow(
                line["indicator"].strip(),
                unescape(line["value"].strip()),
                unescape(line["comment"]),
                int(version) if version else None,
            )
        )
    return rows, conflicts


def _import(
    request: HttpRequest, *, set_code: str, org_unit: str, year: int, rows: list[ValueRow]
) -> Status[dict[str, Any]]:
    criteria_set = access_criteria_set(set_code)
    unit = access_unit_data_for_user(request.user, org_unit, year=year, write=True)
    try:
        summary = data_value_set_import(
            criteria_set=criteria_set, year=year, unit=unit, rows=rows, by=acting_user(request)
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
    auth=AUTH,
    response={200: ImportOut, 409: ImportOut, **errors(401, 403, 404, 413, *BODY_ERRORS)},
    summary="Import indicator values of one unit and year (all or nothing)",
    description="DHIS2-shaped data value set, as JSON. " + _IMPORT_DOC + " The same as CSV: "
    "`POST /api/v1/dataValueSets.csv`.",
)
def post_data_value_set(request: HttpRequest, payload: DataValueSetIn) -> Status[dict[str, Any]]:
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
    request: HttpRequest,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    period: Year = PERIOD,
    orgUnit: UnitCode = ORG_UNIT,
) -> Status[dict[str, Any]]:
    if request.content_type != CSV_TYPE:
        raise UnsupportedMediaType(
            _("Send the body as CSV, with the header Content-Type: text/csv (not %(type)s).")
            % {"type": request.content_type or _("none")}
        )
    rows, conflicts = _rows_from_csv(request.body, org_unit=orgUnit, period=str(period))
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
    request: HttpRequest,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    period: Year = PERIOD,
    orgUnit: UnitCode = ORG_UNIT,
    children: bool = Query(False, description="Also the units under it."),
    format: Literal["json", "csv"] = Query("json", description="json (default) or csv."),
) -> Any:
    year = period
    criteria_set = access_criteria_set(criteriaSet)
    unit = access_unit_data_for_user(request.user, orgUnit, year=year)
    if children:
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
    if format == "csv":
        out = io.StringIO()
        writer = csv_writer(out)  # comments and values from users never become formulas
        columns = (*_CSV_EXPORT_COLUMNS, "version")
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


@router.get(
    "/units/{code}/evaluation",
    auth=AUTH,
    response={200: EvaluationOut, **errors(401, 404, 409, 422)},
    summary="A unit's evaluation against a criteria set for a year, explained",
    description="Computed from the stored values with the set's current version; every "
    "indicator carries its threshold (the most specific for the unit's region, commune group "
    "and the year), its provenance and a one-sentence explanation in the request's language. "
    "`missing`: indicators without a value. Readable inside the caller's scope (else 404). "
    "409: the set has no version yet.",
)
def unit_evaluation(
    request: HttpRequest,
    code: str = CODE,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    year: Year = YEAR,
) -> dict[str, Any]:
    y = year
    criteria_set = access_criteria_set(criteriaSet)
    unit = access_unit_data_for_user(request.user, code, year=y)
    found = selectors.evaluation_detail(unit, criteria_set, y)
    if found is None:
        raise Conflict(
            _("The criteria set %(code)s has no version yet.") % {"code": criteria_set.code}
        )
    result, version = found
    return {"unit": unit.code, "unitName": unit.name, "setVersion": version.number} | (
        result.as_json()
    )


@router.get(
    "/summary",
    auth=PUBLIC,
    openapi_extra=PUBLIC_DOC,
    response={200: SummaryOut, **errors(404, 422)},
    summary="Counts of units meeting a criteria set under a parent unit (public)",
    description="Readable without a token: recognitions are public acts and these are their "
    "published figures. Units of the set's level under `parent`, as they were on 1 July of "
    "`year`: total, meeting every criterion, not meeting; `recognised`: units holding each "
    "level by a decision of `year` or earlier (not revoked); `meetingNotRecognised`: meeting "
    "every criterion without the level the set awards; the counts again per child unit of "
    "`parent`; and per criterion the number and share of units meeting it (heat-map data). "
    "Commune sets count rural communes (xã) only. Every figure is a count over every unit "
    "under `parent` (the same for every caller); no indicator value, comment or evidence is "
    "in it (those are in `dataValueSets`, readable inside the caller's units only). "
    "`dossiersInProgress` (the year's dossiers by stage, the workflow's own state) is given "
    "only to callers whose units include `parent`, and is null for everyone else.",
)
def summary(
    request: HttpRequest,
    criteriaSet: CriteriaSetCode = CRITERIA_SET,
    year: Year = YEAR,
    parent: UnitCode = PARENT,
) -> dict[str, Any]:
    y = year
    criteria_set = access_criteria_set(criteriaSet)
    parent_unit = access_unit_for_user(
        request.user, parent, as_of=selectors.as_of_for_year(y), action="view"
    )
    data = selectors.summary(criteria_set=criteria_set, year=y, parent=parent_unit)
    data["asOf"] = data["asOf"].isoformat()
    if not scope_for_user(request.user).contains(parent_unit) or is_resident(request.user):
        data["dossiersInProgress"] = None
    return data
