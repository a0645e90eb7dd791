"""``POST /work-records``: enter one unit's month, or a list of them all or nothing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from smartrural.accounts.access import access_unit_for_user, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, ErrorOut, errors, parse_json
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.etag import EditConflictOut

from ..models import Source
from ..work_records.services.imports import work_records_import
from ..work_records.services.rows import ImportSummary, RowConflict, WorkRecordRow
from ..work_records.services.rules import parse_month
from ..work_records.services.submit import work_record_submit
from .work_record_schemas import BODY_DOC, RECORDS, BatchOut, WorkRecordIn, WorkRecordOut

router = Router()


def _records(request: ActorRequest) -> WorkRecordIn | list[WorkRecordIn]:
    data = parse_json(request)
    try:
        return RECORDS.validate_python(data)
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


def _post_one(request: ActorRequest, payload: WorkRecordIn) -> Status[dict[str, Any]]:
    month = parse_month(payload.month)
    unit = access_unit_for_user(request.user, payload.unit, as_of=month, action="read")
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


def _post_many(request: ActorRequest, payload: list[WorkRecordIn]) -> Status[dict[str, Any]]:
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
    operation_id="smartrural_transformation_api_post_work_records",  # as before the split
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
    openapi_extra=BODY_DOC,
)
def post_work_records(request: ActorRequest) -> Status[dict[str, Any]]:
    payload = _records(request)
    if isinstance(payload, list):
        return _post_many(request, payload)
    return _post_one(request, payload)
