"""A unit's evaluation, explained, and the public summary of a set under a parent unit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from smartrural.accounts.access import access_unit_for_user, is_resident, scope_for_user
from smartrural.accounts.api_auth import AUTH, PUBLIC, PUBLIC_DOC
from smartrural.core.api import errors
from smartrural.core.errors import Conflict

from .. import selectors
from ..access import access_criteria_set, access_unit_data_for_user
from .evaluation_schemas import EvaluationOut, SummaryOut
from .fields import CODE, CRITERIA_SET, PARENT, YEAR, CriteriaSetCode, UnitCode, Year

router = Router()


@router.get(
    "/units/{code}/evaluation",
    operation_id="smartrural_criteria_api_unit_evaluation",
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
    operation_id="smartrural_criteria_api_summary",
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
