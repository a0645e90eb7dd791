"""Administrative units API, mounted at /api/v1/units. Reads are open data; writes need a login
or a Bearer token and go through the same access gate and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictStr

from smartrural.accounts.access import access_unit_for_user, unit_on
from smartrural.accounts.api_auth import AUTH, PUBLIC, PUBLIC_DOC
from smartrural.accounts.reference import units_day_reference
from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, IsoDate, errors
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.etag import IF_MATCH_DOC, EditConflictOut, if_match_version, set_etag
from smartrural.core.textcheck import name_type

from . import selectors
from .models import AdministrativeUnit, Level
from .selectors import Link
from .services import FIRST_YEAR, LAST_YEAR, EspeciallyDifficult, hamlet_create, unit_update

router = Router(tags=["units"])

MAX_LIMIT = 200
# Far beyond the number of units of any province: a larger offset is a mistake, not a page.
MAX_OFFSET = 1_000_000
UnitName = name_type(200)
BasisName = name_type(200)
CODE_DOC = "GSO code of the unit, e.g. 29479 (Ngãi Xuyên)."
AS_OF_DOC = (
    "The date the code is looked up on (codes are reused after mergers); default: the last day "
    "with units, not after today (today, normally)."
)
AS_OF = Query(None, description=AS_OF_DOC)
CODE = Path(..., description=CODE_DOC, examples=["29479"])
HAMLET_CODE = Path(..., description=CODE_DOC, examples=["2947901"])


class EspeciallyDifficultOut(Schema):
    legal_basis: str = Field(description="The decision that lists the commune.")
    from_year: int
    to_year: int | None = Field(description="Last year it applies to; null: until changed.")


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    region: str
    commune_group: int | None
    especially_difficult: EspeciallyDifficultOut | None = Field(
        description="An especially difficult commune (xã đặc biệt khó khăn): in those years the "
        "NTM criteria apply the thresholds of the northern midlands and mountains where a set "
        "has them (QĐ 318); null: not one."
    )
    version: int = Field(
        description='Moves on with every edit; a PATCH may send `If-Match: "v<version>"`.'
    )


class UnitPage(Schema):
    count: int = Field(description="Number of units matching the filters (all pages).")
    items: list[UnitOut]


class LinkOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    succession_kind: str
    effective_date: dt.date
    legal_basis: str


class UnitDetailOut(UnitOut):
    predecessors: list[LinkOut]
    successors: list[LinkOut]


class UnitFilters(Schema):
    as_of: IsoDate | None = Field(
        None, description="YYYY-MM-DD; default: the last day with units, not after today."
    )
    parent: str | None = Field(None, description="Code of the parent unit on that date.")
    level: Level | None = None
    q: str | None = Field(None, description="Name, with or without diacritics, or code prefix.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class HamletIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: UnitName = Field(examples=["Ấp Chợ"])  # type: ignore[valid-type]
    code: StrictStr = Field(
        pattern=r"^[0-9]{7}$",
        description="The commune code followed by two digits, e.g. 2947901.",
        examples=["2947999"],
    )
    kind: Literal["ap", "thon", "khom"] = Field(description="ap (ấp), thon (thôn) or khom (khóm).")


def _patch_schema(schema: dict[str, Any]) -> None:
    schema["minProperties"] = 1
    schema["properties"]["name"].pop("default", None)  # absent is unchanged; null is no name


# One literal (not a union of the enum, "" and null): a wrong value is one readable error.
# The codes of ``Region`` (a test keeps them alike).
RegionCode = Literal["", "tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl", None]


Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR), JSON_INTEGER]


class EspeciallyDifficultIn(Schema):
    model_config = ConfigDict(extra="forbid")

    legal_basis: BasisName = Field(  # type: ignore[valid-type]
        description="The decision that lists the commune.",
        examples=["QĐ 353/QĐ-TTg ngày 15/03/2022"],
    )
    from_year: Year = Field(examples=[2022])
    to_year: Year | None = Field(
        None, description="Last year it applies to (not before from_year); null: until changed."
    )


class UnitPatch(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)

    name: UnitName = Field(None, examples=["Ấp Chợ Mới"])  # type: ignore[valid-type]
    region: RegionCode = Field(None, description="Region code, e.g. dbscl; empty or null to clear.")
    commune_group: Annotated[int, Field(ge=1, le=3), JSON_INTEGER] | None = Field(
        None, description="1, 2 or 3; null to clear."
    )
    especially_difficult: EspeciallyDifficultIn | None = Field(
        None,
        description="A commune's especially difficult status; null: not one. Set by the "
        "province office only (403 for others); 422 for a unit that is not a commune.",
    )


def _as_of(request: HttpRequest, asked: dt.date | None) -> dt.date:
    """The day asked, else the reference-date rule's (the last day with units: today, normally)."""
    return units_day_reference(user=request.user, asked=asked).as_of


def _unit_out(unit: AdministrativeUnit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "parent_code": unit.parent.code if unit.parent_id and unit.parent else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "region": unit.region,
        "commune_group": unit.commune_group,
        "especially_difficult": (
            {
                "legal_basis": unit.especially_difficult_basis,
                "from_year": unit.especially_difficult_from,
                "to_year": unit.especially_difficult_to,
            }
            if unit.especially_difficult
            else None
        ),
        "version": unit.version,
    }


def _link_out(link: Link) -> dict[str, object]:
    return {
        "code": link.unit.code,
        "name": link.unit.name,
        "kind": link.unit.kind,
        "level": link.unit.level,
        "valid_from": link.unit.valid_from,
        "valid_to": link.unit.valid_to,
        "succession_kind": link.succession.kind,
        "effective_date": link.succession.effective_date,
        "legal_basis": link.succession.legal_basis,
    }


@router.get(
    "",
    auth=PUBLIC,
    response={200: UnitPage, **errors(404, 422)},
    summary="Units valid on a date",
    description='Paginated envelope `{"count": N, "items": [...]}` (limit ≤ 200, offset). '
    "404 when `parent` names no unit on that date (the `detail` says when the code was valid and "
    "which units succeeded it); 422 for a malformed parameter.",
    openapi_extra=PUBLIC_DOC,
)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> dict[str, object]:
    as_of = _as_of(request, filters.as_of)
    # A parent that names no unit on that day: 404 saying when it was valid and what it became.
    parent = unit_on(filters.parent, as_of=as_of) if filters.parent else None
    qs = selectors.units_on(as_of=as_of, parent=parent, level=filters.level, q=filters.q)
    items = qs[filters.offset : filters.offset + filters.limit]
    return {"count": qs.count(), "items": [_unit_out(u) for u in items]}


@router.get(
    "/{code}",
    auth=PUBLIC,
    response={200: UnitDetailOut, **errors(404, 422)},
    summary="One unit on a date, with its predecessors and successors",
    description='With an `ETag` (`"v<version>"`) that a PATCH of the unit may send as `If-Match`.',
    openapi_extra=PUBLIC_DOC,
)
def get_unit(
    request: HttpRequest,
    response: HttpResponse,
    code: str = CODE,
    as_of: IsoDate | None = AS_OF,
) -> dict[str, object]:
    unit = access_unit_for_user(request.user, code, as_of=_as_of(request, as_of))
    set_etag(response, unit.version)
    return {
        **_unit_out(unit),
        "predecessors": [_link_out(x) for x in selectors.predecessors(unit=unit)],
        "successors": [_link_out(x) for x in selectors.successors(unit=unit)],
    }


@router.post(
    "/{code}/hamlets",
    auth=AUTH,
    response={201: UnitOut, **errors(401, 403, 404, 409, *BODY_ERRORS)},
    summary="Add a hamlet to a commune",
    description="The hamlet is valid as long as the commune is. 409 when the unit is not a "
    "commune, when the code does not extend the commune's code by two digits, or when another "
    "unit has the code in an overlapping period.",
)
def add_hamlet(
    request: HttpRequest,
    payload: HamletIn,
    code: str = CODE,
    as_of: IsoDate | None = AS_OF,
) -> Status[dict[str, object]]:
    commune = access_unit_for_user(
        request.user, code, as_of=_as_of(request, as_of), action="add_child"
    )
    try:
        hamlet = hamlet_create(
            commune=commune, code=payload.code, name=payload.name, kind=payload.kind
        )
    except ValidationFailed as exc:
        # The body is well formed (checked above): what is left is how it fits the commune
        # and the units already stored.
        raise Conflict(exc.message, field=exc.field) from exc
    return Status(201, _unit_out(hamlet))


@router.patch(
    "/{code}",
    auth=AUTH,
    response={200: UnitOut, 409: EditConflictOut, **errors(401, 403, 404, *BODY_ERRORS)},
    summary="Correct a unit's name, region or commune group",
    description="Only the fields sent change (at least one). 403 for a unit the caller may "
    "read but not correct (read-only roles; the caller's own unit, kept by the level above). "
    f"{IF_MATCH_DOC} The reply carries the new `ETag`.",
)
def patch_unit(
    request: HttpRequest,
    response: HttpResponse,
    payload: UnitPatch,
    code: str = HAMLET_CODE,
    as_of: IsoDate | None = AS_OF,
) -> dict[str, object]:
    unit = access_unit_for_user(request.user, code, as_of=_as_of(request, as_of), action="edit")
    version = if_match_version(request)
    fields = payload.model_fields_set
    if not fields:
        raise ValidationFailed(_("Nothing to change."))
    difficult: EspeciallyDifficult | str | None = "unchanged"
    if "especially_difficult" in fields:
        if not getattr(request.user, "sees_everything", False):
            raise PermissionDenied(
                _("Only the province office sets especially difficult communes.")
            )
        sent = payload.especially_difficult
        difficult = (
            None
            if sent is None
            else EspeciallyDifficult(sent.legal_basis, sent.from_year, sent.to_year)
        )
    unit_update(
        unit=unit,
        name=payload.name if "name" in fields else None,
        region=(payload.region or "") if "region" in fields else None,
        commune_group=payload.commune_group if "commune_group" in fields else "unchanged",
        especially_difficult=difficult,
        version=version,
    )
    set_etag(response, unit.version)
    return _unit_out(unit)
